"""Long time lags (Hochreiter & Schmidhuber 1997): the adding problem at T = 50 and T = 100.

For each cell type (vanilla RNN, LSTM, GRU) train with the same settings until the
test MSE falls below 0.01, or until the budget is spent. Prints a table of steps and
CPU seconds (``time.process_time``, one torch thread per run) and the JSON rows.

    python bench/rnn_long_lags.py                 # the full table (~10 min on one core)
    python bench/rnn_long_lags.py --jobs 6        # the six runs in parallel processes
    python bench/rnn_long_lags.py --quick         # a smoke run (tiny budget)

The trivial answer "always 1.0" has MSE 1/6 ≈ 0.167.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET = 0.01


def run_one(args: tuple[str, int, int, float, int]) -> dict:
    cell, T, max_steps, max_cpu_s, seed = args
    import torch

    torch.set_num_threads(1)
    from dlcore import catalog  # noqa: F401  (fills the registries)
    from dlcore.config import ExperimentConfig
    from dlcore.train import Trainer

    cfg = ExperimentConfig(seed=seed).with_(
        data={"name": "adding", "n_points": 5000, "seq_len": T, "train_ratio": 0.8},
        model={"family": "rnn", "cell": cell, "hidden_size": 32},
        train={"optimizer": "adam", "lr": 0.005, "batch_size": 64, "clip_grad": 1.0},
    )
    tr = Trainer(cfg, eval_every=10**9)  # evaluate the test set ourselves, every 50 steps
    x, y = tr.x_test[:500], tr.y_test[:500]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    reached, mse, best = None, float("nan"), float("inf")
    while tr.step_count < max_steps and time.process_time() - cpu0 < max_cpu_s:
        tr.step(50)
        if tr.stop is not None:
            break
        mse = tr.objective.evaluate(tr.model, x, y)["loss"]
        best = min(best, mse)
        if mse < TARGET:
            reached = tr.step_count
            break
    return {
        "cell": cell,
        "T": T,
        "reached": reached is not None,
        "steps": tr.step_count,
        "cpu_s": round(time.process_time() - cpu0, 1),
        "wall_s": round(time.perf_counter() - wall0, 1),
        "final_mse": round(mse, 4),
        "best_mse": round(best, 4),
        "stopped": tr.stop.key if tr.stop else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lengths", default="50,100")
    ap.add_argument("--cells", default="rnn,lstm,gru")
    ap.add_argument("--max-steps", type=int, default=10000)
    ap.add_argument("--max-cpu", type=float, default=100.0, help="CPU seconds per run")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    if a.quick:
        a.max_steps, a.max_cpu = 100, 10.0
    jobs = [
        (c, int(T), a.max_steps, a.max_cpu, a.seed)
        for T in a.lengths.split(",")
        for c in a.cells.split(",")
    ]
    if a.jobs > 1:
        with ProcessPoolExecutor(a.jobs) as ex:
            rows = list(ex.map(run_one, jobs))
    else:
        rows = [run_one(j) for j in jobs]
    budget = f"{a.max_steps} steps / {a.max_cpu:g} CPU s"
    print(f"adding problem, MSE < {TARGET} on 500 test sequences; budget {budget}; baseline 0.167")
    print(f"{'T':>4} {'cell':>5} {'steps':>6} {'CPU s':>7} {'best MSE':>9}  result")
    for r in rows:
        res = "reached" if r["reached"] else "not within budget"
        print(
            f"{r['T']:>4} {r['cell']:>5} {r['steps']:>6} {r['cpu_s']:>7} {r['best_mse']:>9}  {res}"
        )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
