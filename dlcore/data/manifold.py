"""Toy manifolds for autoencoders: points near a low-dimensional surface in 2-D / 3-D.

The code space of a small autoencoder can be drawn directly next to the data.
``y`` holds each point's intrinsic coordinate t ∈ [0, 1] (the position along the
curve or roll), used only to colour plots: the autoencoder never reads it.
"""

from __future__ import annotations

import numpy as np

from dlcore.config import DataConfig
from dlcore.data import REGRESSION, Dataset, DatasetSpec, split
from dlcore.registry import DATASETS


def swiss_roll_points(
    n: int, noise: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3) points on a rolled-up sheet (intrinsic dimension 2) and t ∈ [0, 1]."""
    t = rng.uniform(0.0, 1.0, n)
    angle = 1.5 * np.pi * (1 + 2 * t)
    height = rng.uniform(-1.0, 1.0, n)
    pts = np.stack([angle * np.cos(angle) / 10, height, angle * np.sin(angle) / 10], 1)
    pts = pts + noise * rng.normal(size=pts.shape)
    return pts, t


def curve_points(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(n, 2) points near a sine wave of 1.5 periods (intrinsic dimension 1) and t."""
    t = rng.uniform(0.0, 1.0, n)
    pts = np.stack([2 * t - 1, 0.6 * np.sin(3 * np.pi * t)], 1)
    pts = pts + noise * rng.normal(size=pts.shape)
    return pts, t


def _build(make, salt: int):
    def build(cfg: DataConfig) -> Dataset:
        rng = np.random.default_rng([cfg.seed, salt])
        pts, t = make(cfg.n_points, cfg.noise, rng)
        pts = (pts - pts.mean(0)).astype(np.float32)
        x_tr, y_tr, x_te, y_te = split(pts, t.astype(np.float32), cfg.train_ratio, rng)
        return Dataset(
            x_tr,
            y_tr,
            x_te,
            y_te,
            task=REGRESSION,
            meta={"dim": pts.shape[1], "intrinsic_dim": 2 if pts.shape[1] == 3 else 1},
        )

    return build


DATASETS.register(
    "swiss_roll",
    DatasetSpec(
        build=_build(swiss_roll_points, 31),
        task=REGRESSION,
        group="manifold",
        label_key="ae.data.swiss_roll",
    ),
)
DATASETS.register(
    "noisy_curve",
    DatasetSpec(
        build=_build(curve_points, 32),
        task=REGRESSION,
        group="manifold",
        label_key="ae.data.noisy_curve",
    ),
)
