"""Editing one weight or bias of a feedforward net by hand (TF Playground #35, #198).

The student pauses, picks an edge (a weight) or a neuron (its bias) of the network
graph and types a value. ``parse_value`` reads what was typed, ``set_weight`` /
``set_bias`` check every index and the value and change the one parameter in place;
anything refused raises :class:`EditError` (an i18n key and its arguments) and
leaves the model as it was. An edit is state, not config: a share link never holds
it, the weights download (``dlcore.io.weights_to_bytes``) does.

Indices follow the lecture's hⱼ = g(Σᵢ wᵢⱼ xᵢ + bⱼ): layer ``layer`` (0 = the first
Linear, input to the first hidden layer), ``i`` the neuron it comes from, ``j`` the
neuron it goes to; PyTorch keeps that weight at ``weight[j, i]``. All 0-based.
"""

from __future__ import annotations

import math

import torch
from torch import nn

MAX_ABS = 1000.0  # |value| allowed by hand: tanh saturates long before, and float32 stays exact


class EditError(ValueError):
    """A refused edit. ``key`` / ``kwargs`` are for i18n (``dlcore/i18n/ff.py``)."""

    def __init__(self, key: str, message: str, **kwargs: object) -> None:
        super().__init__(message)
        self.key = key
        self.kwargs = kwargs


def linear_layers(model: nn.Module) -> list[tuple[str, nn.Linear]]:
    """(name, layer) for every Linear, input to output: the network graph's edge layers."""
    own = getattr(model, "linear_layers", None)
    if callable(own):
        return list(own())
    return [(n.rsplit(".", 1)[-1], m) for n, m in model.named_modules() if isinstance(m, nn.Linear)]


def parse_value(text: object, max_abs: float = MAX_ABS) -> float:
    """What the student typed → a float within ±``max_abs``; text, NaN, ±inf and values
    beyond the limit raise :class:`EditError`. A decimal comma is read as a point."""
    if isinstance(text, bool):
        raise EditError("ff.edit.not_number", f"not a number: {text!r}", value=str(text))
    if isinstance(text, int | float):
        v = float(text)
        raw = repr(text)
    else:
        raw = str(text).strip()
        if not raw:
            raise EditError("ff.edit.empty", "no value given")
        try:
            v = float(raw.replace(",", ".").replace("−", "-"))
        except ValueError:
            raise EditError(
                "ff.edit.not_number", f"not a number: {raw!r}", value=raw[:40]
            ) from None
    if not math.isfinite(v):
        raise EditError("ff.edit.not_finite", f"not a finite number: {raw!r}", value=raw[:40])
    if abs(v) > max_abs:
        raise EditError(
            "ff.edit.too_large",
            f"|{v:g}| exceeds {max_abs:g}",
            value=f"{v:g}",
            limit=f"{max_abs:g}",
        )
    return v


def _layer(model: nn.Module, layer: int) -> nn.Linear:
    layers = linear_layers(model)
    if isinstance(layer, bool) or not isinstance(layer, int) or not 0 <= layer < len(layers):
        raise EditError("ff.edit.bad_layer", f"no layer {layer!r}", layer=str(layer), n=len(layers))
    return layers[layer][1]


def _index(v: object, n: int, what: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < n:
        raise EditError(f"ff.edit.bad_{what}", f"no {what} {v!r} of {n}", index=str(v), n=n)
    return v


def get_weight(model: nn.Module, layer: int, i: int, j: int) -> float:
    """The weight wᵢⱼ from neuron ``i`` into neuron ``j`` of layer ``layer``."""
    lin = _layer(model, layer)
    n_out, n_in = lin.weight.shape
    return float(lin.weight.detach()[_index(j, n_out, "to"), _index(i, n_in, "from")])


def get_bias(model: nn.Module, layer: int, j: int) -> float:
    """The bias bⱼ of neuron ``j`` of layer ``layer`` (0 when the layer has none)."""
    lin = _layer(model, layer)
    j = _index(j, lin.weight.shape[0], "to")
    return 0.0 if lin.bias is None else float(lin.bias.detach()[j])


def set_weight(
    model: nn.Module, layer: int, i: int, j: int, value: object, max_abs: float = MAX_ABS
) -> float:
    """Set wᵢⱼ (from neuron ``i`` into neuron ``j`` of Linear ``layer``) to ``value``
    (a number or the typed text) in place; returns the old value. Everything is checked
    before anything changes: a refused edit raises :class:`EditError`."""
    lin = _layer(model, layer)
    n_out, n_in = lin.weight.shape
    i, j = _index(i, n_in, "from"), _index(j, n_out, "to")
    v = parse_value(value, max_abs)
    with torch.no_grad():
        old = float(lin.weight[j, i])
        lin.weight[j, i] = v
    return old


def set_bias(
    model: nn.Module, layer: int, j: int, value: object, max_abs: float = MAX_ABS
) -> float:
    """Set the bias bⱼ of neuron ``j`` of Linear ``layer`` in place; returns the old value."""
    lin = _layer(model, layer)
    j = _index(j, lin.weight.shape[0], "to")
    if lin.bias is None:
        raise EditError("ff.edit.no_bias", "this layer has no bias")
    v = parse_value(value, max_abs)
    with torch.no_grad():
        old = float(lin.bias[j])
        lin.bias[j] = v
    return old
