"""CNN page: what its live view draws (metrics and curves; kernels, feature maps,
confusion matrix and mistakes). Plain ``draw(s, tr)`` functions on a surface
(ui/surface.py). Not a page of its own."""

from __future__ import annotations

import numpy as np
import torch

from dlcore.figures import cnn as fig
from dlcore.figures.common import loss_figure
from dlcore.models.cnn import confusion
from dlcore.train import Trainer
from ui.language import t


def class_labels(ds) -> list[str]:
    return (
        [t(k) for k in ds.meta["class_keys"]] if "class_keys" in ds.meta else ds.meta["class_names"]
    )


def draw(s, tr: Trainer) -> None:
    """The metrics (every frame while playing; a Pause answers with them at once)."""
    ev = tr.last_eval
    m = s.columns(4)
    m[0].metric(t("train.epoch"), f"{tr.epoch_float:.1f}")  # as every page
    m[1].metric(t("train.test_loss"), f"{ev.get('test_loss', float('nan')):.4f}")
    m[2].metric(t("train.train_acc"), f"{ev.get('train_acc', float('nan')):.1%}")
    m[3].metric(t("train.test_acc"), f"{ev.get('test_acc', float('nan')):.1%}")


def curves(s, tr: Trainer) -> None:
    """The loss / accuracy curves (a slow part: Plotly figures, a few times a second)."""
    h = tr.history.evals
    ep = h["epoch"]
    c1, c2 = s.columns(2)
    losses = {t("train.train_loss"): h["train_loss"], t("train.test_loss"): h["test_loss"]}
    c1.plotly_chart(
        loss_figure(ep, losses, None, t("train.epoch"), t("train.loss"), height=260),
        key="cnn.fig_loss",
    )
    accs = {t("train.train_acc"): h["train_acc"], t("train.test_acc"): h["test_acc"]}
    c2.plotly_chart(
        loss_figure(
            ep,
            accs,
            None,  # the axis says it: a title would sit under a legend that wraps
            t("train.epoch"),
            t("train.accuracy"),
            log_y=False,
            y_range=(0, 1.02),
            height=260,
        ),
        key="cnn.fig_acc",
    )


def inside(s, tr: Trainer, idx: int) -> None:
    """Kernels, feature maps of one test image, confusion matrix, mistakes."""
    ds, labels = tr.dataset, class_labels(tr.dataset)
    s.subheader(t("cnn.kernels"))
    s.plotly_chart(
        fig.kernels_figure(tr.model.first_kernels().cpu().numpy()), key="cnn.fig_kernels"
    )
    s.subheader(t("cnn.maps"))
    img = ds.x_test[idx, 0]
    tr.model.eval()
    maps = {t("cnn.input_layer"): img[None]}
    for name, m in tr.model.feature_maps(
        torch.as_tensor(img[None, None].astype(np.float32), device=tr.device)
    ).items():
        if name.startswith(("conv", "pool")):
            maps[name] = m[0].float().cpu().numpy()
    probs = tr.predict(img[None, None])[0]
    s.caption(
        t(
            "cnn.maps_caption",
            true=labels[int(ds.y_test[idx])],
            pred=labels[int(probs.argmax())],
            p=f"{probs.max():.0%}",
        )
    )
    s.plotly_chart(fig.feature_maps_figure(maps), key="cnn.fig_maps")
    probs_all = tr.predict(ds.x_test)
    pred = probs_all.argmax(-1)
    c1, c2 = s.columns(2)
    c1.subheader(t("cnn.confusion"))
    cm = confusion(ds.y_test, pred, ds.n_classes)
    c1.plotly_chart(
        fig.confusion_figure(cm, labels, t("cnn.predicted"), t("cnn.true")), key="cnn.fig_cm"
    )
    c2.subheader(t("cnn.mistakes"))
    wrong = np.nonzero(pred != ds.y_test)[0][:12]
    if len(wrong) == 0:
        c2.success(t("cnn.no_mistakes"))
    else:
        titles = [f"{labels[int(ds.y_test[i])]} → {labels[int(pred[i])]}" for i in wrong]
        c2.plotly_chart(
            fig.heatmaps(
                [ds.x_test[i, 0] for i in wrong], titles, cols=4, height=150, scales=False
            ),
            key="cnn.fig_wrong",
        )
        c2.caption(t("cnn.mistakes_caption", n=int((pred != ds.y_test).sum()), total=len(pred)))
