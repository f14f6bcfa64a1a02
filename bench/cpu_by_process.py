"""Where a command's CPU goes, by kind of process: headless Chromium, the Streamlit servers,
the pytest workers, the rest.

    python bench/cpu_by_process.py -- bash .ci/run
    python bench/cpu_by_process.py --every 1 -- python -m pytest -m browser

Runs the command and samples ``/proc/PID/stat`` (user + system time) of every process on
the machine every ``--every`` seconds while it runs. A process's time counts from the
sample that first sees it to the last one that finds it alive, so a process that lives less
than one interval is missed and each loses up to an interval at its end: a view of the split,
not an exact sum: the table prints the sampled sum beside the CPU time the machine's cores
were busy over the run (``/proc/stat``). The command's own output goes through; the table
follows on stderr.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _live import CLK, cpu_seconds  # noqa: E402

KINDS = (  # first match wins, on the process's command line
    ("chromium", ("chrom",)),
    ("streamlit server", ("streamlit", "app.py")),
    ("nginx", ("nginx",)),
    ("node", ("node ",)),
    ("pytest (main and xdist workers)", ("pytest", "execnet", "xdist", "import sys;exec")),
    ("other python", ("python",)),
)


def kind(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    if not cmd:
        return None  # a kernel thread, or a process already gone
    for name, marks in KINDS:
        if any(m in cmd for m in marks):
            return name
    return "other"


def busy_idle() -> tuple[int, int]:
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]  # idle + iowait
    return sum(v) - idle, idle


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--every", type=float, default=2.0, help="seconds between samples")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command")
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command (put it after --)")
    me = os.getpid()
    seen: dict[int, list] = {}  # pid → [kind, CPU seconds at the last sample]
    total: dict[str, float] = {}
    b0, i0 = busy_idle()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    first = True
    while True:
        done = proc.poll() is not None
        for d in os.listdir("/proc"):
            if not d.isdigit() or int(d) == me:
                continue
            pid = int(d)
            try:
                t = cpu_seconds(pid)  # user + system, not the reaped children's
            except (OSError, IndexError, ValueError):
                continue  # gone since the listing
            if pid not in seen:
                k = kind(pid)
                if k is None:
                    continue
                # a process already running when the command started counts from here on;
                # one born since, from its start
                seen[pid] = [k, t if first and pid != proc.pid else 0]
            k, last = seen[pid]
            if t > last:
                total[k] = total.get(k, 0) + t - last
                seen[pid][1] = t
        if done:
            break
        first = False
        time.sleep(args.every)
    wall = time.perf_counter() - t0
    b1, i1 = busy_idle()
    busy = 100 * (b1 - b0) / max(1, (b1 - b0) + (i1 - i0))
    cpu = sum(total.values())
    out = sys.stderr
    print(f"\n== CPU by kind of process ({wall:.0f} s wall, cores {busy:.0f} % busy)", file=out)
    print(
        f"sampled {cpu:.1f} CPU s of the {(b1 - b0) / CLK:.1f} s the machine's cores were busy",
        file=out,
    )
    print(f"{'CPU s':>9} {'share':>6}  kind", file=out)
    for k, v in sorted(total.items(), key=lambda kv: -kv[1]):
        print(f"{v:9.1f} {100 * v / max(cpu, 1e-9):5.1f} %  {k}", file=out)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
