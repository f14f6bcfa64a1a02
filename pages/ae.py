"""Autoencoders (1): train one live — loss, reconstructions, code space, decoding, interpolation."""

from pathlib import Path

import numpy as np
import streamlit as st

from dlcore import config as C
from dlcore import i18n
from dlcore.figures import ae as F
from dlcore.figures.common import layer_bar_figure
from dlcore.models.ae import (
    BOTTLENECK_RANGE,
    MAX_LAYERS,
    WIDTH_RANGE,
    code_from_view,
    codes_collapsed,
    decode_np,
    encode_np,
    interpolate,
    parse_widths,
    per_class_error,
    recon_errors,
    widths_text,
)
from dlcore.registry import ACTIVATIONS, DATASETS
from dlcore.scratch import pca
from dlcore.train import Trainer
from pages import _presets, _ui
from pages._ui import t

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
N_SHOW = 12

st.title(t("ae.title"))
st.markdown(t("ae.lead"))
form = _ui.Form(KEY, DEFAULT, PATHS)
ss = st.session_state
if ss.get(form.k("data.name")) not in DATA:  # e.g. ?d.name=spiral: not an autoencoder dataset
    ss[form.k("data.name")] = DEFAULT.data.name
    st.warning(t("ae.bad_dataset"))
_ui.show_notices(form.notices)


def label(prefix: str):
    """A format_func with this run's translations (AppTest calls it outside the session)."""
    lang = _ui.lang()
    return lambda name: i18n.t(f"{prefix}.{name}", lang)


# The widths box follows the config when it changes from outside (URL, upload, preset).
if ss.get("ae._widths_seen") != form.cfg.model.hidden or "ae.widths" not in ss:
    ss["ae.widths"] = widths_text(form.cfg.model.hidden)
    ss["ae._widths_seen"] = form.cfg.model.hidden


# -- settings ----------------------------------------------------------------------------
# teaching order: a 2-D code, a conv AE, denoising, sparse (and λ too large), = PCA, manifolds
ORDER = ["digits_2d", "conv", "denoising", "sparse", "collapse", "linear_pca", "swiss_roll",
         "curve_1d"]  # fmt: skip
left, right = st.columns([1, 2.6], gap="large")
with left:
    preset_slot = st.container()  # filled after form.collect (pages/_presets.py)
    st.selectbox(
        t("ae.dataset"),
        DATA,
        key=form.k("data.name"),
        format_func={n: t(DATASETS[n].label_key) for n in DATA}.get,
    )
    st.text_input(
        t("ae.widths"),
        key="ae.widths",
        help=t("ae.widths_help", lo=WIDTH_RANGE[0], hi=WIDTH_RANGE[1], n=MAX_LAYERS),
    )
    st.slider(t("ae.bottleneck"), *BOTTLENECK_RANGE, key=form.k("model.bottleneck"))
    st.selectbox(
        t("ae.activation"),
        ACTIVATIONS.names(),
        key=form.k("model.activation"),
        format_func=label("act"),
    )
    conv = st.checkbox(t("ae.conv"), key=form.k("model.conv"), help=t("ae.conv_help"))
    st.checkbox(t("ae.tied"), key=form.k("model.tied"), disabled=conv, help=t("ae.tied_help"))
    st.number_input(
        t("ae.code_l2"),
        0.0,
        100.0,
        step=0.01,
        format="%.3f",
        key=form.k("train.code_l2"),
        help=t("ae.code_l2_help"),
    )
    st.number_input(
        t("ae.code_l1"),
        0.0,
        100.0,
        step=0.01,
        format="%.3f",
        key=form.k("train.code_l1"),
        help=t("ae.code_l1_help"),
    )
    st.slider(
        t("ae.input_noise"),
        0.0,
        2.0,
        step=0.05,
        key=form.k("train.input_noise"),
        help=t("ae.input_noise_help"),
    )
    st.number_input(t("ae.lr"), 1e-5, 10.0, step=0.001, format="%.4f", key=form.k("train.lr"))
    st.number_input(
        t("ae.batch_size"),
        0,
        5000,
        step=16,
        key=form.k("train.batch_size"),
        help=t("ae.batch_help"),
    )

widths = parse_widths(ss["ae.widths"])
if widths is None:
    widths = form.cfg.model.hidden
    ss["ae._playing"] = False
    left.error(t("ae.error.widths", lo=WIDTH_RANGE[0], hi=WIDTH_RANGE[1], n=MAX_LAYERS))
cfg = form.collect(model={"family": "ae", "hidden": widths})
_presets.preset_box(
    preset_slot, form, cfg, prefix="ae_", order=ORDER, label_key="ae.preset.{}",
    note_key="ae.preset_note.{}", title_key="ae.preset", extra_paths=("model.hidden",),
)  # fmt: skip
ss["ae._widths_seen"] = cfg.model.hidden

with right:
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
    tr = _ui.trainer(
        KEY, cfg, lambda c, d: Trainer(c, device=d, eval_every=100, max_params=2_000_000)
    )
    if tr is not None:
        n_in = tr.dataset.n_features
        st.caption(t("ae.summary", n_in=n_in, k=cfg.model.bottleneck, params=tr.n_params))
        if cfg.model.bottleneck >= n_in:
            st.warning(t("ae.overcomplete", k=cfg.model.bottleneck, n=n_in))
        _ui.controls(KEY, tr)


def class_names(ds) -> list[str]:
    keys = ds.meta.get("class_keys")
    return [t(k) for k in keys] if keys else ds.meta.get("class_names", [])


def draw(tr: Trainer) -> None:
    ds, ev, model = tr.dataset, tr.last_eval, tr.model
    is_img = len(ds.input_shape) == 3
    c = st.columns(5)
    c[0].metric(t("train.steps"), tr.step_count)
    c[1].metric(t("train.epoch"), f"{tr.epoch_float:.1f}")
    c[2].metric(t("ae.test_recon"), f"{ev.get('test_recon', float('nan')):.4g}")
    c[3].metric(t("ae.reg_term"), f"{ev.get('train_reg', float('nan')):.4g}")
    c[4].metric(t("ae.code_norm"), f"{ev.get('test_code_norm', float('nan')):.3g}")
    h = tr.history
    st.plotly_chart(
        F.ae_loss_figure(
            h.batch.x,
            h.batch["recon"],
            h.batch["reg"],
            h.evals.x,
            h.evals["test_recon"],
            (t("ae.recon_train"), t("ae.reg_term"), t("ae.test_recon")),
            t("train.step_axis"),
            t("train.loss"),
        ),
        key="ae.fig_loss",
    )
    x_te = ds.x_test
    codes = encode_np(model, x_te)
    x_hat = decode_np(model, codes)
    errs = recon_errors(x_te, x_hat)
    cfg_t = tr.cfg.train
    if (
        (cfg_t.code_l2 > 0 or cfg_t.code_l1 > 0)
        and tr.step_count >= 100
        and codes_collapsed(codes, x_te, ev.get("test_recon", 0.0))
    ):
        st.warning(t("ae.collapse", lam=cfg_t.code_l2, mu=cfg_t.code_l1), icon="⚠️")
        if _ui.playing(KEY) and ss.get("ae._collapse_paused") != id(tr):
            ss["ae._collapse_paused"] = id(tr)
            ss["ae._playing"] = False
            st.rerun()
    st.subheader(t("ae.recons"))
    if is_img:
        st.plotly_chart(
            F.image_rows_figure(
                [x_te[:N_SHOW], x_hat[:N_SHOW]], [t("ae.original"), t("ae.reconstruction")]
            ),
            key="ae.fig_recon",
        )
        cols = st.columns(2)
        names = class_names(ds)
        per = per_class_error(errs, ds.y_test, len(names))
        cols[0].plotly_chart(
            layer_bar_figure(
                dict(zip(names, per, strict=True)), t("ae.per_class"), t("ae.error"), log_y=False
            ),
            key="ae.fig_class",
        )
        worst = np.argsort(-errs)[:8]
        cols[1].plotly_chart(
            F.image_rows_figure(
                [x_te[worst], x_hat[worst]],
                [t("ae.original"), t("ae.reconstruction")],
                [f"{errs[i]:.2g}" for i in worst],
                title=t("ae.worst"),
                height=170,
            ),
            key="ae.fig_worst",
        )
    else:
        st.plotly_chart(
            F.points_figure(
                x_te, x_hat, ds.y_test, (t("ae.data"), t("ae.reconstruction")), t("ae.position")
            ),
            key="ae.fig_points",
        )
    explore(tr, codes, is_img)


def clicked_point(k: int) -> np.ndarray | None:
    """The (x, y) of the point clicked on the code scatter, if any."""
    try:
        pts = ss["ae.fig_code"]["selection"]["points"] if k >= 2 else []
        return np.array([pts[0]["x"], pts[0]["y"]], np.float32) if pts else None
    except (KeyError, IndexError, TypeError):
        return None


def explore(tr: Trainer, codes: np.ndarray, is_img: bool) -> None:
    """Code space: scatter, decode a picked point, interpolate between two test examples."""
    ds, model = tr.dataset, tr.model
    k = codes.shape[1]
    st.subheader(t("ae.code_space"))
    st.caption(t("ae.code_space_help" if k <= 2 else "ae.code_space_pca", k=k))
    proj, p = pca.project_2d(codes)
    axes = ("h₁", "h₂") if p is None else (t("ae.pc", i=1), t("ae.pc", i=2))
    cols = st.columns(2 if k >= 2 else 1)
    s = [cols[i].slider(t("ae.pick", i=i + 1), -3.0, 3.0, 0.0, 0.1, key=f"ae.pick{i + 1}",
                        help=t("ae.pick_help")) for i in range(min(k, 2))]  # fmt: skip
    h_pick, picked2 = code_from_view(codes, proj, p, s)
    clicked = clicked_point(k)
    if clicked is not None:  # a click on the scatter wins over the sliders
        picked2 = clicked
        h_pick = clicked if p is None else p.decode(clicked[None])[0].astype(np.float32)
    n = len(ds.x_test)
    for key in ("ae.interp_a", "ae.interp_b"):  # the test set may have shrunk
        if ss.get(key, 0) > n - 1:
            ss[key] = 0
    cols = st.columns(2)
    a = cols[0].number_input(t("ae.interp_a"), 0, max(0, n - 1), 0, key="ae.interp_a")
    b = cols[1].number_input(t("ae.interp_b"), 0, max(0, n - 1), min(1, n - 1), key="ae.interp_b")
    path = interpolate(codes[a], codes[b], 9)
    path2 = path if p is None else p.encode(path).astype(np.float32)
    classes = class_names(ds) if ds.n_classes else None
    if k == 1:
        st.plotly_chart(
            F.code_line_figure(codes, ds.y_test, "h₁", t("ae.position")), key="ae.fig_code1"
        )
    else:
        fig = F.code_scatter_figure(proj, ds.y_test, classes, axes[0], axes[1],
                                    picked=tuple(picked2[:2]), path=path2,
                                    picked_name=t("ae.picked"), path_name=t("ae.path"),
                                    colour_name=t("ae.position"))  # fmt: skip
        st.plotly_chart(fig, key="ae.fig_code", on_select="rerun", selection_mode="points")
    decoded = decode_np(model, np.vstack([h_pick[None], path]))
    if is_img:
        cols = st.columns([1, 5])
        cols[0].plotly_chart(
            F.image_rows_figure([decoded[:1]], [""], title=t("ae.decoded")), key="ae.fig_pick_img"
        )
        cols[1].plotly_chart(
            F.image_rows_figure(
                [ds.x_test[[a, b]], decoded[1:]],
                [t("ae.ends"), t("ae.path")],
                title=t("ae.interp_title"),
            ),
            key="ae.fig_path_img",
        )
    else:
        st.plotly_chart(
            F.points_figure(
                ds.x_test,
                decoded,
                ds.y_test,
                (t("ae.data"), t("ae.decoded")),
                t("ae.position"),
                height=360,
            ),
            key="ae.fig_path_pts",
        )


with right:
    if tr is not None:
        _ui.live(KEY, tr, draw)
with st.expander(t("share.title")):
    _ui.share(form, cfg, tr, "ae_experiment")
