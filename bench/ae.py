"""Autoencoder chapter numbers: linear AE vs PCA, nonlinear AE vs PCA, anomaly separation, speed.

Run: ``python bench/ae.py`` (CPU, one thread). Prints one JSON object.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dlcore import catalog  # noqa: E402, F401  (fills the registries)
from dlcore.config import DataConfig, ExperimentConfig  # noqa: E402
from dlcore.data import Dataset, build_dataset  # noqa: E402
from dlcore.models.ae import (  # noqa: E402
    decoder_basis,
    outlier_sets,
    recon_errors,
    reconstruct_np,
)
from dlcore.scratch import pca  # noqa: E402
from dlcore.train import Trainer  # noqa: E402


def auc(neg: np.ndarray, pos: np.ndarray) -> float:
    """P(score of an outlier > score of an inlier)."""
    return float((pos[:, None] > neg[None, :]).mean())


def main() -> None:
    torch.set_num_threads(1)
    out: dict[str, object] = {}
    digits = build_dataset(DataConfig(name="digits", image_size=8))
    x = digits.x_train.reshape(len(digits.x_train), -1)
    x = x - x.mean(0)
    data = Dataset(x, np.zeros(len(x), np.int64), x[:10], np.zeros(10, np.int64), task="regression")
    for k in (2, 4, 8):
        cfg = ExperimentConfig().with_(
            data={"name": "digits"},
            model={"family": "ae", "hidden": (), "bottleneck": k, "activation": "linear"},
            train={"lr": 0.01, "batch_size": 0},
        )
        tr = Trainer(cfg, dataset=data, eval_every=10**9)
        t0 = time.perf_counter()
        tr.step(2000)
        secs = time.perf_counter() - t0
        p = pca.fit(x, k)
        e_pca = pca.reconstruction_error(x, p.reconstruct(x))
        e_ae = pca.reconstruction_error(x, reconstruct_np(tr.model, x))
        ang = pca.principal_angles(decoder_basis(tr.model), p.components.T)
        out[f"linear_k{k}"] = {"ae_over_pca": round(e_ae / e_pca, 5),
                               "max_angle_deg": round(float(ang.max()), 3),
                               "ms_per_step": round(1000 * secs / 2000, 3)}  # fmt: skip
    curve = ExperimentConfig().with_(
        data={"name": "noisy_curve", "n_points": 400, "noise": 0.02},
        model={"family": "ae", "hidden": (32, 32), "bottleneck": 1, "activation": "tanh"},
        train={"lr": 0.01, "batch_size": 0},
    )
    tr = Trainer(curve, eval_every=10**9)
    tr.step(3000)
    xc = tr.dataset.x_test
    out["curve_1d_ae_over_pca_test"] = round(
        pca.reconstruction_error(xc, reconstruct_np(tr.model, xc))
        / pca.reconstruction_error(xc, pca.fit(tr.dataset.x_train, 1).reconstruct(xc)), 4)  # fmt: skip
    base = ExperimentConfig().with_(
        data={"name": "digits", "image_size": 8},
        model={"family": "ae", "hidden": (64,), "bottleneck": 16, "activation": "relu"},
        train={"lr": 0.01, "batch_size": 64},
    )
    tr = Trainer(base, eval_every=10**9)
    t0 = time.perf_counter()
    tr.step(1000)
    out["mlp_64_16_ms_per_step_batch64"] = round(1000 * (time.perf_counter() - t0) / 1000, 3)
    inl = recon_errors(digits.x_test, reconstruct_np(tr.model, digits.x_test))
    for name, xo in outlier_sets(digits.input_shape, 400).items():
        out[f"anomaly_auc_{name}"] = round(
            auc(inl, recon_errors(xo, reconstruct_np(tr.model, xo))), 4
        )
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
