"""Gradient flow at initialisation (Glorot & Bengio's picture), the shared probe, presets, figures."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from dlcore import config as C
from dlcore import probe
from dlcore.figures import training as FT
from dlcore.scratch import optim as O
from dlcore.scratch import surfaces as S
from dlcore.train import Trainer

ROOT = Path(__file__).resolve().parents[1]
PRESETS = sorted((ROOT / "examples").glob("training_*.json"))


def init_norms(act: str, init: str, depth: int, width: int = 32, norm: str = "none"):
    cfg = C.ExperimentConfig().with_(
        data={"name": "digits", "image_size": 8},
        model={
            "family": "mlp",
            "hidden": (width,) * depth,
            "activation": act,
            "init": init,
            "norm": norm,
        },
        train={"optimizer": "sgd", "lr": 0.1, "batch_size": 64},
    )
    tr = Trainer(cfg)
    x, y = tr.x_train[:256], tr.y_train[:256]
    snap = probe.flow_probe(tr.model, x, lambda m: tr.objective.loss(m, x, y)[0])
    return tr, snap, np.array([snap["weight_grad"][f"fc{i}"] for i in range(1, depth + 1)])


def test_sigmoid_small_uniform_vanishes_by_orders_of_magnitude():
    _, _, g = init_norms("sigmoid", "small_uniform", 10)
    assert g[-1] / g[0] > 1e6  # last hidden layer vs first
    assert np.all(np.diff(np.log10(g)) > 0.5)  # every step towards the input loses > 3×


def test_relu_he_stays_within_a_factor_of_ten_over_20_layers():
    _, _, g = init_norms("relu", "he", 20)
    assert g.max() / g.min() < 10


def test_tanh_normal_explodes_towards_the_input():
    _, _, g = init_norms("tanh", "normal", 10)
    assert g[0] / g[-1] > 30


def test_flow_probe_leaves_the_model_alone_and_bins_are_shared():
    tr, snap, _ = init_norms("sigmoid", "xavier", 4, norm="batch")
    before = {k: v.clone() for k, v in tr.model.state_dict().items()}
    x, y = tr.x_train[:64], tr.y_train[:64]
    probe.flow_probe(tr.model, x, lambda m: tr.objective.loss(m, x, y)[0])
    for k, v in tr.model.state_dict().items():  # BatchNorm running stats included
        assert torch.equal(v, before[k]), k
    assert all(p.grad is None for p in tr.model.parameters())
    edges = snap["act_edges"]
    assert set(snap["act_hist"]) == {f"act{i}" for i in range(1, 5)}
    for counts in snap["act_hist"].values():
        assert len(counts) == len(edges) - 1 and counts.sum() == 256 * 32
    assert 0.0 <= edges[0] and edges[-1] <= 1.0  # sigmoid outputs


def test_probe_is_shared_with_the_trainer_history():
    tr, _, _ = init_norms("tanh", "xavier", 3)
    tr.step(3)
    assert set(tr.history.grads.keys()) == {"fc1", "fc2", "fc3", "out"}


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_presets_are_digits_mlp_experiments_and_train(path):
    cfg, notices = C.from_json(path.read_text())
    assert notices == []
    assert cfg.model.family == "mlp" and cfg.data.name == "digits" and cfg.data.image_size == 8
    tr = Trainer(cfg)
    tr.step(5)
    assert tr.stop is None and tr.step_count == 5
    assert math.isfinite(tr.last_eval["train_loss"])


def test_cli_runs_a_preset(capsys):
    from dlcore.__main__ import main

    assert main(["run", str(PRESETS[0]), "--steps", "3", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["steps"] == 3 and out["stopped"] is None


def test_figures_never_get_nan_or_overflow():
    surf = S.quadratic(100.0)
    path = O.run_path(surf, O.GD(5.0), surf.start, 200)  # diverges at once
    xs, ys, z = surf.grid(30)
    fig = FT.surface_figure(xs, ys, z, [("GD", path.w, 0)], {}, surf.minimum, surf.start, pick=10)
    for tr in fig.data:
        for arr in (tr.x, tr.y, getattr(tr, "z", None)):
            if arr is not None and not isinstance(arr[0], str):
                a = np.asarray(arr, np.float64)
                assert np.all(np.isfinite(a[~np.isnan(a)]))
                assert np.all(np.abs(a[~np.isnan(a)]) < 1e30)
    assert "\\times 10^{-7}" in FT.bmatrix(np.array([[1e-7, 1.0]]))
    heat = FT.activation_heatmap({"a": np.array([1, 3]), "b": np.zeros(2)}, np.array([0, 1, 2]), {})
    np.testing.assert_allclose(np.asarray(heat.data[0].z, np.float64) ** 2, [[0.25, 0.75], [0, 0]])
