"""History chapter figures: pure functions tested on their data (no NaN/inf, the right traces)."""

from __future__ import annotations

import numpy as np
import pytest

from dlcore import timeline as TL
from dlcore.activations import ACTIVATIONS
from dlcore.figures import history as FH
from dlcore.scratch import activations as A
from dlcore.scratch import losses as L
from dlcore.scratch import perceptron as P


def all_numbers_finite(fig) -> None:
    for tr in fig.data:
        for attr in ("x", "y", "z"):
            v = getattr(tr, attr, None)
            if v is None:
                continue
            arr = np.asarray(v)
            if arr.dtype.kind == "f":
                # NaN is allowed only as a deliberate gap, never ±inf
                assert not np.isinf(arr).any(), (tr.type, attr)


def test_line_in_box():
    x, y = FH.line_in_box((1.0, 1.0), 0.0, -1, 1)  # x1 + x2 = 0: the diagonal
    assert sorted(zip(x.tolist(), y.tolist(), strict=True)) == [(-1, 1), (1, -1)]
    x, y = FH.line_in_box((0.0, 1.0), -0.5, -1, 1)  # horizontal x2 = 0.5
    np.testing.assert_allclose(y, [0.5, 0.5])
    assert len(FH.line_in_box((0.0, 0.0), 1.0, -1, 1)[0]) == 0  # zero weights: no line
    assert len(FH.line_in_box((1.0, 0.0), -5.0, -1, 1)[0]) == 0  # outside the box
    assert len(FH.line_in_box((np.nan, 1.0), 0.0, -1, 1)[0]) == 0


def test_timeline_figure_carries_ids_and_selection():
    ms = TL.MILESTONES
    ids = [m.id for m in ms]
    fig = FH.timeline_figure(
        [m.year for m in ms],
        [TL.TRACKS.index(m.track) for m in ms],
        [m.id for m in ms],
        [m.who for m in ms],
        ids,
        list(TL.TRACKS),
        selected="lstm",
    )
    cds = [c for tr in fig.data if tr.customdata is not None for c in tr.customdata]
    assert sorted(cds) == sorted(ids)
    ring = fig.data[-1]
    assert ring.x[0] == 1997 and ring.customdata is None


def test_glue_figures():
    order = TL.glue_task_order("size")
    cols = [TL.GLUE_TASKS.index(t) for t in order]
    scores = TL.glue_matrix()[:, cols]
    sizes = [str(TL.GLUE_TRAIN_SIZE[t]) for t in order]
    fig = FH.glue_bar_figure(order, TL.GLUE_SYSTEMS, scores, sizes)
    assert len(fig.data) == 5 and fig.data[0].x[0].startswith("RTE")
    np.testing.assert_allclose(fig.data[-1].y, scores[-1])
    hm = FH.glue_heatmap_figure(order, TL.GLUE_SYSTEMS, scores, sizes)
    assert np.asarray(hm.data[0].z).shape == (5, 9)


@pytest.mark.parametrize(
    "w,theta", [((1.0, 1.0), 2.0), ((0.0, 0.0), 0.0), ((2.0, -2.0), 3.0), ((-1.0,), 0.0)]
)
def test_mp_figure(w, theta):
    x = P.truth_inputs(len(w))
    gate = "not" if len(w) == 1 else "and"
    out = P.mp_unit(x, w, theta)
    labels = {
        "fire": "",
        "quiet": "",
        "target1": "t1",
        "target0": "t0",
        "x1": "x1",
        "x2": "x2",
    }
    fig = FH.mp_figure(x, P.gate_targets(gate), out, w, theta, labels)
    all_numbers_finite(fig)
    marks = [m for tr in fig.data if getattr(tr, "mode", "") == "markers+text" for m in tr.text]
    assert len(marks) == len(x)
    assert marks.count("✓") == int((out == P.gate_targets(gate)).sum())


def test_grid_search_figure():
    res = P.best_threshold_unit(P.gate_targets("xor"))
    fig = FH.grid_search_figure(res.grid, res.best_over_theta(), 4, {"correct": "c"})
    assert np.nanmax(np.asarray(fig.data[0].z)) == 3


LAB = {"pos": "+", "neg": "-", "boundary": "b", "before": "p", "w": "w", "current": "c"}


@pytest.mark.parametrize(
    "w,b", [((0.0, 0.0), 0.0), ((1e12, -1e12), 3.0), ((np.nan, 1.0), np.inf), ((0.3, -0.7), 0.1)]
)
def test_perceptron_figure_degenerate(w, b):
    x, y = P.make_points("separable", 20, 1)
    fig = FH.perceptron_figure(x, y, w, b, LAB, current=3, prev=((0.1, 0.2), 0.0))
    all_numbers_finite(fig)
    assert any(tr.name == "c" for tr in fig.data)
    z = np.asarray(fig.data[0].z)
    assert np.isfinite(z).all()


def test_perceptron_figure_shows_boundary_and_w():
    x, y = P.make_points("separable", 20, 1)
    fig = FH.perceptron_figure(x, y, (1.0, 0.0), -0.2, LAB)
    line = next(tr for tr in fig.data if tr.name == "b")
    np.testing.assert_allclose(line.x, [0.2, 0.2], atol=1e-6)
    assert fig.layout.annotations[0].text == "w"


def test_mistakes_figure():
    fig = FH.mistakes_figure([5, 2, 0])
    np.testing.assert_allclose(fig.data[0].y, [5, 2, 0])
    assert fig.data[0].marker.color[-1] == "#2ca02c"


@pytest.mark.parametrize(
    "w1,w2,b,span", [(0.0, 0.0, 0.0, 5), (5.0, -5.0, 10.0, 1000), (1, 1, 0, 1)]
)
@pytest.mark.parametrize("name", ACTIVATIONS.names())
def test_neuron_figure_finite(name, w1, w2, b, span):
    f = ACTIVATIONS[name].f
    g = np.linspace(-span, span, 31)
    gx, gy = np.meshgrid(g, g)
    fig = FH.neuron_figure(g, f(w1 * gx + w2 * gy + b), (0.5, 0.5), {"out": "a", "point": "p"})
    z = np.asarray(fig.data[0].z)
    assert np.isfinite(z).all()
    assert fig.data[0].zmax > fig.data[0].zmin


def test_activation_figure_marks_saturation():
    z = np.linspace(-8, 8, 401)
    iv = A.saturated_intervals(z, A.tanh_grad(z), 0.05)
    fig = FH.activation_figure(z, A.tanh(z), A.tanh_grad(z), iv, {"f": "f", "df": "df", "sat": "s"})
    assert len(fig.layout.shapes) == 2
    np.testing.assert_allclose(fig.data[1].y, A.tanh_grad(z), atol=1e-6)


def test_loss_and_softmax_figures_finite():
    c = L.binary_curves(np.linspace(0, 1, 101))
    fig = FH.loss_curves_figure(c["p"], {"mse": c["mse"], "ce": c["ce"]}, marker=0.3)
    all_numbers_finite(fig)
    probs = L.softmax(np.array([50.0, -50.0, 50.0, 0.0]), 1e-9)
    grad = L.cross_entropy_grad(np.array([50.0, -50.0, 50.0, 0.0]), 1, 1e-9)
    fig = FH.softmax_figure(list("abcd"), probs, grad, {"prob": "p", "grad": "g"}, true_class=1)
    all_numbers_finite(fig)
    assert np.isfinite(np.asarray(fig.data[1].y)).all()


def test_overlay_figure():
    z = np.linspace(-50, 50, 11)
    fig = FH.overlay_figure(z, {"s": A.sigmoid_grad(z), "r": A.relu_grad(z)})
    assert [tr.name for tr in fig.data] == ["s", "r"]
    assert np.asarray(fig.data[0].y).max() <= 0.25
    all_numbers_finite(fig)
