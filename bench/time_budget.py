"""Trainer.step(time_budget_s=…) on the real clock: how far past its budget a call returns.

The unit test (tests/test_train.py::test_time_budget_step) checks the budget logic on a
simulated clock; this prints the real figures side by side, for each budget: the wall
time of the call (median and worst of ``--repeats``), the overshoot past the budget, and
the updates done. A call stops after the update that reaches its budget, so the overshoot
is about one update (plus an evaluation when one falls due).

    python bench/time_budget.py [--budgets 0.05 0.2 1.0] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from dlcore.config import ExperimentConfig  # noqa: E402
from dlcore.train import Trainer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budgets", type=float, nargs="+", default=[0.05, 0.2, 1.0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)  # as the server runs
    cfg = ExperimentConfig().with_(data={"name": "xor", "n_points": 200}, model={"hidden": (8,)})
    tr = Trainer(cfg)
    tr.step(50)  # warm up
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("budget s | wall s median · max | overshoot ms median · max | updates median")
    for budget in args.budgets:
        walls, steps = [], []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            steps.append(tr.step(time_budget_s=budget))
            walls.append(time.perf_counter() - t0)
        over = [1000 * (w - budget) for w in walls]
        print(
            f"{budget:8.3f} | {statistics.median(walls):.3f} · {max(walls):.3f} | "
            f"{statistics.median(over):.1f} · {max(over):.1f} | {statistics.median(steps):.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
