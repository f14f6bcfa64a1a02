"""RNN chapter · inside the cell: the unrolled network, NumPy vs torch, LSTM gates over time,
Karpathy-style character colouring and an LSTMVis-style span search."""

from __future__ import annotations

import copy

import numpy as np
import streamlit as st
import torch
from torch import nn

from dlcore.config import ExperimentConfig
from dlcore.data.text import encode, load_corpus
from dlcore.figures import rnn as F
from dlcore.rng import seeded
from dlcore.scratch import rnn as SR
from pages import rnn_widgets as U
from ui import widgets as W
from ui.controls import trainer
from ui.form import Form
from ui.language import fmt, show_notices, t
from ui.live import LiveView
from ui.share import share

PAGE = "rnn_inside"
DEFAULT = ExperimentConfig().with_(
    data={
        "name": "chars",
        "n_points": 800,
        "seq_len": 50,
        "corpus": "yellowstone",
        "train_ratio": 0.9,
    },
    model={"family": "rnn", "cell": "lstm", "hidden_size": 32},
    train={"optimizer": "adam", "lr": 0.01, "batch_size": 32, "clip_grad": 1.0},
)
PATHS = [
    *U.TASK_PATHS,
    *U.CELL_PATHS,
    "train.lr",
]
EQUATIONS = {
    "rnn": [r"h^{(t)} = \alpha_h\left(W_{hh} h^{(t-1)} + W_{hx} x^{(t)} + b_h\right)"],
    "lstm": [
        r"f_t = \sigma\left(W_f x^{(t)} + U_f h^{(t-1)} + b_f\right)",
        r"i_t = \sigma\left(W_i x^{(t)} + U_i h^{(t-1)} + b_i\right)",
        r"\tilde{C}^{(t)} = \tanh\left(W_c x^{(t)} + U_c h^{(t-1)} + b_c\right)",
        r"C^{(t)} = f_t \odot C^{(t-1)} + i_t \odot \tilde{C}^{(t)}",
        r"o_t = \sigma\left(W_o x^{(t)} + U_o h^{(t-1)} + b_o\right)",
        r"h^{(t)} = o_t \odot \tanh\left(C^{(t)}\right)",
    ],
    "gru": [
        r"r_t = \sigma\left(W_r x^{(t)} + U_r h^{(t-1)} + b_r\right),\quad"
        r"z_t = \sigma\left(W_z x^{(t)} + U_z h^{(t-1)} + b_z\right)",
        r"\tilde{h}^{(t)} = \tanh\left(W_h x^{(t)} + b_h + r_t \odot (U_h h^{(t-1)} + b_{uh})\right)",
        r"h^{(t)} = (1 - z_t) \odot \tilde{h}^{(t)} + z_t \odot h^{(t-1)}",
    ],
}
SHOWN = {
    "rnn": ("h",),
    "lstm": ("f", "i", "o", "C_tilde", "C", "h"),
    "gru": ("r", "z", "h_tilde", "h"),
}

st.title(t("rnn.inside.title"))
st.markdown(t("rnn.inside.lead"))
form = Form(PAGE, DEFAULT, PATHS)
show_notices(form.notices)
U.guard(form)

left, right = st.columns([1, 2.3], gap="large")
with left:
    name = U.task_widgets(form, with_points=False)
    cell = U.cell_widgets(form, layers=False)
    W.field_number(form, "train.lr", t("rnn.lr"), format="%.4f")
    U.limits_caption()
cfg = form.collect(model={"num_layers": 1}, data={"train_ratio": 0.9 if name == "chars" else 0.8})
tr = trainer(PAGE, cfg, U.build, caps=U.caps())
if tr is None:
    st.stop()


def bounded(key: str, lo, hi, default):
    """Keep a widget's stored value inside a range that depends on the data."""
    v = st.session_state.get(f"{PAGE}.{key}", default)
    if isinstance(v, tuple):
        a, b = (min(max(x, lo), hi) for x in v)
        st.session_state[f"{PAGE}.{key}"] = (a, b)
    else:
        st.session_state[f"{PAGE}.{key}"] = type(default)(min(max(v, lo), hi))


def draw(s, tr) -> None:
    """The loss curve (the metrics are the driver part, U.metrics; ui/live.py)."""
    curves = {t(f"rnn.cell.{tr.cfg.model.cell}"): (tr.history.batch.x, tr.history.batch["loss"])}
    fig = F.loss_compare_figure(curves, t("train.step_axis"), t("train.loss"), height=220)
    s.plotly_chart(fig, key=f"{PAGE}.loss")


with right:
    live_slot = st.container()  # the view is made last: its channel's idle clock starts then
    st.caption(t("rnn.inside.pause_hint"))

# -- the equations ---------------------------------------------------------------------------
st.subheader(t(f"rnn.inside.eq.{cell}"))
for eq in EQUATIONS[cell]:
    st.latex(eq)

# -- the input sequence ---------------------------------------------------------------------
model, ds = tr.model, tr.dataset
chars: list[str] | None = None
if name == "chars":
    text = load_corpus(cfg.data.corpus)
    L = min(100, len(text) - 1)
    bounded("offset", 0, len(text) - L, 0)
    off = st.slider(t("rnn.inside.offset"), 0, len(text) - L, key=f"{PAGE}.offset")
    chars = list(text[off : off + L])
    x = torch.as_tensor(encode("".join(chars), ds.meta["vocab"]))[None]
else:
    bounded("example", 0, len(ds.x_test) - 1, 0)
    k = st.number_input(t("rnn.example"), 0, len(ds.x_test) - 1, key=f"{PAGE}.example")
    x = torch.as_tensor(ds.x_test[int(k)])[None]
x = x.to(tr.device)
with torch.no_grad():
    model.eval()
    hs_torch, _ = model.run(x)
    out = model.out(hs_torch)[0].float().cpu().numpy()
xs = model.inputs(x)[0].double().cpu().numpy()
trace = SR.run_stack(model.rnn, xs)
T = xs.shape[0]
with torch.no_grad():  # the reference: torch on a float64 CPU copy (GPUs may use TF32)
    ref, _ = copy.deepcopy(model.rnn).cpu().double()(torch.as_tensor(xs)[None])
diff = float(np.abs(trace["h"] - ref[0].numpy()).max())

# -- the unrolled network -----------------------------------------------------------------------
st.subheader(t("rnn.inside.unrolled"))
bounded("step", 1, T, min(T, 5))
step = st.slider(t("rnn.inside.step"), 1, T, key=f"{PAGE}.step") - 1
texts: dict[str, list[str]] = {}
if chars is not None:
    vocab = ds.meta["vocab"]
    texts = {"x": [repr(c) for c in chars], "y": [repr(vocab[int(o.argmax())]) for o in out]}
values = {"x": xs[step], "h": trace["h"][step], "y": out[step]}
labels = {"x": t("rnn.inside.input"), "h": t("rnn.inside.hidden"), "y": t("rnn.inside.output")}
st.plotly_chart(F.unrolled_figure(T, step, values, labels, texts), key=f"{PAGE}.unrolled")
st.caption(t("rnn.inside.unrolled_help"))
with st.expander(t("rnn.inside.step_numbers", t=step + 1), expanded=False):
    H = model.hidden_size
    cols = st.columns(len(SHOWN[cell]))
    for col, q in zip(cols, SHOWN[cell], strict=True):
        col.markdown(f"**{t(f'rnn.inside.q.{q}')}**")
        vals = np.round(trace[q][step][:H], 4).astype(np.float32)
        col.dataframe({t("rnn.inside.value"): vals}, height=220)  # not the default "value"

# -- NumPy = torch --------------------------------------------------------------------------
st.subheader(t("rnn.inside.agree"))
c0, *cs = st.columns(4)
c0.metric(t("rnn.inside.agree_model"), f"{diff:.1e}")


@st.cache_data(max_entries=4)
def agreement(d: int, H: int) -> dict[str, float]:
    """max |NumPy − torch| for fresh torch RNN / LSTM / GRU modules of this size."""
    gen = torch.Generator().manual_seed(0)
    xr = torch.randn(2, 20, d, generator=gen, dtype=torch.float64)
    res = {}
    for c, mod in (("rnn", nn.RNN), ("lstm", nn.LSTM), ("gru", nn.GRU)):
        with seeded(1, restore=True):  # under the process's RNG lock (dlcore/rng.py)
            m = mod(d, H, 2, batch_first=True).double()
        with torch.no_grad():
            ref, _ = m(xr)
        res[c] = float(np.abs(SR.run_stack(m, xr.numpy())["h"] - ref.numpy()).max())
    return res


for col, (c, v) in zip(cs, agreement(xs.shape[1], model.hidden_size).items(), strict=True):
    col.metric(t("rnn.inside.agree_fresh", cell=t(f"rnn.cell.{c}")), f"{v:.1e}")
if diff < 1e-4:
    st.success(t("rnn.inside.agree_ok"))
else:
    st.warning(t("rnn.inside.agree_bad", diff=f"{diff:.2e}"))

# -- gates over time ---------------------------------------------------------------------------
st.subheader(t(f"rnn.inside.heat.{cell}"))
titles = {q: t(f"rnn.inside.q.{q}") for q in SHOWN[cell]}
heat = F.gate_heatmaps(
    {q: trace[q] for q in SHOWN[cell]}, titles, chars, t("rnn.inside.unit"), max_units=32
)
st.plotly_chart(heat, key=f"{PAGE}.heat")
st.caption(t(f"rnn.inside.heat_help.{cell}"))

# -- characters coloured by one cell; cells of a span ------------------------------------------
if chars is not None:
    st.subheader(t("rnn.inside.karpathy"))
    st.caption(t("rnn.inside.karpathy_help"))
    qs = ("C", "h") if cell == "lstm" else ("h",)
    c1, c2 = st.columns(2)
    q = c1.radio(
        t("rnn.inside.quantity"),
        qs,
        key=f"{PAGE}.q",
        horizontal=True,
        format_func=fmt("rnn.inside.q"),
    )
    H = model.hidden_size
    if f"{PAGE}.unit_next" in st.session_state:
        st.session_state[f"{PAGE}.unit"] = st.session_state.pop(f"{PAGE}.unit_next")
    bounded("unit", 0, H - 1, 0)
    unit = int(c2.number_input(t("rnn.inside.unit"), 0, H - 1, key=f"{PAGE}.unit"))
    act = trace[q]
    scale = float(np.abs(act).max()) or 1.0
    bounded("span", 0, T, (0, min(T, 12)))
    a, b = st.session_state[f"{PAGE}.span"]
    st.markdown(t("rnn.inside.colour_of", unit=unit, q=t(f"rnn.inside.q.{q}")))
    st.html(F.char_colour_html(chars, act[:, unit] / scale, (a, b) if b > a else None))
    st.subheader(t("rnn.inside.span"))
    st.caption(t("rnn.inside.span_help"))
    a, b = st.slider(t("rnn.inside.span_range"), 0, T, key=f"{PAGE}.span")
    if b <= a:
        st.info(t("rnn.inside.span_empty"))
    else:
        top, scores = F.span_cells(act, (a, b), top=min(5, H))
        st.markdown(
            t(
                "rnn.inside.span_top",
                span="".join(chars[a:b]),
                cells=", ".join(f"{int(c)} ({s:+.2f})" for c, s in zip(top, scores, strict=True)),
            )
        )
        st.plotly_chart(
            F.cell_traces_figure(act, top, (a, b), t("rnn.inside.time"), t("rnn.inside.unit")),
            key=f"{PAGE}.span_fig",
        )
        if st.button(t("rnn.inside.use_top"), key=f"{PAGE}.use_top"):
            st.session_state[f"{PAGE}.unit_next"] = int(top[0])
            st.rerun()

with st.expander(t("share.title")):
    share(form, cfg, tr, "rnn_inside")
with live_slot:
    view = LiveView(PAGE, tr, {"main": U.metrics, "curves": draw}, every={"curves": 0.25})
    view.part("main")  # the numbers every frame; a Pause answers with them at once
    view.part("curves")  # the Plotly figures 4 times a second (ui/live.py: slow parts)
