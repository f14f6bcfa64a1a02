"""Autoencoders (2): PCA beside the autoencoder, what regularisation does, anomaly score."""

import numpy as np
import streamlit as st

from dlcore import config as C
from dlcore import i18n
from dlcore.figures import ae as F
from dlcore.figures.common import layer_bar_figure
from dlcore.models.ae import (
    BOTTLENECK_RANGE,
    decode_np,
    decoder_basis,
    encode_np,
    outlier_sets,
    recon_errors,
    reconstruct_np,
    regularisation_runs,
)
from dlcore.registry import ACTIVATIONS, DATASETS
from dlcore.scratch import pca
from dlcore.train import Trainer
from pages import _ui
from pages._ui import t

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
lang = _ui.lang()


def label(prefix: str):
    """A format_func with this run's translations (AppTest calls it outside the session)."""
    return lambda name: i18n.t(f"{prefix}.{name}", lang)


st.title(t("ae.pca.title"))
st.markdown(t("ae.pca.lead"))
form = _ui.Form(KEY, DEFAULT, PATHS)
if ss.get(form.k("data.name")) not in DATA:
    ss[form.k("data.name")] = DEFAULT.data.name
    st.warning(t("ae.bad_dataset"))
_ui.show_notices(form.notices)
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
c[0].selectbox(
    t("ae.dataset"),
    DATA,
    key=form.k("data.name"),
    format_func={n: t(DATASETS[n].label_key) for n in DATA}.get,
)
c[1].selectbox(t("ae.pca.arch"), list(ARCHS), key="aepca.arch", format_func=label("ae.arch"))
c[2].slider(t("ae.pca.k"), *BOTTLENECK_RANGE, key=form.k("model.bottleneck"))
c[3].selectbox(
    t("ae.activation"), ACTIVATIONS.names(), key=form.k("model.activation"),
    format_func=label("act"),
)  # fmt: skip
c[4].number_input(t("ae.lr"), 1e-5, 10.0, step=0.001, format="%.4f", key=form.k("train.lr"))
c[5].number_input(
    t("ae.batch_size"), 0, 5000, step=16, key=form.k("train.batch_size"), help=t("ae.batch_help")
)
cfg = form.collect(model={"family": "ae", "hidden": ARCHS[ss["aepca.arch"]]})
ss["aepca._arch_seen"] = cfg.model.hidden
if not cfg.model.hidden and cfg.model.activation != "linear":
    st.caption(t("ae.pca.no_hidden"))
tr = _ui.trainer(KEY, cfg, lambda c, d: Trainer(c, device=d, eval_every=100))
if tr is not None:
    _ui.controls(KEY, tr)


def draw_pca(tr: Trainer) -> None:
    ds, model = tr.dataset, tr.model
    x_tr, x_te = ds.x_train, ds.x_test
    d = ds.n_features
    k = min(tr.cfg.model.bottleneck, d)
    p = pca.fit(x_tr, k)
    ae_tr = recon_errors(x_tr, reconstruct_np(model, x_tr)).mean()
    xh_ae = reconstruct_np(model, x_te)
    xh_pca = p.reconstruct(x_te).astype(np.float32)
    ae_te = recon_errors(x_te, xh_ae).mean()
    pca_tr = pca.reconstruction_error(x_tr, p.reconstruct(x_tr))
    pca_te = pca.reconstruction_error(x_te, xh_pca)
    m = st.columns(5)
    m[0].metric(t("train.steps"), tr.step_count)
    m[1].metric(t("ae.pca.ae_train"), f"{ae_tr:.4g}")
    m[2].metric(t("ae.pca.pca_train"), f"{pca_tr:.4g}")
    m[3].metric(t("ae.pca.ratio"), f"{ae_tr / pca_tr:.3f}" if pca_tr > 0 else "—")
    m[4].metric(t("ae.pca.test_pair"), f"{ae_te:.3g} / {pca_te:.3g}")
    cols = st.columns(2)
    curve = pca.error_curve(x_tr, min(d, max(16, k + 4)))
    cols[0].plotly_chart(
        F.pca_vs_ae_figure(
            curve, {t("ae.pca.ae_point"): (k, ae_tr)}, t("ae.pca.pca_line"), t("ae.pca.k"),
            t("ae.pca.train_error"), title=t("ae.pca.curve_title"),
        ),
        key="aepca.fig_curve",
    )  # fmt: skip
    if tr.cfg.model.bottleneck >= d:
        cols[1].info(t("ae.pca.k_too_big", k=tr.cfg.model.bottleneck, d=d))
    else:
        angles = pca.principal_angles(decoder_basis(model), p.components.T)
        cols[1].plotly_chart(
            layer_bar_figure(
                {f"θ{i + 1}": a for i, a in enumerate(angles)}, t("ae.pca.angles_title"),
                t("ae.pca.degrees"), log_y=False,
            ),
            key="aepca.fig_angles",
        )  # fmt: skip
        cols[1].caption(t("ae.pca.angles_help", max=float(angles.max())))
    if len(ds.input_shape) == 3:
        st.plotly_chart(
            F.image_rows_figure(
                [x_te[:N_SHOW], xh_ae[:N_SHOW], xh_pca[:N_SHOW]],
                [t("ae.original"), t("ae.pca.ae_row"), t("ae.pca.pca_row", k=k)],
            ),
            key="aepca.fig_rows",
        )
    else:
        cols = st.columns(2)
        for col, xh, name, key in ((cols[0], xh_ae, "ae.pca.ae_row", "ae"),
                                   (cols[1], xh_pca, "ae.pca.pca_row", "pca")):  # fmt: skip
            col.plotly_chart(
                F.points_figure(x_te, xh, ds.y_test, (t("ae.data"), t(name, k=k)),
                                t("ae.position"), title=t(name, k=k), height=360),
                key=f"aepca.fig_pts_{key}",
            )  # fmt: skip


if tr is not None:
    _ui.live(KEY, tr, draw_pca)

# -- 2. what regularisation does ---------------------------------------------------------------
st.header(t("ae.pca.h_reg"))
st.markdown(t("ae.pca.reg_lead"))
c = st.columns(5)
lam = c[0].number_input(t("ae.code_l2"), 0.0, 100.0, 0.1, 0.01, format="%.3f", key="aepca.lam")
mu = c[1].number_input(t("ae.code_l1"), 0.0, 100.0, 0.2, 0.01, format="%.3f", key="aepca.mu")
sigma = c[2].slider(t("ae.input_noise"), 0.05, 2.0, 0.4, 0.05, key="aepca.sigma")
steps = c[3].selectbox(t("ae.pca.steps"), [300, 1000, 2000], index=1, key="aepca.steps")
names = {n: t(f"ae.run.{n}") for n in ("plain", "omega", "l1", "denoise")}


def run_comparison() -> None:
    base = REG_BASE.with_(seed=_ui.seed())
    runs = {}
    for name, rc in regularisation_runs(base, lam, mu, sigma).items():
        r = Trainer(rc, device=_ui.device(), eval_every=10**9)
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
    for name, x in outlier_sets(ds.input_shape, len(ds.x_test) // 2, _ui.seed()).items():
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
    _ui.share(form, cfg, tr, "ae_pca_experiment")
