"""Autoencoders (2): PCA beside the autoencoder, what regularisation does, anomaly score."""

from functools import partial

import numpy as np
import streamlit as st

from dlcore import config as C
from dlcore.figures import ae as F
from dlcore.figures.common import layer_bar_figure
from dlcore.models.ae import (
    decode_np,
    encode_np,
    outlier_sets,
    recon_errors,
    reconstruct_np,
    regularisation_runs,
)
from dlcore.registry import DATASETS
from dlcore.train import Trainer
from pages import ae_live as L
from ui import widgets as W
from ui.controls import device, trainer
from ui.form import Form, seed
from ui.language import fmt, show_notices, t
from ui.live import LiveView
from ui.share import share

try:  # the CNN chapter's validated image upload (PNG / JPEG, size-checked)
    from dlcore.data.upload import ImageError, as_digit, load_image
except ImportError:  # pragma: no cover - not shipped yet
    load_image = None

KEY = "aepca"
DEFAULT = C.ExperimentConfig().with_(
    data={"name": "digits", "image_size": 8, "n_points": 800, "noise": 0.03},
    model={"family": "ae", "hidden": (), "bottleneck": 4, "activation": "linear"},
    train={"lr": 0.01, "batch_size": 0},
)
PATHS = ["data.name", "model.bottleneck", "model.activation", "train.lr", "train.batch_size"]
ARCHS = {"shallow": (), "one": (32,), "two": (64, 32)}
DATA = [n for n, s in DATASETS.items() if s.group in ("image", "manifold")]
REG_BASE = C.ExperimentConfig().with_(
    data={"name": "digits", "image_size": 8},
    model={"family": "ae", "hidden": (64,), "bottleneck": 16, "activation": "relu"},
    train={"lr": 0.01, "batch_size": 64},
)
N_SHOW = 10
ss = st.session_state


st.title(t("ae.pca.title"))
st.markdown(t("ae.pca.lead"))
form = Form(KEY, DEFAULT, PATHS)
if ss.get(form.k("data.name")) not in DATA:
    ss[form.k("data.name")] = DEFAULT.data.name
    st.warning(t("ae.bad_dataset"))
show_notices(form.notices)
if ss.get("aepca._arch_seen") != form.cfg.model.hidden or "aepca.arch" not in ss:
    match = [a for a, h in ARCHS.items() if h == form.cfg.model.hidden]
    ss["aepca.arch"] = match[0] if match else "shallow"

# -- 1. PCA beside the autoencoder ---------------------------------------------------------
st.header(t("ae.pca.h_pca"))
st.markdown(t("ae.pca.baldi"))
st.latex(
    r"\min_{W_e, W_d}\ \sum_i \|\mathbf{x}_i - W_d W_e \mathbf{x}_i\|_2^2"
    r"\ \Rightarrow\ \operatorname{span}(W_d) = \operatorname{span}(\mathbf{v}_1,\dots,"
    r"\mathbf{v}_k)\quad(\text{Baldi \& Hornik 1989})"
)
c = st.columns(6)
W.field_choice(form, "data.name", t("ae.dataset"), {n: t(DATASETS[n].label_key) for n in DATA}.get,
         among=DATA, where=c[0])  # fmt: skip
c[1].selectbox(t("ae.pca.arch"), list(ARCHS), key="aepca.arch", format_func=fmt("ae.arch"))
W.field_slider(form, "model.bottleneck", t("ae.pca.k"), where=c[2])
W.field_choice(form, "model.activation", t("ae.activation"), fmt("act"), where=c[3])
W.field_number(form, "train.lr", t("ae.lr"), where=c[4], format="%.4f")
W.field_number(form, "train.batch_size", t("ae.batch_size"), where=c[5])
cfg = form.collect(model={"family": "ae", "hidden": ARCHS[ss["aepca.arch"]]})
ss["aepca._arch_seen"] = cfg.model.hidden
if not cfg.model.hidden and cfg.model.activation != "linear":
    st.caption(t("ae.pca.no_hidden"))
tr = trainer(KEY, cfg, lambda c, d: Trainer(c, device=d, eval_every=100))


if tr is not None:
    ref = L.PcaRef(tr)  # PCA does not train: fitted once per run, drawn beside the net
    view = LiveView(
        KEY,
        tr,
        {
            "main": partial(L.draw_pca_numbers, ref=ref),
            "figs": partial(L.draw_pca_figs, ref=ref),
        },
        every=L.EVERY_PCA,
    )
    view.part("main")
    view.part("figs")

# -- 2. what regularisation does ---------------------------------------------------------------
st.header(t("ae.pca.h_reg"))
st.markdown(t("ae.pca.reg_lead"))
c = st.columns(5)
lam = c[0].number_input(t("ae.code_l2"), value=0.1, **W.bounds("train.code_l2"), format="%.3f",
                        key="aepca.lam", help=W.field_help("train.code_l2"))  # fmt: skip
mu = c[1].number_input(t("ae.code_l1"), value=0.2, **W.bounds("train.code_l1"), format="%.3f",
                       key="aepca.mu", help=W.field_help("train.code_l1"))  # fmt: skip
sigma = c[2].slider(t("ae.input_noise"), value=0.4, **W.bounds("train.input_noise"),
                    key="aepca.sigma", help=W.field_help("train.input_noise"))  # fmt: skip
steps = c[3].selectbox(t("ae.pca.steps"), [300, 1000, 2000], index=1, key="aepca.steps")
names = {n: t(f"ae.run.{n}") for n in ("plain", "omega", "l1", "denoise")}


def run_comparison() -> None:
    base = REG_BASE.with_(seed=seed())
    runs = {}
    for name, rc in regularisation_runs(base, lam, mu, sigma).items():
        r = Trainer(rc, device=device(), eval_every=10**9)
        r.step(steps)
        runs[name] = r
    ss["aepca._runs"] = runs


c[4].button(t("ae.pca.run"), key="aepca.btn_run", on_click=run_comparison, type="primary")
runs = ss.get("aepca._runs")
if not runs:
    st.info(t("ae.pca.run_first"))
else:
    x_te = runs["plain"].dataset.x_test
    codes = {n: encode_np(r.model, x_te) for n, r in runs.items()}
    errs = {names[n]: float(recon_errors(x_te, decode_np(runs[n].model, h)).mean())
            for n, h in codes.items()}  # fmt: skip
    for n, r in runs.items():
        if r.stop is not None:
            st.error(f"{names[n]}: {t(r.stop.key, **r.stop.kwargs)}")
    cols = st.columns(3)
    cols[0].plotly_chart(
        layer_bar_figure(errs, t("ae.test_recon"), t("ae.error"), log_y=False), key="aepca.fig_err"
    )
    norms = {names[n]: np.linalg.norm(h, axis=1) for n, h in codes.items()}
    cols[1].plotly_chart(
        F.histogram_figure(norms, "‖h‖₂", t("ae.pca.fraction"), t("ae.pca.norm_hist")),
        key="aepca.fig_norms",
    )
    acts = {names[n]: np.abs(h).ravel() for n, h in codes.items()}
    cols[2].plotly_chart(
        F.histogram_figure(acts, "|hⱼ|", t("ae.pca.fraction"), t("ae.pca.act_hist")),
        key="aepca.fig_acts",
    )
    zeros = ", ".join(f"{k} {float((v < 0.05).mean()):.0%}" for k, v in acts.items())
    st.caption(t("ae.pca.zeros", list=zeros))
    rng = np.random.default_rng(0)
    clean = x_te[:N_SHOW]
    noisy = (clean + sigma * rng.normal(size=clean.shape)).astype(np.float32)
    st.subheader(t("ae.pca.h_denoise"))
    st.plotly_chart(
        F.image_rows_figure(
            [noisy, reconstruct_np(runs["denoise"].model, noisy),
             reconstruct_np(runs["plain"].model, noisy), clean],
            [t("ae.pca.noisy"), names["denoise"], names["plain"], t("ae.pca.clean")],
        ),
        key="aepca.fig_denoise",
    )  # fmt: skip

# -- 3. reconstruction error as an anomaly score --------------------------------------------
st.header(t("ae.pca.h_anomaly"))
st.markdown(t("ae.pca.anomaly_lead"))
if runs:
    model, ds = runs["plain"].model, runs["plain"].dataset
    train_err = recon_errors(ds.x_train, reconstruct_np(model, ds.x_train))
    thr = float(np.quantile(train_err, 0.95))
    groups = {t("ae.pca.g.digits"): recon_errors(ds.x_test, reconstruct_np(model, ds.x_test))}
    for name, x in outlier_sets(ds.input_shape, len(ds.x_test) // 2, seed()).items():
        groups[t(f"ae.pca.g.{name}")] = recon_errors(x, reconstruct_np(model, x))
    marks = {t("ae.pca.threshold"): thr}
    if load_image is not None:
        up = st.file_uploader(t("ae.pca.upload"), type=["png", "jpg", "jpeg"], key="aepca.upload")
        if up is not None:
            try:
                img = load_image(up.getvalue())
                x_up = as_digit(img.pixels, ds.input_shape[-1])[None, None].astype(np.float32)
                score = float(recon_errors(x_up, reconstruct_np(model, x_up))[0])
                marks[t("ae.pca.yours")] = score
                st.plotly_chart(
                    F.image_rows_figure([x_up, reconstruct_np(model, x_up)],
                                        [t("ae.original"), t("ae.reconstruction")]),
                    key="aepca.fig_up",
                )  # fmt: skip
                st.metric(t("ae.pca.your_score"), f"{score:.3g}",
                          t("ae.pca.flagged") if score > thr else t("ae.pca.normal"))  # fmt: skip
            except ImageError as err:
                st.error(t(err.key, **err.kwargs))
    st.plotly_chart(
        F.histogram_figure(
            groups, t("ae.pca.score"), t("ae.pca.fraction"), t("ae.pca.anomaly_hist"), marks=marks
        ),
        key="aepca.fig_anomaly",
    )
    flagged = ", ".join(f"{k} {float((v > thr).mean()):.0%}" for k, v in groups.items())
    st.caption(t("ae.pca.flag_rates", thr=thr, list=flagged))
else:
    st.info(t("ae.pca.run_first"))

with st.expander(t("share.title")):
    share(form, cfg, tr, "ae_pca_experiment")
