"""What every model family shares: activations as torch modules, initialisations, and
the :class:`Family` record.

A family (``mlp``, ``cnn``, ``rnn``, ``ae``, each a module of this package) registers a
:class:`Family` with a model builder and an objective builder; :func:`build_model` looks
it up. This package imports none of its families: :mod:`dlcore.catalog` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from dlcore.activations import ACTIVATIONS
from dlcore.registry import FAMILIES, INITS


def make_activation(name: str) -> nn.Module:
    """The torch module of the activation record ``name`` (see :mod:`dlcore.activations`)."""
    return ACTIVATIONS[name].torch()


# -- initialisations: fn(weight, bias, activation_name) ------------------------------
@INITS.register("zeros")
def init_zeros(w: torch.Tensor, b: torch.Tensor | None, act: str) -> None:
    """Every weight 0: all neurons of a layer stay identical (symmetry is never broken)."""
    nn.init.zeros_(w)
    if b is not None:
        nn.init.zeros_(b)


@INITS.register("uniform")
def init_uniform(w: torch.Tensor, b: torch.Tensor | None, act: str) -> None:
    """TensorFlow Playground's: weights U(−0.5, 0.5), biases 0.1."""
    nn.init.uniform_(w, -0.5, 0.5)
    if b is not None:
        nn.init.constant_(b, 0.1)


@INITS.register("small_uniform")
def init_small_uniform(w: torch.Tensor, b: torch.Tensor | None, act: str) -> None:
    """Weights U(−0.05, 0.05): signals and gradients shrink layer by layer."""
    nn.init.uniform_(w, -0.05, 0.05)
    if b is not None:
        nn.init.zeros_(b)


@INITS.register("normal")
def init_normal(w: torch.Tensor, b: torch.Tensor | None, act: str) -> None:
    """Weights N(0, 1): far too large for wide layers; saturates or explodes."""
    nn.init.normal_(w, 0.0, 1.0)
    if b is not None:
        nn.init.zeros_(b)


@INITS.register("xavier")
def init_xavier(w: torch.Tensor, b: torch.Tensor | None, act: str) -> None:
    """Glorot & Bengio (2010): Var(w) = 2 / (fan_in + fan_out), with the activation's gain."""
    nn.init.xavier_uniform_(w, gain=ACTIVATIONS[act].gain)
    if b is not None:
        nn.init.zeros_(b)


@INITS.register("he")
def init_he(w: torch.Tensor, b: torch.Tensor | None, act: str) -> None:
    """He et al. (2015): Var(w) = 2 / fan_in, for ReLU-like activations."""
    nn.init.kaiming_normal_(w, nonlinearity="relu")
    if b is not None:
        nn.init.zeros_(b)


def init_module(module: nn.Module, init: str, act: str) -> None:
    """Apply ``init`` to every Linear / Conv layer of ``module``."""
    fn = INITS[init]
    for m in module.modules():
        if isinstance(m, nn.Linear | nn.Conv1d | nn.Conv2d | nn.ConvTranspose2d):
            fn(m.weight.data, m.bias.data if m.bias is not None else None, act)


# -- families ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Family:
    """A model family: builders for the model and for its objective."""

    build_model: Callable[[Any, Any], nn.Module]  # (ExperimentConfig, Dataset) -> Module
    build_objective: Callable[[Any, Any], Any]  # (ExperimentConfig, Dataset) -> Objective
    groups: tuple[str, ...]  # dataset groups it can learn from ("toy2d", "image", ...)
    label_key: str


def build_model(cfg: Any, dataset: Any) -> nn.Module:
    """The model for ``cfg`` and ``dataset``, initialised from ``torch``'s current seed."""
    return FAMILIES[cfg.model.family].build_model(cfg, dataset)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
