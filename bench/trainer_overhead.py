"""Trainer.step versus a minimal hand-written PyTorch loop on the same model and data.

Both train the same 2-8-8-1 tanh MLP on the same mini-batches. The two loops run
interleaved in rounds (Trainer ``--round`` steps, then the hand loop the same number,
then again, ``--rounds`` times), so a burst of load from another process hits both;
per case the µs/step of each (CPU time of the thread, median over rounds) and the
median of the per-round ratios Trainer / hand (CPU time, and wall-clock time) are
printed side by side. Cases: Adam batch 10, TF Playground's
settings (SGD lr 0.03, batch 10) without and with a train / test evaluation after
every epoch, and batch 32. Target: ratio ≤ 1.10.

    python bench/trainer_overhead.py [--rounds 30] [--round 400] [--chunk 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
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


def hand_loop(tr: Trainer, evaluate: bool = False) -> Iterator[None]:
    """The pytorch/examples loop: shuffle, batch, forward, loss, backward, step, record loss
    (and, with ``evaluate``, train / test loss and accuracy after every epoch). Yields
    after every step, so the bench can run it a round at a time."""
    model = tr.model
    opt = OPTIMIZERS[tr.cfg.train.optimizer].torch(model.parameters(), tr.cfg.train)
    x, y = tr.x_train, tr.y_train
    n, bs = len(x), tr.batch_size
    gen = torch.Generator().manual_seed(0)
    losses = []
    while True:
        order = torch.randperm(n, generator=gen)
        model.train()  # once per epoch, as in pytorch/examples
        for i in range(0, n, bs):
            idx = order[i : i + bs]
            opt.zero_grad()
            loss = F.binary_cross_entropy_with_logits(model(x[idx]).reshape(-1), y[idx].float())
            loss.backward()
            opt.step()
            losses.append(loss.item())
            yield
        if evaluate:
            _epoch_eval(model, tr)


def run_case(
    cfg: ExperimentConfig, evaluate: bool, rounds: int, steps: int, chunk: int
) -> dict[str, list[float]]:
    """Seconds per round of each loop, the rounds interleaved: CPU time of this thread
    (what a loop costs, whatever else the machine runs) and wall-clock time."""
    tr = Trainer(cfg)
    # evaluation once per epoch, as the hand loop; without: never inside the run
    tr.eval_every = tr.steps_per_epoch if evaluate else 10**9
    hand = hand_loop(Trainer(cfg), evaluate)
    out: dict[str, list[float]] = {"tr_cpu": [], "hand_cpu": [], "tr_wall": [], "hand_wall": []}

    def run_trainer() -> None:
        end = tr.step_count + steps
        while tr.step_count < end:
            # with ``evaluate`` the chunk's last step is an epoch's end (chunk a multiple
            # of the epoch's 25 steps): Trainer.step evaluates it as the call ends
            tr.step(min(chunk, end - tr.step_count), final_eval=evaluate)

    def run_hand() -> None:
        for _ in range(steps):
            next(hand)

    for r in range(rounds + 1):  # round 0 warms both up and is not counted
        # who goes first alternates, so neither always runs on a cache the other warmed
        for who, fn in (("tr", run_trainer), ("hand", run_hand))[:: 1 if r % 2 else -1]:
            c0, w0 = time.thread_time(), time.perf_counter()
            fn()
            c1, w1 = time.thread_time(), time.perf_counter()
            if r:
                out[who + "_cpu"].append(c1 - c0)
                out[who + "_wall"].append(w1 - w0)
    return out


def _ratio(a: list[float], b: list[float]) -> float:
    """Median of the per-round ratios a / b."""
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--round", type=int, default=400, help="steps of each loop per round")
    ap.add_argument(
        "--chunk", type=int, default=200, help="steps per Trainer.step call (a live tick)"
    )
    args = ap.parse_args()
    torch.set_num_threads(1)
    base = ExperimentConfig().with_(model={"hidden": (8, 8)}, train={"batch_size": 10})
    sgd = base.with_(train={"optimizer": "sgd"})
    cases = [
        ("Adam, batch 10", base, False),
        # TF Playground's own settings: 2-8-8-1 tanh, SGD, batch 10, lr 0.03
        ("TF Playground: SGD lr 0.03, batch 10", sgd, False),
        ("TF Playground + per-epoch eval", sgd, True),
        ("SGD lr 0.03, batch 32", sgd.with_(train={"batch_size": 32}), False),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"rounds={args.rounds} × {args.round} steps each, interleaved; chunk={args.chunk}; "
        f"threads=1; load average {load:.2f}"
    )
    print("µs/step: CPU time of the loop's thread (median over rounds); ratio: Trainer / hand")
    print(
        f"{'case':38s} {'hand':>7s} {'Trainer':>8s} {'ratio':>6s} {'ratio (wall)':>13s}"
        "   target ≤ 1.10"
    )
    for name, cfg, ev in cases:
        t = run_case(cfg.with_(train={"lr": 0.03}), ev, args.rounds, args.round, args.chunk)
        us = 1e6 / args.round
        print(
            f"{name:38s} {statistics.median(t['hand_cpu']) * us:7.1f} "
            f"{statistics.median(t['tr_cpu']) * us:8.1f} "
            f"{_ratio(t['tr_cpu'], t['hand_cpu']):6.3f} "
            f"{_ratio(t['tr_wall'], t['hand_wall']):13.3f}"
        )


if __name__ == "__main__":
    main()
