"""Time to ≥ 97 % test accuracy of the CNN on digits (the preset examples/cnn_digits.json).

Run: ``python bench/cnn_digits.py [CONFIG.json]``. Prints JSON: seconds of training
until the test accuracy first reached 97 %, the accuracy then, and after 30 s.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dlcore import catalog  # noqa: E402, F401  (fills the registries)
from dlcore.config import from_json  # noqa: E402
from dlcore.train import Trainer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main(path: str = str(ROOT / "examples" / "cnn_digits.json"), target: float = 0.97) -> dict:
    torch.set_num_threads(1)  # as the server runs
    cfg, _ = from_json(Path(path).read_text())
    tr = Trainer(cfg, eval_every=10**9)
    t0 = time.perf_counter()
    reached = None
    acc = 0.0
    while time.perf_counter() - t0 < 30.0:
        tr.step(tr.steps_per_epoch)
        acc = tr.evaluate()["test_acc"]
        if reached is None and acc >= target:
            reached = time.perf_counter() - t0
            acc_at = acc
    out = {
        "config": Path(path).name,
        "n_params": tr.n_params,
        "seconds_to_97": None if reached is None else round(reached, 2),
        "test_acc_at_97": None if reached is None else round(acc_at, 4),
        "epochs_in_30s": round(tr.epoch_float, 2),
        "test_acc_after_30s": round(acc, 4),
    }
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main(*sys.argv[1:2])
