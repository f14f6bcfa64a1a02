"""人工神经元 and 激活函数 — one neuron's output over the input plane, and every activation
with its derivative (the records of ``dlcore.activations``: NumPy maths and formulas)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dlcore.activations import ACTIVATIONS
from dlcore.figures import history as FH
from dlcore.scratch import activations as A
from ui.language import fmt, t

ss = st.session_state


NAMES = ACTIVATIONS.names()
# fixed colour ranges for bounded activations, so a colour means the same as sliders move
ZRANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}

st.title(t("history.act.title"))

# -- the artificial neuron ------------------------------------------------------------------------
st.header(t("history.neuron.header"))
st.markdown(t("history.neuron.lead"))
st.latex(r"z = \mathbf{w}^\top \mathbf{x} + b = w_1 x_1 + w_2 x_2 + b, \qquad a = f(z)")

c = st.columns(4)
w1 = c[0].slider("w₁", -5.0, 5.0, 1.0, step=0.1, key="act.neuron.w1")
w2 = c[1].slider("w₂", -5.0, 5.0, -0.5, step=0.1, key="act.neuron.w2")
b = c[2].slider("b", -10.0, 10.0, 0.0, step=0.1, key="act.neuron.b")
st.session_state.setdefault("act.neuron.act", "sigmoid")  # state, not index=: see ui/language.py
act = c[3].selectbox(
    t("history.neuron.activation"),
    NAMES,
    key="act.neuron.act",
    format_func=fmt("act"),
)
c = st.columns(3)
span = c[0].select_slider(
    t("history.neuron.span"),
    [1, 2, 5, 10, 20, 50, 100, 1000],
    value=5,
    key="act.neuron.span",
    help=t("history.neuron.span_help"),
)
x1 = c[1].slider(
    "x₁", -1.0, 1.0, 0.5, step=0.05, key="act.neuron.x1", help=t("history.neuron.point_help")
)
x2 = c[2].slider(
    "x₂", -1.0, 1.0, 0.5, step=0.05, key="act.neuron.x2", help=t("history.neuron.point_help")
)

f, df = ACTIVATIONS[act].f, ACTIVATIONS[act].df
grid = np.linspace(-span, span, 121)
gx, gy = np.meshgrid(grid, grid)
out = f(w1 * gx + w2 * gy + b)
px, py = x1 * span, x2 * span
z = w1 * px + w2 * py + b
left, right = st.columns([3, 2])
with left:
    st.plotly_chart(
        FH.neuron_figure(
            grid,
            out,
            (px, py),
            {"out": "a", "point": t("history.neuron.point")},
            zrange=ZRANGE.get(act),
        ),
        key="act.neuron.fig",
        width="stretch",
    )
with right:
    st.latex(ACTIVATIONS[act].latex)
    m = st.columns(2)
    m[0].metric("x", f"({px:.3g}, {py:.3g})")
    m[1].metric("z", f"{z:.4g}")
    m = st.columns(2)
    m[0].metric("a = f(z)", f"{float(f(z)):.4g}")
    m[1].metric("f′(z)", f"{float(df(z)):.4g}")
    st.markdown(t("history.neuron.explain"))
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        st.info(t("history.neuron.zero_w"), icon="ℹ️")
    elif act == "linear":
        st.caption(t("history.neuron.linear_note"))

# -- activation explorer ----------------------------------------------------------------------------
st.header(t("history.act.header"))
st.markdown(t("history.act.lead"))
c = st.columns([3, 2, 2])
chosen = c[0].multiselect(
    t("history.act.choose"),
    NAMES,
    default=["relu", "sigmoid", "tanh"],
    key="act.explore.names",
    format_func=fmt("act"),
)
zmax = c[1].slider(
    t("history.act.range"),
    1.0,
    50.0,
    6.0,
    step=0.5,
    key="act.explore.range",
    help=t("history.act.range_help"),
)
eps = c[2].slider(
    t("history.act.eps"),
    0.001,
    0.2,
    0.05,
    step=0.001,
    format="%.3f",
    key="act.explore.eps",
    help=t("history.act.eps_help"),
)

if not chosen:
    st.info(t("history.act.none"))
zs = np.linspace(-zmax, zmax, 801)
labels = {"f": "f(z)", "df": "f′(z)", "sat": t("history.act.saturated")}
cols = st.columns(2)
for i, name in enumerate(chosen):
    rec = ACTIVATIONS[name]
    fn, dfn = rec.f, rec.df
    fz, dz = fn(zs), dfn(zs)
    iv = A.saturated_intervals(zs, dz, eps)
    with cols[i % 2], st.container(border=True):
        st.markdown(f"**{t(f'act.{name}')}**")
        st.latex(rec.latex)
        st.latex(rec.latex_grad)
        st.plotly_chart(
            FH.activation_figure(zs, fz, dz, iv, labels),
            key=f"act.explore.fig.{name}",
            width="stretch",
        )
        frac = sum(hi - lo for lo, hi in iv) / (2 * zmax)
        st.caption(t("history.act.sat_share", share=100 * frac, eps=eps))

if len(chosen) > 1:
    st.markdown(f"**{t('history.act.all_grads')}**")
    grads = {t(f"act.{k}"): ACTIVATIONS[k].df(zs) for k in chosen}
    st.plotly_chart(
        FH.overlay_figure(zs, grads, "z", "f′(z)"), key="act.explore.fig_all", width="stretch"
    )
with st.expander(t("history.act.compare"), expanded=False):
    st.markdown(t("history.act.compare_text"))
