"""Streamlit glue shared by the three RNN pages: task / cell / training widgets and guards.

The limits keep a hosted server responsive; the UI states them (``rnn.limits``).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from dlcore.data.text import CORPORA
from dlcore.registry import DATASETS, ensure_loaded
from dlcore.train import Trainer
from ui.form import Form
from ui.language import fmt, t

MAX_SEQ = 200  # sequence length T
MAX_HIDDEN = 128  # hidden units
MAX_BATCH = 256
MAX_POINTS = 3000
MAX_CELLS = 200_000  # examples × time steps in the data (one evaluation pass)
MAX_PARAMS = 300_000
CELLS = ("rnn", "lstm", "gru")
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
NONLINEARITIES = ("tanh", "relu")  # nn.RNN supports these two


def tasks() -> list[str]:
    ensure_loaded()
    return [n for n, s in DATASETS.items() if s.group in ("sequence", "text")]


def guard(form: Form) -> None:
    """Bring every bound widget value inside the page's limits before the widgets are drawn."""
    ss = st.session_state

    def clamp(path: str, lo: float, hi: float) -> None:
        k = form.k(path)
        if k in ss and isinstance(ss[k], int | float):
            ss[k] = type(ss[k])(min(max(ss[k], lo), hi))

    k = form.k("data.name")
    if k in ss and ss[k] not in tasks():
        st.warning(t("rnn.bad_task", value=ss[k]))
        ss[k] = form.default.data.name
    for path, lo, hi in (
        ("data.seq_len", 5, MAX_SEQ),
        ("model.hidden_size", 2, MAX_HIDDEN),
        ("train.batch_size", 1, MAX_BATCH),
        ("train.lr", 1e-4, 1.0),
        ("train.clip_grad", 0.0, 100.0),
        ("model.num_layers", 1, 3),
        ("data.n_points", 100, max_points()),
        ("model.spectral_radius", 0.0, 3.0),
        ("data.noise", 0.0, 0.5),
    ):
        clamp(path, lo, hi)
    for path, options in (
        ("model.cell", CELLS),
        ("train.optimizer", OPTIMIZERS),
        ("data.corpus", CORPORA),
        ("model.activation", NONLINEARITIES),
    ):
        k = form.k(path)
        if k in ss and ss[k] not in options:
            ss[k] = options[-1] if path == "train.optimizer" else options[0]


def max_points() -> int:
    T = int(st.session_state.get("_rnn_T", 30))
    return int(max(100, min(MAX_POINTS, MAX_CELLS // max(T, 1)) // 100 * 100))


def task_widgets(form: Form, with_points: bool = True) -> str:
    """Task, sequence length T, corpus / noise, number of sequences. Returns the task name."""
    st.selectbox(t("rnn.task"), tasks(), key=form.k("data.name"), format_func=fmt("rnn.data"))
    name = st.session_state[form.k("data.name")]
    st.caption(t(f"rnn.task_help.{name}"))
    if name == "chars":
        st.selectbox(
            t("rnn.corpus"), CORPORA, key=form.k("data.corpus"), format_func=fmt("rnn.corpus")
        )
    if name != "order":
        st.slider(t("rnn.seq_len"), 5, MAX_SEQ, key=form.k("data.seq_len"))
    if name == "sines":
        st.slider(t("rnn.noise"), 0.0, 0.5, step=0.01, key=form.k("data.noise"))
    st.session_state["_rnn_T"] = st.session_state.get(form.k("data.seq_len"), 30)
    if with_points:
        hi = max_points()
        if st.session_state[form.k("data.n_points")] > hi:
            st.session_state[form.k("data.n_points")] = hi
        st.slider(t("rnn.n_points"), 100, hi, step=100, key=form.k("data.n_points"))
    return name


def cell_widgets(form: Form, layers: bool = True) -> str:
    st.segmented_control(
        t("rnn.cell"), CELLS, key=form.k("model.cell"), format_func=fmt("rnn.cell")
    )
    if st.session_state.get(form.k("model.cell")) is None:  # segmented control can be cleared
        st.session_state[form.k("model.cell")] = form.cfg.model.cell
    cell = st.session_state[form.k("model.cell")]
    if cell == "rnn":
        st.radio(
            t("rnn.nonlinearity"),
            NONLINEARITIES,
            key=form.k("model.activation"),
            horizontal=True,
            format_func=fmt("act"),
        )
    st.slider(t("rnn.hidden_size"), 2, MAX_HIDDEN, key=form.k("model.hidden_size"))
    if layers:
        st.slider(t("rnn.num_layers"), 1, 3, key=form.k("model.num_layers"))
    return cell


def train_widgets(form: Form) -> None:
    st.selectbox(
        t("rnn.optimizer"), OPTIMIZERS, key=form.k("train.optimizer"), format_func=fmt("opt")
    )
    st.number_input(t("rnn.lr"), 1e-4, 1.0, step=0.001, format="%.4f", key=form.k("train.lr"))
    st.slider(t("rnn.batch_size"), 1, MAX_BATCH, key=form.k("train.batch_size"))
    st.number_input(
        t("rnn.clip"),
        0.0,
        100.0,
        step=0.25,
        key=form.k("train.clip_grad"),
        help=t("rnn.clip_help"),
    )


def limits_caption() -> None:
    st.caption(
        t(
            "rnn.limits",
            T=MAX_SEQ,
            H=MAX_HIDDEN,
            B=MAX_BATCH,
            N=MAX_CELLS,
            P=MAX_PARAMS,
        )
    )


def build(cfg, device: str) -> Trainer:
    return Trainer(cfg, device=device, eval_every=50, max_params=MAX_PARAMS)


def metrics(s, tr: Trainer) -> None:
    """Steps, train / test loss (and accuracy) on the surface ``s`` (ui/surface.py)."""
    ev = tr.last_eval
    cols = s.columns(4)
    cols[0].metric(t("train.steps"), f"{tr.step_count}")
    cols[1].metric(t("train.train_loss"), _num(ev.get("train_loss")))
    cols[2].metric(t("train.test_loss"), _num(ev.get("test_loss")))
    if "test_acc" in ev:
        cols[3].metric(t("train.test_acc"), _pct(ev.get("test_acc")))


def _num(v: float | None) -> str:
    return "—" if v is None or not np.isfinite(v) else f"{v:.4g}"


def _pct(v: float | None) -> str:
    """Accuracy as every page shows it: 51.4 %, not 0.5137."""
    return "—" if v is None or not np.isfinite(v) else f"{v:.1%}"
