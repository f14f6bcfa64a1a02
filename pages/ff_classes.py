"""The feedforward page's view for multi-class 2-D data (spiral_k, blobs).

Class regions in one colour per class shaded by confidence, and the test set's
confusion matrix. The live view draws the regions and points on its canvas (one byte
a pixel, ``dlcore.figures.ff.encode_class_frame``); Streamlit draws the same as a
Plotly figure. Figures are ``dlcore.figures.ff`` functions.
"""

from __future__ import annotations

from typing import Any

from dlcore.figures.ff import (
    CLASS_COLORS,
    class_boundary_figure,
    class_probs_grid,
    confusion_figure,
    confusion_matrix,
    encode_class_frame,
    encode_class_points,
)
from dlcore.playground import predicted_classes
from dlcore.train import Trainer
from ui.language import t


def _names(tr: Trainer) -> list[str]:
    return [t("ff.class_n", n=i + 1) for i in range(max(tr.dataset.n_classes, 2))]


def payload(tr: Trainer, res: int, show_test: bool, points: bool) -> dict[str, Any]:
    """The canvas frame's class map (and, when ``points``, the points with their classes)."""
    ds = tr.dataset
    feats = ds.meta.get("features", ("x1", "x2"))
    k = len(_names(tr))
    out: dict[str, Any] = {
        "z": encode_class_frame(class_probs_grid(tr.predict, feats, res)),
        "cls": [CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(k)],
    }
    if points:
        out["train"] = encode_class_points(ds.meta["points_train"], ds.y_train)
        test = show_test and len(ds.meta["points_test"])
        out["test"] = encode_class_points(ds.meta["points_test"], ds.y_test) if test else None
    return out


def figure(tr: Trainer, show_test: bool, labels: dict[str, str]) -> Any:
    """The class regions and points as a Plotly figure (where Streamlit draws)."""
    ds = tr.dataset
    feats = ds.meta.get("features", ("x1", "x2"))
    return class_boundary_figure(
        class_probs_grid(tr.predict, feats, 60),
        ds.meta["points_train"],
        ds.y_train,
        ds.meta["points_test"] if show_test else None,
        ds.y_test if show_test else None,
        class_names=_names(tr),
        labels=labels,
    )


def draw_confusion(s, tr: Trainer) -> None:
    """The test set's confusion matrix on surface ``s`` (nothing for other tasks)."""
    ds = tr.dataset
    if ds.task != "multiclass":
        return
    names = _names(tr)
    x, y = (ds.x_test, ds.y_test) if len(ds.x_test) else (ds.x_train, ds.y_train)
    cm = confusion_matrix(y, predicted_classes(tr.predict, x), len(names))
    s.caption(t("ff.confusion_caption"))
    s.plotly_chart(
        confusion_figure(cm, names, t("ff.predicted_class"), t("ff.true_class")),
        key="ff.boundary_confusion",
        width="stretch",
    )
