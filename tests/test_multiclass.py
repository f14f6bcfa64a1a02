"""Multi-class 2-D data, R², the stop condition, the confusion matrix and Rewind."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from dlcore.config import ExperimentConfig, from_dict, from_query
from dlcore.data import MULTICLASS, build_dataset
from dlcore.figures.ff import (
    class_boundary_figure,
    class_image,
    class_probs_grid,
    confusion_figure,
    confusion_matrix,
)
from dlcore.i18n import t
from dlcore.train import Trainer
from tests.conftest import app_test, assert_clean

# both sides of a comparison in one torch thread (same numbers either way; steadier timing)
pytestmark = pytest.mark.usefixtures("one_thread")


def _cfg(**data) -> ExperimentConfig:
    return ExperimentConfig().with_(data={"n_points": 300, **data})


@pytest.mark.parametrize("name", ["spiral_k", "blobs"])
@pytest.mark.parametrize("k", [3, 4, 5])
def test_shapes_labels_determinism(name: str, k: int) -> None:
    cfg = _cfg(name=name, n_classes=k, noise=0.1)
    ds = build_dataset(cfg.data)
    assert ds.task == MULTICLASS and ds.n_classes == k
    assert ds.x_train.shape == (150, 2) and ds.x_train.dtype == np.float32
    assert ds.y_train.dtype == np.int64
    y = np.concatenate([ds.y_train, ds.y_test])
    assert set(np.unique(y)) == set(range(k))
    counts = np.bincount(y, minlength=k)
    assert counts.max() - counts.min() <= 1  # balanced
    pts = np.concatenate([ds.meta["points_train"], ds.meta["points_test"]])
    assert np.abs(pts).max() < 9
    again = build_dataset(cfg.data)
    np.testing.assert_array_equal(again.x_train, ds.x_train)
    np.testing.assert_array_equal(again.y_test, ds.y_test)
    other = build_dataset(cfg.with_(data={"seed": 1}).data)
    assert not np.array_equal(other.x_train, ds.x_train)


def test_k_is_config_with_range() -> None:
    cfg, notices = from_query({"d.name": "blobs", "d.n_classes": "4"})
    assert cfg.data.n_classes == 4 and not notices
    cfg, notices = from_query({"d.name": "blobs", "d.n_classes": "9"})
    assert cfg.data.n_classes == 3 and notices[0].reason == "range"


@pytest.mark.parametrize("loss", ["ce", "mse"])
def test_softmax_learns_blobs(loss: str) -> None:
    cfg = _cfg(name="blobs", n_classes=4).with_(
        model={"output": "softmax"}, train={"loss": loss, "batch_size": 0}
    )
    tr = Trainer(cfg)
    assert tr.objective.output == "softmax" and tr.objective.loss_name == loss
    assert tr.model.net.out.out_features == 4
    tr.step(200)
    assert tr.last_eval["test_acc"] > 0.9
    assert tr.predict(tr.dataset.x_test[:5]).shape == (5, 4)


def test_r2_for_regression() -> None:
    tr = Trainer(_cfg(name="reg_plane").with_(train={"batch_size": 0}))
    tr.step(300)
    ev = tr.last_eval
    assert 0.9 < ev["train_r2"] <= 1.0 and "test_r2" in tr.metrics()
    x, y = torch.as_tensor(tr.dataset.x_test), torch.as_tensor(tr.dataset.y_test)
    pred = tr.predict(x.numpy())
    want = 1 - ((y.numpy() - pred) ** 2).sum() / ((y.numpy() - y.numpy().mean()) ** 2).sum()
    assert ev["test_r2"] == pytest.approx(float(want), rel=1e-4)


def test_r2_is_nan_not_a_crash_for_a_softmax_regression() -> None:
    tr = Trainer(_cfg(name="reg_gauss").with_(model={"output": "softmax"}))
    assert tr.step(3) == 3 and tr.metrics()["test_r2"] is None


def test_stop_condition_accuracy_pauses_and_keeps_the_state() -> None:
    cfg = _cfg(name="blobs", n_classes=3).with_(train={"stop_acc": 0.9})
    tr = Trainer(cfg, eval_every=10)
    tr.step(2000)
    assert tr.stop is not None and tr.stop.key == "train.stop.target_acc"
    assert not tr.stop.diverged and tr.step_count < 2000 and tr.step_count % 10 == 0
    assert tr.last_eval["test_acc"] >= 0.9
    state = {k: v.clone() for k, v in tr.model.state_dict().items()}
    assert tr.step(10) == 0  # paused
    msg = t(tr.stop.key, "en", **tr.stop.kwargs)
    assert "Target reached" in msg and t(tr.stop.key, "zh", **tr.stop.kwargs)
    tr.resume()  # trains on past the target
    assert tr.step(30) == 30 and tr.stop is None
    assert not torch.equal(next(iter(tr.model.state_dict().values())), next(iter(state.values())))


def test_set_targets_in_place() -> None:
    tr = Trainer(_cfg(name="blobs"), eval_every=10)
    tr.step(20)
    w = tr.model.state_dict()["net.fc1.weight"].clone()
    tr.set_targets(stop_acc=5.0)  # clamped to 1.0
    assert tr.cfg.train.stop_acc == 1.0 and tr.step_count == 20
    assert torch.equal(tr.model.state_dict()["net.fc1.weight"], w)
    tr.set_targets(stop_acc=0.5)
    tr.step(100)
    assert tr.stop is not None and tr.stop.key == "train.stop.target_acc"


def test_stop_condition_loss() -> None:
    cfg = _cfg(name="gauss").with_(train={"stop_loss": 0.2, "batch_size": 0})
    tr = Trainer(cfg, eval_every=5)
    tr.step(500)
    assert tr.stop is not None and tr.stop.key == "train.stop.target_loss"
    assert tr.last_eval["test_loss"] <= 0.2


def test_stop_targets_clamp_with_a_notice() -> None:
    cfg, notices = from_dict({"train": {"stop_acc": 1.7, "stop_loss": -1}})
    assert cfg.train.stop_acc == 1.0 and cfg.train.stop_loss == 0.0
    assert [n.reason for n in notices] == ["clamped", "clamped"]
    assert "1.0" in notices[0].message("en") and notices[0].message("zh")


def test_rewind_same_initial_weights_replays_exactly() -> None:
    cfg = _cfg(name="xor").with_(model={"dropout": 0.1})  # dropout: the global RNG replays too
    tr = Trainer(cfg)
    w0 = {k: v.clone() for k, v in tr.model.state_dict().items()}
    tr.step(120)
    losses = tr.history.batch["loss"].copy()
    final = tr.metrics()
    assert tr.rewind() == cfg.seed and tr.step_count == 0
    for k, v in tr.model.state_dict().items():
        assert torch.equal(v, w0[k])
    tr.step(120)
    np.testing.assert_array_equal(tr.history.batch["loss"], losses)
    assert tr.metrics()["train_loss"] == final["train_loss"]


def test_rewind_new_initial_weights() -> None:
    cfg = _cfg(name="xor")
    tr = Trainer(cfg)
    w0 = tr.model.state_dict()["net.fc1.weight"].clone()
    x0 = tr.x_train.clone()
    seed = tr.rewind(new_weights=True, seed=7)
    assert seed == 7 and tr.cfg.seed == 7
    assert not torch.equal(tr.model.state_dict()["net.fc1.weight"], w0)
    assert torch.equal(tr.x_train, x0)  # same data
    assert tr.rewind(new_weights=True) != 7


def test_confusion_matrix_and_figures() -> None:
    y = np.array([0, 0, 1, 1, 2, 2, 2])
    p = np.array([0, 1, 1, 1, 2, 0, 2])
    cm = confusion_matrix(y, p, 3)
    assert cm.tolist() == [[1, 1, 0], [0, 2, 0], [1, 0, 2]] and cm.sum() == len(y)
    fig = confusion_figure(cm, ["a", "b", "c"])
    assert fig.data[0].type == "heatmap"
    assert np.allclose(np.asarray(fig.data[0].z).sum(1), 1.0)
    assert list(fig.data[0].text[2]) == ["1", "0", "2"]
    probs = np.zeros((4, 4, 3), np.float32)
    probs[..., 0] = 1.0
    probs[0, 0] = [1 / 3, 1 / 3, 1 / 3]
    img = class_image(probs)
    assert img.shape == (4, 4, 3) and img.dtype == np.uint8
    assert tuple(img[1, 1]) == (0xF5, 0x93, 0x22)  # sure: the class colour
    assert img[0, 0].min() > 200  # chance: nearly white
    pts = np.zeros((6, 2), np.float32)
    fig = class_boundary_figure(probs, pts, y[:6], pts, y[:6], ["a", "b", "c"])
    assert fig.data[0].type == "image" and len(fig.data) == 1 + 2 * 3
    json.loads(fig.to_json())


def test_class_probs_grid_from_a_trainer() -> None:
    tr = Trainer(_cfg(name="spiral_k", n_classes=4))
    g = class_probs_grid(tr.predict, ("x1", "x2"), 12)
    assert g.shape == (12, 12, 4) and np.allclose(g.sum(-1), 1, atol=1e-5)


@pytest.mark.parametrize("name", ["spiral_k", "blobs"])
def test_ff_page_offers_the_multiclass_sets(name: str) -> None:
    at = app_test("pages/ff.py", lang="en")
    assert t(f"data.{name}", "en") in at.selectbox(key="ff.data.name").options
    at.selectbox(key="ff.data.name").set_value(name).run()
    assert_clean(at)
    at.slider(key="ff.data.n_classes").set_value(4).run()
    assert_clean(at)
    assert at.session_state["ff._cfg"].data.n_classes == 4
    kinds = {tr["type"] for c in at.get("plotly_chart") for tr in json.loads(c.proto.spec)["data"]}
    assert {"image", "heatmap", "scatter"} <= kinds  # class regions + confusion matrix
