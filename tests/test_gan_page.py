"""AppTest of the GAN page in zh and en: Step D / Step G move their counters, presets load."""

from __future__ import annotations

import json

import pytest

from tests.conftest import app_test, assert_clean


def chart(at, key: str) -> dict:
    els = [el for el in at.get("plotly_chart") if el.proto.id.endswith(key)]
    assert els, f"no chart {key}"
    return json.loads(els[0].proto.spec)


def counters(at) -> tuple[int, int]:
    return int(at.metric[0].value), int(at.metric[1].value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_step_d_and_step_g_move_their_counters(lang):
    at = app_test("pages/gan.py", lang=lang)
    assert_clean(at)
    assert counters(at) == (0, 0)
    for key in ("gan.fig_points", "gan.fig_d", "gan.fig_grad", "gan.fig_loss"):
        assert chart(at, key)["data"], key
    at.button(key="gan.btn_step_d").click().run()
    assert counters(at) == (1, 0)
    at.button(key="gan.btn_step_g").click().run()
    at.button(key="gan.btn_step_g").click().run()
    assert counters(at) == (1, 2)
    at.button(key="gan.btn_step").click().run()  # k = 1: one D, one G
    assert_clean(at)
    assert counters(at) == (2, 3)
    assert at.latex and "\\min_G" in at.latex[0].value
    assert not any(m.value.startswith("[") for m in at.markdown)
    at.button(key="gan.btn_reset").click().run()
    assert counters(at) == (0, 0)


def test_presets_load_with_their_sentence_and_url():
    at = app_test("pages/gan.py", lang="en")
    at.selectbox(key="gan.preset").set_value("mode_collapse").run()
    at.button(key="gan.btn_preset").click().run()
    assert_clean(at)
    assert at.number_input(key="gan.w.g_lr").value == pytest.approx(3e-3)
    assert any("mode collapse" in i.value for i in at.info)
    assert at.query_params["g.g_lr"] in ("0.003", ["0.003"])


def test_url_config_and_minimax_loss():
    at = app_test(
        "pages/gan.py", lang="zh", query={"g.g_loss": "minimax", "g.k_d": "3", "g.d_lr": "x"}
    )
    assert_clean(at)
    assert at.radio(key="gan.w.g_loss").value == "minimax"
    assert at.warning  # the bad learning rate fell back, with a notice
    assert "1 - D(G(z))" in at.latex[1].value
    at.button(key="gan.btn_step").click().run()
    assert counters(at) == (3, 1)


def test_drawn_target_needs_points():
    at = app_test("pages/gan.py", lang="en")
    at.selectbox(key="gan.w.target").set_value("drawn").run()
    assert_clean(at)
    assert any("at least 3" in i.value for i in at.info)
    assert chart(at, "gan.board")["data"]


def test_drawn_points_from_the_url_train():
    pts = "0,0,1,1,-1,1,0.5,-1.5"
    at = app_test("pages/gan.py", lang="en", query={"g.target": "drawn", "g.points": pts})
    assert_clean(at)
    assert not at.info
    board = chart(at, "gan.board")["data"]
    assert len(board[2]["x"]["bdata"] if isinstance(board[2]["x"], dict) else board[2]["x"])
    at.button(key="gan.btn_step").click().run()
    assert counters(at) == (1, 1)
    at.button(key="gan.btn_clear").click().run()
    assert any("at least 3" in i.value for i in at.info)


def test_discriminator_winning_stops_with_its_reason():
    q = {"g.g_lr": "0.00001", "g.d_lr": "0.01", "g.k_d": "10", "g.g_loss": "minimax",
         "g.d_width": "128"}  # fmt: skip
    at = app_test("pages/gan.py", lang="en", query=q)
    for _ in range(30):
        at.button(key="gan.btn_step").click().run()
        if at.error:
            break
    assert_clean(at)
    assert any("discriminator won outright" in e.value for e in at.error)
    assert at.button(key="gan.btn_play").label == "▶ Play"
