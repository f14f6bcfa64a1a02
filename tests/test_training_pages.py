"""AppTest of the training chapter's pages in zh and en, with interactions."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from dlcore import i18n
from tests.conftest import app_test, assert_clean

LANGS = ["zh", "en"]


def run(at, lang: str):
    """Rerun keeping the language (AppTest drops the sidebar's language widget on reruns)."""
    at.session_state["lang"] = lang
    return at.run()


def click(at, key: str, lang: str):
    at.button(key=key).click()
    return run(at, lang)


def arr(v) -> np.ndarray:
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
    return np.asarray(v, dtype=np.float64)


def charts(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def metric(at, label_key: str, lang: str) -> str:
    label = i18n.t(label_key, lang)
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang", LANGS)
def test_gd_race_and_crossing_two_over_lambda(lang):
    at = app_test("pages/gd.py", lang=lang)
    assert_clean(at)
    assert i18n.t("gd.title", lang) in at.title[0].value
    at.radio(key="gd.mode").set_value("race")
    run(at, lang)
    at.multiselect(key="gd.race").set_value(["sgd", "momentum", "nesterov", "adam"])
    run(at, lang)
    assert_clean(at)
    contour = charts(at)[0]
    names = {tr.get("name") for tr in contour["data"] if tr.get("mode") == "lines+markers"}
    assert names == {i18n.t(f"opt.{o}", lang) for o in ("sgd", "momentum", "nesterov", "adam")}
    assert len(at.dataframe[0].value) == 4
    assert not at.error
    click(at, "gd.btn_above", lang)  # η = 1.05 · 2/λ_max: GD diverges, the run stops
    assert any(i18n.t("opt.sgd", lang) in e.value for e in at.error)
    for spec in charts(at):
        for tr in spec["data"]:
            for axis in ("x", "y"):
                v = tr.get(axis)
                if isinstance(v, dict) or (isinstance(v, list) and v and not isinstance(v[0], str)):
                    a = arr(v)
                    assert np.all(np.abs(a[np.isfinite(a)]) < 1e30)
    click(at, "gd.btn_below", lang)  # GD is stable again (Nesterov's limit is lower)
    sgd = i18n.t("opt.sgd", lang)
    assert not any(sgd in e.value and i18n.t("opt.momentum", lang) not in e.value for e in at.error)


def test_gd_surfaces_start_point_and_optimizer():
    at = app_test("pages/gd.py", lang="en")
    for name in ("rosenbrock", "saddle", "logistic", "quadratic"):
        at.selectbox(key="gd.surface").set_value(name)
        run(at, "en")
        assert_clean(at)
        assert i18n.t(f"gd.note.{name}", "en")[:30] in " ".join(m.value for m in at.markdown)
    at.number_input(key="gd.x0").set_value(1.0)
    at.number_input(key="gd.y0").set_value(-1.0)
    at.selectbox(key="gd.opt").set_value("adam")
    run(at, "en")
    path = next(tr for tr in charts(at)[0]["data"] if tr.get("mode") == "lines+markers")
    assert arr(path["x"])[0] == pytest.approx(1.0) and arr(path["y"])[0] == pytest.approx(-1.0)
    assert path["name"] == "Adam"


@pytest.mark.parametrize("lang", LANGS)
def test_backprop_chain_step_through_agrees_with_autograd(lang):
    at = app_test("pages/backprop.py", lang=lang)
    assert_clean(at)
    k = 4
    assert i18n.t("bp.agree", lang)[:8] in at.success[0].value
    table = at.dataframe[0].value
    assert (table["∂L/∂wᵢ"] == "·").all()  # nothing computed backwards yet
    for s in range(1, k + 2):
        click(at, "bp.btn_next", lang)
        assert_clean(at)
        table = at.dataframe[0].value
        assert (table["∂L/∂wᵢ"] != "·").sum() == max(0, s - 1)
    assert (table["∂L/∂wᵢ"] == table["∂L/∂wᵢ (autograd)"]).sum() >= k - 1
    last = at.latex[-1].value
    assert "w_{1}" in last and "\\cdot" in last  # the formula with numbers substituted
    assert at.metric[0].value == "9" and at.metric[1].value == "15"  # 2k+1 vs k(k-1)/2+2k+1
    click(at, "bp.btn_restart", lang)
    assert (at.dataframe[0].value["∂L/∂wᵢ"] == "·").all()


def test_backprop_chain_deep_sigmoid_vanishes():
    at = app_test("pages/backprop.py", lang="en")
    at.slider(key="bp.k").set_value(8)
    at.toggle(key="bp.random").set_value(False)
    run(at, "en")
    click(at, "bp.btn_all", "en")
    assert_clean(at)
    assert any("vanishing" in w.value.lower() for w in at.warning)
    assert at.metric[0].value == "17"


@pytest.mark.parametrize("lang", LANGS)
def test_backprop_mlp_step_through(lang):
    at = app_test("pages/backprop_mlp.py", lang=lang)
    assert_clean(at)
    at.slider(key="bpm.depth").set_value(2)
    run(at, lang)
    n = 2 * 3  # forward and backward through three weight layers
    for _ in range(n):
        click(at, "bpm.btn_next", lang)
        assert_clean(at)
        assert not at.error
    layer_ok = i18n.t("bpm.layer_agree", lang, l=1, diff="x").split("x")[0][:6]
    assert any(layer_ok in s.value for s in at.success)
    assert any("bmatrix" in x.value for x in at.latex)
    assert at.button(key="bpm.btn_next").disabled


@pytest.mark.parametrize("lang", LANGS)
def test_gradflow_step_play_and_preset(lang):
    at = app_test("pages/gradflow.py", lang=lang)
    assert_clean(at)
    assert metric(at, "train.steps", lang) == "0"
    assert at.warning  # sigmoid + small uniform at init: vanishing
    click(at, "gradflow.btn_step", lang)
    assert metric(at, "train.steps", lang) == "1"
    bars = next(c for c in charts(at) if any(tr.get("type") == "bar" for tr in c["data"]))
    assert [tr["name"] for tr in bars["data"]] == [
        i18n.t("gf.now", lang),
        i18n.t("gf.at_init", lang),
    ]
    click(at, "gradflow.btn_play", lang)  # Play: each rerun trains a bounded chunk
    run(at, lang)
    n = int(metric(at, "train.steps", lang))
    assert n > 1
    assert_clean(at)
    at.selectbox(key="gradflow.preset").set_value("relu_he")  # picking it loads it
    run(at, lang)
    assert_clean(at)
    assert metric(at, "train.steps", lang) == "0"
    ratio = float(metric(at, "gf.ratio", lang))
    assert 0.1 < ratio < 10
    assert at.slider(key="gradflow.depth").value == 20


def test_gradflow_depth_30_is_allowed():
    at = app_test("pages/gradflow.py", lang="en")
    at.slider(key="gradflow.depth").set_value(30)
    run(at, "en")
    assert_clean(at)
    assert not any("30" in w.value and "8" in w.value for w in at.warning)  # not capped
    hidden = at.query_params["m.hidden"]
    hidden = hidden[-1] if isinstance(hidden, list) else hidden
    assert hidden.count(",") == 29


def test_gradflow_divergence_stops_with_a_message_and_no_nan():
    query = {"page": "gradflow", "m.activation": "relu", "m.init": "normal", "t.lr": "10"}
    at = app_test("pages/gradflow.py", lang="en", query=query)
    for _ in range(3):
        click(at, "gradflow.btn_step", "en")
    assert_clean(at)
    assert any("diverged" in e.value for e in at.error)
    for el in at.get("plotly_chart"):
        assert "NaN" not in el.proto.spec and "Infinity" not in el.proto.spec
    assert all("nan" not in str(m.value).lower() for m in at.metric)


def test_gd_start_at_a_stationary_point_is_explained_and_charted():
    """Starting exactly at the minimum (loss 0) or on the saddle: a sentence, no blank chart."""
    at = app_test("pages/gd.py", lang="en")
    at.selectbox(key="gd.surface").set_value("quadratic").run()
    at.number_input(key="gd.x0").set_value(0.0)
    at.number_input(key="gd.y0").set_value(0.0)
    at.slider(key="gd.steps").set_value(10).run()
    assert_clean(at)
    assert any("never moves" in i.value and "already the minimum" in i.value for i in at.info)
    loss = charts(at)[-2]  # loss against iteration: a flat line at 0 on a linear axis
    assert loss["layout"]["yaxis"]["type"] == "linear"
    assert np.all(arr(loss["data"][0]["y"]) == 0.0)
    at.selectbox(key="gd.surface").set_value("saddle").run()
    at.number_input(key="gd.x0").set_value(0.0)
    at.number_input(key="gd.y0").set_value(0.0).run()
    assert any("saddle" in i.value for i in at.info)
