"""Instrumentation through hooks: per-layer activations and gradients as plain dicts.

Keys are the model's module names (``fc1``, ``act1``, ``conv2`` …), so every
figure and page can address a layer by name.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from dlcore.activations import torch_types

# Modules whose outputs count as a layer's activation / whose weights count as a layer.
ACT_TYPES = torch_types()  # the torch classes of dlcore.activations' records
WEIGHT_TYPES = (nn.Linear, nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d, nn.RNNBase)


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


def _stats(
    t: torch.Tensor,
    bins: int,
    saturation: tuple[float, float] | None,
    hist_range: tuple[float, float] | None = None,
) -> dict[str, object]:
    a = t.detach().float().reshape(-1).cpu().numpy().astype(np.float64)  # no overflow in std
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
    counts, edges = np.histogram(finite, bins=bins, range=hist_range)
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
    hist_range: tuple[float, float] | None = None,
    keep_mode: bool = False,
) -> dict[str, dict[str, object]]:
    """Forward ``x`` once; statistics (mean, std, histogram …) of each activation's output.

    ``hist_range`` gives every layer the same histogram bins (comparable rows);
    ``keep_mode`` keeps the model's train/eval mode (BatchNorm on batch statistics).
    """
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
        if not keep_mode:
            model.eval()
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    sat = {"Sigmoid": (0.02, 0.98), "Tanh": (-0.96, 0.96)}
    mods = dict((short_name(n), m) for n, m in model.named_modules() if n)
    return {
        k: _stats(v, bins, sat.get(type(mods[k]).__name__), hist_range) for k, v in outs.items()
    }


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


def flow_probe(
    model: nn.Module,
    x: torch.Tensor,
    loss_fn: Callable[[nn.Module], torch.Tensor],
    bins: int = 40,
) -> dict[str, object]:
    """The gradient-flow picture of a model now, without touching it (probes a copy).

    Per-layer ‖∂L/∂W‖ (``weight_grad``) from one forward + backward, and histograms
    of every activation on shared bins: ``act_hist`` = {layer: counts},
    ``act_edges`` = the bin edges, ``act_std`` = {layer: std}. The copy runs in
    training mode, so BatchNorm normalises with the batch's statistics.
    """
    m = copy.deepcopy(model)
    m.train()
    grads = gradient_probe(m, loss_fn)
    first = activation_stats(m, x, bins=bins, keep_mode=True)
    lo = min((float(s["min"]) for s in first.values() if math.isfinite(s["min"])), default=0.0)
    hi = max((float(s["max"]) for s in first.values() if math.isfinite(s["max"])), default=1.0)
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    stats = activation_stats(m, x, bins=bins, hist_range=(lo, hi), keep_mode=True)
    edges = np.linspace(lo, hi, bins + 1)
    return {
        "weight_grad": grads["weight_grad"],
        "act_hist": {k: s["hist"][0] for k, s in stats.items()},
        "act_edges": edges,
        "act_std": {k: float(s["std"]) for k, s in stats.items()},
    }
