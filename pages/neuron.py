"""McCulloch–Pitts neuron (1943) and Rosenblatt's perceptron (1958), live.

The threshold unit computes AND / OR / NOT but no setting computes XOR (a grid
search shows the best it can do); the perceptron learns a line step by step,
converges on separable points and keeps cycling on XOR.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from dlcore.figures import history as FH
from dlcore.scratch import perceptron as P
from pages import neuron_live as L
from ui.form import seed
from ui.language import fmt, page_file, t
from ui.live import LiveView

ss = st.session_state


FF_PAGE = "pages/ff.py"  # hidden layers solve XOR there

st.title(t("history.neuron.title"))

# -- McCulloch–Pitts -------------------------------------------------------------------------
st.header(t("history.mp.header"))
st.markdown(t("history.mp.lead"))
st.latex(
    r"y = \begin{cases} 1 & \text{if } \sum_{i} w_i x_i \ge \theta \\ 0 & \text{otherwise}"
    r"\end{cases}, \qquad x_i \in \{0, 1\}"
)


def set_unit(w1: float, w2: float, theta: float) -> None:
    ss["neuron.mp.w1"], ss["neuron.mp.w2"], ss["neuron.mp.theta"] = w1, w2, theta


def textbook() -> None:
    """Gate changed → the textbook weights (XOR gets OR's: the best is 3 of 4)."""
    _, w, th = P.GATES[ss["neuron.mp.gate"]]
    w, th = (w, th) if w is not None else ((1.0, 1.0), 1.0)
    set_unit(w[0], w[1] if len(w) > 1 else 0.0, th)


if "neuron.mp.w1" not in ss:
    ss["neuron.mp.gate"] = "and"
    textbook()

gate = st.radio(
    t("history.mp.gate"),
    list(P.GATES),
    key="neuron.mp.gate",
    horizontal=True,
    format_func=fmt("history.gate"),
    on_change=textbook,
)
n_in = P.GATES[gate][0]
c = st.columns(3)
w1 = c[0].slider("w₁", -2.0, 2.0, step=0.25, key="neuron.mp.w1")
w2 = c[1].slider("w₂", -2.0, 2.0, step=0.25, key="neuron.mp.w2", disabled=n_in == 1)
theta = c[2].slider("θ", -2.0, 3.0, step=0.25, key="neuron.mp.theta")
w = (w1, w2)[:n_in]

x = P.truth_inputs(n_in)
target = P.gate_targets(gate)
s = x @ np.asarray(w)
out = P.mp_unit(x, w, theta)
ok = out == target
left, right = st.columns([1, 1])
with left:
    table = {f"x{chr(0x2081 + i)}": x[:, i].astype(int) for i in range(n_in)}
    table |= {
        "Σ wᵢxᵢ": s,
        "y": out,
        t("history.mp.target"): target,
        t("history.mp.ok_col"): np.where(ok, "✓", "✗"),
    }
    st.dataframe(table, hide_index=True, width="stretch")
    if ok.all():
        st.success(t("history.mp.all_ok", gate=t(f"history.gate.{gate}")))
    else:
        st.warning(t("history.mp.some_wrong", ok=int(ok.sum()), n=len(ok)))
    if gate == "xor":
        st.markdown(t("history.mp.xor_hint"))
with right:
    labels = {
        "fire": "",
        "quiet": "",
        "target1": t("history.mp.target1"),
        "target0": t("history.mp.target0"),
        "x1": "x₁",
        "x2": "x₂",
    }
    st.plotly_chart(
        FH.mp_figure(x, target, out, w, theta, labels), key="neuron.mp.fig", width="stretch"
    )
    st.caption(t("history.mp.fig_caption"))

if n_in == 2:
    with st.expander(t("history.mp.search"), expanded=gate == "xor"):
        res = P.best_threshold_unit(target)
        st.markdown(
            t(
                "history.mp.search_result",
                best=res.best_correct,
                n=res.rows,
                count=len(res.best),
                gate=t(f"history.gate.{gate}"),
            )
        )
        bw1, bw2, bth = res.best[len(res.best) // 2]
        st.button(
            t("history.mp.use_best", w1=bw1, w2=bw2, theta=bth),
            key="neuron.mp.btn_best",
            on_click=set_unit,
            args=(bw1, bw2, bth),
        )
        st.plotly_chart(
            FH.grid_search_figure(
                res.grid,
                res.best_over_theta(),
                res.rows,
                {"correct": t("history.mp.correct"), "title": t("history.mp.search_title")},
            ),
            key="neuron.mp.grid_fig",
            width="stretch",
        )
        if res.best_correct < res.rows:
            st.info(t("history.mp.why_xor"), icon="💡")

# -- perceptron ---------------------------------------------------------------------------------
st.header(t("history.pc.header"))
st.markdown(t("history.pc.lead"))
st.latex(
    r"\text{if } y^{(i)}\left(\mathbf{w}^\top \mathbf{x}^{(i)} + b\right) \le 0:\quad "
    r"\mathbf{w} \leftarrow \mathbf{w} + \eta\, y^{(i)} \mathbf{x}^{(i)},\quad "
    r"b \leftarrow b + \eta\, y^{(i)}"
)

if "neuron.pc.kind" not in ss and st.query_params.get("pc") in P.DATA_KINDS:
    ss["neuron.pc.kind"] = st.query_params["pc"]  # e.g. ?pc=xor: a link to the cycling case
c = st.columns([2, 2, 2, 1])
kind = c[0].selectbox(
    t("history.pc.data"),
    list(P.DATA_KINDS),
    key="neuron.pc.kind",
    format_func=fmt("history.pc.kind"),
)
n = c[1].slider(t("history.pc.n"), 10, 200, 40, step=10, key="neuron.pc.n")
lr = c[2].select_slider(
    t("history.pc.lr"),
    [0.01, 0.1, 0.5, 1.0, 2.0],
    value=1.0,
    key="neuron.pc.lr",
    help=t("history.pc.lr_help"),
)
ss.setdefault("neuron.pc.data_seed", 0)


def regenerate() -> None:
    ss["neuron.pc.data_seed"] += 1


c[3].button(
    t("history.pc.regen"),
    key="neuron.pc.btn_regen",
    on_click=regenerate,
    help=t("history.pc.regen_help"),
)


@st.cache_data(max_entries=64, show_spinner=False)
def points(kind: str, n: int, data_seed: int) -> tuple[np.ndarray, np.ndarray]:
    return P.make_points(kind, n, data_seed)


@st.cache_data(max_entries=64, show_spinner=False)
def bound(kind: str, n: int, data_seed: int) -> tuple[float, float, float] | None:
    return P.novikoff_bound(*points(kind, n, data_seed))


data_seed = seed() * 1000 + ss["neuron.pc.data_seed"]
sig = (kind, n, lr, data_seed)
if ss.get("neuron.pc.sig") != sig or ss.pop("neuron.pc._reset", False) or "neuron.pc.p" not in ss:
    xs, ys = points(kind, n, data_seed)
    ss["neuron.pc.p"] = L.Learner(P.Perceptron(xs, ys, lr=lr, seed=data_seed))
    ss["neuron.pc.sig"] = sig
learner: L.Learner = ss["neuron.pc.p"]
nb = bound(kind, n, data_seed) if kind != "xor" else None

view = LiveView(
    "neuron.pc",
    learner,
    {
        "pc": L.draw_numbers,
        "plane": L.draw_plane,
        "epochs": partial(L.draw_epochs, kind=kind, nb=nb),
    },
    every=L.EVERY,
    step=L.live_step,
    stopped=L.Learner.done,
    speed=3.0,  # three updates a second until the speed control says otherwise
    labels={"step": t("history.pc.step_update")},
    every_s=0.3,
    max_steps=4,
)
fl, fr = st.columns([3, 2])
with fl:
    view.part("pc")
    view.part("plane")
with fr:
    view.part("epochs")
p = learner.p
if not view.playing and kind == "xor" and p.epoch >= 5:  # hidden layers solve XOR there
    st.page_link(page_file(FF_PAGE), label=t("history.pc.to_ff"), icon="➡️")
