"""Feedforward page: widget groups (data, features, network, training) and presets.

Each function draws its widgets (keys bound to the page's :class:`ui.form.Form`) and
returns nothing; the page reads the config back with ``form.collect``. Not a page.
"""

from __future__ import annotations

import streamlit as st

from dlcore import config as C
from dlcore import playground as P
from dlcore.data.csvdata import CsvError, parse_csv
from dlcore.schema import spec
from ui import presets
from ui import widgets as W
from ui.controls import request_reset
from ui.language import fmt, t

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
# needs neurons enough; then what the output/loss pair and the learning rate do
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
    """The page's preset box (ui/presets.py); a loaded preset resets the run."""

    def reset(_name: str, _cfg: C.ExperimentConfig) -> None:
        request_reset(PAGE)

    return presets.preset_box(
        slot, form, cfg, prefix="ff_", order=PRESET_ORDER, label_key="ff.preset.{}",
        note_key="ff.preset.{}.note", title_key="ff.preset", on_load=reset,
    )  # fmt: skip


# -- callbacks -------------------------------------------------------------------------
def _regenerate() -> None:
    ss[k("data.seed")] = P.next_seed(ss.get(k("data.seed"), 0))


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
    request_reset(PAGE)
    ss[k("_csv_msg")] = ("success", "ff.csv.loaded", {"n": len(pts), "task": t(f"ff.task.{task}")})


def _on_layers() -> None:
    ss[k("model.hidden")] = P.resize_layers(ss.get(k("model.hidden"), ()), int(ss[k("n_layers")]))


def _on_width(i: int) -> None:
    ss[k("model.hidden")] = P.set_width(ss.get(k("model.hidden"), ()), i, ss[k(f"width.{i}")])


# -- widget groups (ranges and choices: the config schema, ui/widgets.py) --------------
def data_widgets() -> None:
    # the registry's 2-D sets, then the uploaded CSV ("custom": the page's own, no registry name)
    names = W.options("data.name", among=DATA_NAMES) + (["custom"] if k("_csv") in ss else [])
    if ss.get(k("data.name")) not in names:
        ss[k("data.name")] = DEFAULT.data.name
    st.selectbox(
        t("ff.dataset"),
        names,
        key=k("data.name"),
        format_func=fmt("data"),
        help=W.field_help("data.name"),
    )
    own = ss.get(k("data.name")) == "custom"  # the CSV fixes the points and their noise
    if ss.get(k("data.name")) in MULTI:
        W.field_slider(PAGE, "data.n_classes", t("data.n_classes"))
    W.field_slider(PAGE, "data.n_points", t("ff.n_points"), disabled=own)
    W.field_slider(PAGE, "data.noise", t("ff.noise"), disabled=own)
    W.field_slider(PAGE, "data.train_ratio", t("ff.train_ratio"))
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
    feats = W.options("data.features", k("data.features"), among=FEATURES)
    st.pills(
        t("ff.features"),
        feats,
        selection_mode="multi",
        key=k("data.features"),
        format_func=fmt("ff.feat"),
        help=W.field_help("data.features"),
    )


def network_widgets() -> None:
    width = spec("model.hidden")  # one layer's width; n_max: the layers
    hidden = [int(width.fit(int(h))) for h in ss.get(k("model.hidden"), ())][: width.n_max]
    ss[k("model.hidden")] = hidden
    ss[k("n_layers")] = len(hidden)
    for i, h in enumerate(hidden):
        ss[k(f"width.{i}")] = h
    st.slider(t("ff.n_layers"), 0, width.n_max, key=k("n_layers"), on_change=_on_layers)
    if hidden:
        cols = st.columns(min(4, len(hidden)))
        for i in range(len(hidden)):
            cols[i % len(cols)].number_input(
                t("ff.width", i=i + 1),
                **W.bounds("model.hidden"),
                key=k(f"width.{i}"),
                on_change=_on_width,
                args=(i,),
            )
    c1, c2 = st.columns(2)
    W.field_choice(PAGE, "model.activation", t("ff.activation"), fmt("act"), where=c1)
    W.field_choice(PAGE, "model.init", t("ff.init"), fmt("init"), where=c2)
    W.field_slider(PAGE, "model.dropout", t("ff.dropout"))


def training_widgets() -> None:
    cols = st.columns(4)
    W.field_choice(PAGE, "train.optimizer", t("ff.optimizer"), fmt("opt"), where=cols[0])
    lrs = W.within("train.lr", LRS, k("train.lr"))
    cols[1].select_slider(t("ff.lr"), lrs, key=k("train.lr"), format_func=lambda v: f"{v:g}",
                          help=W.field_help("train.lr"))  # fmt: skip
    W.field_number(PAGE, "train.batch_size", t("ff.batch"), where=cols[2])
    W.field_slider(
        PAGE,
        "train.momentum",
        t("ff.momentum"),
        where=cols[3],
        disabled=ss.get(k("train.optimizer")) not in ("momentum", "nesterov"),
    )
    cols = st.columns(4)
    W.field_choice(PAGE, "model.output", t("ff.output"), fmt("ff.out"), where=cols[0])
    W.field_choice(PAGE, "train.loss", t("ff.loss"), fmt("loss"), where=cols[1])
    for col, name in ((cols[2], "l1"), (cols[3], "l2")):
        W.field_number(PAGE, f"train.{name}", t(f"ff.{name}"), where=col, format="%.4f")
