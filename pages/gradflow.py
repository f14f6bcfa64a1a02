"""Gradient flow in deep nets: per-layer gradient norms and activation histograms, live.

Depth up to 30 on the 8×8 digits: sigmoid with a naive initialisation makes the
first layers' gradients vanish, large weights make them explode or saturate,
Xavier / He keep the signal (Glorot & Bengio 2010). Play / Pause / Step as on
every training page; the probe and the gradient-norm figures are shared ones.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import streamlit as st

from dlcore import config as C
from dlcore import limits, probe
from dlcore.figures import training as FT
from dlcore.figures.common import grad_norm_figure, layer_bar_figure, loss_figure
from dlcore.schema import spec
from dlcore.train import Trainer
from ui import widgets as W
from ui.controls import trainer
from ui.form import Form
from ui.language import fmt, show_notices, t
from ui.live import LiveView
from ui.presenter import under_the_view
from ui.presets import preset_box
from ui.share import share

KEY = "gradflow"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ACTS = ("sigmoid", "tanh", "relu")
INITS = ("normal", "small_uniform", "xavier", "he")
NORMS = ("none", "batch", "layer")
OPTIMIZERS = ("sgd", "momentum", "adam")
MAX_DEPTH, WIDTHS = 30, (8, 16, 32, 64)  # the page's own cap on the layers (CAPS)
N_PROBE = 256  # examples in the probe batch
# This page needs deep (narrow) nets: 30 layers of ≤ 64 neurons stay far under max_params.
CAPS = replace(limits.LIMITS, max_layers=max(limits.LIMITS.max_layers, MAX_DEPTH))
DEFAULT = C.ExperimentConfig().with_(
    data={"name": "digits", "image_size": 8, "train_ratio": 0.7},
    model={"family": "mlp", "hidden": (32,) * 10, "activation": "sigmoid", "init": "small_uniform"},
    train={"optimizer": "sgd", "lr": 0.1, "batch_size": 64},
)
PATHS = [
    "model.activation",
    "model.init",
    "model.norm",
    "train.optimizer",
    "train.lr",
    "train.batch_size",
]
ss = st.session_state


st.title(t("gf.title"))
st.markdown(t("gf.lead"))
form = Form(KEY, DEFAULT, PATHS)
show_notices(form.notices)
if form.cfg.data.name != "digits" or form.cfg.model.family != "mlp":  # another page's URL
    form.apply(replace(form.cfg, data=DEFAULT.data, model=replace(form.cfg.model, family="mlp")))
hidden = form.cfg.model.hidden
if ss.get(f"{KEY}._hidden_seen") != hidden or f"{KEY}.depth" not in ss:
    ss[f"{KEY}.depth"] = int(np.clip(len(hidden), 1, spec("model.hidden", CAPS).n_max))
    ss[f"{KEY}.width"] = min(WIDTHS, key=lambda w: abs(w - (hidden[0] if hidden else 32)))
    ss[f"{KEY}._hidden_seen"] = hidden


# teaching order: the gradient vanishes, then what saves it (init, ReLU + He, normalisation)
PRESET_ORDER = ("sigmoid_small", "tanh_normal", "tanh_xavier", "relu_he", "sigmoid_batchnorm")
left, right = st.columns([1, 2.6], gap="large")
with left:
    preset_slot = st.container()  # filled after form.collect (ui/presets.py)
    st.slider(t("gf.depth"), 1, spec("model.hidden", CAPS).n_max, key=f"{KEY}.depth")
    st.select_slider(t("gf.width"), W.within("model.hidden", WIDTHS), key=f"{KEY}.width")
    W.field_choice(form, "model.activation", t("gf.act"), fmt("act"), among=ACTS)
    W.field_choice(form, "model.init", t("gf.init"), fmt("init"), among=INITS)
    W.field_choice(form, "model.norm", t("gf.norm"), fmt("gf.norm"), among=NORMS)
    W.field_choice(form, "train.optimizer", t("gf.optimizer"), fmt("opt"), among=OPTIMIZERS)
    W.field_number(form, "train.lr", t("gd.lr"), format="%.4f")
    W.field_number(form, "train.batch_size", t("gf.batch"))

depth, width = int(ss[f"{KEY}.depth"]), int(ss[f"{KEY}.width"])
cfg = form.collect(model={"family": "mlp", "hidden": (width,) * depth})
preset_box(
    preset_slot, form, cfg, prefix="training_", order=PRESET_ORDER, label_key="gf.preset.{}",
    note_key="gf.preset_note.{}", title_key="gf.preset", extra_paths=("model.hidden",),
)  # fmt: skip
ss[f"{KEY}._hidden_seen"] = cfg.model.hidden

with right:
    maths = st.container()  # above the live view (under it in presenter mode)
    tr = trainer(KEY, cfg, caps=CAPS)
    if tr is not None:
        live_slot = st.container()


def probe_now(tr: Trainer) -> dict:
    x, y = tr.x_train[:N_PROBE], tr.y_train[:N_PROBE]
    return probe.flow_probe(tr.model, x, lambda m: tr.objective.loss(m, x, y)[0])


def shown(v: float | None, pattern: str) -> str:
    """A metric's text; "—" for a missing or non-finite value (never "nan" on the page)."""
    return pattern.format(v) if v is not None and np.isfinite(v) else "—"


def draw(s, tr: Trainer) -> None:
    """The metrics: cheap, in every frame while playing (a Pause answers with them)."""
    ev = tr.last_eval
    m = s.columns(3)
    m[0].metric(t("train.steps"), tr.step_count)
    m[1].metric(t("train.train_loss"), shown(ev.get("train_loss"), "{:.4f}"))
    m[2].metric(t("train.test_acc"), shown(100 * ev.get("test_acc", np.nan), "{:.1f}%"))


def draw_curve(s, tr: Trainer) -> None:
    """The loss curve (a slow part: a Plotly figure, a few times a second)."""
    e = tr.history.evals
    s.plotly_chart(
        loss_figure(
            e.x,
            {t("train.train_loss"): e["train_loss"], t("train.test_loss"): e["test_loss"]},
            None,
            t("train.step_axis"),
            t("train.loss"),
            height=260,
        ),
        key=f"{KEY}.fig_loss",
    )


def draw_flow(s, tr: Trainer, init: tuple | None) -> None:
    """The probe over every layer (a backward pass on N_PROBE examples): the first/last
    ratio, the per-layer norms against those at initialisation (``init``: the id of the
    Trainer and its norms at step 0), the activation histograms, the norms over time."""
    snap = probe_now(tr)
    wg = snap["weight_grad"]
    first, last = wg.get("fc1", np.nan), wg.get(f"fc{len(tr.cfg.model.hidden)}", np.nan)
    ratio = first / last if last and np.isfinite(last) and last > 0 else float("nan")
    s.metric(t("gf.ratio"), shown(ratio, "{:.2g}"), help=t("gf.ratio_help"))
    if np.isfinite(ratio) and ratio < 1e-3:
        s.warning(t("gf.vanishing", ratio=f"{ratio:.1g}"))
    elif np.isfinite(ratio) and ratio > 1e3:
        s.warning(t("gf.exploding", ratio=f"{ratio:.1g}"))
    g1, g2 = s.columns(2)
    ref = init[1] if init and init[0] == id(tr) and tr.step_count else None
    g1.markdown(f"**{t('gf.norms_now', step=tr.step_count)}**")
    g1.plotly_chart(
        layer_bar_figure(
            wg,
            None,
            t("train.grad_norm"),
            reference=ref,
            legend=(t("gf.now"), t("gf.at_init")),
        ),
        key=f"{KEY}.fig_bar",
    )
    g2.markdown(f"**{t('gf.hist_title')}**")
    g2.plotly_chart(
        FT.activation_heatmap(
            snap["act_hist"],
            snap["act_edges"],
            {"x": t("gf.act_value"), "y": t("train.layer"), "colorbar": "√p"},
        ),
        key=f"{KEY}.fig_hist",
    )
    g = tr.history.grads
    s.markdown(f"**{t('gf.norms_time')}**")
    if len(g):
        fig = grad_norm_figure(
            g.x, {k: g[k] for k in g.keys()}, None, t("train.step_axis"), t("train.grad_norm")
        )
        fig.update_layout(legend=dict(orientation="v", x=1.02, y=1, yanchor="top"))  # 30 layers
        s.plotly_chart(fig, key=f"{KEY}.fig_time")
    else:
        s.info(t("gf.no_history"))


if tr is not None:
    init = ss.get(f"{KEY}._init")
    if tr.step_count == 0 and (init is None or init[0] != id(tr)):
        with tr.lock:  # the norms at initialisation, for comparison
            init = ss[f"{KEY}._init"] = (id(tr), probe_now(tr)["weight_grad"])
    view = LiveView(
        KEY,
        tr,
        {"main": draw, "curve": draw_curve, "flow": partial(draw_flow, init=init)},
        every={"curve": 0.25, "flow": 1.0},
        budget_s=0.15,
        every_s=0.3,
    )
    with live_slot:
        view.part("main")
        view.part("curve")
        view.part("flow")
        maths = under_the_view(maths)
    st.markdown(t("gf.note"))
    with st.expander(t("share.title")):
        share(form, cfg, tr, "gradient_flow")
with maths:
    st.latex(
        r"\frac{\partial \mathcal{L}}{\partial W^{(r)}} = \frac{\partial \mathcal{L}}{\partial o}"
        r"\cdot\left[\frac{\partial o}{\partial \mathbf{h}^{(k)}} \prod_{i=r}^{k-1}"
        r"\frac{\partial \mathbf{h}^{(i+1)}}{\partial \mathbf{h}^{(i)}}\right]\cdot"
        r"\frac{\partial \mathbf{h}^{(r)}}{\partial W^{(r)}}"
    )
    st.latex(
        r"\frac{\partial \mathbf{h}^{(i+1)}}{\partial \mathbf{h}^{(i)}} = "
        r"\mathrm{diag}\left(\alpha'(\mathbf{z}^{(i+1)})\right) W^{(i+1)}"
    )
    if tr is not None:
        st.caption(t("gf.summary", depth=depth, width=width, params=tr.n_params))
