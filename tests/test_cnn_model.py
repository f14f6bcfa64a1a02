"""The CNN family: layer names, shapes, parameter count, training on digits and shapes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dlcore.config import ExperimentConfig, from_json
from dlcore.models import count_params
from dlcore.scratch.conv import conv_params, dense_params
from dlcore.train import Trainer
from tests.conftest import ROOT


def _cfg(**model) -> ExperimentConfig:
    return ExperimentConfig().with_(
        data={"name": "digits", "image_size": 16},
        model={"family": "cnn", "channels": (4, 8), "hidden": (16,), "activation": "relu", **model},
        train={"lr": 0.003, "batch_size": 32},
    )


def test_layer_names_shapes_and_params():
    tr = Trainer(_cfg())
    names = [n for n, _ in tr.model.net.named_children()]
    assert names == [
        "conv1",
        "act1",
        "pool1",
        "conv2",
        "act2",
        "pool2",
        "flatten",
        "fc1",
        "fact1",
        "out",
    ]
    fm = tr.model.feature_maps(tr.x_test[:2])
    assert fm["conv1"].shape == (2, 4, 16, 16) and fm["pool2"].shape == (2, 8, 4, 4)
    expected = (
        conv_params(1, 4, 3)
        + conv_params(4, 8, 3)
        + dense_params(8 * 16, 16)
        + dense_params(16, 10)
    )
    assert count_params(tr.model) == expected
    assert tr.model.first_kernels().shape == (4, 1, 3, 3)


@pytest.mark.parametrize("k,pool", [(5, "avg"), (4, "none"), (7, "max")])
def test_variants_forward(k, pool):
    tr = Trainer(_cfg(kernel_size=k, pool=pool, channels=(3, 3, 3)))
    assert tr.model(tr.x_test[:3]).shape == (3, 10)


def test_cnn_refuses_toy_data():
    from dlcore.config import ConfigError

    with pytest.raises(ConfigError):
        Trainer(_cfg().with_(data={"name": "spiral"}))


def test_trains_on_shapes_and_is_deterministic():
    cfg = _cfg().with_(data={"name": "shapes", "image_size": 16})
    a, b = Trainer(cfg), Trainer(cfg)
    a.step(60)
    b.step(60)
    ea, eb = a.evaluate(), b.evaluate()
    assert ea["test_loss"] == pytest.approx(eb["test_loss"])
    assert ea["test_acc"] > 0.4  # 5 classes: chance is 0.2


@pytest.mark.parametrize(
    "path", sorted((ROOT / "examples").glob("cnn_*.json")), ids=lambda p: p.name
)
def test_presets_load_and_step(path):
    raw = json.loads(path.read_text())
    cfg, notices = from_json(path.read_text())
    assert not notices, notices
    assert raw["model"]["family"] == "cnn"
    tr = Trainer(cfg)
    tr.step(3)
    assert np.isfinite(tr.evaluate()["test_loss"])
