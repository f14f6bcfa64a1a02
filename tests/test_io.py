"""Weights as safetensors: round trip, and every mismatch refused before loading."""

from __future__ import annotations

import pickle

import pytest
import torch
from safetensors.torch import save

from dlcore.config import ExperimentConfig
from dlcore.io import WeightsError, load_weights, weights_to_bytes
from dlcore.train import Trainer


def make(hidden=(4,)):
    return Trainer(
        ExperimentConfig().with_(data={"name": "xor", "n_points": 50}, model={"hidden": hidden})
    )


def test_round_trip():
    a, b = make(), make()
    b.reset(cfg=b.cfg.with_(seed=9))
    a.step(5)
    load_weights(b.model, weights_to_bytes(a.model))
    for pa, pb in zip(a.model.parameters(), b.model.parameters(), strict=True):
        assert torch.equal(pa, pb)


def _sd(model):
    return {k: v.clone() for k, v in model.state_dict().items()}


@pytest.mark.parametrize("case", ["keys", "shape", "dtype", "nan", "garbage", "pickle", "empty"])
def test_refusals(case, tmp_path):
    tr = make()
    before = weights_to_bytes(tr.model)
    sd = _sd(tr.model)
    if case == "keys":
        sd["extra.weight"] = torch.zeros(1)
        data = save(sd)
    elif case == "shape":
        sd["net.fc1.weight"] = torch.zeros(5, 2)
        data = save(sd)
    elif case == "dtype":
        sd["net.fc1.weight"] = sd["net.fc1.weight"].double()
        data = save(sd)
    elif case == "nan":
        sd["net.fc1.weight"][0, 0] = float("nan")
        data = save(sd)
    elif case == "garbage":
        data = b"\x00" * 100
    elif case == "empty":
        data = b""
    else:
        canary = tmp_path / "canary"

        class Evil:
            def __reduce__(self):
                return (open, (str(canary), "w"))

        data = pickle.dumps(Evil())
    with pytest.raises(WeightsError) as err:
        load_weights(tr.model, data)
    assert err.value.key.startswith("weights.error.")
    assert weights_to_bytes(tr.model) == before  # nothing changed
    if case == "pickle":
        assert not (tmp_path / "canary").exists()
