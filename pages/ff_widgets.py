"""Feedforward page: widget groups (data, features, network, training) and presets.

Each function draws its widgets (keys bound to the page's :class:`_ui.Form`) and
returns nothing; the page reads the config back with ``form.collect``. Not a page.
"""

from __future__ import annotations

import math

import streamlit as st

from dlcore import config as C
from dlcore.data.csvdata import CsvError, parse_csv
from dlcore.registry import ACTIVATIONS, INITS, LOSSES, OPTIMIZERS
from pages import _presets
from pages._ui import fmt, t

PAGE = "ff"
DATA_NAMES = (
    "circle",
    "xor",
    "gauss",
    "spiral",
    "moons",
    "spiral_k",
    "blobs",
    "reg_plane",
    "reg_gauss",
)
MULTI = ("spiral_k", "blobs")  # multi-class sets: K = data.n_classes
FEATURES = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sin_x1", "sin_x2")
LRS = (1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
OUTPUTS = ("auto", "sigmoid", "softmax", "tanh", "linear")
MAX_LAYERS, MAX_WIDTH = 8, 64
PATHS = [
    "data.name",
    "data.n_classes",
    "data.n_points",
    "data.noise",
    "data.train_ratio",
    "data.features",
    "data.seed",
    "model.hidden",
    "model.activation",
    "model.output",
    "model.init",
    "model.dropout",
    "train.optimizer",
    "train.lr",
    "train.batch_size",
    "train.momentum",
    "train.loss",
    "train.l1",
    "train.l2",
    "train.stop_acc",  # ui/targets.py
    "train.stop_loss",
]
DEFAULT = C.ExperimentConfig(
    data=C.DataConfig(name="spiral", n_points=500, noise=0.0, features=("x1", "x2")),
    model=C.ModelConfig(hidden=(8, 8), activation="tanh"),
    train=C.TrainConfig(optimizer="adam", lr=0.03, batch_size=10),
)
ss = st.session_state


def k(path: str) -> str:
    return f"{PAGE}.{path}"


# teaching order: XOR needs a hidden layer or a feature, circles need squares, the spiral
# needs depth; then what the output/loss pair and the learning rate do
PRESET_ORDER = (
    "xor_linear",
    "xor_x1x2",
    "xor_hidden",
    "circle_squares",
    "spiral_shallow",
    "spiral",
    "sigmoid_mse",
    "sigmoid_ce",
    "lr_too_high",
)


def preset_box(slot, form, cfg: C.ExperimentConfig) -> str | None:
    """The page's preset box (pages/_presets.py); a loaded preset resets the run."""

    def reset(_name: str, _cfg: C.ExperimentConfig) -> None:
        ss[f"{PAGE}._reset"] = True

    return _presets.preset_box(
        slot, form, cfg, prefix="ff_", order=PRESET_ORDER, label_key="ff.preset.{}",
        note_key="ff.preset.{}.note", title_key="ff.preset", on_load=reset,
    )  # fmt: skip


def _clamp(key: str, lo: float, hi: float, typ: type = float) -> None:
    """Keep a URL-given value inside a widget's range (out-of-range would raise)."""
    v = ss.get(key)
    if v is not None:
        ss[key] = typ(min(hi, max(lo, v)))


def _choice(key: str, options: list[str] | tuple[str, ...], default: str) -> None:
    if ss.get(key) not in options:
        ss[key] = default


# -- callbacks -------------------------------------------------------------------------
def _regenerate() -> None:
    ss[k("data.seed")] = (int(ss.get(k("data.seed"), 0)) + 1) % (2**31 - 1)


def _on_csv() -> None:
    f = ss.get(k("csv_up"))
    if f is None:
        return
    data = f.getvalue()
    try:
        pts, _, task = parse_csv(data)
    except CsvError as err:
        ss[k("_csv_msg")] = ("error", err.key, err.kwargs)
        return
    ss[k("_csv")] = data
    ss[k("data.name")] = "custom"
    ss[f"{PAGE}._reset"] = True
    ss[k("_csv_msg")] = ("success", "ff.csv.loaded", {"n": len(pts), "task": t(f"ff.task.{task}")})


def _on_layers() -> None:
    n = int(ss[k("n_layers")])
    h = list(ss.get(k("model.hidden"), ()))
    ss[k("model.hidden")] = (h + [h[-1] if h else 4] * MAX_LAYERS)[:n]


def _on_width(i: int) -> None:
    h = list(ss.get(k("model.hidden"), ()))
    if i < len(h):
        h[i] = int(ss[k(f"width.{i}")])
        ss[k("model.hidden")] = h


# -- widget groups ---------------------------------------------------------------------
def data_widgets() -> None:
    names = list(DATA_NAMES) + (["custom"] if k("_csv") in ss else [])
    _choice(k("data.name"), names, DEFAULT.data.name)
    st.selectbox(t("ff.dataset"), names, key=k("data.name"), format_func=fmt("data"))
    own = ss.get(k("data.name")) == "custom"  # the CSV fixes the points and their noise
    if ss.get(k("data.name")) in MULTI:
        _clamp(k("data.n_classes"), 3, 5, int)
        st.slider(t("data.n_classes"), 3, 5, key=k("data.n_classes"))
    _clamp(k("data.n_points"), 10, 5000, int)
    st.slider(t("ff.n_points"), 10, 5000, step=10, key=k("data.n_points"), disabled=own)
    _clamp(k("data.noise"), 0.0, 0.5)
    st.slider(t("ff.noise"), 0.0, 0.5, step=0.05, key=k("data.noise"), disabled=own)
    _clamp(k("data.train_ratio"), 0.1, 0.9)
    st.slider(t("ff.train_ratio"), 0.1, 0.9, step=0.1, key=k("data.train_ratio"))
    st.button(
        t("ff.regenerate"), key=k("regen"), on_click=_regenerate, width="stretch", disabled=own
    )
    st.file_uploader(
        t("ff.csv.upload"), type=["csv"], key=k("csv_up"), on_change=_on_csv, help=t("ff.csv.help")
    )
    msg = ss.pop(k("_csv_msg"), None)
    if msg:
        getattr(st, msg[0])(t(msg[1], **msg[2]))


def feature_widgets() -> None:
    feats = [f for f in ss.get(k("data.features"), []) if f in FEATURES]
    ss[k("data.features")] = feats
    st.pills(
        t("ff.features"),
        list(FEATURES),
        selection_mode="multi",
        key=k("data.features"),
        format_func=fmt("ff.feat"),
        help=t("ff.features_help"),
    )


def network_widgets() -> None:
    hidden = [min(MAX_WIDTH, max(1, int(h))) for h in ss.get(k("model.hidden"), ())][:MAX_LAYERS]
    ss[k("model.hidden")] = hidden
    ss[k("n_layers")] = len(hidden)
    for i, h in enumerate(hidden):
        ss[k(f"width.{i}")] = h
    st.slider(t("ff.n_layers"), 0, MAX_LAYERS, key=k("n_layers"), on_change=_on_layers)
    if hidden:
        cols = st.columns(min(4, len(hidden)))
        for i in range(len(hidden)):
            cols[i % len(cols)].number_input(
                t("ff.width", i=i + 1),
                1,
                MAX_WIDTH,
                step=1,
                key=k(f"width.{i}"),
                on_change=_on_width,
                args=(i,),
            )
    c1, c2 = st.columns(2)
    _choice(k("model.activation"), ACTIVATIONS.names(), "tanh")
    c1.selectbox(
        t("ff.activation"), ACTIVATIONS.names(), key=k("model.activation"), format_func=fmt("act")
    )
    _choice(k("model.init"), INITS.names(), "xavier")
    c2.selectbox(t("ff.init"), INITS.names(), key=k("model.init"), format_func=fmt("init"))
    _clamp(k("model.dropout"), 0.0, 0.9)
    st.slider(t("ff.dropout"), 0.0, 0.9, step=0.05, key=k("model.dropout"))


def training_widgets() -> None:
    cols = st.columns(4)
    _choice(k("train.optimizer"), OPTIMIZERS.names(), "adam")
    cols[0].selectbox(
        t("ff.optimizer"), OPTIMIZERS.names(), key=k("train.optimizer"), format_func=fmt("opt")
    )
    lr = float(ss.get(k("train.lr"), 0.03) or 0.03)
    ss[k("train.lr")] = min(LRS, key=lambda v: abs(math.log(v) - math.log(max(lr, 1e-9))))
    cols[1].select_slider(t("ff.lr"), LRS, key=k("train.lr"), format_func=lambda v: f"{v:g}")
    _clamp(k("train.batch_size"), 0, 5000, int)
    cols[2].number_input(
        t("ff.batch"), 0, 5000, step=1, key=k("train.batch_size"), help=t("ff.batch_help")
    )
    _clamp(k("train.momentum"), 0.0, 0.999)
    cols[3].slider(
        t("ff.momentum"),
        0.0,
        0.99,
        step=0.01,
        key=k("train.momentum"),
        disabled=ss.get(k("train.optimizer")) not in ("momentum", "nesterov"),
    )
    cols = st.columns(4)
    _choice(k("model.output"), OUTPUTS, "auto")
    cols[0].selectbox(t("ff.output"), OUTPUTS, key=k("model.output"), format_func=fmt("ff.out"))
    losses = ["auto", *LOSSES.names()]
    _choice(k("train.loss"), losses, "auto")
    cols[1].selectbox(t("ff.loss"), losses, key=k("train.loss"), format_func=fmt("loss"))
    for col, name in ((cols[2], "l1"), (cols[3], "l2")):
        _clamp(k(f"train.{name}"), 0.0, 1.0)
        col.number_input(
            t(f"ff.{name}"), 0.0, 1.0, step=0.001, format="%.4f", key=k(f"train.{name}")
        )
