"""Autoencoder pages: what their live views draw, and the code-collapse watch.

The parts are plain ``draw(s, tr)`` functions on a surface (ui/surface.py): numbers in
the driver part (every frame), the figures in slower parts. They read no session state
(they run on the live engine's worker). Not a page of its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlcore.figures import ae as F
from dlcore.figures.common import layer_bar_figure
from dlcore.models.ae import (
    codes_collapsed,
    decode_np,
    decoder_basis,
    encode_np,
    per_class_error,
    recon_errors,
    reconstruct_np,
)
from dlcore.scratch import pca
from dlcore.train import Trainer
from ui.language import t

N_SHOW = 12
EVERY = {"curves": 1.0, "recon": 2.0}  # /ae: seconds between the figures' refreshes
EVERY_PCA = {"figs": 1.0}  # /ae_pca


class Watch:
    """The code-collapse check of one trainer. The first collapse the live view sees while
    playing pauses the engine (``stopped``) until the page's next paused run has shown it
    (``ack``); after that it is only a warning."""

    def __init__(self) -> None:
        self.tid: int | None = None
        self.state: str | None = None  # None, "new" (pause now), "seen"

    def see(self, tr: Trainer, collapsed: bool) -> None:
        if self.tid != id(tr):
            self.tid, self.state = id(tr), None
        if collapsed and self.state is None:
            self.state = "new"

    def stopped(self, tr: Trainer) -> bool:
        return tr.stop is not None or (self.tid == id(tr) and self.state == "new")

    def ack(self) -> None:
        if self.state == "new":
            self.state = "seen"


def class_names(ds) -> list[str]:
    keys = ds.meta.get("class_keys")
    return [t(k) for k in keys] if keys else ds.meta.get("class_names", [])


# -- /ae ---------------------------------------------------------------------------------


def draw_numbers(s: Any, tr: Trainer) -> None:
    ev = tr.last_eval
    c = s.columns(5)
    c[0].metric(t("train.steps"), tr.step_count)
    c[1].metric(t("train.epoch"), f"{tr.epoch_float:.1f}")
    c[2].metric(t("ae.test_recon"), f"{ev.get('test_recon', float('nan')):.4g}")
    c[3].metric(t("ae.reg_term"), f"{ev.get('train_reg', float('nan')):.4g}")
    c[4].metric(t("ae.code_norm"), f"{ev.get('test_code_norm', float('nan')):.3g}")


def draw_curves(s: Any, tr: Trainer) -> None:
    h = tr.history
    fig = F.ae_loss_figure(
        h.batch.x.copy(),
        h.batch["recon"].copy(),
        h.batch["reg"].copy(),
        h.evals.x.copy(),
        h.evals["test_recon"].copy(),
        (t("ae.recon_train"), t("ae.reg_term"), t("ae.test_recon")),
        t("train.step_axis"),
        t("train.loss"),
    )
    s.plotly_chart(fig, key="ae.fig_loss")


def draw_recon(s: Any, tr: Trainer, watch: Watch) -> None:
    """The collapse warning, reconstructions, per-class error and the worst examples."""
    ds, ev, model = tr.dataset, tr.last_eval, tr.model
    x_te = ds.x_test
    codes = encode_np(model, x_te)
    x_hat = decode_np(model, codes)
    errs = recon_errors(x_te, x_hat)
    cfg_t = tr.cfg.train
    collapsed = (
        (cfg_t.code_l2 > 0 or cfg_t.code_l1 > 0)
        and tr.step_count >= 100
        and codes_collapsed(codes, x_te, ev.get("test_recon", 0.0))
    )
    watch.see(tr, bool(collapsed))
    if collapsed:
        s.warning(t("ae.collapse", lam=cfg_t.code_l2, mu=cfg_t.code_l1), icon="⚠️")
    s.subheader(t("ae.recons"))
    if len(ds.input_shape) != 3:
        s.plotly_chart(
            F.points_figure(
                x_te, x_hat, ds.y_test, (t("ae.data"), t("ae.reconstruction")), t("ae.position")
            ),
            key="ae.fig_points",
        )
        return
    rows = [t("ae.original"), t("ae.reconstruction")]
    s.plotly_chart(F.image_rows_figure([x_te[:N_SHOW], x_hat[:N_SHOW]], rows), key="ae.fig_recon")
    cols = s.columns(2)
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
            rows,
            [f"{errs[i]:.2g}" for i in worst],
            title=t("ae.worst"),
            height=170,
        ),
        key="ae.fig_worst",
    )


# -- /ae_pca -------------------------------------------------------------------------------


class PcaRef:
    """PCA with the autoencoder's k on the training data (fitted once per page run)."""

    def __init__(self, tr: Trainer) -> None:
        ds = tr.dataset
        self.d = ds.n_features
        self.k = min(tr.cfg.model.bottleneck, self.d)
        self.p = pca.fit(ds.x_train, self.k)
        self.xh_te = self.p.reconstruct(ds.x_test).astype(np.float32)
        self.err_tr = pca.reconstruction_error(ds.x_train, self.p.reconstruct(ds.x_train))
        self.err_te = pca.reconstruction_error(ds.x_test, self.xh_te)
        self.curve = pca.error_curve(ds.x_train, min(self.d, max(16, self.k + 4)))


def draw_pca_numbers(s: Any, tr: Trainer, ref: PcaRef) -> None:
    ds, model = tr.dataset, tr.model
    ae_tr = recon_errors(ds.x_train, reconstruct_np(model, ds.x_train)).mean()
    ae_te = recon_errors(ds.x_test, reconstruct_np(model, ds.x_test)).mean()
    m = s.columns(5)
    m[0].metric(t("train.steps"), tr.step_count)
    m[1].metric(t("ae.pca.ae_train"), f"{ae_tr:.4g}")
    m[2].metric(t("ae.pca.pca_train"), f"{ref.err_tr:.4g}")
    m[3].metric(t("ae.pca.ratio"), f"{ae_tr / ref.err_tr:.3f}" if ref.err_tr > 0 else "—")
    m[4].metric(t("ae.pca.test_pair"), f"{ae_te:.3g} / {ref.err_te:.3g}")


def draw_pca_figs(s: Any, tr: Trainer, ref: PcaRef) -> None:
    """PCA's error curve with the autoencoder's point, the principal angles between the
    decoder's span and PCA's, and the reconstructions side by side."""
    ds, model = tr.dataset, tr.model
    x_tr, x_te, k = ds.x_train, ds.x_test, ref.k
    ae_tr = recon_errors(x_tr, reconstruct_np(model, x_tr)).mean()
    xh_ae = reconstruct_np(model, x_te)
    cols = s.columns(2)
    cols[0].plotly_chart(
        F.pca_vs_ae_figure(
            ref.curve, {t("ae.pca.ae_point"): (k, ae_tr)}, t("ae.pca.pca_line"), t("ae.pca.k"),
            t("ae.pca.train_error"), title=t("ae.pca.curve_title"),
        ),
        key="aepca.fig_curve",
    )  # fmt: skip
    if tr.cfg.model.bottleneck >= ref.d:
        cols[1].info(t("ae.pca.k_too_big", k=tr.cfg.model.bottleneck, d=ref.d))
    else:
        angles = pca.principal_angles(decoder_basis(model), ref.p.components.T)
        cols[1].plotly_chart(
            layer_bar_figure(
                {f"θ{i + 1}": a for i, a in enumerate(angles)}, t("ae.pca.angles_title"),
                t("ae.pca.degrees"), log_y=False,
            ),
            key="aepca.fig_angles",
        )  # fmt: skip
        cols[1].caption(t("ae.pca.angles_help", max=float(angles.max())))
    n = 10
    if len(ds.input_shape) == 3:
        s.plotly_chart(
            F.image_rows_figure(
                [x_te[:n], xh_ae[:n], ref.xh_te[:n]],
                [t("ae.original"), t("ae.pca.ae_row"), t("ae.pca.pca_row", k=k)],
            ),
            key="aepca.fig_rows",
        )
        return
    cols = s.columns(2)
    for col, xh, name, key in ((cols[0], xh_ae, "ae.pca.ae_row", "ae"),
                               (cols[1], ref.xh_te, "ae.pca.pca_row", "pca")):  # fmt: skip
        col.plotly_chart(
            F.points_figure(x_te, xh, ds.y_test, (t("ae.data"), t(name, k=k)),
                            t("ae.position"), title=t(name, k=k), height=360),
            key=f"aepca.fig_pts_{key}",
        )  # fmt: skip
