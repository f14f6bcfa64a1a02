"""Instrumentation through hooks: per-layer activations and gradients as plain dicts.

Keys are the model's module names (``fc1``, ``act1``, ``conv2`` …), so every
figure and page can address a layer by name.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
from torch import nn

# Modules whose outputs count as a layer's activation / whose weights count as a layer.
ACT_TYPES = (nn.ReLU, nn.Tanh, nn.Sigmoid, nn.Identity, nn.LeakyReLU, nn.GELU, nn.ELU, nn.Softplus)
WEIGHT_TYPES = (nn.Linear, nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d, nn.RNNBase)


def total_grad_norm(model: nn.Module) -> float:
    """‖∇‖₂ over all parameters (inf / nan if any gradient is)."""
    sq = 0.0
    for p in model.parameters():
        if p.grad is not None:
            sq += float(p.grad.detach().pow(2).sum())
    return math.sqrt(sq) if math.isfinite(sq) else sq


def weight_layers(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """(name, module) for every layer that owns weights, input to output."""
    return [(n, m) for n, m in model.named_modules() if isinstance(m, WEIGHT_TYPES) and n]


def short_name(name: str) -> str:
    """``net.fc1`` → ``fc1``: the last dotted part names the layer on the page."""
    return name.rsplit(".", 1)[-1]


def grad_norms_by_layer(model: nn.Module) -> dict[str, float]:
    """‖∂L/∂W‖₂ of each weight layer from the gradients currently stored in ``.grad``."""
    out: dict[str, float] = {}
    for name, m in weight_layers(model):
        sq, any_grad = 0.0, False
        for pname, p in m.named_parameters(recurse=False):
            if "weight" in pname and p.grad is not None:
                sq += float(p.grad.detach().pow(2).sum())
                any_grad = True
        if any_grad:
            out[short_name(name)] = math.sqrt(sq)
    return out


def _stats(t: torch.Tensor, bins: int, saturation: tuple[float, float] | None) -> dict[str, object]:
    a = t.detach().float().reshape(-1).cpu().numpy()
    finite = a[np.isfinite(a)]
    if finite.size == 0:
        return {
            "mean": float("nan"),
            "std": float("nan"),
            "min": float("nan"),
            "max": float("nan"),
            "frac_zero": float("nan"),
            "hist": (np.zeros(bins), np.zeros(bins + 1)),
        }
    counts, edges = np.histogram(finite, bins=bins)
    out: dict[str, object] = {
        "mean": float(finite.mean()),
        "std": float(finite.std()),
        "min": float(finite.min()),
        "max": float(finite.max()),
        "frac_zero": float(np.mean(finite == 0.0)),
        "hist": (counts.astype(np.float32), edges.astype(np.float32)),
        "n": int(a.size),
    }
    if saturation is not None:
        lo, hi = saturation
        out["frac_saturated"] = float(np.mean((finite <= lo) | (finite >= hi)))
    return out


def activation_stats(
    model: nn.Module,
    x: torch.Tensor,
    bins: int = 30,
    layer_filter: Callable[[str, nn.Module], bool] | None = None,
) -> dict[str, dict[str, object]]:
    """Forward ``x`` once; statistics (mean, std, histogram …) of each activation's output."""
    keep = layer_filter or (lambda n, m: isinstance(m, ACT_TYPES))
    outs: dict[str, torch.Tensor] = {}
    handles = []
    for name, m in model.named_modules():
        if name and keep(name, m):
            handles.append(
                m.register_forward_hook(
                    lambda mod, inp, out, name=name: outs.__setitem__(short_name(name), out)
                )
            )
    was_training = model.training
    try:
        model.eval()
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    sat = {"Sigmoid": (0.02, 0.98), "Tanh": (-0.96, 0.96)}
    mods = dict((short_name(n), m) for n, m in model.named_modules() if n)
    return {k: _stats(v, bins, sat.get(type(mods[k]).__name__)) for k, v in outs.items()}


def gradient_probe(
    model: nn.Module, loss_fn: Callable[[nn.Module], torch.Tensor]
) -> dict[str, dict[str, float]]:
    """One forward + backward of ``loss_fn(model)``; per layer: ‖∂L/∂W‖, ‖∂L/∂h‖ (the
    gradient reaching the layer's output) and the activation's std. Does not step.

    Returns ``{"weight_grad": {layer: norm}, "act_grad": {layer: norm}, "act_std": {...}}``.
    """
    act_grads: dict[str, float] = {}
    act_std: dict[str, float] = {}
    handles = []

    def fwd(name):
        def hook(mod, inp, out):
            act_std[name] = float(out.detach().float().std()) if out.numel() > 1 else 0.0
            if out.requires_grad:
                out.register_hook(lambda g: act_grads.__setitem__(name, float(g.norm())))

        return hook

    for name, m in model.named_modules():
        if name and isinstance(m, WEIGHT_TYPES):
            handles.append(m.register_forward_hook(fwd(short_name(name))))
    saved = {
        n: (p.grad.clone() if p.grad is not None else None) for n, p in model.named_parameters()
    }
    try:
        model.zero_grad(set_to_none=True)
        loss = loss_fn(model)
        loss.backward()
        wg = grad_norms_by_layer(model)
    finally:
        for h in handles:
            h.remove()
        for n, p in model.named_parameters():  # leave the training state untouched
            p.grad = saved[n]
    return {"weight_grad": wg, "act_grad": act_grads, "act_std": act_std}
