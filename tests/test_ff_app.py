"""AppTest of the feedforward page: every control, Step / Reset, presets, URL round trip."""

from __future__ import annotations

import json

import pytest

from dlcore import config as C
from tests.conftest import ROOT, app_test, assert_clean

PAGE = "pages/ff.py"


def metric(at, label: str) -> float:
    for m in at.metric:
        if m.label == label:
            return float(m.value)
    raise KeyError(label)


def cfg(at) -> C.ExperimentConfig:
    return at.session_state["ff._cfg"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_renders_with_figures(lang):
    at = app_test(PAGE, lang=lang)
    assert_clean(at)
    assert not at.error
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    kinds = {tr["type"] for s in specs for tr in s["data"]}
    assert {"heatmap", "scatter"} <= kinds
    # the network graph: one sheet of thumbnails, one hover target per node (2 + 8 + 8 + 1)
    net = [s for s in specs if s["layout"].get("images")]
    assert len(net) == 1 and net[0]["layout"]["images"][0]["source"].startswith("data:image/png")
    assert any(len(tr.get("hovertext", [])) == 19 for tr in net[0]["data"])
    assert len(at.latex) >= 3


def test_every_control_once():
    at = app_test(PAGE, lang="en")
    changes = [
        ("selectbox", "ff.data.name", "xor"),
        ("slider", "ff.data.n_points", 300),
        ("slider", "ff.data.noise", 0.2),
        ("slider", "ff.data.train_ratio", 0.7),
        ("slider", "ff.n_layers", 3),
        ("number_input", "ff.width.0", 5),
        ("selectbox", "ff.model.activation", "relu"),
        ("selectbox", "ff.model.init", "he"),
        ("slider", "ff.model.dropout", 0.1),
        ("selectbox", "ff.train.optimizer", "momentum"),
        ("select_slider", "ff.train.lr", 0.1),
        ("number_input", "ff.train.batch_size", 20),
        ("slider", "ff.train.momentum", 0.5),
        ("selectbox", "ff.model.output", "softmax"),
        ("selectbox", "ff.train.loss", "mse"),
        ("number_input", "ff.train.l1", 0.001),
        ("number_input", "ff.train.l2", 0.002),
        ("toggle", "ff.show_test", True),
        ("toggle", "ff.discretize", True),
        ("selectbox", "ff.data.name", "reg_gauss"),
    ]
    for kind, key, value in changes:
        getattr(at, kind)(key=key).set_value(value).run()
        assert_clean(at)
        assert not at.error, (key, [e.value for e in at.error])
    at.session_state["ff.data.features"] = ["x1", "x2", "x1x2", "sin_x1"]
    at.run()
    assert_clean(at)
    c = cfg(at)
    assert c.data.name == "reg_gauss" and c.data.n_points == 300
    assert c.model.hidden == (5, 8, 8) and c.model.activation == "relu"
    assert c.train.optimizer == "momentum" and c.train.lr == 0.1 and c.train.batch_size == 20
    assert c.train.l1 == 0.001 and c.train.l2 == 0.002 and c.model.dropout == 0.1
    assert c.data.features == ("x1", "x2", "x1x2", "sin_x1")
    seed = c.data.seed
    for key in ("ff.regen", "ff.btn_step", "ff.btn_epoch", "ff.btn_reset"):
        at.button(key=key).click().run()
        assert_clean(at)
    assert cfg(at).data.seed == seed + 1
    at.slider(key="ff.n_layers").set_value(0).run()
    assert_clean(at)
    assert cfg(at).model.hidden == ()


def test_step_trains_xor_and_reset():
    at = app_test(PAGE, lang="en")
    at.selectbox(key="ff.data.name").set_value("xor").run()
    loss0 = metric(at, "Train loss")
    for _ in range(3):
        at.button(key="ff.btn_epoch").click().run()
    assert metric(at, "Epoch") == pytest.approx(3.0)
    assert metric(at, "Train loss") < 0.8 * loss0
    at.button(key="ff.btn_step").click().run()
    # one batch of 25 per epoch: 3.04, shown "3.0" (one decimal, as the live view)
    assert at.session_state["ff._trainer"].epoch_float > 3.0
    at.button(key="ff.btn_reset").click().run()
    assert_clean(at)
    assert metric(at, "Epoch") == 0.0
    assert metric(at, "Train loss") == pytest.approx(loss0)


def _presets() -> list[str]:
    return sorted(p.stem[3:] for p in (ROOT / "examples").glob("ff_*.json"))


def test_each_preset_loads():
    at = app_test(PAGE, lang="zh")
    for name in _presets():
        at.selectbox(key="ff.preset").set_value(name).run()  # picking it loads it
        assert_clean(at)
        want, _ = C.from_json((ROOT / "examples" / f"ff_{name}.json").read_bytes())
        got = cfg(at)
        assert got.data == want.data and got.model == want.model and got.train == want.train
        assert at.info, name  # the sentence on what to notice
        assert at.selectbox(key="ff.preset").value == name  # the box shows what is loaded
        at.button(key="ff.btn_epoch").click().run()
        assert_clean(at)


def test_diverging_preset_pauses_with_message():
    at = app_test(PAGE, lang="en")
    at.selectbox(key="ff.preset").set_value("lr_too_high").run()
    at.button(key="ff.btn_epoch").click().run()
    assert_clean(at)
    assert any("diverged" in e.value for e in at.error)
    assert at.session_state["ff._trainer"].stop is not None


def test_url_round_trip_same_curves():
    at = app_test(PAGE, lang="en")
    at.selectbox(key="ff.data.name").set_value("moons").run()
    at.slider(key="ff.n_layers").set_value(1).run()
    at.select_slider(key="ff.train.lr").set_value(0.1).run()
    at.button(key="ff.btn_epoch").click().run()
    raw = {k: at.query_params[k] for k in at.query_params if k != "lang"}
    query = {k: v if isinstance(v, str) else v[-1] for k, v in raw.items()}
    assert query["d.name"] == "moons" and query["m.hidden"] == "8"
    loss = metric(at, "Train loss")
    at2 = app_test(PAGE, lang="en", query=query)
    assert_clean(at2)
    assert cfg(at2) == cfg(at)
    at2.button(key="ff.btn_epoch").click().run()
    assert metric(at2, "Train loss") == pytest.approx(loss, abs=1e-6)


def test_view_toggles_travel_with_the_url():
    at = app_test(PAGE, lang="en")
    assert not at.toggle(key="ff.show_test").value and "view" not in at.query_params
    at.toggle(key="ff.show_test").set_value(True).run()
    at.toggle(key="ff.discretize").set_value(True).run()
    raw = {k: at.query_params[k] for k in at.query_params}
    query = {k: v if isinstance(v, str) else v[-1] for k, v in raw.items()}
    assert query["view"] == "test,discrete"
    at2 = app_test(PAGE, lang="en", query=query)
    assert_clean(at2)
    assert at2.toggle(key="ff.show_test").value and at2.toggle(key="ff.discretize").value
    assert not at2.warning  # "view" is not an experiment field: no notice
    at2.toggle(key="ff.show_test").set_value(False).run()
    assert at2.query_params["view"] in ("discrete", ["discrete"])


def test_bad_url_values_give_notices():
    at = app_test(PAGE, lang="en", query={"t.lr": "abc", "m.hidden": "8,999", "d.name": "nope"})
    assert_clean(at)
    assert at.warning
    assert cfg(at).data.name == "spiral"


@pytest.mark.skipif(
    not __import__("torch").cuda.is_available(), reason="needs a CUDA device (run on the GPU box)"
)
def test_trains_on_the_sidebar_device_cuda():
    at = app_test(PAGE, lang="en")
    at.sidebar.selectbox(key="device").set_value("cuda").run()
    at.button(key="ff.btn_reset").click().run()
    loss0 = metric(at, "Train loss")
    for _ in range(3):
        at.button(key="ff.btn_epoch").click().run()
    assert_clean(at)
    tr = at.session_state["ff._trainer"]
    assert tr.device == "cuda" and next(tr.model.parameters()).is_cuda
    assert metric(at, "Train loss") < loss0
    assert any("CUDA" in c.value for c in at.caption)
