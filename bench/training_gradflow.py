"""Cost of one gradient-flow redraw: flow_probe (copy + forward/backward + histograms) on
256 digits, and the training steps a 0.15 s tick gets, for depth 10 / 30.

    python bench/training_gradflow.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from dlcore import catalog, probe  # noqa: E402, F401  (catalog: fills the registries)
from dlcore import config as C  # noqa: E402
from dlcore.train import Trainer  # noqa: E402

torch.set_num_threads(1)


def main() -> None:
    for depth, width in ((10, 32), (30, 32), (30, 64)):
        cfg = C.ExperimentConfig().with_(
            data={"name": "digits", "image_size": 8},
            model={"family": "mlp", "hidden": (width,) * depth, "activation": "relu", "init": "he"},
            train={"optimizer": "sgd", "lr": 0.02, "batch_size": 64},
        )
        tr = Trainer(cfg)
        x, y = tr.x_train[:256], tr.y_train[:256]

        def loss(m, tr=tr, x=x, y=y):
            return tr.objective.loss(m, x, y)[0]

        probe.flow_probe(tr.model, x, loss)
        t0 = time.perf_counter()
        for _ in range(10):
            probe.flow_probe(tr.model, x, loss)
        ms = (time.perf_counter() - t0) / 10 * 1000
        steps = tr.step(time_budget_s=0.15)
        print(
            f"depth {depth:2d} width {width}: flow_probe {ms:5.1f} ms, {steps} steps per 0.15 s tick"
        )


if __name__ == "__main__":
    main()
