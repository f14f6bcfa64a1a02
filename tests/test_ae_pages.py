"""AppTest of the autoencoder pages in zh and en, driven by their buttons and widgets."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from dlcore.schema import spec
from tests.conftest import app_test, assert_clean


def chart(at, key: str) -> dict:
    els = [el for el in at.get("plotly_chart") if el.proto.id.endswith(key)]
    assert els, f"no chart {key}"
    return json.loads(els[0].proto.spec)


def z_of(fig: dict) -> np.ndarray:
    """The heatmap's z (Plotly may ship it base64-encoded)."""
    z = fig["data"][0]["z"]
    if isinstance(z, dict):
        return np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"])
    return np.asarray(z, dtype=float)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_train_page_steps_and_reconstructions_change(lang):
    at = app_test("pages/ae.py", lang=lang)
    assert_clean(at)
    before = z_of(chart(at, "ae.fig_recon"))
    assert at.metric[0].value == "0"
    at.button(key="ae.btn_epoch").click().run()
    assert_clean(at)
    assert int(at.metric[0].value) > 0
    after = z_of(chart(at, "ae.fig_recon"))
    assert not np.allclose(before, after, equal_nan=True)
    assert chart(at, "ae.fig_code")["data"]  # code-space scatter
    assert any(tr.get("name") for tr in chart(at, "ae.fig_loss")["data"])
    # move the picked code: the decoded image changes
    pick = z_of(chart(at, "ae.fig_pick_img"))
    at.slider(key="ae.pick1").set_value(2.0).run()
    assert not np.allclose(pick, z_of(chart(at, "ae.fig_pick_img")), equal_nan=True)


def test_bad_widths_keep_training_state():
    at = app_test("pages/ae.py", lang="en")
    at.button(key="ae.btn_step").click().run()
    at.text_input(key="ae.widths").input("64, zero").run()
    assert_clean(at)
    assert any("Invalid widths" in e.value for e in at.error)
    assert at.metric[0].value == "1"  # nothing lost: same trainer, same step
    at.text_input(key="ae.widths").input("999").run()  # over the hosting cap (dlcore/schema.py)
    hi = spec("model.hidden").hi
    assert hi < 999 and any(f"1–{hi}" in e.value for e in at.error)
    at.text_input(key="ae.widths").input("16, 8").run()
    assert not at.error
    assert at.metric[0].value == "0"  # a new network


def test_manifold_bottleneck_and_conv_error():
    at = app_test("pages/ae.py", lang="en")
    at.selectbox(key="ae.data.name").set_value("swiss_roll").run()
    assert_clean(at)
    assert chart(at, "ae.fig_points")["data"][0]["type"] == "scatter3d"
    at.checkbox(key="ae.model.conv").check().run()
    assert any("image" in e.value for e in at.error)
    at.checkbox(key="ae.model.conv").uncheck().run()
    at.slider(key="ae.model.bottleneck").set_value(1).run()
    assert_clean(at)
    assert chart(at, "ae.fig_code1")["data"]
    at.slider(key="ae.model.bottleneck").set_value(5).run()
    assert any("undercomplete" in w.value for w in at.warning)


def test_url_config_and_huge_lambda_collapse():
    at = app_test(
        "pages/ae.py", lang="zh",
        query={"d.name": "spiral", "m.bottleneck": "8", "t.code_l2": "50", "t.batch_size": "8"},
    )  # fmt: skip
    assert_clean(at)
    assert at.warning  # the dataset fell back to digits
    assert at.slider(key="ae.model.bottleneck").value == 8
    assert not any("坍缩" in w.value for w in at.warning)
    at.button(key="ae.btn_epoch").click().run()  # 113 steps
    assert int(at.metric[0].value) >= 100
    assert any("坍缩" in w.value for w in at.warning)


def test_preset_loads():
    at = app_test("pages/ae.py", lang="en")
    at.selectbox(key="ae.preset").set_value("linear_pca").run()  # picking it loads it
    assert_clean(at)
    assert at.selectbox(key="ae.model.activation").value == "linear"
    assert at.text_input(key="ae.widths").value == ""
    assert at.info


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pca_page_angles_and_comparison(lang):
    at = app_test("pages/ae_pca.py", lang=lang)
    assert_clean(at)
    angles0 = chart(at, "aepca.fig_angles")["data"][0]["y"]
    for _ in range(3):
        at.button(key="aepca.btn_step").click().run()
    assert_clean(at)
    assert chart(at, "aepca.fig_angles")["data"][0]["y"] != angles0
    assert len(chart(at, "aepca.fig_rows")["data"]) == 1
    assert at.info  # nothing trained for sections 2 and 3 yet
    at.selectbox(key="aepca.steps").set_value(300).run()
    at.button(key="aepca.btn_run").click().run()
    assert_clean(at)
    assert len(chart(at, "aepca.fig_norms")["data"]) == 4
    assert len(chart(at, "aepca.fig_anomaly")["data"]) >= 2
    assert chart(at, "aepca.fig_denoise")["data"]


def test_conv_autoencoder_on_shapes():
    at = app_test("pages/ae.py", lang="zh")
    at.selectbox(key="ae.data.name").set_value("shapes").run()
    at.checkbox(key="ae.model.conv").check().run()
    assert not at.error
    at.button(key="ae.btn_step").click().run()
    assert_clean(at)
    assert at.metric[0].value == "1"
    names = chart(at, "ae.fig_class")["data"][0]["x"]
    assert len(names) >= 2 and not any(n.startswith("[") for n in names)


def test_too_high_rate_stops_with_message():
    at = app_test("pages/ae.py", lang="en")
    at.number_input(key="ae.train.lr").set_value(10.0).run()
    at.button(key="ae.btn_epoch").click().run()
    assert_clean(at)
    assert any("diverged" in e.value for e in at.error)
    assert not at.button(key="ae.btn_play").label.startswith("⏸")


def test_collapse_watch_pauses_the_engine_once():
    """/ae's live view: a collapse seen while playing stops the engine until the paused
    page has shown it; then Play plays on (a warning only); a new trainer starts afresh."""
    from pages.ae_live import Watch

    class Tr:
        stop = None

    tr, w = Tr(), Watch()
    w.see(tr, False)
    assert not w.stopped(tr)
    w.see(tr, True)
    assert w.stopped(tr)
    w.ack()
    w.see(tr, True)
    assert not w.stopped(tr)
    other = Tr()
    w.see(other, True)
    assert w.stopped(other)
    other.stop = object()
    w.ack()
    assert w.stopped(other)  # a diverged trainer stays stopped
