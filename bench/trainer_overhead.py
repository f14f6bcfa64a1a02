"""Trainer.step versus a minimal hand-written PyTorch loop on the same model and data.

Both train the same 2-8-8-1 tanh MLP on the same mini-batches for the same number
of steps; runs alternate in one process and the ratio of the medians is printed for
each case: Adam batch 10, TF Playground's settings (SGD lr 0.03, batch 10) without
and with a train / test evaluation after every epoch, and batch 32. Target: ≤ 1.10.

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

from dlcore import catalog  # noqa: E402, F401  (fills the registries)
from dlcore.config import ExperimentConfig  # noqa: E402
from dlcore.registry import OPTIMIZERS  # noqa: E402
from dlcore.train import Trainer  # noqa: E402


@torch.no_grad()
def _epoch_eval(model: torch.nn.Module, tr: Trainer) -> list[float]:
    """pytorch/examples' test(): eval mode, no_grad, loss and accuracy on train and test."""
    model.eval()
    out = []
    for x, y in ((tr.x_train, tr.y_train), (tr.x_test, tr.y_test)):
        z = model(x).reshape(-1)
        out.append(F.binary_cross_entropy_with_logits(z, y.float()).item())
        out.append(((z > 0).long() == y).float().mean().item())
    model.train()
    return out


def hand_loop(tr: Trainer, steps: int, evaluate: bool = False) -> float:
    """The pytorch/examples loop: shuffle, batch, forward, loss, backward, step, record loss
    (and, with ``evaluate``, train / test loss and accuracy after every epoch)."""
    model = tr.model
    opt = OPTIMIZERS[tr.cfg.train.optimizer].torch(model.parameters(), tr.cfg.train)
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
        if evaluate:
            _epoch_eval(model, tr)
    return time.perf_counter() - t0


def trainer_loop(
    cfg: ExperimentConfig, steps: int, chunk: int, evaluate: bool = False
) -> tuple[float, Trainer]:
    tr = Trainer(cfg)
    # evaluation once per epoch, as the hand loop; without: never inside the run
    tr.eval_every = tr.steps_per_epoch if evaluate else 10**9
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
    base = ExperimentConfig().with_(model={"hidden": (8, 8)}, train={"batch_size": 10})
    cases = [
        ("Adam, batch 10", base, False),
        # TF Playground's own settings: 2-8-8-1 tanh, SGD, batch 10, lr 0.03
        ("TF Playground: SGD lr 0.03, batch 10", base.with_(train={"optimizer": "sgd"}), False),
        ("TF Playground + per-epoch eval", base.with_(train={"optimizer": "sgd"}), True),
        ("SGD lr 0.03, batch 32", base.with_(train={"optimizer": "sgd", "batch_size": 32}), False),
    ]
    print(f"steps={args.steps} repeats={args.repeats} chunk={args.chunk} threads=1")
    for name, cfg, ev in cases:
        c = cfg.with_(train={"lr": 0.03})
        t_tr, t_hand = [], []
        for _ in range(args.repeats):
            dt, _tr = trainer_loop(c, args.steps, args.chunk, ev)
            t_tr.append(dt)
            t_hand.append(hand_loop(Trainer(c), args.steps, ev))
        m_tr, m_hand = statistics.median(t_tr), statistics.median(t_hand)
        print(
            f"{name:40s} hand {m_hand / args.steps * 1e6:6.1f} µs/step  "
            f"Trainer {m_tr / args.steps * 1e6:6.1f} µs/step  ratio {m_tr / m_hand:.3f}"
            "  (target ≤ 1.10)"
        )


if __name__ == "__main__":
    main()
