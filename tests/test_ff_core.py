"""dlcore for the feedforward chapter: datasets, features, models, CSV upload, figures, weights."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dlcore import config as C
from dlcore.data import BINARY, REGRESSION, build_dataset
from dlcore.data.csvdata import MAX_CSV_BYTES, CsvError, csv_dataset, parse_csv
from dlcore.data.toy2d import DOMAIN, FEATURE_FNS, featurize
from dlcore.figures.ff import (
    boundary_figure,
    colorize,
    encode_frame,
    net_maps,
    network_figure,
    to_signed,
)
from dlcore.io import WeightsError, load_weights, weights_to_bytes
from dlcore.models.mlp import MLP
from dlcore.registry import ACTIVATIONS, INITS
from dlcore.train import Trainer

TOYS = {
    "circle": BINARY,
    "xor": BINARY,
    "gauss": BINARY,
    "spiral": BINARY,
    "moons": BINARY,
    "reg_plane": REGRESSION,
    "reg_gauss": REGRESSION,
}


@pytest.mark.parametrize("name", list(TOYS))
def test_dataset_shape_labels_determinism(name):
    dc = C.DataConfig(name=name, n_points=200, noise=0.1, train_ratio=0.6, seed=3)
    ds = build_dataset(dc)
    assert ds.task == TOYS[name]
    assert ds.x_train.shape == (120, 2) and ds.x_test.shape == (80, 2)
    assert ds.x_train.dtype == np.float32
    if ds.task == BINARY:
        assert set(np.unique(np.concatenate([ds.y_train, ds.y_test]))) == {0, 1}
    else:
        assert ds.y_train.dtype == np.float32 and np.abs(ds.y_train).max() <= 1.0 + 1e-6
    assert np.abs(ds.meta["points_train"]).max() < DOMAIN * 1.6
    again = build_dataset(dc)
    np.testing.assert_array_equal(ds.x_train, again.x_train)
    other = build_dataset(C.DataConfig(name=name, n_points=200, noise=0.1, train_ratio=0.6, seed=4))
    assert not np.array_equal(ds.x_train, other.x_train)


@pytest.mark.parametrize("name", list(FEATURE_FNS))
def test_each_feature(name):
    p = np.array([[1.5, -2.0], [0.0, 3.0]], np.float32)
    want = {
        "x1": p[:, 0],
        "x2": p[:, 1],
        "x1sq": p[:, 0] ** 2,
        "x2sq": p[:, 1] ** 2,
        "x1x2": p[:, 0] * p[:, 1],
        "sin_x1": np.sin(p[:, 0]),
        "sin_x2": np.sin(p[:, 1]),
    }[name]
    np.testing.assert_allclose(featurize(p, (name,))[:, 0], want, rtol=1e-6)
    dc = C.DataConfig(name="circle", features=("x1", name), n_points=50)
    assert build_dataset(dc).x_train.shape[1] == 2


@pytest.mark.parametrize("act", ["relu", "tanh", "sigmoid", "linear", "leaky_relu", "gelu"])
@pytest.mark.parametrize("init", ["zeros", "uniform", "xavier", "he"])
def test_model_for_every_option(act, init):
    cfg = C.ExperimentConfig(
        data=C.DataConfig(name="xor", n_points=40),
        model=C.ModelConfig(hidden=(3, 5), activation=act, init=init, dropout=0.2),
        train=C.TrainConfig(optimizer="momentum", l1=0.01, l2=0.01, batch_size=0),
    )
    tr = Trainer(cfg)
    assert isinstance(tr.model, MLP)
    assert [n for n, _ in tr.model.linear_layers()] == ["fc1", "fc2", "out"]
    assert isinstance(tr.model.net.act1, type(ACTIVATIONS[act].torch()))
    w = tr.model.net.fc1.weight.detach()
    if init == "zeros":
        assert float(w.abs().max()) == 0.0
    if init == "uniform":
        assert float(w.abs().max()) <= 0.5 and float(
            tr.model.net.fc1.bias[0].detach()
        ) == pytest.approx(0.1)
    assert tr.step(3) == 3
    assert init in INITS


@pytest.mark.parametrize(
    ("output", "loss", "n_out", "used"),
    [
        ("auto", "auto", 1, "bce"),
        ("sigmoid", "mse", 1, "mse"),
        ("softmax", "ce", 2, "ce"),
        ("tanh", "mse_half", 1, "mse_half"),
    ],
)
def test_outputs_and_losses(output, loss, n_out, used):
    cfg = C.ExperimentConfig(
        data=C.DataConfig(name="circle", n_points=60),
        model=C.ModelConfig(hidden=(4,), output=output),
        train=C.TrainConfig(loss=loss),
    )
    tr = Trainer(cfg)
    assert tr.model.n_out == n_out and tr.objective.loss_name == used
    p = tr.predict(np.zeros((3, 2), np.float32))
    assert p.shape == (3,) and np.all((p >= 0) & (p <= 1))


def test_regularisation_matches_formula():
    cfg = C.ExperimentConfig(
        data=C.DataConfig(name="xor", n_points=40),
        model=C.ModelConfig(hidden=(3,)),
        train=C.TrainConfig(l1=0.1, l2=0.2),
    )
    tr = Trainer(cfg)
    ws = [tr.model.net.fc1.weight, tr.model.net.out.weight]
    want = sum(0.1 * w.abs().sum() + 0.2 * (w * w).sum() for w in ws)
    assert float(tr.penalty().detach()) == pytest.approx(float(want.detach()), rel=1e-6)


# -- CSV upload ---------------------------------------------------------------------
GOOD = b"x1,x2,label\n0,0,0\n1,1,1\n-1,2,0\n2,-1,1\n3,3,1\n"


def test_csv_good_classification_and_regression():
    pts, lab, task = parse_csv(GOOD)
    assert task == BINARY and pts.shape == (5, 2) and lab.tolist() == [0, 1, 0, 1, 1]
    pts, lab, task = parse_csv(b"x1,x2,label\n0,0,0.5\n1,1,-3\n2,2,1\n3,3,2\n")
    assert task == REGRESSION and np.abs(lab).max() == pytest.approx(1.0)
    big = parse_csv(b"\xef\xbb\xbfX1, x2 ,label\n100,0,1\n0,50,-1\n1,1,1\n2,2,-1\n")[0]
    assert np.abs(big).max() == pytest.approx(DOMAIN)
    ds = csv_dataset(GOOD, C.DataConfig(features=("x1", "x1x2"), train_ratio=0.6))
    assert ds.x_train.shape == (3, 2) and ds.task == BINARY
    tr = Trainer(C.ExperimentConfig(data=C.DataConfig(features=("x1", "x1x2"))), dataset=ds)
    assert tr.step(2) == 2


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "ff.csv.empty"),
        (b"  \n\n", "ff.csv.empty"),
        (b"a,b,c\n1,2,0\n", "ff.csv.columns"),
        (b"x1,x2\n1,2\n", "ff.csv.columns"),
        (b"x1,x2,label\n1,2,0\n3,x,1\n1,1,1\n2,2,0\n", "ff.csv.not_number"),
        (b"x1,x2,label\n1,2,0\n3,nan,1\n1,1,1\n2,2,0\n", "ff.csv.not_number"),
        (b"x1,x2,label\n1,2,0\n3,4\n1,1,1\n2,2,0\n", "ff.csv.row_len"),
        (b"x1,x2,label\n1,2,0\n", "ff.csv.too_few"),
        (b"x1,x2,label\n1,2,1\n3,4,1\n1,1,1\n2,2,1\n", "ff.csv.one_class"),
        ("x1,x2,label\n1,2,é\n".encode("latin-1"), "ff.csv.not_utf8"),
        (b"x1,x2,label\n" + b"1,2,0\n" * 5001, "ff.csv.too_many"),
        (b"x1,x2,label\n" + b"1" * MAX_CSV_BYTES, "ff.csv.too_big"),
    ],
)
def test_csv_refused_with_reason(data, key):
    from dlcore.i18n import has

    with pytest.raises(CsvError) as err:
        parse_csv(data)
    assert err.value.key == key and has(key)


# -- figures ----------------------------------------------------------------------------
def _trainer(**model) -> Trainer:
    cfg = C.ExperimentConfig(
        data=C.DataConfig(name="xor", n_points=60, features=("x1", "x2", "x1x2")),
        model=C.ModelConfig(**{"hidden": (4, 3), **model}),
    )
    return Trainer(cfg)


def test_net_maps_match_model_and_neuron_outputs():
    tr = _trainer(activation="tanh")
    nm = net_maps(tr.model, ("x1", "x2", "x1x2"), BINARY, tr.objective.predict, res=9)
    assert [m.shape for m in nm.maps] == [(3, 9, 9), (4, 9, 9), (3, 9, 9), (1, 9, 9)]
    assert [w.shape for w in nm.weights] == [(4, 3), (3, 4), (1, 3)]
    # a hidden neuron's thumbnail is tanh(W x + b) over the grid (row = x2)
    ax = np.linspace(-DOMAIN, DOMAIN, 9, dtype=np.float32)
    xx, yy = np.meshgrid(ax, ax)
    x = featurize(np.stack([xx.ravel(), yy.ravel()], 1), ("x1", "x2", "x1x2"))
    with torch.no_grad():
        h = torch.tanh(tr.model.net.fc1(torch.as_tensor(x))).numpy()
    np.testing.assert_allclose(nm.maps[1][2], h[:, 2].reshape(9, 9), atol=1e-6)
    # the output map is the predicted class-1 probability as 2p − 1
    np.testing.assert_allclose(nm.maps[-1][0].ravel(), 2 * tr.predict(x) - 1, atol=1e-6)
    fig = network_figure(nm, ("x1", "x2", "x1x2"), "w", "b")
    assert len(fig.layout.images) == 1  # every thumbnail on one sheet
    nodes = [d for d in fig.data if d.mode == "markers" and d.marker.symbol == "square"]
    assert len(nodes[0].x) == 3 + 4 + 3 + 1
    b = float(tr.model.net.fc2.bias[1].detach())
    assert f"fc2[2] b={b:.3f}" in nodes[0].hovertext
    hover = [tr_.hovertext for tr_ in fig.data if tr_.hovertext is not None]
    w = float(tr.model.net.fc1.weight[0, 0].detach())
    assert any(f"={w:.3f}" in s for texts in hover for s in texts)
    colors = {d.line.color for d in fig.data if d.mode == "lines"}
    assert colors <= {"#f59322", "#0877bd"}


def test_softmax_output_has_two_nodes():
    tr = _trainer(output="softmax")
    nm = net_maps(tr.model, ("x1", "x2", "x1x2"), BINARY, tr.objective.predict, res=5)
    assert nm.maps[-1].shape == (2, 5, 5)
    np.testing.assert_allclose(nm.maps[-1][0] + nm.maps[-1][1], 0, atol=1e-6)


def test_boundary_figure_and_discretize():
    z = np.linspace(-1, 1, 16, dtype=np.float32).reshape(4, 4)
    pts = np.array([[0, 0], [1, 1]], np.float32)
    fig = boundary_figure(z, pts, np.array([0, 1]), pts, np.array([1, 0]), labels={"test": "T"})
    assert fig.data[0].type == "heatmap" and len(fig.data) == 3 and fig.data[2].name == "T"
    d = boundary_figure(z, pts, np.array([0, 1]), discretize=True)
    assert set(np.unique(d.data[0].z)) == {-1.0, 1.0} and len(d.data) == 2
    nan = boundary_figure(np.full((4, 4), np.nan, np.float32), pts, np.array([0, 1]))
    assert nan.data[0].z.dtype == np.float32


def test_colour_helpers():
    assert to_signed(np.array([0.0, 0.5, 1.0, np.nan]), BINARY).tolist() == [-1, 0, 1, 0]
    assert colorize(np.array([[0.0]]))[0, 0].tolist() == [255, 255, 255]
    assert colorize(np.array([[1.0]]))[0, 0].tolist() == [8, 119, 189]
    import base64

    raw = base64.b64decode(encode_frame(np.array([[-1.0, 0.0, 1.0]])))
    assert list(raw) == [0, 128, 255]


def test_weights_round_trip_and_mismatch_refused():
    tr = _trainer()
    data = weights_to_bytes(tr.model)
    other = _trainer()
    with torch.no_grad():
        other.model.net.fc1.weight.add_(1.0)
    load_weights(other.model, data)
    assert torch.equal(other.model.net.fc1.weight, tr.model.net.fc1.weight)
    wrong = _trainer(hidden=(5,))
    with pytest.raises(WeightsError) as err:
        load_weights(wrong.model, data)
    assert err.value.key in ("weights.error.keys", "weights.error.shape")
    with pytest.raises(WeightsError):
        load_weights(tr.model, b"PK\x03\x04 not safetensors at all")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_trainer_maps_and_weights():
    cfg = C.ExperimentConfig(data=C.DataConfig(name="xor", n_points=100))
    tr = Trainer(cfg, device="cuda")
    loss0 = tr.last_eval["train_loss"]
    tr.step(100)
    assert tr.last_eval["train_loss"] < loss0
    nm = net_maps(tr.model, ("x1", "x2"), BINARY, tr.objective.predict, res=8)
    assert nm.maps[-1].shape == (1, 8, 8) and np.isfinite(nm.maps[-1]).all()
    cpu = Trainer(cfg)
    load_weights(cpu.model, weights_to_bytes(tr.model))  # GPU-trained weights load on CPU
    np.testing.assert_allclose(
        cpu.predict(np.ones((2, 2), np.float32)), tr.predict(np.ones((2, 2), np.float32)), atol=1e-5
    )


def test_network_figure_caps_huge_nets():
    tr = _trainer(hidden=(64, 64, 64))
    nm = net_maps(tr.model, ("x1", "x2", "x1x2"), BINARY, tr.objective.predict, res=4)
    fig = network_figure(nm, ("x1", "x2", "x1x2"), max_edges=500, max_hover=100)
    n_edges = sum(np.isnan(d.x).sum() for d in fig.data if d.mode == "lines")
    hover = [d for d in fig.data if d.mode == "markers" and d.marker.symbol != "square"]
    assert n_edges == 500 and len(hover[0].x) == 100
