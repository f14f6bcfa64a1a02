"""PCA scratch maths, and Baldi & Hornik: a linear autoencoder finds PCA's subspace."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dlcore.config import DataConfig, ExperimentConfig
from dlcore.data import Dataset, build_dataset
from dlcore.models.ae import decoder_basis, reconstruct_np
from dlcore.scratch import pca
from dlcore.train import Trainer


def test_pca_matches_eigendecomposition_and_error():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 6)) @ rng.normal(size=(6, 6))
    p = pca.fit(x, 3)
    cov = np.cov(x.T, bias=True)
    w, v = np.linalg.eigh(cov)
    order = np.argsort(w)[::-1]
    assert np.allclose(p.variances, w[order][:3])
    assert np.allclose(np.abs(np.sum(p.components * v[:, order[:3]].T, 1)), 1.0)
    err = pca.reconstruction_error(x, p.reconstruct(x))
    assert err == pytest.approx(w[order][3:].sum())
    assert pca.error_curve(x, 6)[3] == pytest.approx(err)
    assert pca.error_curve(x, 6)[6] == pytest.approx(0, abs=1e-9)


def test_principal_angles():
    e = np.eye(4)
    assert np.allclose(
        pca.principal_angles(e[:, :2], e[:, [1, 0]] @ np.array([[2, 1], [0, 3]])), 0, atol=1e-6
    )
    assert np.allclose(pca.principal_angles(e[:, :1], e[:, 1:2]), 90)
    a = np.array([[1.0], [0.0]])
    b = np.array([[np.cos(0.3)], [np.sin(0.3)]])
    assert pca.principal_angles(a, b)[0] == pytest.approx(np.degrees(0.3))


def test_project_2d():
    codes = np.random.default_rng(0).normal(size=(30, 5))
    proj, p = pca.project_2d(codes)
    assert proj.shape == (30, 2) and p is not None
    proj, p = pca.project_2d(codes[:, :2])
    assert p is None and proj.shape == (30, 2)


@pytest.mark.parametrize("k", [2, 4])
def test_linear_autoencoder_reaches_pca(k):
    """Full-batch Adam on centred digits: error within 2 % of PCA's, angles below 5°."""
    torch.set_num_threads(1)
    ds = build_dataset(DataConfig(name="digits", image_size=8))
    x = ds.x_train.reshape(len(ds.x_train), -1)[:400]
    x = x - x.mean(0)
    data = Dataset(x, np.zeros(len(x), np.int64), x[:10], np.zeros(10, np.int64), task="regression")
    cfg = ExperimentConfig().with_(
        data={"name": "digits"},
        model={"family": "ae", "hidden": (), "bottleneck": k, "activation": "linear"},
        train={"lr": 0.01, "batch_size": 0},
    )
    tr = Trainer(cfg, dataset=data, eval_every=10**9)
    tr.step(1200)
    p = pca.fit(x, k)
    e_pca = pca.reconstruction_error(x, p.reconstruct(x))
    e_ae = pca.reconstruction_error(x, reconstruct_np(tr.model, x))
    assert e_ae == pytest.approx(e_pca, rel=0.02)
    assert e_ae >= e_pca * (1 - 1e-4)  # PCA is optimal
    angles = pca.principal_angles(decoder_basis(tr.model), p.components.T)
    assert angles.max() < 5.0


def test_nonlinear_autoencoder_beats_pca_on_curve():
    """A 1-D code of a curve: the nonlinear autoencoder beats one principal component."""
    cfg = ExperimentConfig().with_(
        data={"name": "noisy_curve", "n_points": 400, "noise": 0.02},
        model={"family": "ae", "hidden": (32, 32), "bottleneck": 1, "activation": "tanh"},
        train={"lr": 0.01, "batch_size": 0},
    )
    tr = Trainer(cfg, eval_every=10**9)
    tr.step(1500)
    x = tr.dataset.x_train
    e_ae = pca.reconstruction_error(x, reconstruct_np(tr.model, x))
    e_pca = pca.reconstruction_error(x, pca.fit(x, 1).reconstruct(x))
    assert e_ae < 0.5 * e_pca
