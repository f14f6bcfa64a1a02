"""RNN chapter, dlcore side: scratch cells vs torch, task generators, BPTT vs autograd, init."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from dlcore.config import DataConfig, ExperimentConfig
from dlcore.data import build_dataset
from dlcore.data import sequences as S
from dlcore.data import text as TX
from dlcore.models import rnn as R
from dlcore.scratch import rnn as SR
from dlcore.train import Trainer


@pytest.mark.parametrize("cell", ["rnn", "rnn_relu", "lstm", "gru"])
@pytest.mark.parametrize("d,H,layers", [(1, 1, 1), (3, 5, 1), (7, 16, 2), (2, 33, 3)])
def test_scratch_cells_match_torch(cell, d, H, layers):
    torch.manual_seed(d * 100 + H)
    if cell.startswith("rnn"):
        mod = nn.RNN(
            d, H, layers, batch_first=True, nonlinearity="relu" if "relu" in cell else "tanh"
        )
    else:
        mod = {"lstm": nn.LSTM, "gru": nn.GRU}[cell](d, H, layers, batch_first=True)
    mod = mod.double()
    x = torch.randn(4, 9, d, dtype=torch.float64)
    out, _ = mod(x)
    ours = SR.run_stack(mod, x.numpy())
    np.testing.assert_allclose(ours["h"], out.detach().numpy(), atol=1e-10)
    # the gates are in [0, 1] and C̃ in [−1, 1]
    for k in ("f", "i", "o", "r", "z"):
        if k in ours:
            assert ours[k].min() >= 0 and ours[k].max() <= 1


def test_lstm_cell_state_matches_torch():
    torch.manual_seed(0)
    mod = nn.LSTM(3, 6, 1, batch_first=True).double()
    x = torch.randn(2, 5, 3, dtype=torch.float64)
    _, (h, c) = mod(x)
    ours = SR.run_stack(mod, x.numpy())
    np.testing.assert_allclose(ours["C"][:, -1], c[0].detach().numpy(), atol=1e-10)
    # one step by hand: C = f ⊙ C_prev + i ⊙ C̃
    o = ours
    np.testing.assert_allclose(
        o["C"][:, 2], o["f"][:, 2] * o["C"][:, 1] + o["i"][:, 2] * o["C_tilde"][:, 2]
    )


def test_scratch_detects_a_wrong_gate_order():
    """The test above can fail: swapping i and f breaks agreement."""
    torch.manual_seed(1)
    mod = nn.LSTM(2, 4, 1, batch_first=True).double()
    x = torch.randn(1, 6, 2, dtype=torch.float64)
    p = SR.params_from_torch(mod)
    p["W_i"], p["W_f"] = p["W_f"], p["W_i"]
    out, _ = mod(x)
    assert np.abs(SR.run("lstm", p, x.numpy()[0])["h"] - out[0].detach().numpy()).max() > 1e-4


def cfg(name: str, **data) -> DataConfig:
    return DataConfig(name=name, **data)


def test_adding_problem_targets():
    ds = build_dataset(cfg("adding", n_points=300, seq_len=40))
    assert ds.x_train.shape[1:] == (40, 2) and ds.x_train.dtype == np.float32
    for x, y in ((ds.x_train, ds.y_train), (ds.x_test, ds.y_test)):
        marks = x[:, :, 1]
        assert np.all(marks.sum(1) == 2)
        assert np.all(marks[:, :20].sum(1) == 1)  # one marker in each half
        np.testing.assert_allclose(y[:, 0], (x[:, :, 0] * marks).sum(1), rtol=1e-6)
    assert len(ds.x_train) + len(ds.x_test) == 300
    assert S.ADDING_BASELINE_MSE == pytest.approx(np.var(ds.y_train), abs=0.04)


def test_sine_forecast_targets_continue_the_wave():
    ds = build_dataset(cfg("sine", n_points=50, seq_len=20))
    assert ds.x_train.shape[1:] == (20, 1) and ds.y_train.shape[1:] == (1,)
    # a pure sine obeys x[t+1] = 2 cos(ω) x[t] − x[t−1]
    x, y = ds.x_train[:, :, 0], ds.y_train[:, 0]
    np.testing.assert_allclose(y, 2 * np.cos(0.3) * x[:, -1] - x[:, -2], atol=1e-5)
    ds3 = build_dataset(cfg("sines", n_points=50, seq_len=20, noise=0.1))
    assert ds3.x_train.shape[1:] == (20, 1)


def test_order_task_defeats_bag_of_words_but_not_an_rnn():
    ds = build_dataset(cfg("order", n_points=600))
    vocab = ds.meta["vocab"]
    words = S.decode_order(ds.x_train[0], vocab).split()
    assert ds.x_train.shape[2] == len(vocab)
    when_first = words[0] in {w[0] for w in S.WHEN}
    assert int(ds.y_train[0]) == int(when_first)
    assert 0.35 < S.bag_of_words_accuracy(ds) < 0.65
    c = ExperimentConfig().with_(
        data={"name": "order", "n_points": 600},
        model={"family": "rnn", "cell": "gru", "hidden_size": 16},
        train={"lr": 0.01, "batch_size": 32},
    )
    tr = Trainer(c)
    tr.step(150)
    assert tr.last_eval["test_acc"] > 0.95


def test_char_dataset_shifts_by_one():
    ds = build_dataset(cfg("chars", n_points=100, seq_len=25, corpus="yellowstone"))
    assert ds.x_train.shape == (100, 25) and ds.x_train.dtype == np.int64
    np.testing.assert_array_equal(ds.x_train[:, 1:], ds.y_train[:, :-1])
    text = TX.decode(ds.x_train[0], ds.meta["vocab"]) + TX.decode(
        ds.y_train[0, -1:], ds.meta["vocab"]
    )
    assert text in TX.load_corpus("yellowstone")
    zh = build_dataset(cfg("chars", n_points=20, seq_len=10, corpus="tang"))
    assert "月" in zh.meta["vocab"]


def test_custom_text_refused_with_reason():
    with pytest.raises(TX.TextError) as e:
        TX.check_text(b"\xc3\x28bad")  # not UTF-8, no BOM
    assert e.value.key == "rnn.text.not_utf8"
    # UTF-16 with its BOM is decoded (dlcore/data/textio.py)
    assert TX.check_text(("床前明月光" * 20).encode("utf-16")).startswith("床")
    with pytest.raises(TX.TextError) as e:
        TX.check_text("   ")
    assert e.value.key == "rnn.text.too_short"
    assert TX.check_text("床前明月光" * 20).startswith("床")


@pytest.mark.parametrize("radius", [0.5, 1.0, 1.7])
@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_spectral_radius_init(radius, cell):
    c = ExperimentConfig().with_(
        data={"name": "adding", "n_points": 20, "seq_len": 10},
        model={"family": "rnn", "cell": cell, "hidden_size": 24, "spectral_radius": radius},
    )
    model = R.build_rnn(c, build_dataset(c.data))
    for block in R.w_hh_blocks(model):
        assert R.spectral_radius(block) == pytest.approx(radius, rel=1e-5)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_unrolled_equals_module_and_hidden_grads(cell):
    c = ExperimentConfig().with_(
        data={"name": "adding", "n_points": 40, "seq_len": 15},
        model={"family": "rnn", "cell": cell, "hidden_size": 8, "num_layers": 2},
    )
    tr = Trainer(c)
    x, y = tr.x_train[:8], tr.y_train[:8]
    un = R.Unrolled(tr.model)
    torch.testing.assert_close(un(x), tr.model(x), atol=1e-5, rtol=1e-5)
    g = R.hidden_grad_norms(tr.model, tr.objective, x, y)
    assert g.shape == (15,) and np.all(np.isfinite(g)) and g[-1] > 0


@pytest.mark.parametrize("radius,relu", [(0.5, False), (1.0, False), (2.5, False), (1.5, True)])
def test_bptt_matches_autograd(radius, relu):
    """NumPy backprop through time (W_hh multiplied again and again) = torch autograd."""
    c = ExperimentConfig().with_(
        data={"name": "adding", "n_points": 40, "seq_len": 30},
        model={
            "family": "rnn",
            "cell": "rnn",
            "hidden_size": 12,
            "spectral_radius": radius,
            "activation": "relu" if relu else "tanh",
        },
    )
    tr = Trainer(c)
    x, y = tr.x_train[:6], tr.y_train[:6]
    model = tr.model.double()
    xd, yd = x.double(), y.double()
    auto = R.hidden_grad_norms(model, tr.objective, xd, yd)
    un = R.Unrolled(model)
    loss, _ = tr.objective.loss(un, xd, yd)
    (g_T,) = torch.autograd.grad(loss, [un.hs[-1]])
    ours = SR.rnn_bptt_hidden_grads(SR.params_from_torch(model.rnn), xd.numpy(), g_T.numpy())
    np.testing.assert_allclose(ours, auto, rtol=1e-8, atol=1e-14)
    if radius < 1 and not relu:
        assert auto[0] < auto[-1] * 1e-2  # vanishing
    if radius > 2:
        assert auto[0] > auto[-1]  # no vanishing above 1


def test_sample_generates_known_characters():
    c = ExperimentConfig().with_(
        data={"name": "chars", "n_points": 50, "seq_len": 20},
        model={"family": "rnn", "cell": "lstm", "hidden_size": 16},
    )
    tr = Trainer(c)
    vocab = tr.dataset.meta["vocab"]
    s = R.sample(tr.model, vocab, "I went", n=40, temperature=0.8, seed=1)
    assert len(s) == 40 and set(s) <= set(vocab)
    assert s == R.sample(tr.model, vocab, "I went", n=40, temperature=0.8, seed=1)
    assert len(R.sample(tr.model, vocab, "", n=5, temperature=0.0)) == 5
