"""A LeNet-like CNN trained live on digits or shapes: curves, kernels, feature maps,
confusion matrix, mistakes, and the user's own digit classified."""

from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st
import torch

from dlcore import config as C
from dlcore.data.images import resize_images
from dlcore.data.upload import ImageError, as_digit, load_image
from dlcore.figures import cnn as fig
from dlcore.figures.common import loss_figure
from dlcore.models.cnn import confusion, parse_widths, widths_text
from dlcore.registry import ACTIVATIONS, DATASETS, OPTIMIZERS
from dlcore.train import Trainer
from pages import _presets, _ui
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


def draw(s, tr: Trainer) -> None:
    """Metrics and the loss / accuracy curves (every frame while playing)."""
    ev = tr.last_eval
    m = s.columns(4)
    m[0].metric(t("train.epoch"), f"{tr.epoch_float:.1f}")  # as every page
    m[1].metric(t("train.test_loss"), f"{ev.get('test_loss', float('nan')):.4f}")
    m[2].metric(t("train.train_acc"), f"{ev.get('train_acc', float('nan')):.1%}")
    m[3].metric(t("train.test_acc"), f"{ev.get('test_acc', float('nan')):.1%}")
    h = tr.history.evals
    ep = h["epoch"]
    c1, c2 = s.columns(2)
    losses = {t("train.train_loss"): h["train_loss"], t("train.test_loss"): h["test_loss"]}
    c1.plotly_chart(
        loss_figure(ep, losses, t("train.loss"), t("train.epoch"), height=260),
        key="cnn.fig_loss",
    )
    accs = {t("train.train_acc"): h["train_acc"], t("train.test_acc"): h["test_acc"]}
    c2.plotly_chart(
        loss_figure(
            ep,
            accs,
            t("train.accuracy"),
            t("train.epoch"),
            log_y=False,
            y_range=(0, 1.02),
            height=260,
        ),
        key="cnn.fig_acc",
    )


# -- inside the network (refreshed every few seconds while playing) -----------------------------
ds = tr.dataset
labels = (
    [t(k) for k in ds.meta["class_keys"]] if "class_keys" in ds.meta else ds.meta["class_names"]
)


def to_batch(img: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(img[None, None].astype(np.float32), device=tr.device)


def inside(s, tr: Trainer, idx: int) -> None:
    """Kernels, feature maps of one test image, confusion matrix, mistakes."""
    s.subheader(t("cnn.kernels"))
    s.plotly_chart(
        fig.kernels_figure(tr.model.first_kernels().cpu().numpy()), key="cnn.fig_kernels"
    )
    s.subheader(t("cnn.maps"))
    img = ds.x_test[idx, 0]
    tr.model.eval()
    maps = {t("cnn.input_layer"): img[None]}
    for name, m in tr.model.feature_maps(to_batch(img)).items():
        if name.startswith(("conv", "pool")):
            maps[name] = m[0].float().cpu().numpy()
    probs = tr.predict(img[None, None])[0]
    s.caption(
        t(
            "cnn.maps_caption",
            true=labels[int(ds.y_test[idx])],
            pred=labels[int(probs.argmax())],
            p=f"{probs.max():.0%}",
        )
    )
    s.plotly_chart(fig.feature_maps_figure(maps), key="cnn.fig_maps")
    probs_all = tr.predict(ds.x_test)
    pred = probs_all.argmax(-1)
    c1, c2 = s.columns(2)
    c1.subheader(t("cnn.confusion"))
    cm = confusion(ds.y_test, pred, ds.n_classes)
    c1.plotly_chart(
        fig.confusion_figure(cm, labels, t("cnn.predicted"), t("cnn.true")), key="cnn.fig_cm"
    )
    c2.subheader(t("cnn.mistakes"))
    wrong = np.nonzero(pred != ds.y_test)[0][:12]
    if len(wrong) == 0:
        c2.success(t("cnn.no_mistakes"))
    else:
        titles = [f"{labels[int(ds.y_test[i])]} → {labels[int(pred[i])]}" for i in wrong]
        c2.plotly_chart(
            fig.heatmaps(
                [ds.x_test[i, 0] for i in wrong], titles, cols=4, height=150, scales=False
            ),
            key="cnn.fig_wrong",
        )
        c2.caption(t("cnn.mistakes_caption", n=int((pred != ds.y_test).sum()), total=len(pred)))


st.header(t("cnn.inside"))
idx = st.slider(t("cnn.test_image"), 0, len(ds.x_test) - 1, 0, key="cnn.test_idx")
view = LiveView(
    KEY,
    tr,
    {"main": draw, "inside": partial(inside, idx=idx)},
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
if drawing is None:
    cells = grid.to_numpy().astype(np.float32)
    drawing = resize_images(cells[None], size)[0]
with g2:
    probs = tr.predict(drawing[None, None])[0]
    st.plotly_chart(
        fig.heatmaps([drawing], [t("cnn.model_sees")], height=220, scales=False),
        key="cnn.fig_drawing",
    )
    st.plotly_chart(fig.probs_figure(probs, labels, t("cnn.probability")), key="cnn.fig_probs")
    # the probability is not a change: a caption, not a metric delta (no ↑ arrow)
    st.metric(t("cnn.prediction"), labels[int(probs.argmax())])
    st.caption(t("cnn.prediction_p", p=f"{probs.max():.0%}"))

with st.expander(t("share.title")):
    _ui.share(form, cfg, tr, "cnn_experiment")
