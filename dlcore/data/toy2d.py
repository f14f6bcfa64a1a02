"""TensorFlow Playground's 2-D datasets (same shapes and noise model) plus moons,
and two multi-class sets: a K-arm spiral and K Gaussian blobs (K = ``DataConfig.n_classes``).

Points live in [-6, 6]²; classification labels are 0 / 1 here (the playground
uses ±1), 0 … K−1 for the multi-class sets; regression targets are in [-1, 1] as
in the playground.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcore.config import DataConfig
from dlcore.data import BINARY, MULTICLASS, REGRESSION, Dataset, DatasetSpec, split
from dlcore.registry import DATASETS, FEATURES

DOMAIN = 6.0  # the plotted input square is [-DOMAIN, DOMAIN]²


def _u(rng: np.random.Generator, lo: float, hi: float, n: int) -> np.ndarray:
    return rng.uniform(lo, hi, n)


def circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    radius = 5.0
    h = n // 2
    r = np.concatenate([_u(rng, 0, radius * 0.5, h), _u(rng, radius * 0.7, radius, n - h)])
    a = _u(rng, 0, 2 * np.pi, n)
    x, y = r * np.sin(a), r * np.cos(a)
    nx, ny = _u(rng, -radius, radius, n) * noise, _u(rng, -radius, radius, n) * noise
    label = (np.hypot(x + nx, y + ny) < radius * 0.5).astype(np.int64)
    return np.stack([x, y], 1), label


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    pad = 0.3
    x, y = _u(rng, -5, 5, n), _u(rng, -5, 5, n)
    x = x + np.where(x > 0, pad, -pad)
    y = y + np.where(y > 0, pad, -pad)
    nx, ny = _u(rng, -5, 5, n) * noise, _u(rng, -5, 5, n) * noise
    label = ((x + nx) * (y + ny) >= 0).astype(np.int64)
    return np.stack([x, y], 1), label


def gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    variance = 0.5 + (4 - 0.5) * noise / 0.5  # the playground's linear scale [0, .5] → [.5, 4]
    std = np.sqrt(variance)
    h = n // 2
    pos = rng.normal(2, std, (h, 2))
    neg = rng.normal(-2, std, (n - h, 2))
    label = np.concatenate([np.ones(h, np.int64), np.zeros(n - h, np.int64)])
    return np.concatenate([pos, neg]), label


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    h = n // 2
    pts, labels = [], []
    for delta, label, m in ((0.0, 1, h), (np.pi, 0, n - h)):
        i = np.arange(m)
        r = i / m * 5
        t = 1.75 * i / m * 2 * np.pi + delta
        x = r * np.sin(t) + _u(rng, -1, 1, m) * noise
        y = r * np.cos(t) + _u(rng, -1, 1, m) * noise
        pts.append(np.stack([x, y], 1))
        labels.append(np.full(m, label, np.int64))
    return np.concatenate(pts), np.concatenate(labels)


def _counts(n: int, k: int) -> list[int]:
    """n points over k classes, as even as possible (the first classes get the remainder)."""
    return [n // k + (1 if j < n % k else 0) for j in range(k)]


def spiral_k(
    n: int, noise: float, rng: np.random.Generator, k: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """K interleaved spiral arms (the playground's spiral, arms 2π/K apart), labels 0 … K−1."""
    pts, labels = [], []
    for label, m in enumerate(_counts(n, k)):
        i = np.arange(m)
        r = i / max(m, 1) * 5
        t = 1.75 * i / max(m, 1) * 2 * np.pi + 2 * np.pi * label / k
        x = r * np.sin(t) + _u(rng, -1, 1, m) * noise
        y = r * np.cos(t) + _u(rng, -1, 1, m) * noise
        pts.append(np.stack([x, y], 1))
        labels.append(np.full(m, label, np.int64))
    return np.concatenate(pts), np.concatenate(labels)


def blobs(
    n: int, noise: float, rng: np.random.Generator, k: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """K Gaussian blobs with centres on a circle of radius 3.5; noise widens them as gauss's."""
    variance = 0.5 + (4 - 0.5) * noise / 0.5
    std = np.sqrt(variance)
    pts, labels = [], []
    for label, m in enumerate(_counts(n, k)):
        a = np.pi / 2 + 2 * np.pi * label / k
        centre = np.array([3.5 * np.cos(a), 3.5 * np.sin(a)])
        pts.append(rng.normal(centre, std, (m, 2)))
        labels.append(np.full(m, label, np.int64))
    return np.concatenate(pts), np.concatenate(labels)


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    h = n // 2
    a1 = np.linspace(0, np.pi, h)
    a2 = np.linspace(0, np.pi, n - h)
    upper = np.stack([np.cos(a1), np.sin(a1)], 1)
    lower = np.stack([1 - np.cos(a2), 0.5 - np.sin(a2)], 1)
    pts = np.concatenate([upper, lower]) - np.array([0.5, 0.25])
    pts = pts * 3.2 + rng.normal(0, 1, pts.shape) * noise * 2.0
    label = np.concatenate([np.ones(h, np.int64), np.zeros(n - h, np.int64)])
    return pts, label


def reg_plane(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    radius = 6.0
    x, y = _u(rng, -radius, radius, n), _u(rng, -radius, radius, n)
    nx, ny = _u(rng, -radius, radius, n) * noise, _u(rng, -radius, radius, n) * noise
    target = (x + nx + y + ny) / 10.0
    return np.stack([x, y], 1), target


_GAUSSIANS = ((-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1))


def reg_gauss_label(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The playground's 'mixture of Gaussians' surface, strongest bump wins."""
    label = np.zeros_like(x, dtype=np.float64)
    for cx, cy, sign in _GAUSSIANS:
        d = np.hypot(x - cx, y - cy)
        new = sign * np.clip(1 - d / 2, 0, 1)
        label = np.where(np.abs(new) > np.abs(label), new, label)
    return label


def reg_gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    radius = 6.0
    x, y = _u(rng, -radius, radius, n), _u(rng, -radius, radius, n)
    nx, ny = _u(rng, -radius, radius, n) * noise, _u(rng, -radius, radius, n) * noise
    return np.stack([x, y], 1), reg_gauss_label(x + nx, y + ny)


# -- input features (TF Playground's X1, X2, X1², X2², X1X2, sin X1, sin X2) ---------
FEATURE_FNS: dict[str, tuple[str, Callable[[np.ndarray], np.ndarray]]] = {
    "x1": ("X_1", lambda p: p[:, 0]),
    "x2": ("X_2", lambda p: p[:, 1]),
    "x1sq": ("X_1^2", lambda p: p[:, 0] ** 2),
    "x2sq": ("X_2^2", lambda p: p[:, 1] ** 2),
    "x1x2": ("X_1 X_2", lambda p: p[:, 0] * p[:, 1]),
    "sin_x1": (r"\sin X_1", lambda p: np.sin(p[:, 0])),
    "sin_x2": (r"\sin X_2", lambda p: np.sin(p[:, 1])),
}
for _name, (_tex, _fn) in FEATURE_FNS.items():
    FEATURES.register(_name, _fn)


def featurize(points: np.ndarray, features: tuple[str, ...] | list[str]) -> np.ndarray:
    """Map raw 2-D points (n, 2) to the chosen feature columns (n, len(features))."""
    feats = list(features) or ["x1", "x2"]
    return np.stack([FEATURES[f](points) for f in feats], 1).astype(np.float32)


def make_toy(
    points: np.ndarray,
    labels: np.ndarray,
    cfg: DataConfig,
    task: str,
    shuffle: bool = True,
    n_classes: int = 0,
) -> Dataset:
    """Split raw points into a :class:`Dataset` with the configured features."""
    rng = np.random.default_rng([cfg.seed, 1])
    p_tr, y_tr, p_te, y_te = split(points, labels, cfg.train_ratio, rng, shuffle=shuffle)
    y_dtype = np.float32 if task == REGRESSION else np.int64
    return Dataset(
        x_train=featurize(p_tr, cfg.features),
        y_train=y_tr.astype(y_dtype),
        x_test=featurize(p_te, cfg.features),
        y_test=y_te.astype(y_dtype),
        task=task,
        n_classes=n_classes if n_classes else (2 if task == BINARY else 0),
        meta={
            "points_train": p_tr.astype(np.float32),
            "points_test": p_te.astype(np.float32),
            "features": tuple(cfg.features),
            "domain": DOMAIN,
        },
    )


def _register(name: str, fn: Callable, task: str) -> None:
    def build(cfg: DataConfig) -> Dataset:
        rng = np.random.default_rng([cfg.seed, 0])
        if task == MULTICLASS:
            pts, labels = fn(cfg.n_points, cfg.noise, rng, cfg.n_classes)
            return make_toy(pts, labels, cfg, task, n_classes=cfg.n_classes)
        pts, labels = fn(cfg.n_points, cfg.noise, rng)
        return make_toy(pts, labels, cfg, task)

    DATASETS.register(
        name, DatasetSpec(build=build, task=task, group="toy2d", label_key=f"data.{name}")
    )


for _n, _f in (
    ("circle", circle),
    ("xor", xor),
    ("gauss", gauss),
    ("spiral", spiral),
    ("moons", moons),
):
    _register(_n, _f, BINARY)
_register("spiral_k", spiral_k, MULTICLASS)
_register("blobs", blobs, MULTICLASS)
_register("reg_plane", reg_plane, REGRESSION)
_register("reg_gauss", reg_gauss, REGRESSION)

# helpers a generator's source needs besides ``_u`` (dlcore.codegen copies them)
CODEGEN_HELPERS: dict[str, tuple[str, ...]] = {"spiral_k": ("_counts",), "blobs": ("_counts",)}
