"""RNN chapter pages in AppTest (zh and en), driven by their buttons and widgets."""

from __future__ import annotations

import json

import pytest

from dlcore.i18n import t
from tests.conftest import app_test, assert_clean

TRAIN, INSIDE, GRAD = "pages/rnn.py", "pages/rnn_inside.py", "pages/rnn_gradients.py"


def either(key: str, **kw) -> tuple[str, str]:
    """The message in both languages (AppTest may rerun the shell in its default language)."""
    return t(key, "zh", **kw), t(key, "en", **kw)


def figures(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_train_page_steps_and_compares(lang):
    at = app_test(TRAIN, lang=lang, query={"d.n_points": "300", "d.seq_len": "20"})
    assert_clean(at)
    at.multiselect(key="rnn.compare").set_value(["gru", "rnn"]).run()
    for _ in range(3):
        at.button(key="rnn.btn_epoch").click().run()
    assert_clean(at)
    loss = next(f for f in figures(at) if len(f["data"]) >= 3)
    assert len(loss["data"]) == 3  # LSTM + GRU + RNN on one chart
    assert at.metric[0].value == str(3 * 8)  # 240 train sequences / batch 32 → 8 steps per epoch
    # the comparison runs followed the main run's step count
    assert all(m.value not in ("nan", "—") for m in at.metric)


def test_train_page_char_model_generates_text_and_order_beats_bag_of_words():
    at = app_test(TRAIN, lang="en", query={"d.name": "chars", "d.n_points": "200"})
    at.button(key="rnn.btn_step").click().run()
    assert_clean(at)
    at.slider(key="rnn.temperature").set_value(0.0).run()
    assert any(m.value in either("rnn.sample_at", step=1) for m in at.markdown)
    assert at.code and len(at.code[0].value) > 200
    at.session_state["rnn._text"] = "xyz xyz zyx " * 20  # as the uploader's callback stores it
    at.session_state["rnn._reset"] = True
    at.run()
    assert set(at.session_state["rnn._trainer"].dataset.meta["vocab"]) == set("xyz ")
    assert set(at.code[0].value) <= set("xyz \n")
    at.selectbox(key="rnn.data.name").set_value("order").run()
    at.button(key="rnn.btn_epoch").click().run()
    assert_clean(at)
    assert any(i.value[:20] in "".join(either("rnn.bow", acc="")) for i in at.info)


def test_exploding_preset_pauses_with_a_message_and_clipping_survives():
    at = app_test(TRAIN, lang="en")
    at.selectbox(key="rnn.preset").set_value("exploding").run()
    assert at.number_input(key="rnn.train.clip_grad").value == 0.0
    at.button(key="rnn.btn_epoch").click().run()
    assert_clean(at)
    tr = at.session_state["rnn._trainer"]
    assert tr.stop is not None and tr.stop.key == "train.stop.exploded"
    msg = t(tr.stop.key, "zh", **tr.stop.kwargs), t(tr.stop.key, "en", **tr.stop.kwargs)
    assert any(e.value in msg for e in at.error)  # paused, with the reason
    at.number_input(key="rnn.train.clip_grad").set_value(1.0).run()
    at.button(key="rnn.btn_epoch").click().run()
    assert at.session_state["rnn._trainer"].stop is None and not at.error


def test_bad_url_values_are_refused_with_a_reason():
    at = app_test(TRAIN, lang="zh", query={"d.name": "spiral", "d.seq_len": "1000"})
    assert_clean(at)
    assert at.warning  # not a sequence task / out of range → explained
    assert at.selectbox(key="rnn.data.name").value == "adding"
    at = app_test(TRAIN, lang="en", query={"d.seq_len": "350", "m.hidden_size": "256"})
    assert at.slider(key="rnn.data.seq_len").value == 200
    assert at.slider(key="rnn.model.hidden_size").value == 128
    assert any("T ≤ 200" in c.value for c in at.caption)  # the limit is explained


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inside_page_gates_agreement_and_span(lang):
    at = app_test(INSIDE, lang=lang, query={"d.n_points": "200"})
    at.button(key="rnn_inside.btn_step").click().run()
    assert_clean(at)
    heat = [f for f in figures(at) if f["data"] and f["data"][0]["type"] == "heatmap"]
    assert len(heat) == 1 and len(heat[0]["data"]) == 6  # f, i, o, C̃, C, h
    diff = float(at.metric[4].value)  # current model: max |NumPy − torch|
    assert diff < 1e-4
    assert all(float(m.value) < 1e-10 for m in at.metric[5:8])
    at.slider(key="rnn_inside.span").set_value((10, 20)).run()
    top = next(m.value for m in at.markdown if "(+" in m.value or "(-" in m.value)
    first = int(top.split("：" if lang == "zh" else ": ")[-1].split(" (")[0])
    at.button(key="rnn_inside.use_top").click().run()
    assert_clean(at)
    assert at.number_input(key="rnn_inside.unit").value == first  # the span's top cell
    at.segmented_control(key="rnn_inside.model.cell").set_value("gru").run()
    heat = [f for f in figures(at) if f["data"] and f["data"][0]["type"] == "heatmap"]
    assert len(heat[0]["data"]) == 4  # r, z, h̃, h
    assert_clean(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gradient_page_radius_slider(lang):
    at = app_test(GRAD, lang=lang, query={"d.n_points": "200", "d.seq_len": "40"})
    assert_clean(at)
    at.toggle(key="rnn_grad.sweep").set_value(False).run()
    at.slider(key="rnn_grad.model.spectral_radius").set_value(0.5).run()
    assert_clean(at)
    gtt = next(
        f
        for f in figures(at)
        if f["layout"]["yaxis"].get("type") == "log"
        and any(d.get("mode") == "lines+markers" for d in f["data"])
    )
    assert len(gtt["data"]) == 2  # at init + current model
    small = at.info[0].value
    at.slider(key="rnn_grad.model.spectral_radius").set_value(1.5).run()
    assert at.info[0].value != small
    at.button(key="rnn_grad.btn_step").click().run()
    assert_clean(at)
    assert at.metric[0].value == "1"
