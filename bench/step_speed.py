"""Training speed per preset under different process environments, side by side.

    python bench/step_speed.py                                   # the server's allocator
    python bench/step_speed.py --env MALLOC_MMAP_THRESHOLD_=131072
    python bench/step_speed.py --presets cnn_digits rnn_chars_lstm --rounds 5 --json

Each setting is a fresh interpreter (``--env NAME=VALUE[,NAME=VALUE]``; the first column is
always the plain environment with the server's own ``MALLOC_ARENA_MAX=2``, app.py's limit,
ui/heap.py); the settings take turns, round after round, so a slow spell of the machine falls on
all of them. Per preset: a Trainer steps ``--seconds`` at a time, ``--repeat`` times, and the
fastest ms per update counts; the table shows the median over rounds and each setting's
ratio to the first. Used to decide what the server may set for its memory's sake (a fixed glibc
mmap threshold maps and unmaps every tensor above it at each use: docs/deploy.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRESETS = ["ff_spiral", "cnn_digits", "rnn_chars_lstm", "ae_conv"]

CHILD = """
import json, sys, time
import dlcore.catalog  # noqa: F401 - registers the families
from dlcore.config import from_json
from dlcore.train import Trainer

seconds, repeat = float(sys.argv[1]), int(sys.argv[2])
out = {}
for name in sys.argv[3:]:
    cfg, _ = from_json((__import__("pathlib").Path("examples") / f"{name}.json").read_text())
    tr = Trainer(cfg, eval_every=10**9)
    tr.step(5, final_eval=False)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = tr.step(time_budget_s=seconds, final_eval=False)
        best = min(best, (time.perf_counter() - t0) / max(n, 1))
    out[name] = best * 1e3
print(json.dumps(out))
"""


def run_once(env: dict[str, str], presets: list[str], seconds: float, repeat: int) -> dict:
    full = {**os.environ, "MALLOC_ARENA_MAX": "2", "OMP_NUM_THREADS": "1", **env}
    full["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), full.get("PYTHONPATH")) if p)
    r = subprocess.run(
        [sys.executable, "-c", CHILD, str(seconds), str(repeat), *presets],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(r.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE[,…]")
    ap.add_argument("--presets", nargs="+", default=PRESETS)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=1.0, help="per timed slice")
    ap.add_argument("--repeat", type=int, default=3, help="timed slices per preset and run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    settings = [("default", {})]
    for spec in args.env:
        settings.append((spec, dict(kv.split("=", 1) for kv in spec.split(",") if kv)))
    ms: dict[str, dict[str, list[float]]] = {s: {p: [] for p in args.presets} for s, _ in settings}
    for _ in range(args.rounds):
        for label, env in settings:
            for p, v in run_once(env, args.presets, args.seconds, args.repeat).items():
                ms[label][p].append(v)
    med = {s: {p: statistics.median(v) for p, v in d.items()} for s, d in ms.items()}
    if args.json:
        print(json.dumps({"median_ms_per_step": med, "runs": ms}))
        return
    labels = [s for s, _ in settings]
    print(f"{'preset':16s}" + "".join(f"{s[:34]:>36s}" for s in labels))
    for p in args.presets:
        base = med["default"][p]
        cells = [f"{med[s][p]:8.2f} ms ({med[s][p] / base:4.2f}×)" for s in labels]
        print(f"{p:16s}" + "".join(f"{c:>36s}" for c in cells))
    print(f"median ms per update over {args.rounds} rounds (each the fastest of {args.repeat})")


if __name__ == "__main__":
    main()
