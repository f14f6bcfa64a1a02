"""Convolution explorer: an image, a kernel, stride / padding / dilation → the feature map;
then one output computed by hand on a small input."""

import threading

import numpy as np
import streamlit as st
import torch
import torch.nn.functional as F

from dlcore.data.upload import to_square
from dlcore.figures import cnn as fig
from dlcore.scratch import conv as C
from pages.conv_input import input_image, kernel_widget
from ui.language import t
from ui.live import LiveView

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


class Hand:
    """The by-hand animation as a live target: one step = the next output cell."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.step_count = 0  # steps taken (the view's counter; the cell wraps around)
        self.cell = 0
        self.n_cells = 1
        self.stop = None  # never stops by itself (Trainer-like for the Streamlit fallback)

    def step(self, n: int | None = 1, time_budget_s: float | None = None, max_steps=None) -> int:
        n = 1 if n is None else int(n)
        with self.lock:
            self.cell = (self.cell + n) % max(1, self.n_cells)
            self.step_count += n
        return n


def live_step(h: Hand, n: int, budget_s: float) -> int:
    """Exactly ``n`` cells for Step; while playing one cell a slice (the speed paces them)."""
    return h.step(n if budget_s == float("inf") else 1)


hand: Hand | None = ss.get("conv._hand")
if hand is None or ss.pop("conv.hand._reset", False):
    hand = ss["conv._hand"] = Hand()
with hand.lock:
    hand.n_cells = n_cells
    if hand.cell >= n_cells:
        hand.cell = 0
    ss["conv.cell"] = hand.cell  # the slider shows where the animation is (Pause keeps it)


def pick() -> None:
    with hand.lock:
        hand.cell = int(ss["conv.cell"])


if n_cells > 1:
    st.slider(t("cnn.hand.cell"), 0, n_cells - 1, key="conv.cell", on_change=pick)


def by_hand(s, h: Hand) -> None:
    idx = min(h.cell, n_cells - 1)
    i, j = divmod(int(idx), y.shape[1])
    s.progress(idx / max(1, n_cells - 1), f"{t('cnn.hand.cell')}: {idx} / {n_cells - 1}")
    one = C.one_output(small, kernel, i, j, stride, padding, dilation, bias)
    shown = np.full_like(y, np.nan)
    shown.flat[: idx + 1] = y.flat[: idx + 1]
    titles = [
        t("cnn.hand.input_padded"),
        t("cnn.hand.kernel"),
        t("cnn.hand.products"),
        t("cnn.hand.out"),
    ]
    f = fig.by_hand_figure(
        C.pad2d(small, padding), kernel, one.products, shown, one.rows, one.cols, (i, j), titles
    )
    f.update_layout(margin_t=34)  # room for the four panels' titles
    s.plotly_chart(f, key="conv.fig_hand")
    pairs = [(one.patch[u, v], kernel[u, v]) for u in range(k) for v in range(k) if kernel[u, v]]
    terms = " + ".join(f"({a:.2f})({b:.2f})" for a, b in pairs)
    if len(terms) > 400:
        terms = r"\sum_{u,v} x \odot w"
    tex = rf"y_{{{i},{j}}} = {terms or '0'} + ({bias:.2f}) = {one.value:.3f}"
    plain = f"y[{i},{j}] = " + (terms.replace(r"\sum_{u,v} x \odot w", "Σ x⊙w") or "0")
    s.latex(tex, plain=f"{plain} + ({bias:.2f}) = {one.value:.3f}")
    ref = F.conv2d(
        torch.from_numpy(small)[None, None],
        torch.from_numpy(kernel)[None, None],
        torch.tensor([bias], dtype=torch.float32),
        stride,
        padding,
        dilation,
    )[0, 0, i, j].item()
    s.caption(t("cnn.hand.torch", torch=f"{ref:.4f}", ours=f"{one.value:.4f}"))


view = LiveView(
    "conv.hand",
    hand,
    {"hand": by_hand},
    epoch_button=False,
    step=live_step,
    stopped=lambda h: False,
    speed=1.0,  # one cell a second until the speed control says otherwise
    labels={"step": t("cnn.hand.next")},
    every_s=0.8,
    max_steps=1,
)
view.part("hand")
