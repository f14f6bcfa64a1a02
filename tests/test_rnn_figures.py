"""RNN chapter figures: pure functions on arrays, NaN never reaches a chart."""

from __future__ import annotations

import numpy as np

from dlcore.figures import rnn as F


def test_span_search_finds_a_planted_cell():
    rng = np.random.default_rng(0)
    h = rng.uniform(-0.2, 0.2, (60, 16))
    h[20:30, 7] = 0.9  # cell 7 fires exactly on the span
    top, scores = F.span_cells(h, (20, 30), top=3)
    assert top[0] == 7 and scores[0] > 0.9
    assert len(top) == 3 and np.all(np.diff(scores) <= 0)


def test_char_colouring_escapes_and_marks_the_span():
    html = F.char_colour_html(list("<a> b"), np.array([1.0, -1.0, 0.0, np.nan, 0.5]), (1, 3))
    assert "&lt;" in html and "<a>" not in html
    assert html.count("<span") == 5 and html.count("outline") == 2
    assert "rgb(255, 0, 0)" in html and "rgb(0, 0, 255)" in html


def test_figures_drop_non_finite_values():
    fig = F.grad_time_figure({"a": np.array([1.0, np.inf, 0.0, 1e-3])}, "t", "g")
    y = np.asarray(fig.data[0].y, np.float64)
    assert np.isnan(y[1]) and np.isnan(y[2]) and y[3] > 0
    fig = F.loss_compare_figure({"lstm": (np.arange(3), np.array([1.0, np.nan, 0.5]))}, "s", "l")
    assert fig.data[0].y.dtype == np.float32
    heat = F.gate_heatmaps(
        {"f": np.full((5, 3), 0.5), "C": np.zeros((5, 3))}, {}, list("abcde"), "unit"
    )
    assert len(heat.data) == 2 and heat.data[0].zmin == 0.0
    eig = F.eigen_figure({"now": np.array([0.5 + 0.5j, -1.2])}, 1.0, ("unit", "r"))
    assert len(eig.data) == 3
    un = F.unrolled_figure(
        20, 12, {"h": np.ones(4)}, {"h": "h"}, {"x": list("abcdefghijklmnopqrst")}
    )
    assert any("+1.00" in a.text for a in un.layout.annotations)
    clip = F.clip_figure(np.arange(4), np.array([0.5, 2.0, 8.0, 1.0]), 1.0, ("a", "b", "c"))
    assert np.asarray(clip.data[1].y).max() == 1.0
