"""Experiments: several trainers run side by side to answer one question of the lecture.

Above :mod:`dlcore.train` in the import order (models never import the trainer).
"""

from __future__ import annotations

import numpy as np

from dlcore.models.cnn import accuracy_under_shift, matched_mlp_width
from dlcore.train import Trainer


def shift_comparison(
    cfg, seconds: float, shifts: list[int], device: str = "cpu", max_steps: int | None = None
) -> dict[str, object]:
    """Train the CNN of ``cfg`` and an MLP with about as many parameters for the same time
    on unshifted images, then test both on shifted test images.

    Returns ``{"shifts", "cnn", "mlp"}`` with, per model, ``acc`` (one per shift),
    ``n_params``, ``steps`` and ``hidden`` (the MLP's width).
    """
    cnn = Trainer(cfg, device=device, eval_every=10**9)
    n_in = int(np.prod(cnn.dataset.input_shape))
    width = matched_mlp_width(cnn.n_params, n_in, max(cnn.dataset.n_classes, 2))
    mlp_cfg = cfg.with_(model={"family": "mlp", "hidden": (width,), "output": "auto"})
    mlp = Trainer(mlp_cfg, device=device, eval_every=10**9)
    out: dict[str, object] = {"shifts": list(shifts)}
    for name, tr in (("cnn", cnn), ("mlp", mlp)):
        tr.step(time_budget_s=seconds, max_steps=max_steps)
        out[name] = {
            "acc": accuracy_under_shift(tr.model, tr.x_test, tr.y_test, list(shifts)),
            "n_params": tr.n_params,
            "steps": tr.step_count,
            "hidden": width if name == "mlp" else None,
        }
    return out
