"""A LeNet-like CNN trained live on digits or shapes: curves, kernels, feature maps,
confusion matrix, mistakes, and the user's own digit classified."""

from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from dlcore import config as C
from dlcore.data.images import resize_images
from dlcore.data.upload import ImageError, as_digit, load_image
from dlcore.figures import cnn as fig
from dlcore.models.cnn import parse_widths, widths_text
from dlcore.registry import ACTIVATIONS, DATASETS, OPTIMIZERS
from dlcore.train import Trainer
from pages import _presets, _ui
from pages import cnn_live as V
from pages._ui import fmt, t
from ui.live import LiveView

KEY = "cnn"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEFAULT, _ = C.from_json((EXAMPLES / "cnn_digits.json").read_text())
PATHS = [
    "data.name",
    "data.image_size",
    "model.kernel_size",
    "model.pool",
    "model.activation",
    "train.optimizer",
    "train.lr",
    "train.batch_size",
]
DATA = [n for n, s in DATASETS.items() if s.group == "image"]
ss = st.session_state

st.title(t("cnn.train.title"))
st.markdown(t("cnn.train.lead"))
form = _ui.Form(KEY, DEFAULT, PATHS)
if ss.get(form.k("data.name")) not in DATA:
    ss[form.k("data.name")] = DEFAULT.data.name
# The text boxes follow the config when it changes from outside (URL, upload, preset).
for name in ("channels", "hidden"):
    value = getattr(form.cfg.model, name)
    if ss.get(f"cnn._{name}_seen") != value or f"cnn.{name}" not in ss:
        ss[f"cnn.{name}"] = widths_text(value)
        ss[f"cnn._{name}_seen"] = value


# teaching order: the working CNN, how small it can be, without pooling, the old recipe,
# another data set
PRESET_ORDER = ("digits", "tiny", "no_pool", "sigmoid_sgd", "shapes")

# -- settings -------------------------------------------------------------------------------
left, right = st.columns([1, 2.4], gap="large")
with left:
    preset_slot = st.container()  # filled after form.collect (pages/_presets.py)
    _ui.show_notices(form.notices)
    st.selectbox(
        t("cnn.dataset"),
        DATA,
        key=form.k("data.name"),
        format_func={n: t(DATASETS[n].label_key) for n in DATA}.get,
    )
    st.slider(
        t("cnn.image_size"), 8, 32, key=form.k("data.image_size"), help=t("cnn.image_size_help")
    )
    st.text_input(t("cnn.channels"), key="cnn.channels", help=t("cnn.channels_help"))
    st.select_slider(t("cnn.kernel_size"), [1, 2, 3, 4, 5, 6, 7], key=form.k("model.kernel_size"))
    st.radio(
        t("cnn.pool.mode"),
        ["max", "avg", "none"],
        key=form.k("model.pool"),
        format_func=fmt("cnn.pool"),
        horizontal=True,
    )
    st.selectbox(
        t("cnn.activation"),
        ACTIVATIONS.names(),
        key=form.k("model.activation"),
        format_func=fmt("act"),
    )
    st.text_input(t("cnn.hidden"), key="cnn.hidden", help=t("cnn.hidden_help"))
    st.selectbox(
        t("cnn.optimizer"),
        OPTIMIZERS.names(),
        key=form.k("train.optimizer"),
        format_func=fmt("opt"),
    )
    st.number_input(t("cnn.lr"), 1e-5, 10.0, step=0.001, format="%.4f", key=form.k("train.lr"))
    st.number_input(t("cnn.batch"), 0, 5000, step=8, key=form.k("train.batch_size"))

channels = parse_widths(ss.get("cnn.channels", ""), 1, 128, 4, 1)
hidden = parse_widths(ss.get("cnn.hidden", ""), 1, 512, 3, 0)
with left:
    if channels is None:
        st.warning(t("cnn.channels_bad"), icon="⚠️")
    if hidden is None:
        st.warning(t("cnn.hidden_bad"), icon="⚠️")
model_over = {"family": "cnn"}
if channels is not None:
    model_over["channels"] = channels
    ss["cnn._channels_seen"] = channels
if hidden is not None:
    model_over["hidden"] = hidden
    ss["cnn._hidden_seen"] = hidden
cfg = form.collect(model=model_over)
_presets.preset_box(
    preset_slot, form, cfg, prefix="cnn_", order=PRESET_ORDER, label_key="cnn.preset.{}",
    note_key="cnn.preset_note.{}", title_key="cnn.preset",
    extra_paths=("model.family", "model.channels", "model.hidden"),
)  # fmt: skip


def build(c: C.ExperimentConfig, dev: str) -> Trainer:
    return Trainer(c, device=dev, max_params=2_000_000, eval_every=25)


with right:
    tr = _ui.trainer(KEY, cfg, build)
    if tr is None:
        st.stop()
    live_slot = st.container()
    st.caption(t("cnn.params", n=f"{tr.n_params:,}", device=_ui.device_label(tr.device)))
    if not len(tr.history.evals):
        tr.evaluate()


# -- inside the network (refreshed every few seconds while playing) -----------------------------
ds = tr.dataset
labels = V.class_labels(ds)
st.header(t("cnn.inside"))
idx = st.slider(t("cnn.test_image"), 0, len(ds.x_test) - 1, 0, key="cnn.test_idx")
view = LiveView(
    KEY,
    tr,
    {"main": V.draw, "inside": partial(V.inside, idx=idx)},
    every={"inside": 2.0},
    budget_s=0.2,
    every_s=0.3,
)
with live_slot:
    view.part("main")
view.part("inside")

# -- your own digit ------------------------------------------------------------------------------
st.header(t("cnn.yours"))
st.markdown(t("cnn.yours.lead"))


@st.cache_data(max_entries=8, show_spinner=False)
def decode_drawing(
    data: bytes, size: int
) -> tuple[np.ndarray | None, list[str], tuple[str, dict] | None]:
    try:
        loaded = load_image(data)
    except ImageError as err:
        return None, [], (err.key, dict(err.kwargs))
    return as_digit(loaded.pixels, size), loaded.notes, None


size = ds.meta["image_shape"][0]
g1, g2 = st.columns(2)
with g1:
    st.caption(t("cnn.grid_help"))
    used_slot = st.empty()  # which input is predicted: the grid or the uploaded image
    start = np.zeros((8, 8), bool)
    start[1:7, 3:5] = True  # a "1"
    grid = st.data_editor(
        pd.DataFrame(start, columns=[str(j) for j in range(8)]), key="cnn.grid", hide_index=True
    )
    up = st.file_uploader(
        t("cnn.upload_digit"), type=["png", "jpg", "jpeg"], key="cnn.upload_digit"
    )
drawing = None
if up is not None:
    drawing, notes, err = decode_drawing(up.getvalue(), size)
    for note in notes:
        g1.caption(t(note))
    if err is not None:
        g1.error(t(err[0], **err[1]))
if drawing is not None:  # an upload wins over the grid: say so above the grid
    used_slot.info(t("cnn.using_upload", name=up.name[:60]), icon="🖼️")
    seen = t("cnn.model_sees_upload")
else:
    cells = grid.to_numpy().astype(np.float32)
    drawing = resize_images(cells[None], size)[0]
    seen = t("cnn.model_sees_grid")
with g2:
    probs = tr.predict(drawing[None, None])[0]
    st.plotly_chart(
        fig.heatmaps([drawing], [seen], height=220, scales=False),
        key="cnn.fig_drawing",
    )
    st.plotly_chart(fig.probs_figure(probs, labels, t("cnn.probability")), key="cnn.fig_probs")
    # the probability is not a change: a caption, not a metric delta (no ↑ arrow)
    st.metric(t("cnn.prediction"), labels[int(probs.argmax())])
    st.caption(t("cnn.prediction_p", p=f"{probs.max():.0%}"))

with st.expander(t("share.title")):
    _ui.share(form, cfg, tr, "cnn_experiment")
