"""Backpropagation with many neurons per layer: a small MLP on one example, in matrix form.

Forward layer by layer, then backward: δ vectors, weight gradients as outer
products δ hᵀ, the gradient passed down by Wᵀδ — each step's numbers substituted
into the formula and checked against torch.autograd.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from dlcore.activations import ACTIVATIONS
from dlcore.figures import training as FT
from dlcore.scratch import backprop as B
from ui.form import seed
from ui.language import fmt, t

ss = st.session_state
K = "bpm"
TOL = 1e-6
ACTS = ("sigmoid", "tanh", "relu")

if f"{K}.n_in" not in ss:
    ss[f"{K}.n_in"], ss[f"{K}.width"], ss[f"{K}.depth"], ss[f"{K}.n_out"] = 2, 3, 1, 2
    ss[f"{K}.act"], ss[f"{K}.stage"] = "sigmoid", 0


def restart() -> None:
    ss[f"{K}.stage"] = 0


def move(d: int, n: int) -> None:
    ss[f"{K}.stage"] = int(np.clip(ss.get(f"{K}.stage", 0) + d, 0, n))


st.title(t("bpm.title"))
st.markdown(t("bpm.lead"))
c = st.columns(5)
c[0].slider(t("bpm.n_in"), 1, 4, key=f"{K}.n_in", on_change=restart)
c[1].slider(t("bpm.depth"), 1, 3, key=f"{K}.depth", on_change=restart)
c[2].slider(t("bpm.width"), 1, 5, key=f"{K}.width", on_change=restart)
c[3].slider(t("bpm.n_out"), 1, 3, key=f"{K}.n_out", on_change=restart)
c[4].selectbox(t("bp.act"), ACTS, key=f"{K}.act", format_func=fmt("act"), on_change=restart)

sizes = (ss[f"{K}.n_in"], *([ss[f"{K}.width"]] * ss[f"{K}.depth"]), ss[f"{K}.n_out"])
act = ss[f"{K}.act"]
W, b = B.init_mlp(sizes, seed=seed(), scale=1.5)
W = [np.round(w, 2) for w in W]
b = [np.round(v, 2) for v in b]
rng = np.random.default_rng([seed(), 7])
x = np.round(rng.uniform(-1, 1, sizes[0]), 2)
y = np.round(rng.uniform(0, 1, sizes[-1]), 2)
r = B.mlp_backprop(x, y, W, b, act)
ref = B.mlp_autograd(x, y, W, b, act)
L = len(W)
n_stages = 2 * L
stage = int(np.clip(ss.get(f"{K}.stage", 0), 0, n_stages))

st.latex(
    r"\mathbf{z}^{(l)} = W^{(l)} \mathbf{h}^{(l-1)} + \mathbf{b}^{(l)},\quad "
    r"\mathbf{h}^{(l)} = \alpha(\mathbf{z}^{(l)}),\quad \mathbf{o} = \mathbf{z}^{(L)},\quad "
    r"\mathcal{L} = \|\mathbf{o} - \mathbf{y}\|^2"
)
st.latex(
    r"\boldsymbol{\delta}^{(L)} = 2(\mathbf{o} - \mathbf{y}),\quad "
    r"\boldsymbol{\delta}^{(l)} = \left(W^{(l+1)\top} \boldsymbol{\delta}^{(l+1)}\right) "
    r"\odot \alpha'(\mathbf{z}^{(l)}),\quad "
    r"\frac{\partial \mathcal{L}}{\partial W^{(l)}} = \boldsymbol{\delta}^{(l)}\, "
    r"\mathbf{h}^{(l-1)\top},\quad \frac{\partial \mathcal{L}}{\partial \mathbf{b}^{(l)}} = "
    r"\boldsymbol{\delta}^{(l)}"
)
st.markdown(
    t(
        "bpm.example",
        sizes="-".join(map(str, sizes)),
        x=", ".join(f"{v:g}" for v in x),
        y=", ".join(f"{v:g}" for v in y),
    )
)

bc = st.columns(4)
bc[0].button(
    t("bp.prev"), key=f"{K}.btn_prev", on_click=move, args=(-1, n_stages), disabled=stage == 0
)
bc[1].button(
    t("bp.next"),
    key=f"{K}.btn_next",
    on_click=move,
    args=(1, n_stages),
    type="primary",
    disabled=stage == n_stages,
)
bc[2].button(t("bp.all"), key=f"{K}.btn_all", on_click=move, args=(n_stages, n_stages))
bc[3].button(t("bp.restart"), key=f"{K}.btn_restart", on_click=restart)
st.progress(stage / n_stages, text=t("bp.stage", s=stage, n=n_stages))
M = FT.bmatrix

# -- this step's formula, numbers substituted --------------------------------------------------
if stage == 0:
    st.info(t("bpm.stage0"))
    st.latex(rf"\mathbf{{h}}^{{(0)}} = \mathbf{{x}} = {M(x)}")
elif stage <= L:
    lyr = stage  # forward through layer lyr
    st.markdown(t("bpm.fwd_step", l=lyr))
    out = lyr == L
    st.latex(
        rf"\mathbf{{z}}^{{({lyr})}} = {M(W[lyr - 1])} {M(r.h[lyr - 1])} + {M(b[lyr - 1])} "
        rf"= {M(r.z[lyr - 1])}"
    )
    if out:
        st.latex(
            rf"\mathbf{{o}} = \mathbf{{z}}^{{({L})}} = {M(r.h[L])},\quad \mathcal{{L}} = "
            rf"\|\mathbf{{o}} - \mathbf{{y}}\|^2 = {r.loss:.4g}"
        )
    else:
        st.latex(rf"\mathbf{{h}}^{{({lyr})}} = \alpha(\mathbf{{z}}^{{({lyr})}}) = {M(r.h[lyr])}")
else:
    lyr = n_stages - stage + 1  # backward through layer lyr
    i = lyr - 1
    st.markdown(t("bpm.bwd_step", l=lyr))
    if lyr == L:
        st.latex(
            rf"\boldsymbol{{\delta}}^{{({L})}} = 2(\mathbf{{o}} - \mathbf{{y}}) = "
            rf"2\left({M(r.h[L])} - {M(y)}\right) = {M(r.delta[i])}"
        )
    else:
        st.latex(
            rf"\boldsymbol{{\delta}}^{{({lyr})}} = \left(W^{{({lyr + 1})\top}} "
            rf"\boldsymbol{{\delta}}^{{({lyr + 1})}}\right) \odot \alpha'(\mathbf{{z}}^{{({lyr})}})"
            rf" = {M(r.dh[i])} \odot {M(ACTIVATIONS[act].df(r.z[i]))}"
            rf" = {M(r.delta[i])}"
        )
    st.latex(
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial W^{{({lyr})}}}} = "
        rf"\boldsymbol{{\delta}}^{{({lyr})}} \mathbf{{h}}^{{({lyr - 1})\top}} = "
        rf"{M(r.delta[i])} {M(r.h[i][None, :])} = {M(r.dW[i])}"
    )
    st.latex(
        rf"\text{{autograd:}}\ \frac{{\partial \mathcal{{L}}}}{{\partial W^{{({lyr})}}}} = "
        rf"{M(ref['dW'][i])}"
    )
    d = max(B.max_abs_diff(r.dW[i], ref["dW"][i]), B.max_abs_diff(r.delta[i], ref["delta"][i]))
    (st.success if d < TOL else st.error)(
        t("bpm.layer_agree" if d < TOL else "bpm.layer_disagree", l=lyr, diff=f"{d:.1e}")
    )

# -- the network: activations going forward, gradients coming back ------------------------------
values, edges = [], []
for col in range(L + 1):
    if stage <= L:
        values.append(r.h[col] if col <= stage else np.full(len(r.h[col]), np.nan))
    else:
        done = col >= n_stages - stage + 1
        values.append(r.delta[col - 1] if col >= 1 and done else np.full(len(r.h[col]), np.nan))
for lyr in range(L):
    if stage <= L:
        edges.append(W[lyr])
    else:
        edges.append(r.dW[lyr] if lyr + 1 >= n_stages - stage + 1 else np.zeros_like(W[lyr]))
cols = "|".join(["x", *[f"h({i})" for i in range(1, L)], "o"])
highlight = stage if stage <= L else n_stages - stage + 1
st.plotly_chart(
    FT.mlp_figure(values, edges, {"columns": cols}, highlight=highlight),
    key=f"{K}.net",
    width="stretch",
)
st.caption(t("bpm.fig_caption_fwd" if stage <= L else "bpm.fig_caption_bwd"))

# -- every layer against autograd ----------------------------------------------------------------
rows = {
    t("bpm.col_layer"): list(range(1, L + 1)),
    "‖δ‖": [f"{np.linalg.norm(v):.4g}" for v in r.delta],
    "‖∂L/∂W‖": [f"{np.linalg.norm(v):.4g}" for v in r.dW],
    "max|Δδ|": [f"{B.max_abs_diff(a, c):.1e}" for a, c in zip(r.delta, ref["delta"], strict=True)],
    "max|Δ∂W|": [f"{B.max_abs_diff(a, c):.1e}" for a, c in zip(r.dW, ref["dW"], strict=True)],
    "max|Δ∂b|": [f"{B.max_abs_diff(a, c):.1e}" for a, c in zip(r.db, ref["db"], strict=True)],
}
st.subheader(t("bpm.check_title"))
st.dataframe(rows, hide_index=True, width="stretch", key=f"{K}.table")
worst = max(
    B.max_abs_diff(r.dW, ref["dW"]),
    B.max_abs_diff(r.delta, ref["delta"]),
    B.max_abs_diff(r.db, ref["db"]),
)
if worst < TOL:
    st.success(t("bp.agree", diff=f"{worst:.1e}", tol=f"{TOL:g}"))
else:
    st.error(t("bp.disagree", diff=f"{worst:.1e}", tol=f"{TOL:g}"))
st.markdown(t("bpm.note"))
