"""Datasets: what every chapter module of this package shares (2-D toys, digits, images,
sequences, text, manifolds each register theirs; :mod:`dlcore.catalog` imports them).

Every generator takes a :class:`~dlcore.config.DataConfig` and returns a
:class:`Dataset` of float32 / int64 NumPy arrays. Nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dlcore.config import DataConfig
from dlcore.registry import DATASETS

# Task kinds an objective can handle.
BINARY = "binary"  # y in {0, 1}
MULTICLASS = "multiclass"  # y in {0 … n_classes-1}
REGRESSION = "regression"  # y float, shape (n,) or (n, k)


@dataclass
class Dataset:
    """Train / test arrays plus what a page needs to draw them.

    ``meta`` holds extras such as ``points_train`` (the raw 2-D points before
    feature mapping), ``feature_names``, ``image_shape``, ``vocab``.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    task: str
    n_classes: int = 0
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def n_features(self) -> int:
        return int(np.prod(self.x_train.shape[1:]))

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:])


@dataclass(frozen=True)
class DatasetSpec:
    """A registered dataset: how to make it and what it is for."""

    build: Any  # Callable[[DataConfig], Dataset]
    task: str
    group: str  # "toy2d" | "image" | "sequence" | "text" | ...
    label_key: str  # i18n key of the dataset's name


def build_dataset(cfg: DataConfig) -> Dataset:
    """Make the dataset ``cfg.name`` (deterministic in ``cfg.seed``)."""
    return DATASETS[cfg.name].build(cfg)


def split(
    x: np.ndarray, y: np.ndarray, train_ratio: float, rng: np.random.Generator, shuffle: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle (optionally) and split into train / test by ``train_ratio``."""
    n = len(x)
    idx = rng.permutation(n) if shuffle else np.arange(n)
    n_train = min(max(1, int(round(n * train_ratio))), n - 1)
    tr, te = idx[:n_train], idx[n_train:]
    return x[tr], y[tr], x[te], y[te]
