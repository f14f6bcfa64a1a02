"""The loss and optimizer records (dlcore/losses.py, dlcore/optimizers.py): each record's
NumPy twin against its torch side, and every record complete (formula, translation).
The activation records are checked against torch autograd in test_history_maths.py."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dlcore import i18n
from dlcore.activations import ACTIVATIONS
from dlcore.losses import LOSSES
from dlcore.optimizers import OPTIMIZERS

RNG = np.random.default_rng(7)
Z3 = RNG.normal(0, 3, (64, 3))  # raw outputs, 3 units
Z1 = RNG.normal(0, 3, (64, 1))
LABELS3 = RNG.integers(0, 3, 64)
LABELS2 = RNG.integers(0, 2, 64)
VALUES3 = RNG.normal(0, 1, (64, 3))

# (raw output, target, output activation) for each loss: every case the trainer can pass
CASES = {
    "mse": [
        (Z3, VALUES3, "linear"),
        (Z3, LABELS3, "softmax"),
        (Z3, LABELS3, "sigmoid"),
        (Z3, LABELS3, "tanh"),
        (Z1, LABELS2, "tanh"),
        (Z1, LABELS2, "sigmoid"),
        (Z1[:, 0], VALUES3[:, 0], "linear"),
    ],
    "bce": [(Z1, LABELS2, "sigmoid"), (Z1[:, 0], LABELS2, "sigmoid")],
    "ce": [(Z3, LABELS3, "softmax")],
}
CASES["mse_half"] = CASES["mse"]


def _torch_value(fn, z: np.ndarray, y: np.ndarray, output: str) -> float:
    yt = torch.as_tensor(y) if y.dtype.kind in "iu" else torch.as_tensor(y, dtype=torch.float64)
    if y.dtype.kind in "iu":
        yt = yt.long()
    return float(fn(torch.as_tensor(z, dtype=torch.float64), yt, output))


@pytest.mark.parametrize("name", LOSSES.names())
def test_every_loss_record_numpy_matches_torch(name):
    rec = LOSSES[name]
    assert name in CASES, f"add the cases loss {name!r} is used in"
    for z, y, output in CASES[name]:
        want = _torch_value(rec.torch(), z, y, output)
        got = rec.numpy(z, y, output)
        assert np.isfinite(got)
        assert got == pytest.approx(want, rel=1e-10, abs=1e-12), (name, output, z.shape)


def test_losses_differ_so_the_comparison_can_fail():
    z, y, out = CASES["mse"][1]
    assert LOSSES["mse"].numpy(z, y, out) != pytest.approx(LOSSES["mse_half"].numpy(z, y, out))
    assert LOSSES["ce"].numpy(Z3, LABELS3, "softmax") != pytest.approx(
        LOSSES["mse"].numpy(Z3, LABELS3, "softmax")
    )


@pytest.mark.parametrize("registry", [ACTIVATIONS, LOSSES, OPTIMIZERS], ids=lambda r: r.kind)
def test_every_record_is_complete(registry):
    assert registry.names()
    for name, rec in registry.items():
        assert rec.name == name
        assert rec.key.endswith(f".{name}")
        assert i18n.has(rec.key), rec.key
        zh, en = i18n.t(rec.key, "zh"), i18n.t(rec.key, "en")
        assert zh.strip() and en.strip()
        assert rec.latex.strip().count("{") == rec.latex.strip().count("}"), name


@pytest.mark.parametrize("name", OPTIMIZERS.names())
def test_every_optimizer_record_builds_its_torch_optimizer(name):
    from types import SimpleNamespace

    w = torch.zeros(3, requires_grad=True)
    opt = OPTIMIZERS[name].torch([w], SimpleNamespace(lr=0.1, momentum=0.5))
    assert isinstance(opt, torch.optim.Optimizer)
    assert opt.param_groups[0]["lr"] == 0.1
    np_opt = OPTIMIZERS[name].numpy(0.1, 0.5)
    assert np_opt.lr == 0.1 and np_opt.step(np.zeros(3), np.ones(3)).shape == (3,)
