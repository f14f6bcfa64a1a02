"""dlcore.batch for the CNN, GRU / vanilla RNN and conv-autoencoder families (torch.func).

As tests/test_batch.py does for the MLP: a trainer stepped in a group of any size gives
the numbers it gives alone (``Trainer.step`` in chunks, the same config and seed) —
counters, epochs, batch order, evaluation points and stop reasons identical; losses
equal to ~1e-10 in float64 and within 1e-5 relative per step in float32. Sessions differ
in learning rate and data seed. No wall-clock assertions (bench/family_batching.py
measures the speed).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dlcore.batch import BATCHABLE_FAMILIES, BATCHED_FAMILIES, Batcher, Group, group_key
from dlcore.config import ExperimentConfig
from dlcore.train import Trainer
from tests.test_batch import assert_same, preset, to64

EVERY = 20  # evaluation every 20 updates: several evaluation points in a short run
ALL = BATCHABLE_FAMILIES  # the CNN too (batchable; the engine does not batch it)


def small(name: str, **kw) -> ExperimentConfig:
    """A preset with less data (the same shapes of model), to keep the tests short."""
    base = preset(name)
    data = {"sines": {"n_points": 240, "seq_len": 20}, "order": {"n_points": 240}}
    d = data.get(base.data.name, {})
    if base.data.name == "adding":
        d = {"n_points": 240, "seq_len": 20}
    if base.data.name == "digits" and base.model.family == "ae":
        d = {"n_points": 240}
    cfg = base.with_(data=d) if d else base
    return cfg.with_(**kw) if kw else cfg


def vanilla(**train) -> ExperimentConfig:
    """A vanilla tanh RNN on the adding problem (rnn_exploding's net, tamed)."""
    return small("rnn_exploding.json").with_(
        model={"spectral_radius": 0.0}, train={"lr": 0.02, "optimizer": "momentum", **train}
    )


def mates(base: ExperimentConfig, n: int) -> list[ExperimentConfig]:
    """n sessions of one shape: own seeds, data seeds and learning rates."""
    return [
        base.with_(seed=i, data={"seed": i % 2}, train={"lr": base.train.lr * (1 + 0.25 * i)})
        for i in range(n)
    ]


def make(cfg: ExperimentConfig, f64: bool = False) -> Trainer:
    tr = Trainer(cfg, eval_every=EVERY)
    return to64(tr) if f64 else tr


def alone(cfg: ExperimentConfig, steps: int, f64: bool = False, chunk: int = 30) -> Trainer:
    tr = make(cfg, f64)
    while tr.step_count < steps and tr.stop is None:
        tr.step(min(chunk, steps - tr.step_count))
    return tr


def play(g: Group, steps: int, chunk: int = 30) -> None:
    while True:
        live = [tr for tr in g.members if tr.step_count < steps]
        if not live:
            return
        g.step(min(chunk, steps - live[0].step_count))


# -- the key ---------------------------------------------------------------------------------
def test_func_group_key_families_and_what_stays_alone():
    for cfg in (
        small("rnn_sines_gru.json"),
        small("rnn_order_gru.json"),
        vanilla(),
        small("cnn_tiny.json"),
        small("cnn_digits.json"),
        small("ae_conv.json"),
    ):
        a, b = Trainer(cfg), Trainer(cfg.with_(seed=3, train={"lr": cfg.train.lr / 2}))
        ka, kb = group_key(a, ALL), group_key(b, ALL)
        assert ka is not None and ka == kb, cfg.model.family
        # the engine batches the families measured ≥ 1.5× faster (bench/family_batching.py)
        assert (group_key(a) is None) == (cfg.model.family not in BATCHED_FAMILIES)
    assert "cnn" not in BATCHED_FAMILIES and {"rnn", "ae"} <= set(BATCHED_FAMILIES)
    gru = Trainer(small("rnn_sines_gru.json"))
    wider = Trainer(small("rnn_sines_gru.json", model={"hidden_size": 16}))
    assert group_key(gru) is not None and group_key(gru) != group_key(wider)
    for cfg in (
        small("rnn_adding_lstm.json"),  # LSTM: oneDNN's fused kernel has no vmap rule
        small("rnn_chars_lstm.json").with_(model={"cell": "gru"}),  # one-hot ids
        small("cnn_digits.json", model={"norm": "batch"}),  # running stats in place
        small("cnn_digits.json", model={"dropout": 0.3}),  # masks from the global RNG
    ):
        assert group_key(Trainer(cfg), ALL) is None, cfg.model


# -- batched = alone ---------------------------------------------------------------------------
CASES = {
    "gru_forecast": (small("rnn_sines_gru.json"), 60),  # Adam, clipping
    "gru_classes": (small("rnn_order_gru.json"), 60),
    "rnn_momentum": (vanilla(), 60),
    "cnn_tiny": (small("cnn_tiny.json"), 40),
    "cnn_sgd_l1_l2": (
        small("cnn_digits.json", train={"optimizer": "nesterov", "l1": 1e-4, "l2": 1e-3}),
        30,
    ),
    "conv_ae_code_reg": (small("ae_conv.json", train={"code_l2": 0.01, "code_l1": 0.001}), 40),
}


@pytest.mark.parametrize("case", list(CASES))
def test_func_families_equal_alone_float64(case):
    base, steps = CASES[case]
    cfgs = mates(base, 3)
    trs = [make(c, f64=True) for c in cfgs]
    assert group_key(trs[0], ALL) is not None
    g = Group(trs, ALL)
    play(g, steps)
    assert g._kind == "func" and len(g) == 3
    for c, tr in zip(cfgs, trs, strict=True):
        assert_same(alone(c, steps, f64=True), tr, rtol=1e-10)


@pytest.mark.parametrize("size", [1, 2, 5])
def test_func_group_of_any_size_equals_alone_float32(size):
    cfgs = mates(small("rnn_order_gru.json"), size)
    trs = [make(c) for c in cfgs]
    g = Group(trs, ALL)
    play(g, 100)
    for c, tr in zip(cfgs, trs, strict=True):
        assert_same(alone(c, 100), tr, rtol=1e-5)


@pytest.mark.parametrize("name", ["cnn_tiny.json", "ae_conv.json", "rnn_sines_gru.json"])
def test_func_families_equal_alone_float32(name):
    cfgs = mates(small(name), 3)
    trs = [make(c) for c in cfgs]
    g = Group(trs, ALL)
    play(g, 100)
    for c, tr in zip(cfgs, trs, strict=True):
        assert_same(alone(c, 100), tr, rtol=1e-5)


# -- membership ---------------------------------------------------------------------------------
def test_func_join_and_leave_mid_run():
    """t0 leaves after 30 updates and goes on alone; t3 joins at 60; all as if alone."""
    cfgs = mates(small("rnn_order_gru.json"), 4)
    t0, t1, t2, t3 = (make(c, f64=True) for c in cfgs)
    g = Group([t0, t1, t2], ALL)
    g.step(30)
    g.leave(t0)
    assert t0 not in g and len(g) == 2
    g.step(30)
    g.join(t3)  # t1, t2 at update 60, t3 at 0
    for _ in range(2):
        g.step(30)
    g.leave(t1)
    g.leave(t2)
    g.step(30)  # a group of one
    for _ in range(2):
        t0.step(30)
    for _ in range(2):
        t1.step(30)
        t2.step(30)
    for c, tr in zip(cfgs, (t0, t1, t2, t3), strict=True):
        assert_same(alone(c, tr.step_count, f64=True), tr, rtol=1e-10)
    assert {tr.step_count for tr in (t0, t1, t2, t3)} == {90, 180}


def test_func_members_are_modules_with_views_and_a_closed_one_keeps_its_weights():
    cfgs = mates(small("ae_conv.json"), 3)
    trs = [make(c) for c in cfgs]
    b = Batcher()
    b.sync(trs)
    (g,) = b.groups
    g.step(10)
    w = trs[0].model.convs[0].weight
    assert isinstance(trs[0].model, torch.nn.Module)
    assert any(w.data_ptr() == s[0].data_ptr() for s in g._stacks)  # a view of row 0
    x = trs[0].x_test[:2]
    assert trs[0].model(x).shape == x.shape  # the page's reconstructions read it live
    kept = {k: v.clone() for k, v in trs[1].model.state_dict().items()}
    b.sync([trs[0], trs[2]])  # trs[1]'s session closed (or paused)
    assert trs[1] not in g and len(g) == 2
    g.step(10)
    for k, v in trs[1].model.state_dict().items():
        assert torch.equal(v, kept[k]), k
    ptrs = {s.data_ptr() for s in g._stacks}
    assert all(p.data_ptr() not in ptrs for p in trs[1].model.parameters())
    trs[1].step(10)  # and it trains on alone, from its weights, as if never grouped
    b.close()
    assert all(p.data_ptr() not in ptrs for tr in trs for p in tr.model.parameters())
    for c, tr in zip(cfgs, trs, strict=True):
        assert_same(alone(c, 20, chunk=10), tr, rtol=1e-5)


def test_func_new_learning_rate_stays_in_the_group_a_new_structure_leaves():
    """set_lr mid-run (a page's slider) is read per row at the next slice; a member whose
    structure changes (L2 switched on: a new key) leaves with its weights and goes on."""
    cfgs = mates(small("rnn_order_gru.json"), 3)
    trs = [make(c, f64=True) for c in cfgs]
    refs = [make(c, f64=True) for c in cfgs]
    g = Group(trs, ALL)
    g.step(30)
    for r in refs:
        r.step(30)
    for t in (trs[1], refs[1]):
        t.set_lr(0.002)
    kept = {k: v.clone() for k, v in trs[2].model.state_dict().items()}
    trs[2].cfg = trs[2].cfg.with_(train={"l2": 0.01})
    g.step(30)
    assert trs[1] in g and trs[2] not in g and trs[2].step_count == 30
    for k, v in trs[2].model.state_dict().items():
        assert torch.equal(v, kept[k]), k
    for r in refs[:2]:
        r.step(30)
    for r, tr in zip(refs[:2], trs[:2], strict=True):
        assert_same(r, tr, rtol=1e-10)


# -- divergence -----------------------------------------------------------------------------------
def test_func_one_row_diverging_pauses_only_that_trainer():
    base = vanilla()
    cfgs = [base.with_(seed=i) for i in range(4)]
    # rnn_exploding's own setting (recurrent spectral radius 2.5, SGD at lr 0.5): the
    # same network structure, so the same group; its loss explodes within a few updates
    cfgs[2] = base.with_(seed=2, model={"spectral_radius": 2.5}, train={"lr": 5.0})
    trs = [make(c, f64=True) for c in cfgs]
    g = Group(trs, ALL)
    for _ in range(3):
        g.step(30)
    bad = trs[2]
    ref = alone(cfgs[2], 90, f64=True)
    assert ref.stop is not None and ref.stop.diverged
    assert bad.stop is not None and bad not in g and len(g) == 3
    assert bad.stop.key == ref.stop.key and bad.stop.kwargs["step"] == ref.stop.kwargs["step"]
    assert_same(ref, bad, rtol=1e-10)  # restored to its last good state, as alone
    assert all(torch.isfinite(p).all() for p in bad.model.parameters())
    assert bad.step(10) == 0  # paused until resumed
    for i in (0, 1, 3):
        assert trs[i].stop is None and trs[i].step_count == 90
        assert_same(alone(cfgs[i], 90, f64=True), trs[i], rtol=1e-10)


# -- the engine's slice ----------------------------------------------------------------------------
def test_func_final_eval_off_is_trainer_step_final_eval_off():
    """The live engine's full-speed slices skip the end-of-call evaluation, alone and
    grouped alike: the evaluation points stay every ``eval_every`` updates."""
    cfgs = mates(small("ae_conv.json"), 2)
    trs = [make(c) for c in cfgs]
    g = Group(trs, ALL)
    for n in (7, 7, 7, 9):
        g.step(n, final_eval=False)
    for c, tr in zip(cfgs, trs, strict=True):
        ref = make(c)
        for n in (7, 7, 7, 9):
            ref.step(n, final_eval=False)
        assert list(tr.history.evals.x) == [0, 20] == list(ref.history.evals.x)
        assert_same(ref, tr, rtol=1e-5)


def test_func_evaluations_owed_across_slices_keep_the_numbers_and_bound_a_slice():
    """A slice with a time budget evaluates member by member only while its budget lasts
    (a Pause waits for one member's evaluation, not the group's): the rest are owed, paid
    first in the next slices, and nothing trains before they are. With a zero budget
    every slice pays one evaluation or does one update; the numbers stay those of alone
    (the engine's full-speed slices), also for a member that leaves while owed one."""
    cfgs = mates(small("rnn_order_gru.json"), 4)
    trs = [make(c, f64=True) for c in cfgs]
    g = Group(trs, ALL)

    def slice_() -> None:
        g.step(max_steps=10**6, time_budget_s=0.0, final_eval=False)

    owed_seen = 0
    while not (g._owed and trs[0].step_count == 3 * EVERY):
        before = [tr.step_count for tr in g.members]
        slice_()
        owed_seen = max(owed_seen, len(g._owed))
        after = [tr.step_count for tr in g.members]
        assert all(b - a in (0, 1) for a, b in zip(before, after, strict=True))
        if g._owed:  # at an evaluation point: nobody trains on until all are evaluated
            assert len(set(after)) == 1 and after[0] % EVERY == 0
    assert owed_seen == 4  # the slice that reached the point had no budget left: all owed
    slice_()  # pays one
    assert len(g._owed) == 3 and trs[0].step_count == 3 * EVERY
    g.leave(trs[-1])  # owed: evaluated as it leaves
    assert trs[-1].history.evals.x[-1] == 3 * EVERY
    while g._owed:
        slice_()
    assert len({tr.step_count for tr in trs[:3]}) == 1
    for c, tr in zip(cfgs, trs, strict=True):
        ref = make(c, f64=True)
        while ref.step_count < tr.step_count:
            ref.step(max_steps=10**6, time_budget_s=0.0, final_eval=False)
        assert_same(ref, tr, rtol=1e-10)


def test_func_sessions_train_as_one_slice_through_the_live_engine():
    from dlcore.live_train import _GROUPS, _GROUPS_LOCK, _USED, group_key, train_group

    cfgs = mates(small("rnn_order_gru.json"), 3)
    trs = [make(c) for c in cfgs]
    assert len({group_key(tr) for tr in trs}) == 1
    key = group_key(trs[0])
    try:
        done = train_group(trs, 25, float("inf"))
        assert done == [25, 25, 25]
        assert [len(g) for g in _GROUPS[key].groups] == [3]
    finally:  # the engine's groups are module state: leave none behind for other tests
        with _GROUPS_LOCK:
            _USED.pop(key, None)
            b = _GROUPS.pop(key, None)
        if b is not None:
            b.close()
    for c, tr in zip(cfgs, trs, strict=True):
        assert_same(alone(c, 25), tr, rtol=1e-5)


# -- CUDA ---------------------------------------------------------------------------------------------
@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_func_group_steps_on_the_gpu_and_matches_alone_there():
    cfgs = mates(small("rnn_sines_gru.json"), 4) + mates(small("cnn_tiny.json"), 4)
    trs = [Trainer(c, device="cuda", eval_every=EVERY) for c in cfgs]
    b = Batcher()
    b.sync(trs)
    assert sorted(len(g) for g in b.groups) == [4, 4]
    for g in b.groups:
        g.step(60)
        assert all(s.device.type == "cuda" for s in g._stacks)
    b.close()
    for c, tr in zip(cfgs, trs, strict=True):
        ref = Trainer(c, device="cuda", eval_every=EVERY)
        ref.step(60)
        # cuDNN / cuBLAS pick kernels per shape: rounding differs more than on the CPU
        np.testing.assert_allclose(tr.history.batch["loss"], ref.history.batch["loss"], rtol=1e-4)
        assert tr.step_count == ref.step_count == 60
