"""dlcore.batch: a trainer stepped in a group gives the numbers it gives alone.

Every comparison is against the CLI's path (``dlcore.train.run``: ``Trainer.step`` in
chunks of 200, evaluation every 100 steps) with the same config and seed. Counters,
epochs, batch positions, evaluation points and stop reasons must be identical; losses
agree to rounding (the batched kernels' vectorised bodies round a few elements
differently from the single model's scalar tails): ≤ 1e-5 relative in float32 where
the run is not chaotic, ≤ 1e-9 in float64 everywhere. No wall-clock assertions.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from dlcore.batch import Batcher, Group, group_key, step_many
from dlcore.config import ExperimentConfig, from_json
from dlcore.train import Trainer, run

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 200


def preset(name: str, **kw) -> ExperimentConfig:
    cfg, _ = from_json((ROOT / "examples" / name).read_text())
    return cfg.with_(**kw) if kw else cfg


def playground(i: int) -> ExperimentConfig:
    """TF Playground's settings (2-8-8-1 tanh, SGD, batch 10), per-session seeds and lrs."""
    return preset(
        "ff_spiral.json",
        seed=i,
        data={"seed": i % 3},
        model={"hidden": (8, 8)},
        train={"optimizer": "sgd", "batch_size": 10, "lr": 0.01 * (1 + i % 4)},
    )


def to64(tr: Trainer) -> Trainer:
    tr.model.to(torch.float64)
    tr.x_train, tr.x_test = tr.x_train.double(), tr.x_test.double()
    if tr.y_train.is_floating_point():
        tr.y_train, tr.y_test = tr.y_train.double(), tr.y_test.double()
    return tr


def alone(cfg: ExperimentConfig, steps: int, f64: bool = False) -> Trainer:
    if not f64:
        return run(cfg, steps, chunk=CHUNK)
    tr = to64(Trainer(cfg))
    while tr.step_count < steps and tr.stop is None:
        tr.step(min(CHUNK, steps - tr.step_count))
    return tr


def play(group: Group, steps: int) -> None:
    """Slices of CHUNK steps, as run() gives one trainer."""
    while True:
        live = [tr for tr in group.members if tr.step_count < steps]
        if not live:
            return
        group.step(min(CHUNK, steps - live[0].step_count))


def assert_same(a: Trainer, b: Trainer, rtol: float) -> None:
    assert (a.step_count, a.epoch, a._cursor) == (b.step_count, b.epoch, b._cursor)
    assert (a.stop and (a.stop.key, a.stop.kwargs.get("step"))) == (
        b.stop and (b.stop.key, b.stop.kwargs.get("step"))
    )
    ha, hb = a.history, b.history
    np.testing.assert_array_equal(ha.batch.x, hb.batch.x)
    np.testing.assert_allclose(hb.batch["loss"], ha.batch["loss"], rtol=rtol, atol=0)
    np.testing.assert_array_equal(ha.evals.x, hb.evals.x)
    assert ha.evals.keys() == hb.evals.keys() and ha.grads.keys() == hb.grads.keys()
    for k in ha.evals.keys():
        np.testing.assert_allclose(hb.evals[k], ha.evals[k], rtol=rtol, atol=1e-12)
    for k in ha.grads.keys():
        np.testing.assert_allclose(hb.grads[k], ha.grads[k], rtol=max(rtol, 1e-9) * 100)
    assert a.last_eval.keys() == b.last_eval.keys()
    for pa, pb in zip(a.model.state_dict().values(), b.model.state_dict().values(), strict=True):
        np.testing.assert_allclose(
            pb.double().numpy(), pa.double().numpy(), rtol=rtol * 10, atol=rtol * 10
        )
    assert torch.equal(a._order, b._order)


# -- the key --------------------------------------------------------------------------------
def test_group_key_same_shape_same_key_and_what_is_not_batchable():
    a, b = Trainer(playground(0)), Trainer(playground(5))
    assert group_key(a) is not None and group_key(a) == group_key(b)  # lr, seeds differ
    wide = Trainer(playground(0).with_(model={"hidden": (8, 9)}))
    adam = Trainer(playground(0).with_(train={"optimizer": "adam"}))
    assert len({group_key(a), group_key(wide), group_key(adam)}) == 3
    for cfg in (
        playground(0).with_(model={"dropout": 0.2}),  # masks from the global RNG
        preset("ae_denoising.json"),  # input noise from the global RNG
        preset("rnn_adding_lstm.json"),  # LSTM: stepped alone (dlcore/batch_func.py)
    ):
        assert group_key(Trainer(cfg)) is None


# -- batched = alone --------------------------------------------------------------------------
@pytest.mark.parametrize("size", [1, 2, 7, 20])
def test_group_of_any_size_equals_alone_float32(size):
    cfgs = [playground(i) for i in range(size)]
    trs = [Trainer(c) for c in cfgs]
    g = Group(trs)
    play(g, 500)
    for c, tr in zip(cfgs, trs, strict=True):
        assert_same(alone(c, 500), tr, rtol=1e-5)


@pytest.mark.parametrize(
    "name,kw,steps",
    [
        # Adam at lr 0.03 on the spiral amplifies any rounding difference ~10⁴× between
        # steps 350 and 500 (alone vs alone with one weight moved by 1 ulp does the same):
        # compared where it is not yet chaotic
        ("ff_spiral.json", {}, 250),
        ("ff_spiral.json", {"train": {"optimizer": "momentum", "batch_size": 32}}, 200),
        ("ff_spiral.json", {"train": {"optimizer": "nesterov", "batch_size": 32}}, 120),
        ("ff_spiral.json", {"train": {"optimizer": "rmsprop", "lr": 0.01}}, 120),
        ("ff_sigmoid_mse.json", {}, 120),
        ("training_sigmoid_batchnorm.json", {}, 120),  # ragged batches, BatchNorm
        ("training_relu_he.json", {"model": {"norm": "layer", "hidden": (32,) * 4}}, 110),
        ("ae_digits_2d.json", {}, 110),
        ("ae_sparse.json", {}, 110),
    ],
)
def test_families_and_optimizers_equal_alone_float64(name, kw, steps):
    base = preset(name, **kw)
    cfgs = [
        base.with_(seed=i, data={"seed": i % 2}, train={"lr": base.train.lr * (1 + 0.25 * i)})
        for i in range(3)
    ]
    trs = [to64(Trainer(c)) for c in cfgs]
    assert group_key(trs[0]) is not None
    g = Group(trs)
    play(g, steps)
    for c, tr in zip(cfgs, trs, strict=True):
        assert_same(
            alone(c, steps, f64=True), tr, rtol=1e-7
        )  # float64: rounding amplified by Adam on the spiral


def test_regularisation_and_clipping_rates_per_row():
    base = playground(0).with_(train={"optimizer": "momentum", "clip_grad": 0.5})
    cfgs = [
        base.with_(
            seed=i, train={"l1": 1e-4 * (i + 1), "l2": 1e-3 * (i + 1), "clip_grad": 0.2 * (i + 1)}
        )
        for i in range(4)
    ]
    trs = [Trainer(c) for c in cfgs]
    g = Group(trs)
    play(g, 500)
    for c, tr in zip(cfgs, trs, strict=True):
        ref = alone(c, 500)
        assert "grad_norm" in tr.history.batch.keys()
        assert_same(ref, tr, rtol=1e-5)


# -- membership ---------------------------------------------------------------------------------
def test_join_and_leave_mid_run():
    """t0 leaves after 100 steps and goes on alone; t3 joins at 200; all as if alone."""
    cfgs = [playground(i) for i in range(4)]
    t0, t1, t2, t3 = (Trainer(c) for c in cfgs)
    g = Group([t0, t1, t2])
    g.step(100)
    g.leave(t0)
    assert t0 not in g and len(g) == 2
    g.step(100)
    g.join(t3)  # t1, t2 at step 200, t3 at 0: rows need not be in step
    for _ in range(3):
        g.step(100)
    g.leave(t1)
    g.leave(t2)
    for _ in range(2):
        g.step(100)  # a group of one
    for _ in range(4):
        t0.step(100)
    for c, tr in zip(cfgs, (t0, t1, t2, t3), strict=True):
        ref = Trainer(c)
        for _ in range(5):
            ref.step(100)
        assert_same(ref, tr, rtol=1e-5)


def test_leaving_keeps_weights_and_owns_them():
    trs = [Trainer(playground(i)) for i in range(3)]
    g = Group(trs)
    g.step(50)
    w = {k: v.clone() for k, v in trs[1].model.state_dict().items()}
    g.leave(trs[1])
    g.step(50)  # the others go on; trs[1] must not move
    for k, v in trs[1].model.state_dict().items():
        assert torch.equal(v, w[k]), k
    stack_ptrs = {t.data_ptr() for t in g._stacks}
    assert all(p.data_ptr() not in stack_ptrs for p in trs[1].model.parameters())


def test_config_change_leaves_group_and_keeps_weights():
    """A member whose config changes structure (here: L2 switched on, a new key) is
    dropped at the next slice with its weights; the rest are unchanged vs alone."""
    cfgs = [playground(i) for i in range(3)]
    trs = [Trainer(c) for c in cfgs]
    g = Group(trs)
    g.step(100)
    w = {k: v.clone() for k, v in trs[0].model.state_dict().items()}
    trs[0].cfg = trs[0].cfg.with_(train={"l2": 0.01})
    g.step(100)
    assert trs[0] not in g and trs[0].step_count == 100
    for k, v in trs[0].model.state_dict().items():
        assert torch.equal(v, w[k]), k
    trs[0].step(100)  # trains on alone with the new setting, from its weights
    assert trs[0].step_count == 200
    for c, tr in zip(cfgs[1:], trs[1:], strict=True):
        ref = Trainer(c)
        ref.step(100)
        ref.step(100)
        assert_same(ref, tr, rtol=1e-5)


def test_reset_member_is_restacked_from_its_new_tensors():
    cfgs = [playground(i) for i in range(3)]
    trs = [Trainer(c) for c in cfgs]
    g = Group(trs)
    g.step(60)
    trs[2].reset()  # new model and optimizer, same key: rejoins from step 0
    assert trs[2].step_count == 0
    g.step(60)
    assert trs[2] in g and trs[2].step_count == 60
    ref = Trainer(cfgs[2])
    ref.step(60)
    assert_same(ref, trs[2], rtol=1e-5)


def test_members_tensors_are_views_pages_read_live():
    trs = [Trainer(playground(i)) for i in range(2)]
    g = Group(trs)
    g.step(20)
    p = trs[0].model.net.fc1.weight
    assert any(p.data_ptr() == s[0].data_ptr() for s in g._stacks)
    assert trs[0].predict(np.zeros((3, 2), np.float32)).shape == (3,)
    # a page loading weights (in place) is honoured by the next slice
    sd = {k: torch.zeros_like(v) for k, v in trs[0].model.state_dict().items()}
    trs[0].model.load_state_dict(sd)
    g.step(1)
    assert trs[0].history.batch.last["loss"] == pytest.approx(np.log(2), rel=1e-6)
    # an optimizer state replaced by load_state_dict breaks the views: re-stacked, same numbers
    ref = Trainer(playground(1))
    ref.step(20)
    ref.step(1)
    trs[1].optimizer.load_state_dict(trs[1].optimizer.state_dict())
    g.step(30)
    ref.step(30)
    assert_same(ref, trs[1], rtol=1e-5)


# -- divergence -----------------------------------------------------------------------------------
def test_one_row_diverging_pauses_only_that_trainer():
    # regression with a linear output: at lr 3 the loss explodes within a few steps
    base = preset("ff_lr_too_high.json", train={"optimizer": "sgd", "batch_size": 10})
    cfgs = [base.with_(seed=i, train={"lr": 0.01}) for i in range(4)]
    cfgs[2] = base.with_(seed=2, model={"init": "normal"}, train={"lr": 3.0})
    trs = [Trainer(c) for c in cfgs]
    g = Group(trs)
    for _ in range(3):
        g.step(CHUNK)
    bad = trs[2]
    assert bad.stop is not None and bad not in g and len(g) == 3
    ref = run(cfgs[2], 3 * CHUNK, chunk=CHUNK)
    assert ref.stop is not None
    assert bad.stop.key == ref.stop.key and bad.stop.kwargs["step"] == ref.stop.kwargs["step"]
    for k, v in ref.stop.kwargs.items():  # the exploded loss agrees to rounding
        assert bad.stop.kwargs[k] == pytest.approx(v, rel=1e-5)
    assert_same(ref, bad, rtol=1e-5)
    assert all(torch.isfinite(p).all() for p in bad.model.parameters())
    assert g.step(10) and bad.step(10) == 0  # paused until resumed
    for i in (0, 1, 3):
        a = Trainer(cfgs[i])
        for n in (CHUNK, CHUNK, CHUNK, 10):
            a.step(n)
        assert_same(a, trs[i], rtol=1e-5)


# -- many groups --------------------------------------------------------------------------------------
def test_step_many_batches_what_it_can_and_steps_the_rest_alone():
    cfgs = [playground(i) for i in range(3)] + [preset("rnn_adding_lstm.json")]
    cfgs.append(playground(0).with_(model={"hidden": (4,)}))  # a key of its own: alone
    trs = [Trainer(c) for c in cfgs]
    assert step_many(trs, max_steps=40) == [40] * 5
    for c, tr in zip(cfgs, trs, strict=True):
        ref = Trainer(c)
        ref.step(40)
        assert_same(ref, tr, rtol=1e-5)
    # the views were cloned out: stepping one alone now touches nobody else
    before = trs[1].model.net.fc1.weight.clone()
    trs[0].step(5)
    assert torch.equal(trs[1].model.net.fc1.weight, before)


def test_batcher_regroups_as_sessions_come_and_go():
    trs = [Trainer(playground(i)) for i in range(5)]
    b = Batcher()
    b.sync(trs[:3])
    assert [len(g) for g in b.groups] == [3] and b.alone == []
    b.sync(trs)
    assert [len(g) for g in b.groups] == [5]
    b.sync([trs[0]])  # the others paused or closed: one left is stepped alone
    assert b.groups == [] and b.alone == [trs[0]]
    b.close()


def test_class_scale_check_mode(tmp_path):
    """The CI mode of bench/class_scale.py: 20 sessions, a few seconds, equality checked."""
    import subprocess
    import sys

    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "class_scale.py"),
            "--sessions",
            "20",
            "--seconds",
            "5",
            "--check",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    res = json.loads(out.stdout)
    assert len(res["sessions"]) == 20
    assert res["check"]["ok"] is True
    assert all(s["steps"] > 0 for s in res["sessions"])


# -- CUDA ---------------------------------------------------------------------------------------------
cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")


@pytest.mark.cuda
@cuda
def test_group_steps_on_the_gpu_and_matches_alone_there():
    cfgs = [playground(i) for i in range(5)]
    trs = [Trainer(c, device="cuda") for c in cfgs]
    g = Group(trs)
    g.step(200)
    assert all(s.device.type == "cuda" for s in g._stacks)
    for c, tr in zip(cfgs, trs, strict=True):
        ref = Trainer(c, device="cuda")
        ref.step(200)
        # cuBLAS picks kernels per shape: rounding differs more than on the CPU
        np.testing.assert_allclose(tr.history.batch["loss"], ref.history.batch["loss"], rtol=1e-4)
        assert tr.step_count == ref.step_count == 200


@pytest.mark.cuda
@cuda
def test_group_on_the_gpu_float64_equals_alone():
    cfgs = [preset("ff_spiral.json", seed=i) for i in range(3)]
    trs = [to64(Trainer(c, device="cuda")) for c in cfgs]
    g = Group(trs)
    g.step(300)
    for c, tr in zip(cfgs, trs, strict=True):
        ref = to64(Trainer(c, device="cuda"))
        ref.step(300)
        assert_same(ref, tr, rtol=1e-7)  # float64: rounding amplified by Adam on the spiral
