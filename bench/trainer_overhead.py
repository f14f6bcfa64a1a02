"""Trainer.step versus a minimal hand-written PyTorch loop on the same model and data.

Both train the same 2-8-8-1 tanh MLP on the same spiral mini-batches (batch 10,
Adam) for the same number of steps; runs alternate in one process and the
ratio of the medians is printed. Target: ≤ 1.10.

    python bench/trainer_overhead.py [--steps 2000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from dlcore.config import ExperimentConfig  # noqa: E402
from dlcore.train import Trainer  # noqa: E402


def hand_loop(tr: Trainer, steps: int) -> float:
    """The pytorch/examples loop: shuffle, batch, forward, loss, backward, step, record loss."""
    model = tr.model
    opt = torch.optim.Adam(model.parameters(), lr=tr.cfg.train.lr)
    x, y = tr.x_train, tr.y_train
    n, bs = len(x), tr.batch_size
    gen = torch.Generator().manual_seed(0)
    losses = []
    t0 = time.perf_counter()
    done = 0
    while done < steps:
        order = torch.randperm(n, generator=gen)
        model.train()  # once per epoch, as in pytorch/examples
        for i in range(0, n, bs):
            if done == steps:
                break
            idx = order[i : i + bs]
            opt.zero_grad()
            loss = F.binary_cross_entropy_with_logits(model(x[idx]).reshape(-1), y[idx].float())
            loss.backward()
            opt.step()
            losses.append(loss.item())
            done += 1
    return time.perf_counter() - t0


def trainer_loop(cfg: ExperimentConfig, steps: int, chunk: int) -> tuple[float, Trainer]:
    tr = Trainer(cfg)
    t0 = time.perf_counter()
    while tr.step_count < steps:
        tr.step(min(chunk, steps - tr.step_count))
    return time.perf_counter() - t0, tr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument(
        "--chunk", type=int, default=200, help="steps per Trainer.step call (a live tick)"
    )
    args = ap.parse_args()
    torch.set_num_threads(1)
    cfg = ExperimentConfig().with_(model={"hidden": (8, 8)}, train={"batch_size": 10})
    t_tr, t_hand = [], []
    for _ in range(args.repeats):
        dt, tr = trainer_loop(cfg, args.steps, args.chunk)
        t_tr.append(dt)
        fresh = Trainer(cfg)
        t_hand.append(hand_loop(fresh, args.steps))
    m_tr, m_hand = statistics.median(t_tr), statistics.median(t_hand)
    print(f"steps={args.steps} repeats={args.repeats} chunk={args.chunk} threads=1")
    print(f"hand loop   median {m_hand * 1e3:8.1f} ms  ({m_hand / args.steps * 1e6:6.1f} µs/step)")
    print(f"Trainer     median {m_tr * 1e3:8.1f} ms  ({m_tr / args.steps * 1e6:6.1f} µs/step)")
    print(f"ratio Trainer / hand = {m_tr / m_hand:.3f}  (target ≤ 1.10)")


if __name__ == "__main__":
    main()
