"""Trainer: determinism, step by count and by time, bounded history, divergence, probes."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from dlcore import probe
from dlcore.config import ExperimentConfig
from dlcore.train import Series, Trainer, available_devices


def cfg(**kw) -> ExperimentConfig:
    base = ExperimentConfig().with_(data={"name": "xor", "n_points": 200}, model={"hidden": (8,)})
    return base.with_(**kw) if kw else base


def test_same_config_and_seed_identical_history():
    a, b = Trainer(cfg()), Trainer(cfg())
    a.step(120)
    b.step(120)
    for key in ("train_loss", "test_loss", "train_acc"):
        np.testing.assert_array_equal(a.history.evals[key], b.history.evals[key])
    np.testing.assert_array_equal(a.history.batch["loss"], b.history.batch["loss"])
    c = Trainer(cfg(seed=1))
    c.step(120)
    assert not np.array_equal(a.history.batch["loss"], c.history.batch["loss"])


def test_reset_reproduces():
    tr = Trainer(cfg())
    tr.step(50)
    first = tr.history.batch["loss"].copy()
    tr.reset()
    assert tr.step_count == 0 and len(tr.history.batch) == 0
    tr.step(50)
    np.testing.assert_array_equal(first, tr.history.batch["loss"])


def test_step_counts_epochs_and_learns_xor():
    tr = Trainer(cfg(train={"lr": 0.03, "batch_size": 10}))
    assert tr.steps_per_epoch == 10
    loss0 = tr.last_eval["train_loss"]
    done = tr.step(tr.steps_per_epoch * 30)
    assert done == 300 and tr.epoch == 30
    assert tr.last_eval["train_loss"] < loss0 * 0.6
    assert tr.last_eval["train_acc"] > 0.85


class _Clock:
    """A stand-in for ``time`` in dlcore.train: each reading advances ``tick`` seconds."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 0.0, tick

    def perf_counter(self) -> float:
        self.now += self.tick
        return self.now


def test_time_budget_step(monkeypatch):
    """A budget stops after the update that reaches it, whatever the machine's speed (the
    clock is simulated: one reading per update, 0.01 s each); bench/time_budget.py measures
    the real overshoot."""
    import dlcore.train as train_mod

    tr = Trainer(cfg())
    clock = _Clock(0.01)
    monkeypatch.setattr(train_mod, "time", clock)
    done = tr.step(time_budget_s=0.2)
    # t0 is one reading, then one reading per update: the 20th update reads 0.21 ≥ 0.2
    assert done == 20 and tr.step_count == 20
    assert tr.train_seconds == pytest.approx(clock.now - 0.01)
    assert tr.step(time_budget_s=10, max_steps=7) == 7  # max_steps first
    assert tr.step(time_budget_s=0.0) == 1  # at least the update in flight


def test_full_batch():
    tr = Trainer(cfg(train={"batch_size": 0}))
    tr.step(3)
    assert tr.epoch == 3 and tr.steps_per_epoch == 1


def test_series_memory_bounded_over_a_million_points():
    s = Series(capacity=512)
    for i in range(1, 1_000_001):
        s.append(i, loss=1.0 / i)
    assert len(s) <= 512
    assert s.nbytes() <= 512 * 8 * 2
    assert s.x[-1] >= 999_000  # covers the whole run
    assert np.all(np.diff(s.x) > 0)
    assert np.all(np.isfinite(s["loss"]))


def test_trainer_history_bounded():
    """What the Trainer records stays within its series' capacity and never grows. The
    series are shrunk to 64 points (the Trainer's own are 2048) so that a few hundred
    updates, each evaluated, fill and compact all three several times."""
    from dlcore.train import History

    tr = Trainer(cfg(), eval_every=1)
    assert tr.history.batch.capacity == tr.history.evals.capacity == 2048
    tr.history = h = History(Series(64), Series(64), Series(64))
    tr.step(300)
    assert h.batch.stride >= 4 and h.evals.stride >= 4 and h.grads.stride >= 4  # compacted
    assert all(0 < len(s) <= 64 for s in (h.batch, h.evals, h.grads))
    assert h.batch.x[-1] >= 290  # the points span the whole run
    before = h.nbytes()
    tr.step(300)
    assert h.nbytes() == before  # arrays are preallocated; nothing grows
    assert all(0 < len(s) <= 64 for s in (h.batch, h.evals, h.grads))


def test_divergence_stops_with_reason_and_keeps_last_good_state():
    c = cfg(
        model={"activation": "sigmoid", "hidden": (8, 8)},
        train={"optimizer": "sgd", "lr": 10.0, "loss": "mse"},
        data={"name": "reg_plane", "n_points": 200},
    )
    c = c.with_(model={"init": "normal"})
    tr = Trainer(c)
    for _ in range(200):
        tr.step(50)
        if tr.stop:
            break
    assert tr.stop is not None, "lr=10 should diverge"
    assert tr.stop.key.startswith("train.stop.")
    assert all(torch.isfinite(p).all() for p in tr.model.parameters())
    assert math.isfinite(tr.last_eval["train_loss"])
    assert tr.step(10) == 0  # paused until resumed
    tr.resume()
    tr.set_lr(1e-4)
    assert tr.step(10) == 10


def test_probe_dicts_keyed_by_layer():
    tr = Trainer(cfg(model={"hidden": (6, 5)}))
    tr.step(3)
    stats = probe.activation_stats(tr.model, tr.x_train)
    assert set(stats) == {"act1", "act2"}
    assert stats["act1"]["hist"][0].sum() == len(tr.x_train) * 6
    grads = probe.grad_norms_by_layer(tr.model)
    assert set(grads) == {"fc1", "fc2", "out"} and all(v > 0 for v in grads.values())
    gp = probe.gradient_probe(tr.model, lambda m: tr.objective.loss(m, tr.x_train, tr.y_train)[0])
    assert set(gp["weight_grad"]) == {"fc1", "fc2", "out"}
    assert set(gp["act_grad"]) == {"fc1", "fc2", "out"}
    # the probe leaves the training gradients untouched
    assert probe.grad_norms_by_layer(tr.model) == grads
    assert set(tr.history.grads.keys()) == {"fc1", "fc2", "out"}


def test_penalties_change_loss():
    base = Trainer(cfg())
    pen = Trainer(cfg(train={"l2": 0.1}))
    assert pen.penalty() is not None and float(pen.penalty()) > 0
    assert base.penalty() is None


def test_unknown_device_refused():
    from dlcore.config import ConfigError

    # the first of these this machine lacks ("tpu" is never listed): no skip on a GPU box
    device = next(d for d in ("cuda", "mps", "tpu") if d not in available_devices())
    with pytest.raises(ConfigError) as err:
        Trainer(cfg(), device=device)
    assert err.value.key == "device.unavailable"


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_matches_cpu_first_steps():
    a, b = Trainer(cfg(), device="cpu"), Trainer(cfg(), device="cuda")
    a.step(20)
    b.step(20)
    np.testing.assert_allclose(
        a.history.batch["loss"], b.history.batch["loss"], rtol=1e-3, atol=1e-5
    )


def test_loss_figure_falls_back_to_linear_when_a_series_reaches_zero():
    from dlcore.figures.common import loss_figure

    x = np.arange(4)
    assert loss_figure(x, {"a": np.array([1.0, 0.5, 0.1, 0.01])}).layout.yaxis.type == "log"
    fig = loss_figure(x, {"a": np.zeros(4), "b": np.array([1.0, np.nan, 0.5, 0.2])})
    assert fig.layout.yaxis.type == "linear"
    assert list(fig.data[0].y) == [0.0, 0.0, 0.0, 0.0]


def test_loss_figure_shows_a_single_point_as_a_marker():
    from dlcore.figures.common import loss_figure

    fig = loss_figure(np.array([0.0]), {"train": np.array([3.7])})
    assert fig.data[0].mode == "markers" and list(fig.data[0].y) == [np.float32(3.7)]
    assert loss_figure(np.arange(3), {"train": np.ones(3)}).data[0].mode == "lines"
