"""A LeNet-like CNN trained live on digits or shapes: curves, kernels, feature maps,
confusion matrix, mistakes, and the user's own digit classified."""

from dataclasses import replace
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from dlcore import config as C
from dlcore import presets
from dlcore.data import upload as U
from dlcore.data.images import resize_images
from dlcore.figures import cnn as fig
from dlcore.limits import LIMITS
from dlcore.registry import DATASETS
from dlcore.train import device_label
from pages import cnn_live as V
from ui import widgets as W
from ui.controls import trainer
from ui.form import Form
from ui.language import fmt, show_notices, t
from ui.live import LiveView
from ui.presets import preset_box
from ui.share import share

KEY = "cnn"
DEFAULT = presets.load("cnn_", "digits") or C.ExperimentConfig().with_(
    data={"name": "digits"}, model={"family": "cnn"}
)  # the shipped preset; a plain CNN on digits if it cannot be read
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
CAPS = replace(LIMITS, max_layers=min(LIMITS.max_layers, 3))  # dense layers after the convs
ss = st.session_state

st.title(t("cnn.train.title"))
st.markdown(t("cnn.train.lead"))
form = Form(KEY, DEFAULT, PATHS)
if ss.get(form.k("data.name")) not in DATA:
    ss[form.k("data.name")] = DEFAULT.data.name


# teaching order: the working CNN, how small it can be, without pooling, the old recipe,
# another data set
PRESET_ORDER = ("digits", "tiny", "no_pool", "sigmoid_sgd", "shapes")

# -- settings -------------------------------------------------------------------------------
left, right = st.columns([1, 2.4], gap="large")
with left:
    preset_slot = st.container()  # filled after form.collect (ui/presets.py)
    show_notices(form.notices)
    data_label = {n: t(DATASETS[n].label_key) for n in DATA}.get
    W.field_choice(form, "data.name", t("cnn.dataset"), data_label, among=DATA)
    W.field_slider(form, "data.image_size", t("cnn.image_size"))
    channels = W.widths_box(form, "model.channels", t("cnn.channels"), key="cnn.channels", n_min=1)
    W.field_slider(form, "model.kernel_size", t("cnn.kernel_size"))
    W.field_choice(form, "model.pool", t("cnn.pool.mode"), fmt("cnn.pool"), widget="radio",
             horizontal=True)  # fmt: skip
    W.field_choice(form, "model.activation", t("cnn.activation"), fmt("act"))
    hidden = W.widths_box(form, "model.hidden", t("cnn.hidden"), key="cnn.hidden", caps=CAPS)
    W.field_choice(form, "train.optimizer", t("cnn.optimizer"), fmt("opt"))
    W.field_number(form, "train.lr", t("cnn.lr"), format="%.4f")
    W.field_number(form, "train.batch_size", t("cnn.batch"))
    if channels is None:
        st.warning(t("cnn.channels_bad"), icon="⚠️")
    if hidden is None:
        st.warning(t("cnn.hidden_bad"), icon="⚠️")
model_over = {"family": "cnn"}
if channels is not None:
    model_over["channels"] = channels
if hidden is not None:
    model_over["hidden"] = hidden
cfg = form.collect(model=model_over)
preset_box(
    preset_slot, form, cfg, prefix="cnn_", order=PRESET_ORDER, label_key="cnn.preset.{}",
    note_key="cnn.preset_note.{}", title_key="cnn.preset",
    extra_paths=("model.family", "model.channels", "model.hidden"),
)  # fmt: skip


with right:
    tr = trainer(KEY, cfg, caps=CAPS, eval_every=25)
    if tr is None:
        st.stop()
    live_slot = st.container()
    st.caption(t("cnn.params", n=f"{tr.n_params:,}", device=device_label(tr.device)))
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
    {"main": V.draw, "curves": V.curves, "inside": partial(V.inside, idx=idx)},
    every={"curves": 0.25, "inside": 2.0},
    budget_s=0.2,
    every_s=0.3,
)
with live_slot:
    view.part("main")
    view.part("curves")
view.part("inside")

# -- your own digit ------------------------------------------------------------------------------
st.header(t("cnn.yours"))
st.markdown(t("cnn.yours.lead"))


@st.cache_data(max_entries=8, show_spinner=False)
def decode_drawing(
    data: bytes, size: int
) -> tuple[np.ndarray | None, list[str], tuple[str, dict] | None]:
    """(image or None, conversion notes, (error key, kwargs) or None); cached by content."""
    return U.decode_upload(data, size, digit=True)


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
    share(form, cfg, tr, "cnn_experiment")
