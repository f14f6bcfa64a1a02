"""History chapter pages in AppTest: both languages, and the interactions that matter."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from tests.conftest import ROOT, app_test, assert_clean

PAGES = ("pages/history.py", "pages/neuron.py", "pages/activations.py", "pages/losses.py")


def arr(v) -> np.ndarray:
    """A Plotly array from the figure JSON (plain list or base64 typed array)."""
    if isinstance(v, dict) and "bdata" in v:
        out = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        if "shape" in v:
            shape = v["shape"]
            shape = [int(k) for k in shape.split(",")] if isinstance(shape, str) else shape
            out = out.reshape(shape)
        return out
    return np.asarray(v)


def figures(at) -> dict[str, dict]:
    return {el.proto.id.split("-")[-1]: json.loads(el.proto.spec) for el in at.get("plotly_chart")}


def fig(at, key: str) -> dict:
    for el in at.get("plotly_chart"):
        if key in el.proto.id:
            return json.loads(el.proto.spec)
    raise KeyError(key)


def no_inf(spec: dict) -> None:
    for tr in spec["data"]:
        for k in ("x", "y", "z"):
            if k in tr:
                a = arr(tr[k])
                if a.dtype.kind == "f":
                    assert not np.isinf(a).any()
                elif a.dtype == object:
                    flat = [v for v in np.ravel(a) if isinstance(v, float)]
                    assert all(np.isfinite(flat) | np.isnan(flat))


def text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.info, at.warning, at.success, at.error) for e in kind]
    return "\n".join(str(p) for p in parts)


def go(at) -> None:
    """Run again in the test's language (AppTest does not send the sidebar's language
    segmented control back, so a rerun would fall back to the default language)."""
    at.session_state["lang"] = at.query_params.get("lang", "en")
    at.run()


def set_state(at, key: str, value) -> None:
    """Set a widget through session_state, then rerun."""
    at.session_state[key] = value
    go(at)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_render_in_both_languages(page, lang):
    at = app_test(page, lang=lang)
    assert_clean(at)
    assert "[history." not in text(at)
    assert len(at.get("plotly_chart")) >= 2
    for spec in figures(at).values():
        no_inf(spec)
    if lang == "zh":
        assert any("\u4e00" <= ch <= "\u9fff" for ch in at.title[0].value)


def test_timeline_pick_next_and_glue_sort():
    at = app_test("pages/history.py", lang="en")
    links = [p.proto.label for p in at.get("page_link")]
    assert links == ["Play with it: MP neuron & perceptron"]  # a link to a page that exists
    set_state(at, "history.milestone", "lstm")
    if (ROOT / "pages/rnn.py").exists():  # another chapter's page: linked once it lands
        assert any("Recurrent networks" in p.proto.label for p in at.get("page_link"))
    set_state(at, "history.milestone", "bert")
    assert "GLUE table" in text(at)
    at.button(key="history.btn_next").click()
    go(at)
    assert at.selectbox(key="history.milestone").value == "turing"
    at.button(key="history.btn_prev").click()
    go(at)
    at.button(key="history.btn_prev").click()
    go(at)
    assert at.selectbox(key="history.milestone").value == "alphago"
    bars = fig(at, "history.glue_chart")
    assert bars["data"][0]["x"][0].startswith("MNLI-m")
    set_state(at, "history.glue_sort", "size")
    assert fig(at, "history.glue_chart")["data"][0]["x"][0].startswith("RTE")
    set_state(at, "history.glue_view", "heatmap")
    assert fig(at, "history.glue_chart")["data"][0]["type"] == "heatmap"
    set_state(at, "history.glue_systems", [])
    assert_clean(at)
    assert at.warning


def test_mp_gates_and_xor():
    at = app_test("pages/neuron.py", lang="en")
    assert at.success  # AND with the textbook weights
    at.radio(key="neuron.mp.gate").set_value("or")
    go(at)
    assert at.slider(key="neuron.mp.theta").value == 1.0 and at.success
    at.radio(key="neuron.mp.gate").set_value("not")
    go(at)
    assert at.success
    at.radio(key="neuron.mp.gate").set_value("xor")
    go(at)
    assert not at.success and "3 of 4" in text(at) and "**3 / 4**" in text(at)
    at.button(key="neuron.mp.btn_best").click()
    go(at)
    assert "3 of 4" in text(at)
    at.slider(key="neuron.mp.w1").set_value(0.0)
    go(at)
    at.slider(key="neuron.mp.w2").set_value(0.0)
    go(at)
    assert_clean(at)


def test_perceptron_step_advances_and_converges():
    at = app_test("pages/neuron.py", lang="en")
    assert metric(at, "Samples seen") == "0"
    at.button(key="neuron.pc.btn_step").click()
    go(at)
    assert metric(at, "Samples seen") == "1" and metric(at, "Updates") == "1"
    assert "Mistake" in text(at)
    spec = fig(at, "neuron.pc.fig")
    assert any(tr.get("name") == "current sample" for tr in spec["data"])
    for _ in range(30):
        at.button(key="neuron.pc.btn_epoch").click()
        go(at)
        if at.button(key="neuron.pc.btn_step").disabled:
            break
    assert "Converged" in text(at)
    assert_clean(at)
    at.button(key="neuron.pc.btn_reset").click()
    go(at)
    assert metric(at, "Samples seen") == "0"


def test_perceptron_cycles_on_xor():
    at = app_test("pages/neuron.py", lang="en")
    set_state(at, "neuron.pc.kind", "xor")
    for _ in range(6):
        at.button(key="neuron.pc.btn_epoch").click()
        go(at)
    assert metric(at, "Epoch") == "6"
    assert "keeps cycling" in text(at)
    mist = arr(fig(at, "neuron.pc.mfig")["data"][0]["y"])
    assert len(mist) == 6 and (mist > 0).all()
    at.button(key="neuron.pc.btn_regen").click()
    go(at)
    assert metric(at, "Epoch") == "0"


def test_neuron_sliders_move_the_output():
    at = app_test("pages/activations.py", lang="en")
    z0 = arr(fig(at, "act.neuron.fig")["data"][0]["z"])
    at.slider(key="act.neuron.w1").set_value(-3.0)
    go(at)
    z1 = arr(fig(at, "act.neuron.fig")["data"][0]["z"])
    assert z0.shape == z1.shape and not np.allclose(z0, z1)
    at.slider(key="act.neuron.w1").set_value(0.0)
    go(at)
    at.slider(key="act.neuron.w2").set_value(0.0)
    go(at)
    at.select_slider(key="act.neuron.span").set_value(1000)
    go(at)
    assert "w = 0" in text(at)
    z2 = arr(fig(at, "act.neuron.fig")["data"][0]["z"])
    assert np.isfinite(z2).all() and np.ptp(z2) == 0
    for name in ("relu", "gelu", "elu", "softplus", "linear", "tanh"):
        set_state(at, "act.neuron.act", name)
        assert_clean(at)
        no_inf(fig(at, "act.neuron.fig"))


def test_activation_explorer():
    at = app_test("pages/activations.py", lang="zh")
    set_state(at, "act.explore.names", ["sigmoid", "gelu", "leaky_relu"])
    assert len(at.get("plotly_chart")) == 5  # neuron, three activations, all derivatives
    assert len(fig(at, "act.explore.fig_all")["data"]) == 3
    spec = fig(at, "act.explore.fig.sigmoid")
    assert len(spec["layout"]["shapes"]) == 2  # both tails saturated
    at.slider(key="act.explore.range").set_value(50.0)
    go(at)
    for name in ("sigmoid", "gelu", "leaky_relu"):
        no_inf(fig(at, f"act.explore.fig.{name}"))
    set_state(at, "act.explore.names", [])
    assert_clean(at)
    assert at.info


def test_losses_confidently_wrong_and_softmax_temperature():
    at = app_test("pages/losses.py", lang="en")
    at.slider(key="losses.p").set_value(0.001)
    go(at)
    assert "does not stall" in text(at)
    at.slider(key="losses.temp").set_value(0.01)
    go(at)
    at.slider(key="losses.logit0").set_value(50.0)
    go(at)
    at.slider(key="losses.logit1").set_value(-50.0)
    go(at)
    set_state(at, "losses.true", 1)
    assert_clean(at)
    spec = fig(at, "losses.fig_softmax")
    probs = arr(spec["data"][0]["y"])
    assert probs[0] == pytest.approx(1.0) and np.isfinite(arr(spec["data"][1]["y"])).all()
    assert "argmax" in text(at)


def test_perceptron_live_target_steps_one_update():
    """/neuron's live target: one step = one weight update (the samples it gets right pass
    by), a Step of EPOCH finishes the epoch, and it is done once converged."""
    from dlcore.scratch import perceptron as P
    from pages.neuron_live import EPOCH, Learner

    x, y = P.make_points("separable", 40, 0)
    learner = Learner(P.Perceptron(x, y, lr=1.0, seed=0))
    for k in range(1, 4):
        assert learner.step(1) == 1
        assert learner.p.updates == k and learner.p.last.mistake and learner.step_count == k
    learner.step(EPOCH)
    assert learner.p.pos == 0 and learner.p.epoch == 1
    while not learner.done():
        learner.step(time_budget_s=0.05, max_steps=1000)
    assert learner.p.converged and learner.step(5) == 0
