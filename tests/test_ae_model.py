"""Autoencoder family: shapes for every option, Ω(h), denoising, objective parts, data, helpers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from dlcore.config import ConfigError, DataConfig, ExperimentConfig
from dlcore.data import build_dataset
from dlcore.limits import LIMITS
from dlcore.models import build_model
from dlcore.models.ae import (
    MAX_LAYERS,
    ConvAutoencoder,
    MLPAutoencoder,
    code_from_view,
    codes_collapsed,
    decode_np,
    encode_np,
    interpolate,
    outlier_sets,
    per_class_error,
    recon_errors,
    regularisation_runs,
)
from dlcore.objectives import AEObjective, Objective, omega
from dlcore.registry import DATASETS, FAMILIES
from dlcore.schema import parse_widths, spec, widths_text
from dlcore.train import Trainer

BASE = ExperimentConfig().with_(
    data={"name": "digits", "image_size": 8},
    model={"family": "ae", "hidden": (16,), "bottleneck": 3, "activation": "relu"},
    train={"lr": 0.01, "batch_size": 32},
)


@pytest.mark.parametrize("hidden", [(), (16,), (32, 8)])
@pytest.mark.parametrize("tied", [False, True])
@pytest.mark.parametrize("act", ["linear", "tanh", "relu"])
def test_mlp_shapes(hidden, tied, act):
    m = MLPAutoencoder((1, 8, 8), hidden, 5, act, tied)
    x = torch.rand(7, 1, 8, 8)
    h = m.encode(x)
    assert h.shape == (7, 5)
    assert m.decode(h).shape == (7, 1, 8, 8)
    assert m(x).shape == x.shape
    n_dec = sum(p.numel() for n, p in m.named_parameters() if n.startswith("dec"))
    widths = [64, *hidden, 5]
    biases = sum(widths[:-1])
    weights = sum(a * b for a, b in zip(widths[:-1], widths[1:], strict=True))
    assert n_dec == (biases if tied else biases + weights)


def test_tied_decoder_uses_transposed_encoder_weights():
    m = MLPAutoencoder((4,), (), 2, "linear", tied=True)
    h = torch.randn(3, 2)
    w = m.encoder[0].weight
    expect = h @ w + m.dec_bias[0]
    assert torch.allclose(m.decode(h), expect, atol=1e-6)


@pytest.mark.parametrize("size", [8, 9, 16])
@pytest.mark.parametrize("channels", [(4,), (8, 16), (2, 4, 4, 4)])
def test_conv_shapes(size, channels):
    m = ConvAutoencoder((1, size, size), channels, 6, "relu")
    x = torch.rand(3, 1, size, size)
    assert m.encode(x).shape == (3, 6)
    assert m(x).shape == x.shape


@pytest.mark.parametrize("data", ["swiss_roll", "noisy_curve"])
def test_manifold_data_and_models(data):
    cfg = BASE.with_(data={"name": data, "n_points": 200, "noise": 0.05}, model={"bottleneck": 1})
    ds = build_dataset(cfg.data)
    assert DATASETS[data].group == "manifold"
    assert ds.x_train.dtype == np.float32 and ds.x_train.shape[1] == (
        3 if data == "swiss_roll" else 2
    )
    assert ((ds.y_train >= 0) & (ds.y_train <= 1)).all()
    m = build_model(cfg, ds)
    assert m(torch.as_tensor(ds.x_test)).shape == ds.x_test.shape
    with pytest.raises(ConfigError) as e:
        build_model(cfg.with_(model={"conv": True}), ds)
    assert e.value.key == "ae.error.conv_needs_images"


def test_family_registration_and_range_errors():
    fam = FAMILIES["ae"]
    assert set(fam.groups) == {"image", "manifold"}
    ds = build_dataset(BASE.data)
    for bad in ({"hidden": (0,)}, {"hidden": (600,)}, {"hidden": (8,) * 5}):
        with pytest.raises(ConfigError) as e:
            build_model(BASE.with_(model=bad), ds)
        assert e.value.key == "ae.error.widths"
    with pytest.raises(ConfigError) as e:
        build_model(BASE.with_(model={"bottleneck": 65}), ds)
    assert e.value.key == "ae.error.bottleneck"
    sp = spec("model.hidden", replace(LIMITS, max_layers=MAX_LAYERS))  # the AE page's box
    assert parse_widths("64, 32", sp) == (64, 32)
    assert parse_widths("", sp) == ()
    assert parse_widths("64，8", sp) == (64, 8)
    for bad in ("a", "0", f"{sp.hi + 1}", "1,2,3,4,5", "1.5"):
        assert parse_widths(bad, sp) is None
    assert widths_text((64, 32)) == "64, 32"


def test_omega_equals_formula_and_objective_parts():
    torch.manual_seed(0)
    h = torch.randn(5, 3)
    assert torch.allclose(omega(h), torch.sqrt((h**2).sum(1)))
    m = MLPAutoencoder((6,), (4,), 3, "tanh")
    x = torch.randn(10, 6)
    lam, mu = 0.3, 0.2
    obj = AEObjective(code_l2=lam, code_l1=mu)
    assert isinstance(obj, Objective)
    loss, parts = obj.loss(m, x, torch.zeros(10))
    hh = m.encode(x)
    recon = ((m.decode(hh) - x) ** 2).sum(1).mean()
    reg = lam * hh.norm(dim=1).mean() + mu * hh.abs().sum(1).mean()
    assert torch.allclose(parts["recon"], recon) and torch.allclose(parts["reg"], reg)
    assert torch.allclose(loss, recon + reg)
    # Ω's gradient is h/‖h‖ (not 2h, as a squared norm would give)
    hg = torch.randn(4, 3, requires_grad=True)
    omega(hg).sum().backward()
    assert torch.allclose(hg.grad, hg.detach() / hg.detach().norm(dim=1, keepdim=True))
    # finite at h = 0
    hz = torch.zeros(2, 3, requires_grad=True)
    omega(hz).sum().backward()
    assert torch.isfinite(hz.grad).all()


def test_denoising_noise_on_inputs_only():
    torch.manual_seed(0)
    seen = {}

    class Spy(MLPAutoencoder):
        def encode(self, x):
            seen["in"] = x.detach().clone()
            return super().encode(x)

    m = Spy((5,), (), 2, "linear")
    x = torch.randn(50, 5)
    x0 = x.clone()
    obj = AEObjective(input_noise=0.5)
    _, parts = obj.loss(m, x, torch.zeros(50))
    assert torch.equal(x, x0)  # the batch itself is untouched
    noise = seen["in"] - x
    assert 0.4 < float(noise.std()) < 0.6  # the encoder saw x + N(0, σ²)
    # the target is the clean x: recon equals the error of g(f(x̃)) against x
    x_hat = m.decode(m.encode(seen["in"]))
    assert torch.allclose(parts["recon"], ((x_hat - x0) ** 2).sum(1).mean(), atol=1e-5)
    # evaluation uses clean inputs
    ev = obj.evaluate(m, x, torch.zeros(50))
    assert torch.equal(seen["in"], x0)
    with torch.no_grad():
        want = float(((m(x0) - x0) ** 2).sum(1).mean())
    assert ev["recon"] == pytest.approx(want, rel=1e-5)
    assert AEObjective(input_noise=0.0).corrupt(x) is x


def test_trainer_records_parts_and_learns():
    tr = Trainer(BASE, eval_every=50)
    first = tr.last_eval["test_recon"]
    tr.step(150)
    assert tr.stop is None
    assert "recon" in tr.history.batch.keys() and "reg" in tr.history.batch.keys()
    assert tr.last_eval["test_recon"] < 0.8 * first
    r = Trainer(BASE.with_(train={"code_l2": 0.5}))
    r.step(5)
    assert (r.history.batch["reg"] > 0).all()


def test_high_rate_stops_with_message():
    tr = Trainer(BASE.with_(train={"optimizer": "sgd", "lr": 10.0, "batch_size": 0}))
    tr.step(200)
    assert tr.stop is not None and tr.stop.key.startswith("train.stop.")
    assert all(torch.isfinite(p).all() for p in tr.model.parameters())


def test_collapse_detected_for_huge_lambda_only():
    big = Trainer(BASE.with_(train={"code_l2": 50.0}))
    big.step(300)
    x = big.dataset.x_test
    codes = encode_np(big.model, x)
    assert codes_collapsed(codes, x, big.last_eval["test_recon"])
    ok = Trainer(BASE)
    ok.step(300)
    assert not codes_collapsed(encode_np(ok.model, x), x, ok.last_eval["test_recon"])


def test_numpy_helpers():
    m = MLPAutoencoder((1, 8, 8), (8,), 2, "tanh")
    x = np.random.default_rng(0).random((6, 1, 8, 8), dtype=np.float32)
    h = encode_np(m, x)
    xh = decode_np(m, h)
    assert h.shape == (6, 2) and xh.shape == x.shape
    e = recon_errors(x, xh)
    assert np.allclose(e, ((x - xh) ** 2).reshape(6, -1).sum(1), rtol=1e-5)
    per = per_class_error(np.array([1.0, 3.0, 5.0]), np.array([0, 0, 2]), 3)
    assert per[0] == 2.0 and np.isnan(per[1]) and per[2] == 5.0
    path = interpolate(np.zeros(2), np.ones(2), 5)
    assert path.shape == (5, 2) and np.allclose(path[2], 0.5)
    codes = np.random.default_rng(1).normal(size=(50, 2)).astype(np.float32)
    hp, pt = code_from_view(codes, codes, None, [1.0, 0.0])
    assert np.allclose(hp[1], codes.mean(0)[1], atol=1e-6)
    assert hp[0] == pytest.approx(codes.mean(0)[0] + codes[:, 0].std(), rel=1e-3)


def test_comparison_configs_and_outliers():
    runs = regularisation_runs(BASE, 0.1, 0.2, 0.3)
    assert runs["plain"].train.code_l2 == 0 and runs["omega"].train.code_l2 == 0.1
    assert runs["l1"].train.code_l1 == 0.2 and runs["denoise"].train.input_noise == 0.3
    sets = outlier_sets((1, 8, 8), 20)
    assert sets["noise"].shape == (20, 1, 8, 8)
    if "shapes" in DATASETS:
        assert sets["shapes"].shape == (20, 1, 8, 8)


def test_anomaly_scores_higher_off_distribution():
    tr = Trainer(BASE.with_(model={"bottleneck": 8}))
    tr.step(300)
    from dlcore.models.ae import reconstruct_np

    ds = tr.dataset
    digits = recon_errors(ds.x_test, reconstruct_np(tr.model, ds.x_test))
    noise = outlier_sets(ds.input_shape, 100)["noise"]
    assert np.median(recon_errors(noise, reconstruct_np(tr.model, noise))) > 2 * np.median(digits)


def test_manifold_dataset_determinism():
    a = build_dataset(DataConfig(name="swiss_roll", seed=3))
    b = build_dataset(DataConfig(name="swiss_roll", seed=3))
    assert np.array_equal(a.x_train, b.x_train)
