"""AppTest of the CNN chapter's pages in zh and en, with interactions."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from PIL import Image

from tests.conftest import app_test, assert_clean
from tests.test_cnn_upload import bomb_png


def _fig(at, key: str) -> dict:
    for el in at.get("plotly_chart"):
        if el.proto.id and key in el.proto.id or getattr(el, "key", None) == key:
            return json.loads(el.proto.spec)
    raise AssertionError(f"no chart {key}")


def _latex(at) -> str:
    return " ".join(el.value for el in at.latex)


def _png(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray((a * 255).astype(np.uint8)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explorer_formula_geometry_and_by_hand(lang):
    at = app_test("pages/conv.py", lang=lang)
    assert_clean(at)
    assert len(at.get("plotly_chart")) >= 2
    assert "= 26" in _latex(at)  # 28×28 input, 3×3 kernel
    at.slider(key="conv.stride").set_value(2)
    at.slider(key="conv.padding").set_value(1).run()
    assert "= 14" in _latex(at)  # ⌊(28 + 2 − 2 − 1)/2⌋ + 1
    # impossible: 7×7 kernel dilated ×4 on a 7×7 image → explained, no crash
    at.slider(key="conv.size").set_value(7)
    at.select_slider(key="conv.k").set_value(7)
    at.slider(key="conv.dilation").set_value(4).run()
    assert_clean(at)
    assert at.error and ("25" in at.error[0].value)
    at.slider(key="conv.dilation").set_value(1)
    at.slider(key="conv.size").set_value(28)
    at.select_slider(key="conv.k").set_value(3)
    at.slider(key="conv.stride").set_value(1)
    at.slider(key="conv.padding").set_value(0).run()
    # by hand: the next cell, and our value equals torch's
    at.button(key="conv.hand.btn_step").click().run()
    assert at.slider(key="conv.cell").value == 1
    cap = [c.value for c in at.caption if "conv2d" in c.value][0]
    vals = {float(v) for v in re.findall(r"-?\d+\.\d+", cap)}
    assert len(vals) == 1, cap
    assert_clean(at)


def test_kernel_presets_and_bad_cells_keep_last_kernel():
    at = app_test("pages/conv.py", lang="en")
    at.selectbox(key="conv.preset").set_value("sobel_x").run()
    assert_clean(at)
    z = at.session_state["conv._kernel"]
    assert z[1, 0] == -2 and z[1, 2] == 2
    key = f"conv.editor{at.session_state['conv._kver']}"
    at.session_state[key] = {"edited_rows": {0: {"1": "abc"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert at.warning and at.session_state["conv._kernel"][1, 0] == -2
    at.session_state[key] = {"edited_rows": {0: {"1": "7"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.warning and at.session_state["conv._kernel"][0, 1] == 7


def test_upload_good_and_bad_images():
    at = app_test("pages/conv.py", lang="en")
    at.selectbox(key="conv.source").set_value("upload").run()
    assert at.info  # hint until a file comes
    img = np.zeros((40, 40), np.float32)
    img[10:30, 18:22] = 1.0
    at.file_uploader(key="conv.upload").set_value(("bar.png", _png(img), "image/png")).run()
    assert_clean(at)
    assert not at.error
    for name, data in [
        ("bomb.png", bomb_png()),
        ("text.png", b"not an image at all" * 20),
        ("cut.png", _png(np.random.default_rng(0).uniform(size=(64, 64)))[:300]),
    ]:
        at.file_uploader(key="conv.upload").set_value((name, data, "image/png")).run()
        assert_clean(at)
        assert at.error, name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_properties_page(lang):
    at = app_test("pages/conv_props.py", lang=lang)
    assert_clean(at)
    metrics = [m.value for m in at.metric]
    at.slider(key="props.c_out").set_value(16).run()
    assert [m.value for m in at.metric] != metrics
    at.slider(key="props.dx").set_value(-2)
    at.slider(key="props.dy").set_value(2).run()
    assert "0.00e+00" in at.success[0].value or "e-0" in at.success[0].value
    assert at.warning  # the dense layer is not equivariant
    at.slider(key="props.rf_layers").set_value(4).run()
    at.radio(key="props.pool_mode").set_value("avg").run()
    at.slider(key="props.pool_size").set_value(3).run()
    assert_clean(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cnn_training_page(lang):
    at = app_test("pages/cnn.py", lang=lang)
    assert_clean(at)
    assert at.query_params.get("page") in ("cnn", ["cnn"])  # the link: the page's defaults
    assert at.session_state["cnn._cfg"].model.family == "cnn"
    acc0 = at.session_state["cnn._trainer"].evaluate()["test_acc"]
    for _ in range(3):
        at.button(key="cnn.btn_epoch").click().run()
    tr = at.session_state["cnn._trainer"]
    assert tr.epoch >= 3 and tr.last_eval["test_acc"] > max(acc0, 0.8)
    assert_clean(at)
    names = {el.proto.id for el in at.get("plotly_chart")}
    assert len(names) >= 7  # curves, kernels, maps, confusion, mistakes/none, drawing, probs
    at.text_input(key="cnn.channels").set_value("8, x").run()
    assert at.warning
    assert at.session_state["cnn._trainer"].epoch >= 3  # bad text: the last valid net kept


def test_cnn_preset_dataset_and_drawing():
    at = app_test("pages/cnn.py", lang="en")
    at.selectbox(key="cnn.preset").set_value("tiny").run()  # picking it loads it
    assert at.text_input(key="cnn.channels").value == "2"
    assert at.info
    at.selectbox(key="cnn.data.name").set_value("shapes").run()
    assert_clean(at)
    assert at.session_state["cnn._trainer"].dataset.n_classes == 5
    img = np.ones((30, 30), np.float32)
    img[5:25, 12:17] = 0.0
    assert "the grid" in json.dumps(_fig(at, "cnn.fig_drawing"))  # the grid is predicted
    assert not any("d.png" in i.value for i in at.info)
    at.file_uploader(key="cnn.upload_digit").set_value(("d.png", _png(img), "image/png")).run()
    assert_clean(at)
    # the upload wins over the grid, and the page says which input is predicted
    assert any("d.png" in i.value and "grid" in i.value for i in at.info)
    assert "the upload" in json.dumps(_fig(at, "cnn.fig_drawing"))
    frames = [Image.new("P", (16, 16)), Image.new("P", (16, 16), 3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:])
    # an animated GIF renamed to .png: refused with a message
    up = at.file_uploader(key="cnn.upload_digit")
    up.set_value(("a.png", buf.getvalue(), "image/png")).run()
    assert at.error and ("GIF" in at.error[0].value)
    assert not any("a.png" in i.value for i in at.info)  # refused: the grid is predicted
    assert "the grid" in json.dumps(_fig(at, "cnn.fig_drawing"))
    assert_clean(at)


def test_shift_comparison_page():
    at = app_test("pages/cnn_shift.py", lang="zh")
    assert_clean(at)
    at.slider(key="cnn_shift.seconds").set_value(1)
    at.button(key="cnn_shift.run").click().run()
    assert_clean(at)
    assert len(at.metric) == 2
    fig = _fig(at, "cnn_shift.fig_acc")
    assert len(fig["data"]) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_conv_props_text_formula_and_numbers_agree(lang):
    """Issue 15: "same input and output sizes" read against 22² for a 24² input."""
    at = app_test("pages/conv_props.py", lang=lang)
    assert_clean(at)
    tex = _latex(at)
    assert r"24^2 \cdot 8\cdot22^2" in tex  # 24² input, 8 channels of 22² outputs
    cap = " ".join(c.value for c in at.caption)
    assert "24×24" in cap and "22×22" in cap and "22 = 24 − 3 + 1" in cap and "3,872" in cap
    lead = " ".join(m.value for m in at.markdown)
    assert "n' = n - k + 1" in lead


def test_conv_maps_are_coloured_as_the_caption_says():
    at = app_test("pages/conv.py", lang="en")
    assert "without negative values is gray" in " ".join(c.value for c in at.caption)
    spec = _fig(at, "conv.fig_io")
    for tr in spec["data"]:  # the input (0…1) is gray, 0 = black; names plotly.js may not know
        assert isinstance(tr["colorscale"], list)
    assert spec["data"][0]["colorscale"][0][1] == "#000000"
    # each colour bar ends before the next map's axis begins (they overlapped)
    bar = spec["data"][0]["colorbar"]["x"]
    assert bar + 0.06 < spec["layout"]["xaxis2"]["domain"][0]
