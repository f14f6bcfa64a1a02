"""Exit 0 when every pinned requirement (requirement files, ``-r`` followed) is installed at
a matching version, else 1 and the first that is not: .ci/run then skips ``pip install``,
which on a warm machine spends ~10 s resolving what is already there."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path


def requirements(path: Path) -> list[str]:
    out: list[str] = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            out += requirements(path.parent / line[2:].strip())
        elif line:
            out.append(line)
    return out


def main(path: str) -> int:
    try:
        from packaging.requirements import Requirement
    except ImportError:
        print("packaging missing", file=sys.stderr)
        return 1
    for line in requirements(Path(path)):
        req = Requirement(line)
        try:
            have = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            print(f"{req.name} missing", file=sys.stderr)
            return 1
        if not req.specifier.contains(have, prereleases=True):
            print(f"{req.name} {have} does not match {req.specifier}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
