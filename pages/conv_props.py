"""Why convolution: sparse connectivity and parameter sharing, receptive fields,
translation equivariance (and a dense layer's lack of it), pooling."""

import numpy as np
import streamlit as st

from dlcore.data.upload import to_square
from dlcore.figures import cnn as fig
from dlcore.scratch import conv as C
from pages.conv_input import input_image
from ui.language import fmt, t

ss = st.session_state
st.title(t("cnn.props.title"))
st.markdown(t("cnn.props.lead"))
image = input_image("props", default_size=24, max_size=32)
n = image.shape[0]
c1, c2 = st.columns(2)
ss.setdefault("props.preset", C.KERNEL_PRESETS[4])  # state, not index=: see ui/language.py
preset = c1.selectbox(
    t("cnn.kernel_preset"),
    C.KERNEL_PRESETS,
    key="props.preset",
    format_func=fmt("cnn.kernel"),
)
k = c2.select_slider(t("cnn.kernel_size"), [3, 5, 7], key="props.k")
kernel = C.kernel_preset(preset, k)

# -- 3. sparse connectivity and parameter sharing -------------------------------------------
st.header(t("cnn.sparse"))
st.markdown(t("cnn.sparse.lead"))
c_out = st.slider(t("cnn.sparse.c_out"), 1, 64, 8, key="props.c_out")
n_out = C.output_size(n, k)
if n_out < 1:
    st.error(t("cnn.geom.too_big", span=k, n=n, p=0, np=n), icon="🚫")
else:
    conv_p = C.conv_params(1, c_out, k)
    dense_p = C.dense_params(n * n, c_out * n_out * n_out)
    m1, m2, m3 = st.columns(3)
    m1.metric(t("cnn.sparse.conv_params"), f"{conv_p:,}")
    m2.metric(t("cnn.sparse.dense_params"), f"{dense_p:,}")
    m3.metric(t("cnn.sparse.ratio"), f"{dense_p / conv_p:,.0f}×")
    st.latex(
        rf"\underbrace{{{c_out}\cdot{k}^2 + {c_out}}}_{{\text{{conv}}}} = {conv_p:,}"
        rf"\quad\text{{vs}}\quad \underbrace{{{n}^2 \cdot {c_out}\cdot{n_out}^2 + {c_out}\cdot{n_out}^2}}_{{\text{{dense}}}}"
        rf" = {dense_p:,}".replace(",", "{,}")
    )
    out_n = f"{c_out * n_out * n_out:,}"
    st.caption(t("cnn.sparse.sizes", n=n, n2=f"{n * n:,}", k=k, m=n_out, c=c_out, out=out_n))
    st.caption(
        t(
            "cnn.sparse.connections",
            k2=k * k,
            n2=n * n,
            conn=f"{C.conv_connections(n_out, n_out, 1, c_out, k):,}",
        )
    )

st.subheader(t("cnn.rf"))
r1, r2, r3 = st.columns(3)
n_layers = r1.slider(t("cnn.rf.layers"), 1, 4, 2, key="props.rf_layers")
rf_stride = r2.select_slider(t("cnn.stride"), [1, 2], key="props.rf_stride")
rf_dil = r3.select_slider(t("cnn.dilation"), [1, 2, 3], key="props.rf_dil")
layers = [(k, rf_stride, rf_dil * (k - 1) // 2, rf_dil)] * n_layers
boxes, names, side = [], [], n
for depth in range(1, n_layers + 1):
    side = C.output_size(side, k, rf_stride, rf_dil * (k - 1) // 2, rf_dil)
    if side < 1:
        break
    centre = side // 2
    boxes.append(C.receptive_box(layers[:depth], centre, centre))
    size, _ = C.receptive_field([(kk, s, d) for kk, s, _, d in layers[:depth]])
    names.append(t("cnn.rf.layer", l=depth, size=size))
st.plotly_chart(fig.receptive_field_figure(image, boxes, names), key="props.fig_rf")
st.latex(r"r_\ell = r_{\ell-1} + d\,(k-1)\prod_{m<\ell} s_m,\qquad r_0 = 1")

# -- 4. translation equivariance -------------------------------------------------------------
st.header(t("cnn.equi"))
st.markdown(t("cnn.equi.lead"))
e1, e2 = st.columns(2)
dx = e1.slider(t("cnn.equi.dx"), -8, 8, 3, key="props.dx")
dy = e2.slider(t("cnn.equi.dy"), -8, 8, 0, key="props.dy")
pad = k // 2
a = C.conv2d(C.shift(image, dx, dy), kernel, padding=pad)
b = C.shift(C.conv2d(image, kernel, padding=pad), dx, dy)
mask = C.border_mask(n, n, dx, dy, pad)
diff = a - b
inner = float(np.abs(diff[mask]).max()) if mask.any() else 0.0
st.plotly_chart(
    fig.heatmaps(
        [a, b, diff],
        [t("cnn.equi.conv_shift"), t("cnn.equi.shift_conv"), t("cnn.equi.diff")],
        height=300,
        shared_scale=True,
    ),
    key="props.fig_equi",
)
st.success(t("cnn.equi.inner", err=f"{inner:.2e}", border=pad + max(abs(dx), abs(dy))), icon="✅")


@st.cache_data(max_entries=4)
def dense_weights(n: int) -> np.ndarray:
    """A random fully connected layer n² → n² (fixed seed), scaled like Xavier."""
    rng = np.random.default_rng(7)
    return (rng.normal(0, 1, (n * n, n * n)) / n).astype(np.float32)


W = dense_weights(n)
fa = C.dense_same_size(C.shift(image, dx, dy), W)
fb = C.shift(C.dense_same_size(image, W), dx, dy)
st.markdown(t("cnn.equi.dense"))
st.plotly_chart(
    fig.heatmaps(
        [fa, fb, fa - fb],
        [t("cnn.equi.fc_shift"), t("cnn.equi.shift_fc"), t("cnn.equi.diff")],
        height=300,
    ),
    key="props.fig_fc",
)
rel = (
    float(np.linalg.norm((fa - fb)[mask]) / max(np.linalg.norm(fb[mask]), 1e-8))
    if mask.any()
    else 0.0
)
st.warning(t("cnn.equi.dense_err", rel=f"{rel:.0%}"), icon="⚠️")

st.subheader(t("cnn.equi.invariance"))
shifts = list(range(0, 5))
raw, pooled2 = C.shift_sensitivity(image, kernel, shifts, pool=2)
_, pooled4 = C.shift_sensitivity(image, kernel, shifts, pool=4)
st.plotly_chart(
    fig.shift_accuracy_figure(
        np.asarray(shifts, np.float32),
        {
            t("cnn.equi.no_pool"): raw,
            t("cnn.equi.with_pool", p=2): pooled2,
            t("cnn.equi.with_pool", p=4): pooled4,
        },
        t("cnn.shift_px"),
        t("cnn.equi.rel_change"),
        y_range=None,
    ),
    key="props.fig_inv",
)
st.caption(t("cnn.equi.invariance_note"))

# -- 5. pooling ----------------------------------------------------------------------------
st.header(t("cnn.pool"))
st.markdown(t("cnn.pool.lead"))
p1, p2, p3, p4 = st.columns(4)
mode = p1.radio(
    t("cnn.pool.mode"),
    ["max", "avg"],
    key="props.pool_mode",
    format_func=fmt("cnn.pool"),
    horizontal=True,
)
size = p2.slider(t("cnn.pool.size"), 2, 4, 2, key="props.pool_size")
stride = p3.slider(t("cnn.stride"), 1, 4, 2, key="props.pool_stride")
side = p4.slider(t("cnn.pool.side"), 6, 16, 8, key="props.pool_side")
fmap = np.round(C.conv2d(to_square(image, side), kernel, padding=pad), 2).astype(np.float32)
if C.output_size(side, size, stride) < 1:
    st.error(t("cnn.geom.too_big", span=size, n=side, p=0, np=side), icon="🚫")
else:
    pooled_map, taken = C.pool2d(fmap, size, stride, mode)
    st.plotly_chart(
        fig.pool_figure(
            fmap,
            pooled_map,
            taken,
            size,
            stride,
            mode,
            [t("cnn.pool.fmap", n=side), t("cnn.pool.out", n=pooled_map.shape[0])],
        ),
        key="props.fig_pool",
    )
    st.caption(t(f"cnn.pool.note.{mode}"))
