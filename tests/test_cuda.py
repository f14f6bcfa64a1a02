"""GPU: every model family trains on CUDA and agrees with the CPU for a few steps.

Marked ``cuda``; skipped where ``torch.cuda.is_available()`` is false. The same
comparison runs CPU-vs-CPU everywhere, so the test itself is exercised in CI.
"""

from __future__ import annotations

import math

import pytest
import torch

from dlcore import registry
from dlcore.config import ExperimentConfig
from dlcore.train import Trainer


def family_configs() -> list[tuple[str, ExperimentConfig]]:
    """One small experiment per registered family, on the first dataset it can learn."""
    out = []
    for fam in registry.FAMILIES.names():
        groups = registry.FAMILIES[fam].groups
        data = next(
            (n for n in registry.DATASETS.names() if registry.DATASETS[n].group in groups), None
        )
        if data is None:
            continue
        cfg = ExperimentConfig().with_(
            data={"name": data, "n_points": 200, "seq_len": 12, "image_size": 8},
            model={"family": fam, "hidden": (8,), "channels": (4,), "hidden_size": 8},
            train={"optimizer": "sgd", "lr": 0.01, "batch_size": 16},
            seed=3,
        )
        out.append((fam, cfg))
    return out


def losses(cfg: ExperimentConfig, device: str, steps: int = 5) -> list[float]:
    tr = Trainer(cfg, device=device, eval_every=10**9)
    tr.step(steps)
    assert tr.stop is None and tr.step_count == steps
    return [float(x) for x in tr.history.batch["loss"]]


def _compare(cfg: ExperimentConfig, device: str) -> None:
    a, b = losses(cfg, "cpu"), losses(cfg, device)
    assert all(math.isfinite(x) for x in a + b)
    for x, y in zip(a, b, strict=True):
        assert y == pytest.approx(x, rel=2e-3, abs=2e-4), (a, b)


def test_cpu_runs_are_reproducible():
    """The comparison itself, CPU against CPU, on the cheapest family (kept fast for CI)."""
    fam, cfg = family_configs()[0]
    _compare(cfg, "cpu")


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU on this machine")
@pytest.mark.parametrize("fam,cfg", family_configs(), ids=[f for f, _ in family_configs()])
def test_cuda_matches_cpu(fam, cfg):
    _compare(cfg, "cuda")
    tr = Trainer(cfg, device="cuda")
    assert next(tr.model.parameters()).is_cuda and tr.x_train.is_cuda
