"""The autoencoder figures are pure functions: check what they put in ``fig.data``."""

from __future__ import annotations

import numpy as np

from dlcore.figures import ae as F


def test_image_rows_canvas():
    a = np.ones((3, 1, 8, 8), np.float32) * 2.0  # clipped to 1 for display
    b = np.zeros((3, 8, 8), np.float32)
    fig = F.image_rows_figure([a, b], ["x", "x̂"], ["1", "2", "3"])
    z = np.asarray(fig.data[0].z, dtype=float)
    assert z.shape == (2 * 9 - 1, 3 * 9 - 1)
    assert np.nanmax(z) == 1.0 and np.nanmin(z) == 0.0
    assert np.isnan(z[8]).all() and np.isnan(z[:, 8]).all()  # one blank pixel between tiles
    assert list(fig.layout.yaxis.ticktext) == ["x", "x̂"]
    assert len(F.image_rows_figure([np.zeros((0, 8, 8))], [""]).data) == 0


def test_code_scatter_classes_and_continuous():
    codes = np.random.default_rng(0).normal(size=(30, 2))
    labels = np.arange(30) % 3
    fig = F.code_scatter_figure(codes, labels, ["a", "b", "c"], "h1", "h2",
                                picked=(0.0, 1.0), path=codes[:4])  # fmt: skip
    assert [tr.name for tr in fig.data][:3] == ["a", "b", "c"]
    assert sum(len(tr.x) for tr in fig.data[:3]) == 30
    assert len(fig.data) == 5 and tuple(fig.data[-1].y) == (1.0,)
    fig = F.code_scatter_figure(codes, labels / 3, None, "h1", "h2")
    assert len(fig.data) == 1 and fig.data[0].marker.colorscale
    assert len(F.code_line_figure(codes[:, :1], labels, "h1", "t").data[0].x) == 30


def test_histogram_fractions_and_marks():
    fig = F.histogram_figure({"a": np.r_[np.arange(10.0), np.nan, np.inf], "b": np.ones(5)},
                             "x", "y", marks={"thr": 3.0})  # fmt: skip
    assert [tr.name for tr in fig.data] == ["a", "b"]
    for tr in fig.data:
        assert abs(float(np.sum(tr.y)) - 1.0) < 1e-5
    assert len(fig.layout.shapes) == 1


def test_loss_points_pca_figures():
    x = np.arange(5.0)
    fig = F.ae_loss_figure(x, x + 1, np.zeros(5), x, x + 2, ("r", "g", "t"), "s", "l")
    assert [tr.name for tr in fig.data] == ["r", "t"]  # the zero regulariser is left out
    fig = F.ae_loss_figure(x, x + 1, x + 0.5, x, x + 2, ("r", "g", "t"), "s", "l")
    assert [tr.name for tr in fig.data] == ["r", "g", "t"]
    pts = np.random.default_rng(0).normal(size=(20, 3))
    fig = F.points_figure(pts, pts * 0.9, np.linspace(0, 1, 20), ("x", "x̂"))
    assert [tr.type for tr in fig.data] == ["scatter3d", "scatter3d"]
    assert F.points_figure(pts[:, :2], None, np.zeros(20), ("x", "x̂")).data[0].type == "scatter"
    fig = F.pca_vs_ae_figure(np.array([3.0, 2.0, 1.0]), {"ae": (1, 2.1)}, "pca", "k", "e")
    assert len(fig.data) == 2 and tuple(fig.data[1].x) == (1.0,)
