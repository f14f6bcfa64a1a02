"""Backpropagation with one neuron per layer: a chain of k neurons, step by step.

Forward values hⁱ, local derivatives ∂hⁱ⁺¹/∂hⁱ, the running product from the
output back, each ∂L/∂wᵢ — as a table and a diagram, with the lecture's formula
and the numbers substituted, every value checked against torch.autograd, and the
multiplications counted back to front versus recomputing each product.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from dlcore.figures import training as FT
from dlcore.scratch import backprop as B
from ui.form import seed
from ui.language import fmt, t

ss = st.session_state
K = "bp"
TOL = 1e-6

if f"{K}.k" not in ss:
    ss[f"{K}.k"], ss[f"{K}.act"] = 4, "sigmoid"
    ss[f"{K}.x"], ss[f"{K}.y"] = 1.0, 0.0
    ss[f"{K}.w"], ss[f"{K}.wo"], ss[f"{K}.random"] = 0.8, 1.0, True
    ss[f"{K}.stage"] = 0


def move(d: int) -> None:
    ss[f"{K}.stage"] = int(np.clip(ss.get(f"{K}.stage", 0) + d, 0, ss[f"{K}.k"] + 1))


def to_end() -> None:
    ss[f"{K}.stage"] = ss[f"{K}.k"] + 1


def restart() -> None:
    ss[f"{K}.stage"] = 0


st.title(t("bp.title"))
st.markdown(t("bp.lead"))
st.latex(
    r"\frac{\partial \mathcal{L}}{\partial w_{(h^{r-1}, h^r)}} = "
    r"\frac{\partial \mathcal{L}}{\partial o} \cdot \left[\frac{\partial o}{\partial h^k} "
    r"\prod_{i=r}^{k-1} \frac{\partial h^{i+1}}{\partial h^i} \right] \cdot "
    r"\frac{\partial h^r}{\partial w_{(h^{r-1}, h^r)}}"
)
st.latex(
    r"h^0 = x,\quad h^i = \alpha\left(w_i\, h^{i-1}\right),\quad o = w_o\, h^k,\quad "
    r"\mathcal{L} = (o - y)^2"
)

c = st.columns(4)
c[0].slider(t("bp.k"), 2, 8, key=f"{K}.k", on_change=restart)
c[1].selectbox(
    t("bp.act"), B.CHAIN_ACTIVATIONS, key=f"{K}.act", format_func=fmt("act"), on_change=restart
)
c[2].number_input("x", -5.0, 5.0, step=0.1, key=f"{K}.x", on_change=restart)
c[3].number_input(t("bp.target"), -5.0, 5.0, step=0.1, key=f"{K}.y", on_change=restart)
c = st.columns(3)
c[0].toggle(t("bp.random"), key=f"{K}.random", on_change=restart, help=t("bp.random_help"))
c[1].slider(
    t("bp.w_all"), -3.0, 3.0, step=0.1, key=f"{K}.w", disabled=ss[f"{K}.random"], on_change=restart
)
c[2].slider("wₒ", -3.0, 3.0, step=0.1, key=f"{K}.wo", on_change=restart)

k, act = int(ss[f"{K}.k"]), ss[f"{K}.act"]
x, y, w_out = float(ss[f"{K}.x"]), float(ss[f"{K}.y"]), float(ss[f"{K}.wo"])
if ss[f"{K}.random"]:
    w = np.round(np.random.default_rng([seed(), k]).uniform(-2.0, 2.0, k), 2)
else:
    w = np.full(k, float(ss[f"{K}.w"]))
r = B.chain_backprop(x, y, w, w_out, act)
ref = B.chain_autograd(x, y, w, w_out, act)
stage = int(np.clip(ss.get(f"{K}.stage", 0), 0, k + 1))

# -- step through: 0 = forward only; 1 = ∂L/∂o and wₒ; 1 + j = layer k − j + 1 ------------------
st.subheader(t("bp.steps_title"))
b = st.columns(4)
b[0].button(t("bp.prev"), key=f"{K}.btn_prev", on_click=move, args=(-1,), disabled=stage == 0)
b[1].button(
    t("bp.next"),
    key=f"{K}.btn_next",
    on_click=move,
    args=(1,),
    type="primary",
    disabled=stage == k + 1,
)
b[2].button(t("bp.all"), key=f"{K}.btn_all", on_click=to_end)
b[3].button(t("bp.restart"), key=f"{K}.btn_restart", on_click=restart)
st.progress(stage / (k + 1), text=t("bp.stage", s=stage, n=k + 1))
shown = np.zeros(k, bool)  # layers whose backward numbers are revealed
if stage >= 2:
    shown[k - (stage - 1) :] = True
if stage == 0:
    st.info(t("bp.stage0", o=f"{r.o:.4g}", loss=f"{r.loss:.4g}"))
elif stage == 1:
    st.latex(
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial o}} = 2(o - y) = 2({r.o:.4g} - {y:g}) = "
        rf"{r.dL_do:.4g}, \qquad \frac{{\partial \mathcal{{L}}}}{{\partial w_o}} = "
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial o}}\, h^{k} = {r.dL_do:.4g} \cdot "
        rf"{r.h[-1]:.4g} = {r.dL_dwout:.4g}"
    )
else:
    i = k - (stage - 1)  # 0-based layer just revealed: the lecture's r = i + 1
    rr = i + 1
    local = " \\cdot ".join(f"{v:.3g}" for v in r.local[i + 1 :][::-1])
    bracket = f"{r.w_out:.3g}" + (f" \\cdot {local}" if local else "")
    prod = (
        (
            r"\prod_{i=" + str(rr) + r"}^{" + str(k - 1) + r"} \frac{\partial h^{i+1}}"
            r"{\partial h^i}"
        )
        if rr < k
        else ""
    )
    st.latex(
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial w_{{{rr}}}}} = "
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial o}} \cdot \left[\frac{{\partial o}}"
        rf"{{\partial h^{k}}} {prod}\right] \cdot \frac{{\partial h^{{{rr}}}}}{{\partial w_{{{rr}}}}}"
        rf" = {r.dL_do:.4g} \cdot \left[{bracket}\right] \cdot {r.dh_dw[i]:.4g} = "
        rf"{r.dL_dw[i]:.6g}"
    )
    st.caption(t("bp.reuse", r=rr, nxt=rr + 1) if rr < k else t("bp.first_bracket"))

bwd = np.where(shown, r.dL_dh, np.nan)
fig = FT.chain_figure(
    r.h,
    r.w,
    r.w_out,
    r.o,
    r.loss,
    bwd,
    r.dL_do if stage >= 1 else float("nan"),
    x,
    {"forward": t("bp.fwd_row"), "backward": t("bp.bwd_row")},
)
st.plotly_chart(fig, key=f"{K}.chain", width="stretch")


def col(values: np.ndarray, mask: np.ndarray | None = None) -> list[str]:
    return [f"{v:.6g}" if (mask is None or mask[j]) else "·" for j, v in enumerate(values)]


diff_w = np.abs(r.dL_dw - ref["dL_dw"])
table = {
    "i": list(range(1, k + 1)),
    "wᵢ": col(r.w),
    "hⁱ": col(r.h),
    "hⁱ (autograd)": col(ref["h"]),
    "∂hⁱ/∂hⁱ⁻¹": col(r.local),
    "∂o/∂hⁱ": col(r.do_dh, shown),
    "∂L/∂hⁱ": col(r.dL_dh, shown),
    "∂L/∂hⁱ (autograd)": col(ref["dL_dh"], shown),
    "∂hⁱ/∂wᵢ": col(r.dh_dw),
    "∂L/∂wᵢ": col(r.dL_dw, shown),
    "∂L/∂wᵢ (autograd)": col(ref["dL_dw"], shown),
    "|Δ|": [f"{d:.1e}" if shown[j] else "·" for j, d in enumerate(diff_w)],
}
st.dataframe(table, hide_index=True, width="stretch", key=f"{K}.table")
st.caption(t("bp.table_caption"))
worst = max(
    B.max_abs_diff(r.h, ref["h"]),
    B.max_abs_diff(r.dL_dh, ref["dL_dh"]),
    B.max_abs_diff(r.dL_dw, ref["dL_dw"]),
    abs(r.dL_dwout - ref["dL_dwout"]),
)
if worst < TOL:
    st.success(t("bp.agree", diff=f"{worst:.1e}", tol=f"{TOL:g}"))
else:
    st.error(t("bp.disagree", diff=f"{worst:.1e}", tol=f"{TOL:g}"))
if np.max(np.abs(r.dL_dw)) > 0 and np.min(np.abs(r.dL_dw)) < 1e-3 * np.max(np.abs(r.dL_dw)):
    st.warning(t("bp.vanish_hint"))

# -- counting multiplications -------------------------------------------------------------------
st.subheader(t("bp.count_title"))
st.markdown(t("bp.count_lead"))
_, naive_k = B.chain_recompute(x, y, w, w_out, act)
m = st.columns(2)
m[0].metric(t("bp.count_back"), r.mults)
m[1].metric(t("bp.count_naive"), naive_k)
ks = np.arange(2, 21)
fig = FT.mult_count_figure(
    ks,
    np.array([B.mults_back_to_front(int(v)) for v in ks]),
    np.array([B.mults_recompute(int(v)) for v in ks]),
    {"naive": t("bp.count_naive"), "back": t("bp.count_back"), "x": "k", "y": t("bp.count_y")},
)
st.plotly_chart(fig, key=f"{K}.counts", width="stretch")
st.markdown(t("bp.count_formula"))
st.markdown(t("bp.note"))
