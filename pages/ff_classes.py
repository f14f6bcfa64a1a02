"""The feedforward page's static view for multi-class 2-D data (spiral_k, blobs).

Class regions in one colour per class shaded by confidence, and the test set's
confusion matrix. Figures are ``dlcore.figures.ff`` functions.
"""

from __future__ import annotations

from dlcore.figures.ff import (
    class_boundary_figure,
    class_probs_grid,
    confusion_figure,
    confusion_matrix,
)
from dlcore.playground import predicted_classes
from dlcore.train import Trainer
from ui.language import t


def static_view(s, tr: Trainer, show_test: bool, labels: dict[str, str], key: str) -> None:
    """Draw the class boundary and the confusion matrix of ``tr`` on surface ``s``
    (ui/surface.py: a live frame while playing, Streamlit when paused or in AppTest)."""
    ds = tr.dataset
    feats = ds.meta.get("features", ("x1", "x2"))
    names = [t("ff.class_n", n=i + 1) for i in range(max(ds.n_classes, 2))]
    probs = class_probs_grid(tr.predict, feats, 60)
    fig = class_boundary_figure(
        probs,
        ds.meta["points_train"],
        ds.y_train,
        ds.meta["points_test"] if show_test else None,
        ds.y_test if show_test else None,
        class_names=names,
        labels=labels,
    )
    s.plotly_chart(fig, key=key, width="stretch")
    x, y = (ds.x_test, ds.y_test) if len(ds.x_test) else (ds.x_train, ds.y_train)
    cm = confusion_matrix(y, predicted_classes(tr.predict, x), len(names))
    s.caption(t("ff.confusion_caption"))
    s.plotly_chart(
        confusion_figure(cm, names, t("ff.predicted_class"), t("ff.true_class")),
        key=f"{key}_confusion",
        width="stretch",
    )
