"""Trained weights in and out — safetensors only.

An upload is never unpickled: safetensors is a flat header + raw tensor bytes,
and we check every key, shape and dtype against the model before
``load_state_dict(strict=True)``.
"""

from __future__ import annotations

import json
import struct

import torch
from torch import nn

MAX_WEIGHTS_BYTES = 50 * 1024 * 1024


class WeightsError(ValueError):
    """An upload that does not fit the model. ``key`` / ``kwargs`` are for i18n."""

    def __init__(self, key: str, message: str, **kwargs: object) -> None:
        super().__init__(message)
        self.key = key
        self.kwargs = kwargs


def weights_to_bytes(model: nn.Module, metadata: dict[str, str] | None = None) -> bytes:
    """The model's state dict as safetensors bytes (tensors made contiguous, on CPU)."""
    from safetensors.torch import save

    state = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    return save(state, metadata=metadata or {})


def _check_header(data: bytes) -> dict:
    """Parse the safetensors header without touching the tensors (no code is run)."""
    if len(data) < 8:
        raise WeightsError("weights.error.not_safetensors", "not a safetensors file (too short)")
    (n,) = struct.unpack("<Q", data[:8])
    if n <= 0 or n > len(data) - 8 or n > 100_000_000:
        raise WeightsError("weights.error.not_safetensors", "not a safetensors file (bad header)")
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WeightsError(
            "weights.error.not_safetensors", "not a safetensors file (header is not JSON)"
        ) from None
    if not isinstance(header, dict):
        raise WeightsError("weights.error.not_safetensors", "not a safetensors file")
    return header


def load_weights(model: nn.Module, data: bytes) -> None:
    """Load safetensors ``data`` into ``model``; :class:`WeightsError` if anything differs."""
    if len(data) > MAX_WEIGHTS_BYTES:
        raise WeightsError(
            "weights.error.too_big", "file too large", limit_mb=MAX_WEIGHTS_BYTES // 2**20
        )
    header = _check_header(data)
    from safetensors.torch import load

    try:
        tensors = load(data)
    except Exception as exc:  # safetensors raises its own error types for corrupt payloads
        raise WeightsError("weights.error.not_safetensors", f"corrupt safetensors: {exc}") from None
    expected = model.state_dict()
    missing = sorted(set(expected) - set(tensors))
    extra = sorted(set(tensors) - set(expected))
    if missing or extra:
        raise WeightsError(
            "weights.error.keys",
            "keys differ",
            missing=", ".join(missing[:5]) or "-",
            extra=", ".join(extra[:5]) or "-",
        )
    for k, v in expected.items():
        got = tensors[k]
        if tuple(got.shape) != tuple(v.shape):
            raise WeightsError(
                "weights.error.shape",
                "shape differs",
                name=k,
                got=tuple(got.shape),
                want=tuple(v.shape),
            )
        if got.dtype != v.dtype:
            raise WeightsError(
                "weights.error.dtype",
                "dtype differs",
                name=k,
                got=str(got.dtype),
                want=str(v.dtype),
            )
        if got.is_floating_point() and not bool(torch.isfinite(got).all()):
            raise WeightsError("weights.error.nonfinite", "non-finite values", name=k)
    del header
    model.load_state_dict(
        {
            k: t.to(v.device)
            for (k, t), v in zip(
                ((k, tensors[k]) for k in expected), expected.values(), strict=True
            )
        },
        strict=True,
    )
