"""RNN chapter · train live: sequence tasks, RNN / LSTM / GRU, compared side by side, generation."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dlcore.config import ExperimentConfig
from dlcore.data import sequences as S
from dlcore.data.text import TextError, check_text, make_chars
from dlcore.train import Trainer
from pages import rnn_live as L
from pages import rnn_widgets as U
from ui import widgets as W
from ui.controls import request_reset, trainer
from ui.form import Form
from ui.language import fmt, show_notices, t
from ui.live import LiveView
from ui.presets import preset_box
from ui.share import share

PAGE = "rnn"
# teaching order: long lags need gates, the plain RNN explodes, then word order, a forecast,
# characters
PRESET_ORDER = ("adding_lstm", "exploding", "order_gru", "sines_gru", "chars_lstm")
DEFAULT = ExperimentConfig().with_(
    data={"name": "adding", "n_points": 1000, "seq_len": 30, "train_ratio": 0.8},
    model={"family": "rnn", "cell": "lstm", "hidden_size": 32, "activation": "tanh"},
    train={"optimizer": "adam", "lr": 0.01, "batch_size": 32, "clip_grad": 1.0},
)
PATHS = [
    *U.TASK_PATHS,
    *U.CELL_PATHS,
    "model.num_layers",
    "train.optimizer",
    "train.lr",
    "train.batch_size",
    "train.clip_grad",
]

st.title(t("rnn.title"))
st.markdown(t("rnn.lead"))
st.latex(
    r"h^{(t)} = \alpha_h\left(W_{hh} h^{(t-1)} + W_{hx} x^{(t)} + b_h\right),\qquad "
    r"y^{(t)} = \alpha_y\left(W_{yh} h^{(t)} + b_y\right)"
)
st.caption(t("rnn.properties"))

form = Form(PAGE, DEFAULT, PATHS)
show_notices(form.notices)


def on_preset(name: str, _cfg) -> None:
    """After a preset is loaded: the adding problem is compared with a plain RNN."""
    st.session_state[f"{PAGE}.compare"] = ["rnn"] if name == "adding_lstm" else []


def load_text() -> None:
    """``on_change`` of the text uploader: validate (UTF-8, not empty, not huge), then reset."""
    ss = st.session_state
    f = ss.get(f"{PAGE}.up_text")
    ss.pop(f"{PAGE}._text_error", None)
    ss[f"{PAGE}._text"] = None
    if f is not None:
        try:
            ss[f"{PAGE}._text"] = check_text(f.getvalue())
        except TextError as err:
            ss[f"{PAGE}._text_error"] = err
    request_reset(PAGE)


U.guard(form)

left, right = st.columns([1, 2.3], gap="large")
with left:
    st.subheader(t("rnn.settings"))
    preset_slot = st.container()  # filled after form.collect (ui/presets.py)
    name = U.task_widgets(form)
    if name == "chars":
        st.file_uploader(
            t("rnn.upload_text"),
            type=["txt"],
            key=f"{PAGE}.up_text",
            on_change=load_text,
            help=t("rnn.upload_text_help"),
        )
        if f"{PAGE}._text_error" in st.session_state:
            err = st.session_state[f"{PAGE}._text_error"]
            st.error(t(err.key, **err.kwargs))
        elif st.session_state.get(f"{PAGE}._text"):
            st.caption(t("rnn.text_in_use", n=len(st.session_state[f"{PAGE}._text"])))
    cell = U.cell_widgets(form)
    U.train_widgets(form)
    others = [c for c in W.options("model.cell") if c != cell]
    st.multiselect(
        t("rnn.compare"),
        others,
        key=f"{PAGE}.compare",
        format_func=fmt("rnn.cell"),
        max_selections=2,
        help=t("rnn.compare_help"),
        placeholder=t("rnn.compare_placeholder"),
    )
    U.limits_caption()

cfg = form.collect(data={"train_ratio": 0.9 if name == "chars" else 0.8})
preset_box(
    preset_slot, form, cfg, prefix="rnn_", order=PRESET_ORDER, label_key="rnn.preset.{}",
    note_key="rnn.preset.{}.note", title_key="rnn.preset", on_load=on_preset,
)  # fmt: skip


def build(c, device: str) -> Trainer:
    """The page's Trainer; a character model uses the uploaded text when there is one."""
    text = st.session_state.get(f"{PAGE}._text")
    if c.data.name == "chars" and text:
        ds = make_chars(c.data, text)
        return Trainer(c, device=device, dataset=ds, eval_every=50, max_params=U.CAPS.max_params)
    return U.build(c, device)


tr = trainer(PAGE, cfg, build, caps=U.caps())


def compare_trainers(main) -> dict:
    """The comparison runs: same data and settings, another cell; rebuilt with the main run."""
    ss = st.session_state
    wanted = [c for c in ss.get(f"{PAGE}.compare", []) if c != main.cfg.model.cell]
    box = ss.get(f"{PAGE}._cmp")
    if box is None or box["main"] is not main:
        box = {"main": main, "runs": {}}
    runs = {}
    for c in wanted:
        run = box["runs"].get(c)
        if run is None:
            try:
                run = build(main.cfg.with_(model={"cell": c}), main.device)
            except Exception as err:  # noqa: BLE001 — a config error is shown, never raised
                st.error(t(getattr(err, "key", "rnn.compare_failed"), **getattr(err, "kwargs", {})))
                continue
        runs[c] = run
    box["runs"] = runs
    ss[f"{PAGE}._cmp"] = box
    return runs


with right:
    if tr is None:
        st.stop()
    ss = st.session_state
    runs = compare_trainers(tr)
    bow = None
    if name == "order":  # the bag-of-words baseline, once per data set
        bow = ss.get(f"{PAGE}._bow", {}).get(cfg.data)
        if bow is None:
            bow = S.bag_of_words_accuracy(tr.dataset)
            ss[f"{PAGE}._bow"] = {cfg.data: bow}
    task = L.Task(
        name,
        example=int(ss.get(f"{PAGE}.example", 0)),
        temperature=float(ss.get(f"{PAGE}.temperature", 0.7)),
        prime=ss.get(f"{PAGE}.prime") or "",
        bow=bow,
    )

    view = LiveView(
        PAGE,
        tr,
        {
            "main": partial(L.draw_main, runs=runs),
            "loss": partial(L.draw_loss, runs=runs, name=name),
            "task": partial(L.draw_task, task=task),
        },
        every={"loss": 0.25, "task": 1.0},
        step=L.stepper(runs),
    )
    view.part("main")
    view.part("loss")
    view.part("task")
    if name in ("sine", "sines", "adding"):
        st.number_input(t("rnn.example"), 0, 10_000, key=f"{PAGE}.example")
    elif name == "chars":
        c1, c2 = st.columns(2)
        c1.slider(t("rnn.temperature"), 0.0, 2.0, 0.7, 0.05, key=f"{PAGE}.temperature")
        c2.text_input(t("rnn.prime"), key=f"{PAGE}.prime", max_chars=40)
        st.caption(t("rnn.temperature_help"))
    if name == "adding":
        st.caption(t("rnn.adding_notice"))

with st.expander(t("share.title")):
    share(form, cfg, tr, "rnn")
    if tr is not None:
        st.caption(t("rnn.device_params", n=tr.n_params, device=tr.device))
