"""Feedforward page: what its live view draws (boundary map, metrics, network, curves).

The parts are plain ``draw(s, tr)`` functions on a surface (ui/surface.py): the
engine records them into frames while the page plays and the client view draws the
48×48 boundary map on a canvas the browser scales (25 frames a second is cheap), the
network graph and the curves with Plotly at a slower pace. Not a page of its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlcore.figures.common import grad_norm_figure, loss_figure
from dlcore.figures.ff import boundary_figure, encode_frame, net_maps, network_figure
from dlcore.playground import finite, grid_z, point_payload
from dlcore.train import Trainer
from pages import ff_classes
from ui.language import t

RES = 48  # boundary map resolution on the canvas
FRAME_EVERY_S = 0.03  # a boundary frame at most this often while playing
MAX_FRAMES = 16  # frames kept for one poll (played back evenly by the view)
EVERY = {
    "net": 1.0,
    "curves": 0.5,
    "confusion": 0.5,
}  # the slower parts (seconds between refreshes)


class Output:
    """The output column: three metrics and the boundary map (every frame)."""

    def __init__(self, show_test: bool, discretize: bool) -> None:
        self.show_test, self.discretize = show_test, discretize
        self._pts_sent: Any = None  # the points travel once per view, not in every frame

    def labels(self) -> dict[str, str]:
        return {
            "epoch": t("train.epoch"),
            "loss": t("train.loss"),
            "acc": t("ff.acc_short"),
            "train": t("train.train_loss"),
            "test": t("train.test_loss"),
        }

    def payload(self, tr: Trainer, full: bool) -> dict[str, Any]:
        ev = tr.last_eval
        key = (id(tr.dataset), self.show_test)
        send_pts = full or self._pts_sent != key
        multi = tr.dataset.task == "multiclass"
        out: dict[str, Any] = {
            "res": RES,
            "z": "" if multi else encode_frame(grid_z(tr, RES)),
            "epoch": round(tr.epoch_float, 3),
            "step": tr.step_count,
            "train_loss": finite(ev, "train_loss") or 0.0,
            "test_loss": finite(ev, "test_loss") or 0.0,
            "test_acc": finite(ev, "test_acc"),
            "disc": self.discretize,
            "labels": self.labels(),
        }
        if multi:  # one colour per class, shaded by confidence (pages/ff_classes.py)
            out.update(ff_classes.payload(tr, RES, self.show_test, send_pts))
        elif send_pts:
            out.update(point_payload(tr.dataset, self.show_test))
        if send_pts:
            out["pts"] = True
            self._pts_sent = key
        return out

    def figure(self, tr: Trainer) -> Any:
        ds = tr.dataset
        labels = {
            "train": t("ff.train_pts"),
            "test": t("ff.test_pts"),
            "output": t("ff.output_title"),
        }
        if ds.task == "multiclass":
            return ff_classes.figure(tr, self.show_test, labels)
        return boundary_figure(
            grid_z(tr, 60),
            ds.meta["points_train"],
            ds.y_train,
            ds.meta["points_test"] if self.show_test else None,
            ds.y_test if self.show_test else None,
            task=ds.task,
            discretize=self.discretize,
            labels=labels,
        )

    def draw(self, s: Any, tr: Trainer, full: bool = False) -> None:
        ev = tr.last_eval
        m = s.columns(3)
        m[0].metric(t("train.epoch"), f"{tr.epoch_float:.1f}")
        m[1].metric(t("train.train_loss"), f"{ev.get('train_loss', float('nan')):.4f}")
        m[2].metric(t("train.test_loss"), f"{ev.get('test_loss', float('nan')):.4f}")
        s.boundary("ff.boundary", lambda: self.payload(tr, full), lambda: self.figure(tr))


draw_confusion = ff_classes.draw_confusion  # a part of its own, refreshed as the curves


def draw_net(s: Any, tr: Trainer) -> None:
    """The network graph with a thumbnail per neuron."""
    feats = tr.dataset.meta.get("features", ("x1", "x2"))
    nm = net_maps(tr.model, feats, tr.dataset.task, tr.objective.predict, res=16)
    fig = network_figure(nm, feats, t("ff.weight"), t("ff.bias"))
    s.plotly_chart(fig, key="ff.network", width="stretch")


def draw_curves(s: Any, tr: Trainer) -> None:
    """Loss, accuracy and gradient-norm curves."""
    h = tr.history.evals
    ep = h["epoch"].copy()
    cols = {k: h[k].copy() for k in h.keys()}
    hx = h.x.copy()
    g = tr.history.grads
    gx = g.x.copy()
    norms = {name: g[name].copy() for name in g.keys()}
    c1, c2, c3 = s.columns(3)
    losses = {t("train.train_loss"): cols["train_loss"], t("train.test_loss"): cols["test_loss"]}
    c1.plotly_chart(
        loss_figure(ep, losses, t("train.loss"), t("train.epoch")),
        key="ff.loss_fig",
        width="stretch",
    )
    if "train_acc" in cols:
        accs = {t("train.train_acc"): cols["train_acc"], t("train.test_acc"): cols["test_acc"]}
        c2.plotly_chart(
            loss_figure(ep, accs, t("train.accuracy"), t("train.epoch"), log_y=False),
            key="ff.acc_fig",
            width="stretch",
        )
    x = np.interp(gx, hx, ep) if len(hx) else gx
    c3.plotly_chart(
        grad_norm_figure(x, norms, t("train.grad_norm"), t("train.epoch")),
        key="ff.grad_fig",
        width="stretch",
    )
