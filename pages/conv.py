"""Convolution explorer: an image, a kernel, stride / padding / dilation → the feature map;
then one output computed by hand on a small input."""

import numpy as np
import streamlit as st
import torch
import torch.nn.functional as F

from dlcore.data.upload import to_square
from dlcore.figures import cnn as fig
from dlcore.scratch import conv as C
from pages._ui import t
from pages.conv_input import input_image, kernel_widget

ss = st.session_state
st.title(t("cnn.conv.title"))
st.markdown(t("cnn.conv.lead"))
st.latex(r"y_{i,j} = b + \sum_{u=0}^{k-1}\sum_{v=0}^{k-1} w_{u,v}\, x_{i s + u d,\; j s + v d}")

# -- 1. the explorer ----------------------------------------------------------------------
st.header(t("cnn.explorer"))
left, right = st.columns([1, 1.6], gap="large")
with left:
    image = input_image("conv")
    kernel = kernel_widget("conv")
    k = kernel.shape[0]
    c1, c2, c3 = st.columns(3)
    stride = c1.slider(t("cnn.stride"), 1, 4, 1, key="conv.stride")
    padding = c2.slider(t("cnn.padding"), 0, 6, 0, key="conv.padding")
    dilation = c3.slider(t("cnn.dilation"), 1, 4, 1, key="conv.dilation")
    bias = st.number_input(t("cnn.bias"), -10.0, 10.0, 0.0, 0.1, key="conv.bias")

n = image.shape[0]
with right:
    h_out = C.output_size(n, k, stride, padding, dilation)
    h_txt = str(h_out) if h_out > 0 else r"\text{—}"
    st.latex(r"n' = \left\lfloor \frac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1")
    st.latex(
        rf"n' = \left\lfloor \frac{{{n} + 2\cdot{padding} - {dilation}\cdot({k}-1) - 1}}{{{stride}}}"
        rf" \right\rfloor + 1 = {h_txt}"
    )
    problem = C.check_geometry(n, k, stride, padding, dilation)
    if problem is not None:
        st.error(t(problem[0], **problem[1]), icon="🚫")
        st.plotly_chart(fig.heatmaps([image], [t("cnn.input", n=n)]), key="conv.fig_in")
    else:
        out = C.conv2d(image, kernel, np.array([bias]), stride, padding, dilation)
        st.plotly_chart(
            fig.heatmaps(
                [image, out], [t("cnn.input", n=n), t("cnn.output", n=out.shape[0])], height=380
            ),
            key="conv.fig_io",
        )
        st.caption(t("cnn.colour_rule"))
        ss["conv._feature_map"] = out

# -- 2. one output by hand ------------------------------------------------------------------
st.header(t("cnn.hand"))
st.markdown(t("cnn.hand.lead"))
small_n = st.slider(t("cnn.hand.n"), 5, 9, 7, key="conv.hand_n")
small = np.round(to_square(image, small_n), 2).astype(np.float32)
problem = C.check_geometry(small_n, k, stride, padding, dilation)
if problem is not None:
    st.error(t(problem[0], **problem[1]), icon="🚫")
    st.stop()
y = C.conv2d(small, kernel, np.array([bias]), stride, padding, dilation)
n_cells = y.size
if ss.get("conv.cell", 0) >= n_cells:
    ss["conv.cell"] = 0


def advance() -> None:
    ss["conv.cell"] = (ss.get("conv.cell", 0) + 1) % n_cells


def toggle_play() -> None:
    ss["conv._hand_play"] = not ss.get("conv._hand_play", False)


b1, b2, b3 = st.columns([1, 1, 3])
b1.button(t("cnn.hand.next"), key="conv.btn_next", on_click=advance, width="stretch")
b2.button(
    t("train.pause") if ss.get("conv._hand_play") else t("train.play"),
    key="conv.btn_hand_play",
    on_click=toggle_play,
    width="stretch",
)
if n_cells > 1:
    b3.slider(t("cnn.hand.cell"), 0, n_cells - 1, key="conv.cell")


@st.fragment(run_every=0.8 if ss.get("conv._hand_play") else None)
def by_hand() -> None:
    if ss.get("conv._hand_play"):
        idx = ss.get("conv._hand_idx", ss.get("conv.cell", 0))
        idx = (idx + 1) % n_cells
        ss["conv._hand_idx"] = idx
    else:
        idx = ss.get("conv.cell", 0)
        ss["conv._hand_idx"] = idx
    i, j = divmod(int(idx), y.shape[1])
    one = C.one_output(small, kernel, i, j, stride, padding, dilation, bias)
    shown = np.full_like(y, np.nan)
    shown.flat[: idx + 1] = y.flat[: idx + 1]
    titles = [
        t("cnn.hand.input_padded"),
        t("cnn.hand.kernel"),
        t("cnn.hand.products"),
        t("cnn.hand.out"),
    ]
    st.plotly_chart(
        fig.by_hand_figure(
            C.pad2d(small, padding), kernel, one.products, shown, one.rows, one.cols, (i, j), titles
        ),
        key="conv.fig_hand",
    )
    terms = " + ".join(
        f"({one.patch[u, v]:.2f})({kernel[u, v]:.2f})"
        for u in range(k)
        for v in range(k)
        if kernel[u, v] != 0
    )
    if len(terms) > 400:
        terms = r"\sum_{u,v} x \odot w"
    st.latex(rf"y_{{{i},{j}}} = {terms or '0'} + ({bias:.2f}) = {one.value:.3f}")
    ref = F.conv2d(
        torch.from_numpy(small)[None, None],
        torch.from_numpy(kernel)[None, None],
        torch.tensor([bias], dtype=torch.float32),
        stride,
        padding,
        dilation,
    )[0, 0, i, j].item()
    st.caption(t("cnn.hand.torch", torch=f"{ref:.4f}", ours=f"{one.value:.4f}"))


by_hand()
