"""Parity with TensorFlow Playground's own engine on its spiral (shared/fixtures).

Our Trainer, set up the playground's way (tanh everywhere, ±1 labels, ½(o−t)²,
SGD lr 0.03, batch 10, no reshuffle, the fixture's initial weights and points),
must reproduce the playground's loss after each of 20 epochs.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from dlcore import config as C
from dlcore.data import BINARY, Dataset
from dlcore.train import Trainer
from tests.conftest import ROOT

# The playground's runs, copied into the repo from shared/fixtures (README.md there says how
# they were made). Named here, not globbed: a missing file fails its test, never skips it.
FIXTURES = ROOT / "tests" / "fixtures" / "tfplayground-spiral"
NAMES = ("spiral_n0_s1", "spiral_n0_s2", "spiral_n25_s1")
FILES = [FIXTURES / f"{n}.json" for n in NAMES]


def _dataset(fx: dict, dtype) -> Dataset:
    tr, te = np.asarray(fx["train"]), np.asarray(fx["test"])
    return Dataset(
        x_train=tr[:, :2].astype(dtype),
        y_train=(tr[:, 2] > 0).astype(np.int64),
        x_test=te[:, :2].astype(dtype),
        y_test=(te[:, 2] > 0).astype(np.int64),
        task=BINARY,
        n_classes=2,
        meta={"points_train": tr[:, :2], "points_test": te[:, :2], "features": ("x1", "x2")},
    )


def playground_trainer(fx: dict, dtype=np.float64) -> Trainer:
    """A Trainer configured like TF Playground, with the fixture's points and weights."""
    cfg = C.ExperimentConfig(
        data=C.DataConfig(name="spiral", features=("x1", "x2")),
        model=C.ModelConfig(hidden=tuple(fx["shape"][1:-1]), activation="tanh", output="tanh"),
        train=C.TrainConfig(optimizer="sgd", lr=fx["lr"], batch_size=fx["batch"], loss="mse_half"),
    )
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64 if dtype == np.float64 else torch.float32)
    try:  # the model is built in the data's precision
        tr = Trainer(cfg, dataset=_dataset(fx, dtype), eval_every=10**9)
    finally:
        torch.set_default_dtype(old)
    tr.shuffle = False
    layers = tr.model.linear_layers()
    assert len(layers) == len(fx["init"])
    with torch.no_grad():
        for (_, lin), p in zip(layers, fx["init"], strict=True):
            lin.weight.copy_(torch.tensor(p["W"], dtype=lin.weight.dtype))
            lin.bias.copy_(torch.tensor(p["b"], dtype=lin.bias.dtype))
    tr.evaluate()
    return tr


def test_every_fixture_is_here_and_tested():
    assert sorted(FIXTURES.glob("spiral_*.json")) == sorted(FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize(("dtype", "tol"), [(np.float64, 1e-12), (np.float32, 2e-5)])
def test_traj_matches_playground(path, dtype, tol):
    fx = json.loads(path.read_text())
    tr = playground_trainer(fx, dtype)
    assert tr.last_eval["train_loss"] == pytest.approx(fx["loss0"]["lossTrain"], abs=tol)
    assert tr.last_eval["test_loss"] == pytest.approx(fx["loss0"]["lossTest"], abs=tol)
    per_epoch = len(fx["train"]) // fx["batch"]
    assert tr.steps_per_epoch == per_epoch
    for e, ref in enumerate(fx["traj"], start=1):
        tr.step(per_epoch)
        ev = tr.evaluate()
        assert tr.epoch == e
        assert ev["train_loss"] == pytest.approx(ref["lossTrain"], abs=tol), e
        assert ev["test_loss"] == pytest.approx(ref["lossTest"], abs=tol), e


def test_parity_fails_when_shuffled():
    """The test can fail: reshuffling each epoch (our default) gives other numbers."""
    fx = json.loads(FILES[0].read_text())
    tr = playground_trainer(fx)
    tr.shuffle = True
    tr.step(len(fx["train"]) // fx["batch"] * 2)
    assert abs(tr.evaluate()["train_loss"] - fx["traj"][1]["lossTrain"]) > 1e-6
