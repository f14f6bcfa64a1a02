"""Would batching help the CNN, RNN and conv-autoencoder families? N sessions of one
preset stepped one by one (``Trainer.step``, as the engine does today for these families)
versus one class step of all N at once with ``torch.func`` (``functional_call`` + ``grad``
+ ``vmap`` over the stacked parameters, a plain SGD update on the stacks).

The vmapped step is the cheapest batching this model code allows without rewriting it
(no per-session batch order, learning rate, history or divergence checks, which the MLP
batching of dlcore/batch.py carries): if even it is not clearly faster, batching the
family is not worth its code. Interleaved rounds; CPU time of this thread, 1 thread.

    python bench/family_batching.py [--sessions 20] [--rounds 5] [--steps 20]
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

from dlcore.config import from_json  # noqa: E402
from dlcore.train import Trainer  # noqa: E402

PRESETS = (
    "examples/ff_spiral.json",  # the MLP, for scale (dlcore/batch.py batches it)
    "examples/cnn_tiny.json",
    "examples/cnn_digits.json",
    "examples/rnn_sines_gru.json",
    "examples/rnn_adding_lstm.json",
    "examples/ae_conv.json",
)


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
    t0 = time.thread_time()
    for _ in range(steps):
        for tr in trs:
            tr.step(1, final_eval=False)
    return time.thread_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=20, help="class steps per round")
    ap.add_argument("--presets", default=",".join(PRESETS))
    args = ap.parse_args()
    torch.set_num_threads(1)
    load = os.getloadavg()[0]
    print(
        f"sessions={args.sessions} rounds={args.rounds} × {args.steps} class steps; "
        f"1 thread; load average {load:.2f}"
    )
    print(
        f"{'preset':34s} {'params':>7s} {'alone ms':>9s} {'vmap ms':>8s} {'speed-up':>8s}"
        "   (CPU ms per class step of all sessions)"
    )
    for path in args.presets.split(","):
        cfg, _ = from_json((ROOT / path).read_bytes())
        trs = [Trainer(cfg.with_(seed=i), eval_every=10**9) for i in range(args.sessions)]
        try:
            vmapped_step(trs, 1)
        except Exception as e:  # noqa: BLE001 - a model torch.func cannot vmap
            print(f"{path:34s} vmap fails: {type(e).__name__}: {str(e)[:80]}")
            continue
        one_by_one(trs, 1)
        a, b = [], []
        for _ in range(args.rounds):
            a.append(one_by_one(trs, args.steps) / args.steps)
            b.append(vmapped_step(trs, args.steps) / args.steps)
        ma, mb = statistics.median(a), statistics.median(b)
        print(
            f"{Path(path).stem:34s} {trs[0].n_params:7d} {ma * 1e3:9.1f} {mb * 1e3:8.1f} "
            f"{ma / mb:7.1f}×"
        )


if __name__ == "__main__":
    main()
