"""Real 8×8 handwritten digits from scikit-learn's bundled copy (no download)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from dlcore.config import DataConfig
from dlcore.data import MULTICLASS, Dataset, DatasetSpec, split
from dlcore.registry import DATASETS


@lru_cache(maxsize=1)
def digits_raw() -> tuple[np.ndarray, np.ndarray]:
    """(images (1797, 8, 8) in [0, 1] float32, labels int64)."""
    from sklearn.datasets import load_digits

    d = load_digits()
    return (d.images / 16.0).astype(np.float32), d.target.astype(np.int64)


def resize_images(images: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize of (n, h, w) images to (n, size, size), float32."""
    if images.shape[-1] == size and images.shape[-2] == size:
        return images.astype(np.float32)
    import torch
    import torch.nn.functional as F

    t = torch.from_numpy(images.astype(np.float32))[:, None]
    out = F.interpolate(t, size=(size, size), mode="bilinear", align_corners=False)
    return out[:, 0].numpy().astype(np.float32)


def digits(cfg: DataConfig) -> Dataset:
    """Digits as (n, 1, S, S) images, S = ``cfg.image_size`` (8 = the original)."""
    imgs, labels = digits_raw()
    imgs = resize_images(imgs, cfg.image_size)[:, None]
    rng = np.random.default_rng([cfg.seed, 2])
    x_tr, y_tr, x_te, y_te = split(imgs, labels, cfg.train_ratio, rng)
    return Dataset(
        x_tr,
        y_tr,
        x_te,
        y_te,
        task=MULTICLASS,
        n_classes=10,
        meta={
            "image_shape": (cfg.image_size, cfg.image_size),
            "class_names": [str(i) for i in range(10)],
        },
    )


DATASETS.register(
    "digits", DatasetSpec(build=digits, task=MULTICLASS, group="image", label_key="data.digits")
)
