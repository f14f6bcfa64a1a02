"""Does batching help each family? N sessions of one preset (seed i, data seed i % 2,
learning rates differing per session) trained one by one — ``Trainer.step(k,
final_eval=False)`` each, the live engine's full-speed slice of an unbatched session —
versus one :class:`dlcore.batch.Group` of all N, ``Group.step(k, final_eval=False)``:
the real batched step (per-session batch order, learning rate, history, evaluation
every ``eval_every`` as the family's page sets it, divergence checks). Printed: CPU ms
per class step (one update of every session), side by side, and whether the live
engine batches the family (``dlcore.batch.BATCHED_FAMILIES``: only where this
measures ≥ 1.5×; the group column is timed for every batchable family).

``--vmap`` adds the earlier lower bound: a bare vmapped SGD step (``functional_call``
+ ``grad`` + ``vmap``, nothing else). Interleaved rounds; CPU time of this thread,
1 thread.

    python bench/family_batching.py [--sessions 20] [--rounds 3] [--steps 5] [--vmap]
        [--presets examples/cnn_tiny.json,examples/rnn_sines_gru.json,...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from torch.func import functional_call, grad, vmap  # noqa: E402

import dlcore.catalog  # noqa: E402, F401 - registers the families
from dlcore.batch import BATCHABLE_FAMILIES, Group, group_key  # noqa: E402
from dlcore.config import from_json  # noqa: E402
from dlcore.train import Trainer  # noqa: E402

PRESETS = (
    "examples/ff_spiral.json",  # the MLP, for scale (dlcore/batch.py batches it)
    "examples/cnn_tiny.json",
    "examples/cnn_digits.json",
    "examples/cnn_shapes.json",
    "examples/rnn_sines_gru.json",
    "examples/rnn_order_gru.json",
    "rnn_vanilla",
    "examples/rnn_adding_lstm.json",  # LSTM: stepped alone (no group; see dlcore/batch_func.py)
    "examples/ae_conv.json",
)
# presets with a change: name → (preset, overrides)
VARIANTS = {
    # a vanilla tanh RNN that trains (rnn_exploding.json diverges within 3 updates)
    "rnn_vanilla": (
        "examples/rnn_exploding.json",
        {"model": {"spectral_radius": 0.0}, "train": {"lr": 0.02, "optimizer": "momentum"}},
    ),
}
# evaluation every … updates, as each family's page builds its Trainer
PAGE_EVAL_EVERY = {"mlp": 25, "cnn": 25, "rnn": 50, "ae": 100}


def vmapped_step(trs: list[Trainer], steps: int) -> float:
    """CPU seconds for ``steps`` class steps of all ``trs`` as one vmapped SGD step."""
    model, obj = trs[0].model, trs[0].objective
    names = [n for n, _ in model.named_parameters()]
    params = {
        n: torch.stack([dict(t.model.named_parameters())[n].detach() for t in trs]) for n in names
    }
    buffers = {n: b for n, b in model.named_buffers()}
    bs = trs[0].batch_size
    xs = torch.stack([t.x_train[:bs] for t in trs])
    ys = torch.stack([t.y_train[:bs] for t in trs])
    lr = trs[0].cfg.train.lr

    class _Loss(torch.nn.Module):  # the objective's loss, whatever it calls on the model
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            return obj.loss(self.model, x, y)[0]

    wrapper = _Loss()

    def loss(p: dict, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        state = {"model." + n: v for n, v in p.items()}
        state.update({"model." + n: v for n, v in buffers.items()})
        return functional_call(wrapper, state, (x, y))

    g = vmap(grad(loss), randomness="different")
    model.train()
    t0 = time.thread_time()
    for _ in range(steps):
        grads = g(params, xs, ys)
        with torch.no_grad():
            for n in names:
                params[n].sub_(lr * grads[n])
    return time.thread_time() - t0


def one_by_one(trs: list[Trainer], steps: int) -> float:
    """CPU seconds for one slice of ``steps`` updates of every trainer, one by one."""
    t0 = time.thread_time()
    for tr in trs:
        tr.step(steps, final_eval=False)
    return time.thread_time() - t0


def grouped(g: Group, steps: int) -> float:
    """CPU seconds for one slice of ``steps`` updates of every member, as one group."""
    t0 = time.thread_time()
    g.step(steps, final_eval=False)
    return time.thread_time() - t0


def sessions(path: str, n: int) -> list[Trainer]:
    """``n`` sessions of a preset (or a VARIANTS name): seed i, data seed i % 2, own lr."""
    src, over = VARIANTS.get(path, (path, {}))
    cfg, _ = from_json((ROOT / src).read_bytes())
    cfg = cfg.with_(**over) if over else cfg
    every = PAGE_EVAL_EVERY.get(cfg.model.family, 100)
    lr = cfg.train.lr
    return [
        Trainer(
            cfg.with_(seed=i, data={"seed": i % 2}, train={"lr": lr * (1 + 0.1 * (i % 4))}),
            eval_every=every,
        )
        for i in range(n)
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=5, help="updates per slice (class steps)")
    ap.add_argument("--presets", default=",".join(PRESETS))
    ap.add_argument("--vmap", action="store_true", help="also the bare vmapped SGD step")
    args = ap.parse_args()
    torch.set_num_threads(1)
    load = os.getloadavg()[0]
    print(
        f"sessions={args.sessions} rounds={args.rounds} × slices of {args.steps} updates; "
        f"1 thread; load average {load:.2f}; torch {torch.__version__}"
    )
    print(
        f"{'preset':22s} {'params':>7s} {'alone ms':>9s} {'group ms':>9s} {'speed-up':>8s}"
        + (f" {'vmap ms':>8s}" if args.vmap else "")
        + "   (CPU ms per class step of all sessions)"
    )
    for path in args.presets.split(","):
        name = Path(path).stem
        trs = sessions(path, args.sessions)
        mates = sessions(path, args.sessions)  # the same sessions, for the group
        if group_key(mates[0], BATCHABLE_FAMILIES) is None:
            one_by_one(trs, 1)
            a = [one_by_one(trs, args.steps) / args.steps for _ in range(args.rounds)]
            ma = statistics.median(a)
            print(f"{name:22s} {trs[0].n_params:7d} {ma * 1e3:9.1f} {'alone':>9s}")
            continue
        g = Group(mates, BATCHABLE_FAMILIES)
        wired = "engine" if group_key(mates[0]) is not None else "not wired"
        one_by_one(trs, 1)
        grouped(g, 1)
        a, b, c = [], [], []
        for _ in range(args.rounds):
            a.append(one_by_one(trs, args.steps) / args.steps)
            b.append(grouped(g, args.steps) / args.steps)
            if args.vmap:
                c.append(vmapped_step(trs, args.steps) / args.steps)
        ma, mb = statistics.median(a), statistics.median(b)
        extra = f" {statistics.median(c) * 1e3:8.1f}" if args.vmap else ""
        print(
            f"{name:22s} {trs[0].n_params:7d} {ma * 1e3:9.1f} {mb * 1e3:9.1f} "
            f"{ma / mb:7.1f}×{extra}  {wired}"
        )
        g.close()


if __name__ == "__main__":
    main()
