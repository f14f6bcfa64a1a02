"""Editing a weight by hand (dlcore/weights.py, ui/weights.py) and Reset with the same
or new initial weights on /ff (issue 17, points 3 and 4)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from dlcore import weights as W
from dlcore.config import ExperimentConfig
from dlcore.figures.ff import net_maps, network_figure
from dlcore.i18n import t
from dlcore.io import load_weights, weights_to_bytes
from dlcore.train import Trainer
from tests.conftest import app_test, assert_clean

PAGE = "pages/ff.py"


# both sides of a comparison in one torch thread (same numbers either way; steadier timing)
pytestmark = pytest.mark.usefixtures("one_thread")


def _trainer(hidden=(4, 3)) -> Trainer:
    cfg = ExperimentConfig().with_(
        data={"name": "xor", "n_points": 200}, model={"hidden": hidden}, train={"lr": 0.03}
    )
    return Trainer(cfg)


def _state(model) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


# -- dlcore: set_weight / set_bias ------------------------------------------------------------


def test_set_weight_uses_the_lectures_indices_and_changes_the_loss():
    tr = _trainer()
    loss0 = tr.evaluate()["train_loss"]
    layers = W.linear_layers(tr.model)
    assert [n for n, _ in layers] == ["fc1", "fc2", "out"]
    before = _state(tr.model)
    old = W.set_weight(tr.model, 1, 3, 2, "2.5")  # w_{4→3} of hidden 1 → hidden 2
    assert old == pytest.approx(float(before["net.fc2.weight"][2, 3]))
    w = tr.model.net.fc2.weight.detach()
    assert float(w[2, 3]) == 2.5 and W.get_weight(tr.model, 1, 3, 2) == 2.5
    changed = {k for k, v in _state(tr.model).items() if not torch.equal(v, before[k])}
    assert changed == {"net.fc2.weight"}
    assert int((w != before["net.fc2.weight"]).sum()) == 1  # one number, nothing else
    W.set_bias(tr.model, 2, 0, -1.25)
    assert W.get_bias(tr.model, 2, 0) == -1.25
    assert tr.evaluate()["train_loss"] != pytest.approx(loss0)


@pytest.mark.parametrize(
    "value,key",
    [
        ("abc", "ff.edit.not_number"),
        ("", "ff.edit.empty"),
        ("   ", "ff.edit.empty"),
        ("nan", "ff.edit.not_finite"),
        ("NaN", "ff.edit.not_finite"),
        ("inf", "ff.edit.not_finite"),
        ("-Infinity", "ff.edit.not_finite"),
        ("1e308", "ff.edit.too_large"),
        ("1e999", "ff.edit.not_finite"),
        (float("nan"), "ff.edit.not_finite"),
        (1e308, "ff.edit.too_large"),
        (True, "ff.edit.not_number"),
        ("1001", "ff.edit.too_large"),
    ],
)
def test_bad_values_are_refused_and_the_model_is_unchanged(value, key):
    tr = _trainer()
    before = _state(tr.model)
    for edit in (
        lambda: W.set_weight(tr.model, 0, 0, 0, value),
        lambda: W.set_bias(tr.model, 0, 0, value),
    ):
        with pytest.raises(W.EditError) as err:
            edit()
        assert err.value.key == key
        for lang in ("zh", "en"):  # a message in both languages, no missing argument
            msg = t(err.value.key, lang, **err.value.kwargs)
            assert msg and not msg.startswith("[")
    assert all(torch.equal(v, before[k]) for k, v in _state(tr.model).items())


@pytest.mark.parametrize(
    "args,key",
    [
        ((3, 0, 0), "ff.edit.bad_layer"),
        ((-1, 0, 0), "ff.edit.bad_layer"),
        ((0, 2, 0), "ff.edit.bad_from"),  # two inputs (x1, x2)
        ((0, 0, 4), "ff.edit.bad_to"),
        ((0, -1, 0), "ff.edit.bad_from"),
        ((2, 0, 1), "ff.edit.bad_to"),  # one output
    ],
)
def test_bad_indices_are_refused(args, key):
    tr = _trainer()
    before = _state(tr.model)
    with pytest.raises(W.EditError) as err:
        W.set_weight(tr.model, *args, 1.0)
    assert err.value.key == key
    assert all(torch.equal(v, before[k]) for k, v in _state(tr.model).items())


def test_parse_value_reads_what_students_type():
    assert W.parse_value(" 0,5 ") == 0.5  # a decimal comma
    assert W.parse_value("−3") == -3.0  # a typographic minus
    assert W.parse_value("1e3") == 1000.0  # the limit itself is allowed
    assert W.parse_value(-7) == -7.0


def test_the_weights_download_keeps_an_edit_and_the_config_does_not():
    tr = _trainer()
    W.set_weight(tr.model, 0, 1, 2, 3.75)
    blob = weights_to_bytes(tr.model)
    fresh = _trainer()
    assert fresh.cfg.to_json() == tr.cfg.to_json()  # the config holds no edit
    assert W.get_weight(fresh.model, 0, 1, 2) != 3.75
    load_weights(fresh.model, blob)
    assert W.get_weight(fresh.model, 0, 1, 2) == 3.75


def test_network_figure_names_what_a_click_edits():
    tr = _trainer()
    nm = net_maps(tr.model, ("x1", "x2"), "binary", tr.objective.predict, res=8)
    fig = network_figure(nm, ("x1", "x2"))
    edges = [tr for tr in fig.data if tr.customdata is not None and tr.customdata[0][0] == "w"]
    nodes = [tr for tr in fig.data if tr.customdata is not None and tr.customdata[0][0] == "x"]
    assert len(edges) == 1 and len(nodes) == 1
    picks = {tuple(c) for c in edges[0].customdata}
    assert len(picks) == 2 * 4 + 4 * 3 + 3 * 1  # every edge, once
    for kind, layer, i, j in picks:  # each names its weight, and the hover says its value
        assert kind == "w"
        assert 0 <= i < nm.weights[layer].shape[1] and 0 <= j < nm.weights[layer].shape[0]
    q = next(n for n, c in enumerate(edges[0].customdata) if tuple(c) == ("w", 1, 3, 2))
    assert edges[0].hovertext[q].endswith(f"={nm.weights[1][2, 3]:.3f}")
    biases = [tuple(c) for c in nodes[0].customdata if c[0] == "b"]
    assert biases == [("b", 0, 0, j) for j in range(4)] + [("b", 1, 0, j) for j in range(3)] + [
        ("b", 2, 0, 0)
    ]


# -- the page: AppTest -----------------------------------------------------------------------


def metric(at, label: str) -> float:
    return float(next(m.value for m in at.metric if m.label == label))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_edit_a_weight_on_the_paused_page(lang):
    at = app_test(PAGE, lang=lang)
    assert_clean(at)
    tr = at.session_state["ff._trainer"]
    loss0 = metric(at, t("train.train_loss", lang))
    url0 = dict(at.query_params)
    before = _state(tr.model)
    for bad in ("abc", "nan", "inf", "1e308"):
        at.text_input(key="ff.edit.value").input(bad).run()
        assert len(at.error) == 1, bad
        assert all(torch.equal(v, before[k]) for k, v in _state(tr.model).items())
    assert "1e+308" in at.error[0].value and "1000" in at.error[0].value
    # hidden 1 → hidden 2, from neuron 3 into neuron 5: 4.0
    at.selectbox(key="ff.edit.layer").set_value(1).run()  # the neuron ranges follow the layer
    at.number_input(key="ff.edit.from").set_value(3)
    at.number_input(key="ff.edit.to").set_value(5)
    at.text_input(key="ff.edit.value").input("4").run()
    assert not at.error and len(at.success) == 1
    assert W.get_weight(tr.model, 1, 2, 4) == 4.0
    loss1 = metric(at, t("train.train_loss", lang))
    assert loss1 != pytest.approx(loss0)  # the metric shows the edited model at once
    assert loss1 == pytest.approx(tr.last_eval["train_loss"], abs=1e-4)
    # a bias: its neuron only, the Set button
    at.segmented_control(key="ff.edit.kind").set_value("bias")
    at.selectbox(key="ff.edit.layer").set_value(2).run()
    at.text_input(key="ff.edit.value").set_value("-0.5")
    at.button(key="ff.edit.apply").click().run()
    assert W.get_bias(tr.model, 2, 0) == -0.5
    assert at.session_state["ff._trainer"] is tr  # the same model, edited, not rebuilt
    assert dict(at.query_params) == url0  # the edit travels in no share link
    assert_clean(at)


def test_a_click_on_the_graph_picks_the_parameter():
    at = app_test(PAGE, lang="en")
    # what the live view's pick trigger carries (ui/live_js.py): the figure's customdata
    at.session_state["ff._pick"] = ["w", 0, 1, 6]
    at.run()
    assert at.session_state["ff.edit.layer"] == 0
    assert (at.session_state["ff.edit.from"], at.session_state["ff.edit.to"]) == (2, 7)
    assert any("w2,7" in c.value for c in at.caption)
    at.session_state["ff._pick"] = ["b", 2, 0, 99]  # out of range: clamped to the last neuron
    at.run()
    assert at.session_state["ff.edit.kind"] == "bias" and at.session_state["ff.edit.to"] == 1
    assert_clean(at)


def test_a_pick_is_untrusted_json():
    from ui.weights import parse_pick

    for junk in ("{", '{"p": [1, 2]}', '["w", "0", 1, 2]', '["z", 0, 0, 0]', "[true, 0, 0, 0]", 3):
        assert parse_pick(junk) is None, junk
    assert parse_pick(json.dumps({"p": ["b", 1, 0, 2], "n": 5})) == ["b", 1, 0, 2]
    assert parse_pick(["w", 0, 1, 1]) == ["w", 0, 1, 1]


def _batch_losses(tr: Trainer) -> np.ndarray:
    return tr.history.batch["loss"].copy()


def test_reset_with_the_same_initial_weights_replays_exactly():
    at = app_test(PAGE, lang="en")
    at.selectbox(key="ff.data.name").set_value("xor").run()
    for _ in range(2):
        at.button(key="ff.btn_epoch").click().run()
    tr1 = at.session_state["ff._trainer"]
    first = _batch_losses(tr1)
    assert len(first) == 2 * tr1.steps_per_epoch
    at.button(key="ff.btn_reset").click().run()
    tr2 = at.session_state["ff._trainer"]
    assert tr2 is not tr1 and tr2.step_count == 0
    for _ in range(2):
        at.button(key="ff.btn_epoch").click().run()
    np.testing.assert_array_equal(_batch_losses(tr2), first)  # the same losses, step by step
    assert_clean(at)


def test_reset_with_new_initial_weights_draws_a_new_seed():
    at = app_test(PAGE, lang="en")
    at.selectbox(key="ff.data.name").set_value("xor").run()
    tr1 = at.session_state["ff._trainer"]
    at.button(key="ff.btn_epoch").click().run()
    data1 = tr1.dataset.x_train.copy()
    w1 = _state(tr1.model)
    seed1 = at.session_state["ff._cfg"].seed
    at.button(key="ff.btn_reset_new").click().run()
    assert_clean(at)
    tr2 = at.session_state["ff._trainer"]
    cfg2 = at.session_state["ff._cfg"]
    assert cfg2.seed != seed1 and at.session_state["seed"] == cfg2.seed
    assert tr2.step_count == 0 and tr2.cfg.seed == cfg2.seed
    np.testing.assert_array_equal(tr2.dataset.x_train, data1)  # the data stay
    fresh = Trainer(tr1.cfg)  # tr1's own initial weights, rebuilt
    assert not all(torch.equal(v, _state(fresh.model)[k]) for k, v in _state(tr2.model).items())
    assert any(not torch.equal(v, w1[k]) for k, v in _state(tr2.model).items())
