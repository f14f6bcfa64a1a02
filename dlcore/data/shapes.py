"""Generated shapes: small grayscale images of circles, squares, triangles, crosses, rings.

Each image is drawn from signed geometry at 4× resolution and averaged down
(anti-aliased), at a random position, size and rotation, plus a little noise.
Deterministic in ``DataConfig.seed``. Also :func:`natural_image`, a procedural
grayscale landscape for the convolution explorer (nothing is shipped or downloaded).
"""

from __future__ import annotations

import numpy as np

from dlcore.config import DataConfig
from dlcore.data import MULTICLASS, Dataset, DatasetSpec, split
from dlcore.registry import DATASETS

SHAPE_NAMES: tuple[str, ...] = ("circle", "square", "triangle", "cross", "ring")
N_SHAPES = 1500  # total examples (train + test)
_SS = 4  # supersampling factor


def _mask(kind: str, u: np.ndarray, v: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Inside-mask of ``kind`` centred at 0 with radius ``r`` in rotated coords (u, v)."""
    d = np.sqrt(u * u + v * v)
    if kind == "circle":
        return d <= r
    if kind == "ring":
        return (d <= r) & (d >= 0.6 * r)
    if kind == "square":
        return np.maximum(np.abs(u), np.abs(v)) <= 0.8 * r
    if kind == "cross":
        w = 0.28 * r
        return ((np.abs(u) <= w) & (np.abs(v) <= r)) | ((np.abs(v) <= w) & (np.abs(u) <= r))
    if kind == "triangle":
        # equilateral: three half-planes at distance r/2 from the centre
        inside = np.ones_like(u, dtype=bool)
        for a in (np.pi / 2, np.pi / 2 + 2 * np.pi / 3, np.pi / 2 + 4 * np.pi / 3):
            inside &= (u * np.cos(a) + v * np.sin(a)) >= -0.5 * r
        return inside
    raise ValueError(kind)


def render_shapes(
    kinds: np.ndarray, size: int, rng: np.random.Generator, noise: float = 0.05
) -> np.ndarray:
    """Images (n, size, size) float32 in [0, 1] of the shape indices ``kinds``."""
    n = len(kinds)
    r = rng.uniform(0.25, 0.42, n) * size
    cx = rng.uniform(r, size - r)
    cy = rng.uniform(r, size - r)
    theta = rng.uniform(0, 2 * np.pi, n)
    fine = (np.arange(size * _SS) + 0.5) / _SS
    gy, gx = np.meshgrid(fine, fine, indexing="ij")
    out = np.zeros((n, size, size), np.float32)
    for i in range(n):
        dx, dy = gx - cx[i], gy - cy[i]
        c, s = np.cos(theta[i]), np.sin(theta[i])
        u, v = c * dx + s * dy, -s * dx + c * dy
        m = _mask(SHAPE_NAMES[int(kinds[i])], u, v, r[i]).astype(np.float32)
        out[i] = m.reshape(size, _SS, size, _SS).mean(axis=(1, 3))
    if noise > 0:
        out += rng.normal(0, noise, out.shape).astype(np.float32)
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def shapes(cfg: DataConfig) -> Dataset:
    """The shapes set as (n, 1, S, S) images, S = ``cfg.image_size``; balanced classes."""
    rng = np.random.default_rng([cfg.seed, 6])
    kinds = np.arange(N_SHAPES, dtype=np.int64) % len(SHAPE_NAMES)
    imgs = render_shapes(kinds, cfg.image_size, rng)[:, None]
    x_tr, y_tr, x_te, y_te = split(imgs, kinds, cfg.train_ratio, rng)
    return Dataset(
        x_tr,
        y_tr,
        x_te,
        y_te,
        task=MULTICLASS,
        n_classes=len(SHAPE_NAMES),
        meta={
            "image_shape": (cfg.image_size, cfg.image_size),
            "class_names": list(SHAPE_NAMES),
            "class_keys": [f"cnn.shape.{k}" for k in SHAPE_NAMES],
        },
    )


def _smooth_noise(rng: np.random.Generator, size: int, scales: tuple[int, ...]) -> np.ndarray:
    """Sum of bilinearly upsampled random grids (value noise), in about [-1, 1]."""
    out = np.zeros((size, size), np.float64)
    amp = 1.0
    for s in scales:
        g = rng.normal(0, 1, (s + 1, s + 1))
        t = np.linspace(0, s, size, endpoint=False)
        i0 = np.floor(t).astype(int)
        f = t - i0
        rows = g[i0] * (1 - f)[:, None] + g[i0 + 1] * f[:, None]
        img = rows[:, i0] * (1 - f)[None, :] + rows[:, i0 + 1] * f[None, :]
        out += amp * img
        amp *= 0.5
    return out / 2.0


def natural_image(size: int = 64, seed: int = 0) -> np.ndarray:
    """A natural-looking grayscale scene (sky, sun, hills, a house, grass), (size, size) in [0, 1]."""
    rng = np.random.default_rng([seed, 61])
    y, x = np.mgrid[0:size, 0:size] / size
    img = 0.75 - 0.35 * y  # sky: brighter at the top
    img += 0.04 * _smooth_noise(rng, size, (4, 8))  # clouds
    sun = (x - 0.78) ** 2 + (y - 0.2) ** 2 <= 0.09**2
    img = np.where(sun, 0.98, img)
    # far hills and near ground, each a smooth random horizon
    for base, dark, amp in ((0.55, 0.45, 0.08), (0.72, 0.28, 0.05)):
        horizon = base + amp * _smooth_noise(rng, size, (3, 6))[0]
        below = y >= horizon[None, :]
        img = np.where(below, dark + 0.06 * _smooth_noise(rng, size, (8, 16)), img)
    # a house: wall, roof, door, window
    wall = (x > 0.18) & (x < 0.42) & (y > 0.58) & (y < 0.82)
    roof = (y <= 0.58) & (y > 0.42) & (np.abs(x - 0.30) < (y - 0.42) * 0.9)
    door = (x > 0.27) & (x < 0.33) & (y > 0.7) & (y < 0.82)
    window = (x > 0.21) & (x < 0.26) & (y > 0.62) & (y < 0.68)
    img = np.where(wall, 0.62, img)
    img = np.where(roof, 0.15, img)
    img = np.where(door, 0.1, img)
    img = np.where(window, 0.9, img)
    img += rng.normal(0, 0.015, img.shape)
    return np.clip(img, 0.0, 1.0).astype(np.float32)


DATASETS.register(
    "shapes", DatasetSpec(build=shapes, task=MULTICLASS, group="image", label_key="cnn.data.shapes")
)
