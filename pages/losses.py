"""输出层以及损失函数 — squared loss vs cross-entropy as functions of the predicted probability,
their gradients (why cross-entropy does not stall when confidently wrong), and a softmax explorer."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dlcore.figures import history as FH
from dlcore.scratch import losses as L
from ui.language import t

ss = st.session_state
N_CLASSES = 4

st.title(t("history.loss.title"))
st.markdown(t("history.loss.lead"))
c = st.columns(2)
with c[0], st.container(border=True):
    st.markdown(f"**{t('history.loss.squared')}**")
    st.latex(r"\ell(\mathbf{y}, \hat{\mathbf{y}}) = \|\mathbf{y} - \hat{\mathbf{y}}\|_2^2")
    st.latex(
        r"\mathcal{L}(\mathbf{W}) = \frac{1}{n} \sum_{i=1}^n "
        r"\ell(\mathbf{y}^{(i)}, \hat{\mathbf{y}}^{(i)})"
    )
with c[1], st.container(border=True):
    st.markdown(f"**{t('history.loss.ce')}**")
    st.latex(r"\ell(\mathbf{z}, \hat{\mathbf{y}}) = - \sum_{j=1}^c \hat{y}_j \log z_j")
    st.latex(
        r"\mathcal{L}(\mathbf{W}) = \frac{1}{n} \sum_{i=1}^n "
        r"\ell(\mathbf{z}^{(i)}, \hat{\mathbf{y}}^{(i)})"
    )
st.caption(t("history.loss.notation"))

# -- loss and gradient against the predicted probability -----------------------------------------
st.header(t("history.loss.curves_header"))
st.markdown(t("history.loss.curves_lead"))
st.latex(
    r"p = \sigma(a):\quad "
    r"\frac{\partial}{\partial a}(1-p)^2 = -2(1-p)\,p\,(1-p), \qquad "
    r"\frac{\partial}{\partial a}\left(-\log p\right) = p - 1"
)
p_now = st.slider(
    t("history.loss.p"),
    0.001,
    0.999,
    0.02,
    step=0.001,
    format="%.3f",
    key="losses.p",
    help=t("history.loss.p_help"),
)
ps = np.linspace(0.0, 1.0, 401)
cur = L.binary_curves(ps)
now = L.binary_curves(np.array([p_now]))
mse_name, ce_name = t("history.loss.mse_name"), t("history.loss.ce_name")
left, right = st.columns(2)
with left:
    st.markdown(f"**{t('history.loss.loss_vs_p')}**")
    st.plotly_chart(
        FH.loss_curves_figure(
            cur["p"],
            {mse_name: cur["mse"], ce_name: cur["ce"]},
            x_title=t("history.loss.p_axis"),
            y_title="ℓ",
            marker=p_now,
            y_range=(0.0, 5.0),
        ),
        key="losses.fig_loss",
        width="stretch",
    )
with right:
    st.markdown(f"**{t('history.loss.grad_vs_p')}**")
    st.plotly_chart(
        FH.loss_curves_figure(
            cur["p"],
            {mse_name: np.abs(cur["mse_grad_a"]), ce_name: np.abs(cur["ce_grad_a"])},
            x_title=t("history.loss.p_axis"),
            y_title="|∂ℓ/∂a|",
            marker=p_now,
            y_range=(0.0, 1.05),
        ),
        key="losses.fig_grad",
        width="stretch",
    )
m = st.columns(4)
m[0].metric(t("history.loss.m_mse"), f"{now['mse'][0]:.4f}")
m[1].metric(t("history.loss.m_ce"), f"{now['ce'][0]:.4f}")
m[2].metric(t("history.loss.m_mse_grad"), f"{now['mse_grad_a'][0]:.4f}")
m[3].metric(t("history.loss.m_ce_grad"), f"{now['ce_grad_a'][0]:.4f}")
ratio = abs(now["ce_grad_a"][0]) / max(abs(now["mse_grad_a"][0]), 1e-12)
if p_now < 0.2:
    st.info(t("history.loss.stall", p=p_now, ratio=ratio), icon="💡")
else:
    st.caption(t("history.loss.not_stall"))

# -- softmax explorer -----------------------------------------------------------------------------------
st.header(t("history.loss.softmax_header"))
st.markdown(t("history.loss.softmax_lead"))
st.latex(
    r"z_j = \frac{\exp(a_j / T)}{\sum_{k=1}^{c} \exp(a_k / T)}, \qquad "
    r"\frac{\partial \ell}{\partial a_j} = \frac{z_j - \hat{y}_j}{T}"
)
defaults = (2.0, 1.0, 0.1, -1.0)
cols = st.columns(N_CLASSES + 1)
logits = np.array(
    [
        cols[j].slider(
            f"a{chr(0x2081 + j)}", -50.0, 50.0, defaults[j], step=0.1, key=f"losses.logit{j}"
        )
        for j in range(N_CLASSES)
    ]
)
temp = cols[-1].slider(
    t("history.loss.temp"),
    0.01,
    5.0,
    1.0,
    step=0.01,
    key="losses.temp",
    help=t("history.loss.temp_help"),
)
classes = [t("history.loss.class", j=j + 1) for j in range(N_CLASSES)]
true = st.radio(
    t("history.loss.true"),
    list(range(N_CLASSES)),
    key="losses.true",
    format_func=lambda j: classes[j],
    horizontal=True,
)
probs = L.softmax(logits, temp)
# z − ŷ = T·∂ℓ/∂a: the same direction on a scale that stays readable as T → 0
grad = L.cross_entropy_grad(logits, true, temp) * max(temp, L.T_MIN)
ce = L.cross_entropy(logits, true, temp)
left, right = st.columns([3, 1])
left.plotly_chart(
    FH.softmax_figure(
        classes,
        probs,
        grad,
        {"prob": t("history.loss.prob"), "grad": "zⱼ − ŷⱼ = T·∂ℓ/∂aⱼ"},
        true_class=true,
    ),
    key="losses.fig_softmax",
    width="stretch",
)
with right:
    st.metric(t("history.loss.m_ce"), f"{ce:.4g}")
    st.metric(t("history.loss.m_top"), classes[int(np.argmax(probs))])
    st.metric(t("history.loss.prob"), f"{probs.max():.3f}")
    if temp <= 0.05:
        st.caption(t("history.loss.cold"))
    elif temp >= 3:
        st.caption(t("history.loss.hot"))
