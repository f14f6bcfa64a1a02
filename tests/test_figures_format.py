"""Every figure builder reads right on a projector: number formats on its axes and colour bars.

The test walks every public function of ``dlcore.figures.*`` that returns a Figure; a new
builder without a sample here fails ``test_every_figure_builder_has_a_sample`` (add one).
"""

from __future__ import annotations

import inspect
import typing

import numpy as np
import plotly.graph_objects as go
import pytest

from dlcore.figures import ae, cnn, common, ff, history, rnn, training
from dlcore.figures.ff import NetMaps

MODULES = (ae, cnn, common, ff, history, rnn, training)
R = np.random.default_rng(0)


class Labels(dict):
    """A label mapping that answers every key with the key itself."""

    def __missing__(self, key):
        return str(key)

    def get(self, key, default=None):
        return self[key]


L = Labels()
STEPS = np.arange(1, 201, dtype=np.float64)
LOSS = 0.9 * np.exp(-STEPS / 40) + 1e-5  # 0.9 … 1e-5: several decades
NARROW = np.linspace(0.9, 0.2, 200)  # inside one decade: the RNN loss of the issue


def _nm() -> NetMaps:
    maps = [R.uniform(-1, 1, (n, 6, 6)).astype(np.float32) for n in (2, 3, 1)]
    weights = [R.normal(size=(3, 2)), R.normal(size=(1, 3))]
    biases = [R.normal(size=3), R.normal(size=1)]
    return NetMaps(maps, weights, biases, ["fc0", "out"])


def _hand() -> go.Figure:
    xp = R.uniform(0, 1, (6, 6))
    k = R.normal(size=(3, 3))
    out = R.normal(size=(4, 4))
    return cnn.by_hand_figure(
        xp,
        k,
        xp[:3, :3] * k,
        out,
        np.arange(3),
        np.arange(3),
        (0, 0),
        ["input", "kernel", "products", "output"],
    )


SAMPLES = {
    "ae_loss_figure": lambda: ae.ae_loss_figure(
        STEPS, LOSS, LOSS / 10, STEPS[::10], LOSS[::10], ("a", "b", "c"), "step", "loss"
    ),
    "code_line_figure": lambda: ae.code_line_figure(
        R.normal(size=(50, 1)), R.integers(0, 3, 50), "h", "class"
    ),
    "code_scatter_figure": lambda: ae.code_scatter_figure(
        R.normal(size=(50, 2)), R.integers(0, 3, 50), ["a", "b", "c"], "h1", "h2"
    ),
    "histogram_figure": lambda: ae.histogram_figure({"n": R.exponential(1e-4, 200)}, "err", "f"),
    "image_rows_figure": lambda: ae.image_rows_figure([R.uniform(size=(3, 8, 8))] * 2, ["x", "x̂"]),
    "pca_vs_ae_figure": lambda: ae.pca_vs_ae_figure(
        np.geomspace(1, 1e-4, 10), {"ae": (2, 0.1)}, "pca", "k", "err"
    ),
    "points_figure": lambda: ae.points_figure(
        R.normal(size=(30, 3)), R.normal(size=(30, 3)), R.normal(size=30), ("x", "x̂")
    ),
    "by_hand_figure": _hand,
    "confusion_figure": lambda: cnn.confusion_figure(
        R.integers(0, 9, (3, 3)), list("abc"), "p", "t"
    ),
    "feature_maps_figure": lambda: cnn.feature_maps_figure(
        {"conv1": R.normal(size=(4, 6, 6)), "conv2": R.normal(size=(8, 3, 3))}
    ),
    "grid_figure": lambda: cnn.grid_figure(
        [(0, 0, [cnn._heat(R.normal(size=(4, 4)), True)])], 1, 1
    ),
    "heatmaps": lambda: cnn.heatmaps([R.normal(size=(5, 5)), R.uniform(size=(3, 3))], ["a", "b"]),
    "kernels_figure": lambda: cnn.kernels_figure(R.normal(size=(8, 1, 3, 3)), "k"),
    "pool_figure": lambda: cnn.pool_figure(
        R.uniform(size=(4, 4)),
        R.uniform(size=(2, 2)),
        np.zeros((2, 2, 2), int),
        2,
        2,
        "max",
        ["map", "pooled"],
    ),
    "probs_figure": lambda: cnn.probs_figure(np.full(10, 0.1), list("0123456789"), "p"),
    "receptive_field_figure": lambda: cnn.receptive_field_figure(
        R.uniform(size=(8, 8)), [(2, 4, 2, 4)], ["conv1"]
    ),
    "shift_accuracy_figure": lambda: cnn.shift_accuracy_figure(
        np.arange(-3, 4), {"cnn": np.linspace(0.5, 1, 7)}, "shift", "acc"
    ),
    "grad_norm_figure": lambda: common.grad_norm_figure(STEPS, {"l1": LOSS, "l2": LOSS * 1e-6}),
    "layer_bar_figure": lambda: common.layer_bar_figure({"l1": 1e-3, "l2": 1e-9}),
    "loss_figure": lambda: common.loss_figure(STEPS, {"train": LOSS, "test": NARROW}),
    "boundary_figure": lambda: ff.boundary_figure(
        R.uniform(-1, 1, (10, 10)), R.uniform(-6, 6, (20, 2)), R.choice([-1.0, 1.0], 20)
    ),
    "network_figure": lambda: ff.network_figure(_nm(), ("x1", "x2")),
    "class_boundary_figure": lambda: ff.class_boundary_figure(
        R.dirichlet(np.ones(3), size=(20, 20)).astype(np.float32),
        R.uniform(-5, 5, (30, 2)),
        R.integers(0, 3, 30),
        R.uniform(-5, 5, (10, 2)),
        R.integers(0, 3, 10),
        class_names=["a", "b", "c"],
    ),
    "activation_figure": lambda: history.activation_figure(
        np.linspace(-5, 5, 50), np.tanh(np.linspace(-5, 5, 50)), np.ones(50), [(-5, -2)], L
    ),
    "glue_bar_figure": lambda: history.glue_bar_figure(
        ["MNLI", "RTE"], ["GPT", "BERT"], np.array([[80.0, 60.0], [86.0, 70.0]]), ["393k", "2.5k"]
    ),
    "glue_heatmap_figure": lambda: history.glue_heatmap_figure(
        ["MNLI", "RTE"], ["GPT", "BERT"], np.array([[80.0, 60.0], [86.0, 70.0]]), ["393k", "2.5k"]
    ),
    "grid_search_figure": lambda: history.grid_search_figure(
        R.integers(0, 5, (5, 5)), R.integers(0, 4, 5), 5, L
    ),
    "loss_curves_figure": lambda: history.loss_curves_figure(
        np.linspace(0.01, 0.99, 50), {"ce": -np.log(np.linspace(0.01, 0.99, 50))}
    ),
    "mistakes_figure": lambda: history.mistakes_figure([3, 2, 1, 0]),
    "mp_figure": lambda: history.mp_figure(
        np.array([[0, 0], [0, 1], [1, 0], [1, 1]]),
        np.array([0, 0, 0, 1]),
        np.array([0, 0, 0, 1]),
        [1.0, 1.0],
        1.5,
        L,
    ),
    "neuron_figure": lambda: history.neuron_figure(
        np.linspace(-1, 1, 20), R.uniform(size=(20, 20)), (0.1, 0.2), L
    ),
    "overlay_figure": lambda: history.overlay_figure(np.arange(10), {"a": np.arange(10)}),
    "perceptron_figure": lambda: history.perceptron_figure(
        R.uniform(-1, 1, (10, 2)), R.choice([-1, 1], 10), [1.0, 0.5], 0.1, L
    ),
    "softmax_figure": lambda: history.softmax_figure(
        list("abc"), np.array([0.2, 0.3, 0.5]), np.array([0.2, -0.7, 0.5]), L, 1
    ),
    "timeline_figure": lambda: history.timeline_figure(
        [1943, 1958], [0, 1], ["MP", "Perceptron"], ["a", "b"], ["mp", "pc"], ["t0", "t1"]
    ),
    "cell_traces_figure": lambda: rnn.cell_traces_figure(
        R.normal(size=(30, 4)), [0, 1], (5, 9), "t", "h"
    ),
    "clip_figure": lambda: rnn.clip_figure(STEPS, LOSS * 100, 1.0, ("a", "b", "clip")),
    "eigen_figure": lambda: rnn.eigen_figure(
        {"now": np.array([0.5 + 0.5j, -1.2])}, 1.0, ("u", "r")
    ),
    "forecast_figure": lambda: rnn.forecast_figure(
        np.sin(np.arange(20)), 0.3, 0.2, ("a", "b", "c")
    ),
    "gate_heatmaps": lambda: rnn.gate_heatmaps(
        {"f": np.full((5, 3), 0.5), "C": np.zeros((5, 3))}, {}, list("abcde"), "unit"
    ),
    "grad_time_figure": lambda: rnn.grad_time_figure({"rnn": np.geomspace(1, 1e-9, 30)}, "t", "g"),
    "loss_compare_figure": lambda: rnn.loss_compare_figure(
        {"lstm": (STEPS, NARROW)}, "step", "loss", baseline=(1.0, "always answer 1.0")
    ),
    "unrolled_figure": lambda: rnn.unrolled_figure(20, 12, {"h": np.ones(4)}, {"h": "h"}),
    "activation_heatmap": lambda: training.activation_heatmap(
        {"l1": R.integers(0, 9, 10), "l2": R.integers(0, 9, 10)}, np.linspace(-1, 1, 11), L
    ),
    "chain_figure": lambda: training.chain_figure(
        np.ones(3), np.ones(3), 0.5, 0.4, 0.1, np.full(3, 1e-5), 0.2, 1.0, L
    ),
    "mlp_figure": lambda: training.mlp_figure(
        [np.ones(2), np.ones(3), np.ones(1)], [np.ones((3, 2)), np.ones((1, 3))], L
    ),
    "mult_count_figure": lambda: training.mult_count_figure(
        np.arange(1, 9), np.arange(1, 9), np.arange(1, 9) ** 2, L
    ),
    "surface_figure": lambda: training.surface_figure(
        np.linspace(-1, 1, 9),
        np.linspace(-1, 1, 9),
        np.geomspace(1e-6, 10, 81).reshape(9, 9),
        [("GD", np.zeros((3, 2)), 0)],
        L,
    ),
}


def _builders() -> dict[str, object]:
    out = {}
    for mod in MODULES:
        for name, f in inspect.getmembers(mod, inspect.isfunction):
            if f.__module__ != mod.__name__ or name.startswith("_"):
                continue
            ret = typing.get_type_hints(f).get("return")
            if ret is go.Figure and name not in ("base_layout", "readable_axes", "level_line"):
                out[name] = f
    return out


def test_every_figure_builder_has_a_sample():
    assert set(_builders()) == set(SAMPLES)


def _axes(fig: go.Figure):
    return [
        (k, fig.layout[k]) for k in fig.layout if k[:5] in ("xaxi", "yaxi") and k[1:5] == "axis"
    ]


def _colorbars(fig: go.Figure):
    """The colour bars plotly.js draws (a trace's unless hidden, a marker's when asked for)."""
    for tr in fig.data:
        if "colorbar" in tr and tr.showscale is not False:
            yield tr.colorbar
        if "marker" in tr and tr.marker is not None and "colorbar" in tr.marker:
            if tr.marker.showscale:
                yield tr.marker.colorbar
            else:  # never touched: setting it makes plotly.js draw a stray colour bar
                assert not tr.marker.colorbar.to_plotly_json()


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_no_si_prefixes_and_log_axes_label_decades(name):
    fig = SAMPLES[name]()
    for key, ax in _axes(fig):
        # default "B" writes 100µ, 10n: never on any axis
        assert ax.exponentformat not in (None, "B", "SI"), (name, key)
        if ax.type == "log":
            assert ax.showexponent == "all", (name, key)
            # decades only, or 1-2-5 written in full: never plotly's "2 … 9" minor labels
            if ax.tickvals is None:
                assert ax.dtick == 1, (name, key)
            else:
                assert len(ax.ticktext) == len(ax.tickvals), (name, key)
    for cb in _colorbars(fig):
        assert cb.exponentformat not in (None, "B", "SI"), name


def test_a_narrow_log_axis_labels_its_values_in_full():
    fig = common.loss_figure(STEPS, {"loss": NARROW})  # 0.9 … 0.2: no power of ten inside
    ax = fig.layout.yaxis
    text = dict(zip(np.round(ax.tickvals, 12), ax.ticktext, strict=True))
    assert text[0.2] == "0.2" and text[0.5] == "0.5" and text[1.0] == "1"
    assert text[2e-5] == "2×10⁻⁵" and text[1e-6] == "10⁻⁶"
    wide = common.loss_figure(STEPS, {"loss": LOSS})  # 0.9 … 1e-5: decades only
    assert wide.layout.yaxis.dtick == 1 and wide.layout.yaxis.tickvals is None


def test_baseline_label_sits_on_its_line_on_a_log_axis():
    fig = SAMPLES["loss_compare_figure"]()
    notes = [a for a in fig.layout.annotations if a.text == "always answer 1.0"]
    assert len(notes) == 1
    # a log axis places annotations in log10 units: 1.0 is at 0, not at 1 (= 10)
    assert notes[0].y == pytest.approx(0.0)
    fig = SAMPLES["clip_figure"]()
    (note,) = [a for a in fig.layout.annotations if a.text == "clip"]
    assert note.y == pytest.approx(0.0)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_subplot_titles_have_room_above_the_plot(name):
    fig = SAMPLES[name]()
    for a in fig.layout.annotations:
        if a.yref == "paper" and a.yanchor == "bottom" and (a.y or 0) >= 0.999 and a.text:
            size = (a.font.size if a.font is not None else None) or 16
            assert fig.layout.margin.t >= 1.4 * size, (name, a.text)


def test_non_negative_maps_are_gray_as_the_caption_says():
    # the caption: "a map without negative values is gray (0 = black)"; grid_figure passes
    # colour scales unvalidated, so a name plotly.js does not know drew blue–red instead
    fig = cnn.heatmaps([R.uniform(size=(5, 5))], ["x"])
    assert fig.data[0].colorscale[0][1] in ("#000000", "rgb(0,0,0)")
    assert fig.data[0].colorscale[-1][1] in ("#ffffff", "rgb(255,255,255)")
