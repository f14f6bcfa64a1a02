"""Streamlit glue shared by the three RNN pages: task / cell / training widgets and guards.

The limits keep a hosted server responsive; the UI states them (``rnn.limits``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from dlcore.data.text import CORPORA
from dlcore.limits import LIMITS, Limits
from dlcore.registry import DATASETS
from dlcore.train import Trainer
from ui import widgets as W
from ui.form import Form
from ui.language import fmt, t

MAX_CELLS = 200_000  # examples × time steps in the data (one evaluation pass)
# The RNN pages' own caps (the hosting limits, narrower where a sequence model is slow).
CAPS = replace(
    LIMITS,
    max_hidden_size=min(LIMITS.max_hidden_size, 128),
    max_batch=min(LIMITS.max_batch, 256),
    max_points=min(LIMITS.max_points, 3000),
    max_params=300_000,
)
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
NONLINEARITIES = ("tanh", "relu")  # nn.RNN supports these two
# The config fields task_widgets and cell_widgets bind (a page's Form lists them).
TASK_PATHS = ("data.name", "data.seq_len", "data.n_points", "data.corpus", "data.noise")
CELL_PATHS = ("model.cell", "model.activation", "model.hidden_size")


def tasks() -> list[str]:
    return [n for n, s in DATASETS.items() if s.group in ("sequence", "text")]


def guard(form: Form) -> None:
    """A task from another page's URL → this page's default task, with a notice."""
    ss = st.session_state
    k = form.k("data.name")
    if k in ss and ss[k] not in tasks():
        st.warning(t("rnn.bad_task", value=ss[k]))
        ss[k] = form.default.data.name


def caps() -> Limits:
    """:data:`CAPS`, with the sequences capped so that sequences × T ≤ ``MAX_CELLS``."""
    T = int(st.session_state.get("_rnn_T", 30))
    return replace(CAPS, max_points=max(100, min(CAPS.max_points, MAX_CELLS // max(T, 1))))


def task_widgets(form: Form, with_points: bool = True) -> str:
    """Task, sequence length T, corpus / noise, number of sequences. Returns the task name."""
    W.field_choice(form, "data.name", t("rnn.task"), fmt("rnn.data"), among=tasks())
    name = st.session_state[form.k("data.name")]
    st.caption(t(f"rnn.task_help.{name}"))
    if name == "chars":
        corpus = W.options("data.corpus", form.k("data.corpus"), among=CORPORA)
        st.selectbox(
            t("rnn.corpus"),
            corpus,
            key=form.k("data.corpus"),
            format_func=fmt("rnn.corpus"),
            help=W.field_help("data.corpus"),
        )
    if name != "order":
        W.field_slider(form, "data.seq_len", t("rnn.seq_len"), caps=CAPS)
    if name == "sines":
        W.field_slider(form, "data.noise", t("rnn.noise"))
    st.session_state["_rnn_T"] = st.session_state.get(form.k("data.seq_len"), 30)
    if with_points:
        W.field_slider(form, "data.n_points", t("rnn.n_points"), caps=caps())
    return name


def cell_widgets(form: Form, layers: bool = True) -> str:
    if st.session_state.get(form.k("model.cell")) is None:  # segmented control can be cleared
        st.session_state[form.k("model.cell")] = form.cfg.model.cell
    W.field_choice(form, "model.cell", t("rnn.cell"), fmt("rnn.cell"), widget="segmented_control")
    cell = st.session_state[form.k("model.cell")]
    if cell == "rnn":
        W.field_choice(form, "model.activation", t("rnn.nonlinearity"), fmt("act"),
                 among=NONLINEARITIES, widget="radio", horizontal=True)  # fmt: skip
    W.field_slider(form, "model.hidden_size", t("rnn.hidden_size"), caps=CAPS)
    if layers:
        W.field_slider(form, "model.num_layers", t("rnn.num_layers"), caps=CAPS)
    return cell


def train_widgets(form: Form) -> None:
    W.field_choice(form, "train.optimizer", t("rnn.optimizer"), fmt("opt"), among=OPTIMIZERS)
    W.field_number(form, "train.lr", t("rnn.lr"), format="%.4f")
    W.field_slider(form, "train.batch_size", t("rnn.batch_size"), caps=CAPS)
    W.field_number(form, "train.clip_grad", t("rnn.clip"))


def limits_caption() -> None:
    st.caption(
        t(
            "rnn.limits",
            T=CAPS.max_seq_len,
            H=CAPS.max_hidden_size,
            B=CAPS.max_batch,
            N=MAX_CELLS,
            P=CAPS.max_params,
        )
    )


def build(cfg, device: str) -> Trainer:
    return Trainer(cfg, device=device, eval_every=50, max_params=CAPS.max_params)


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
