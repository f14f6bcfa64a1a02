"""The generated shapes dataset and the procedural natural image."""

from __future__ import annotations

import numpy as np

from dlcore.config import DataConfig
from dlcore.data import build_dataset
from dlcore.data.shapes import SHAPE_NAMES, natural_image
from dlcore.registry import DATASETS


def test_shapes_registered_and_shaped():
    spec = DATASETS["shapes"]
    assert spec.group == "image" and spec.task == "multiclass"
    d = build_dataset(DataConfig(name="shapes", image_size=12))
    assert d.x_train.shape[1:] == (1, 12, 12) and d.x_train.dtype == np.float32
    assert d.x_train.min() >= 0.0 and d.x_train.max() <= 1.0
    assert d.n_classes == len(SHAPE_NAMES)
    assert set(np.unique(np.concatenate([d.y_train, d.y_test]))) == set(range(len(SHAPE_NAMES)))


def test_shapes_deterministic_by_seed():
    a = build_dataset(DataConfig(name="shapes", image_size=16, seed=3))
    b = build_dataset(DataConfig(name="shapes", image_size=16, seed=3))
    c = build_dataset(DataConfig(name="shapes", image_size=16, seed=4))
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.x_train, c.x_train)


def test_natural_image():
    im = natural_image(48, seed=1)
    assert im.shape == (48, 48) and im.dtype == np.float32
    assert 0.0 <= im.min() and im.max() <= 1.0 and im.std() > 0.1
    assert np.array_equal(im, natural_image(48, seed=1))
