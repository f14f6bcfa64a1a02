"""Autoencoders (1): train one live — loss, reconstructions, code space, decoding, interpolation."""

from dataclasses import replace
from functools import partial
from pathlib import Path

import streamlit as st

from dlcore import config as C
from dlcore.limits import LIMITS
from dlcore.models.ae import MAX_LAYERS, encode_np
from dlcore.registry import DATASETS
from dlcore.schema import spec
from pages import ae_explore
from pages import ae_live as L
from ui import widgets as W
from ui.controls import pause, trainer
from ui.form import Form
from ui.language import fmt, show_notices, t
from ui.live import LiveView
from ui.presenter import under_the_view
from ui.presets import preset_box
from ui.share import share

KEY = "ae"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEFAULT = C.ExperimentConfig().with_(
    data={"name": "digits", "image_size": 8, "n_points": 800, "noise": 0.03},
    model={"family": "ae", "hidden": (32,), "bottleneck": 2, "activation": "relu"},
    train={"lr": 0.01, "batch_size": 64},
)
PATHS = [
    "data.name",
    "model.bottleneck",
    "model.activation",
    "model.tied",
    "model.conv",
    "train.code_l2",
    "train.code_l1",
    "train.input_noise",
    "train.lr",
    "train.batch_size",
]
DATA = [n for n, s in DATASETS.items() if s.group in ("image", "manifold")]
CAPS = replace(LIMITS, max_layers=min(LIMITS.max_layers, MAX_LAYERS))  # the encoder's layers
_W = spec("model.hidden", CAPS)
WIDTHS_ARGS = {"lo": _W.lo, "hi": _W.hi, "n": _W.n_max}

st.title(t("ae.title"))
st.markdown(t("ae.lead"))
form = Form(KEY, DEFAULT, PATHS)
ss = st.session_state
if ss.get(form.k("data.name")) not in DATA:  # e.g. ?d.name=spiral: not an autoencoder dataset
    ss[form.k("data.name")] = DEFAULT.data.name
    st.warning(t("ae.bad_dataset"))
data_label = {n: t(DATASETS[n].label_key) for n in DATA}.get
show_notices(form.notices)


# -- settings ----------------------------------------------------------------------------
# teaching order: a 2-D code, a conv AE, denoising, sparse (and λ too large), = PCA, manifolds
ORDER = ["digits_2d", "conv", "denoising", "sparse", "collapse", "linear_pca", "swiss_roll",
         "curve_1d"]  # fmt: skip
left, right = st.columns([1, 2.6], gap="large")
with left:
    preset_slot = st.container()  # filled after form.collect (ui/presets.py)
    W.field_choice(form, "data.name", t("ae.dataset"), data_label, among=DATA)
    widths = W.widths_box(form, "model.hidden", t("ae.widths"), key="ae.widths", caps=CAPS,
                          help=t("ae.widths_help", **WIDTHS_ARGS))  # fmt: skip
    W.field_slider(form, "model.bottleneck", t("ae.bottleneck"))
    W.field_choice(form, "model.activation", t("ae.activation"), fmt("act"))
    conv = st.checkbox(t("ae.conv"), key=form.k("model.conv"), help=W.field_help("model.conv"))
    st.checkbox(
        t("ae.tied"), key=form.k("model.tied"), disabled=conv, help=W.field_help("model.tied")
    )
    W.field_number(form, "train.code_l2", t("ae.code_l2"), format="%.3f")
    W.field_number(form, "train.code_l1", t("ae.code_l1"), format="%.3f")
    W.field_slider(form, "train.input_noise", t("ae.input_noise"))
    W.field_number(form, "train.lr", t("ae.lr"), format="%.4f")
    W.field_number(form, "train.batch_size", t("ae.batch_size"))

if widths is None:
    widths = form.cfg.model.hidden
    pause(KEY)
    left.error(t("ae.error.widths", **WIDTHS_ARGS))
cfg = form.collect(model={"family": "ae", "hidden": widths})
preset_box(
    preset_slot, form, cfg, prefix="ae_", order=ORDER, label_key="ae.preset.{}",
    note_key="ae.preset_note.{}", title_key="ae.preset", extra_paths=("model.hidden",),
)  # fmt: skip

with right:
    maths = st.container()  # above the live view (under it in presenter mode)
    tr = trainer(KEY, cfg, caps=CAPS, eval_every=100)
    if tr is not None:
        n_in = tr.dataset.n_features
        if cfg.model.bottleneck >= n_in:
            st.warning(t("ae.overcomplete", k=cfg.model.bottleneck, n=n_in))


with right:
    if tr is not None:
        watch: L.Watch = ss.setdefault("ae._collapse", L.Watch())
        view = LiveView(
            KEY,
            tr,
            {
                "main": L.draw_numbers,
                "curves": L.draw_curves,
                "recon": partial(L.draw_recon, watch=watch),
            },
            every=L.EVERY,
            stopped=watch.stopped,
        )
        for name in view.parts:
            view.part(name)
        maths = under_the_view(maths)
        if not view.playing:
            watch.ack()  # a collapse that paused the engine has been shown: play on if asked
        with tr.lock:  # the code space to explore: ordinary Streamlit, as of this run
            codes = encode_np(tr.model, tr.dataset.x_test)
            ae_explore.explore(tr, codes, len(tr.dataset.input_shape) == 3)
with st.expander(t("share.title")):
    share(form, cfg, tr, "ae_experiment")
with maths:
    st.latex(
        r"\mathbf{h} = f(\mathbf{x}),\quad \hat{\mathbf{x}} = g(\mathbf{h}),\qquad "
        r"L = \|\mathbf{x} - g(f(\mathbf{x}))\|_2^2 + \lambda\,\Omega(\mathbf{h}),\quad "
        r"\Omega(\mathbf{h}) = \|\mathbf{h}\|_2"
    )
    if cfg.train.code_l1 > 0 or cfg.train.input_noise > 0:
        st.latex(
            r"L = \|\mathbf{x} - g(f(\tilde{\mathbf{x}}))\|_2^2 + \lambda\|\mathbf{h}\|_2"
            r" + \mu\|\mathbf{h}\|_1,\quad \tilde{\mathbf{x}} = \mathbf{x} + "
            r"\boldsymbol{\epsilon},\ \boldsymbol{\epsilon}\sim\mathcal{N}(0, \sigma^2 I)"
        )
    if tr is not None:
        st.caption(
            t("ae.summary", n_in=tr.dataset.n_features, k=cfg.model.bottleneck, params=tr.n_params)
        )
