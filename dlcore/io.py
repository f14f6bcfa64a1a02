"""Trained weights in and out — safetensors only.

An upload is never unpickled: safetensors is a flat header + raw tensor bytes,
and we check every key, shape and dtype against the model before
``load_state_dict(strict=True)``.
"""

from __future__ import annotations

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


# safetensors dtype names → torch dtypes (the ones a state dict of ours can hold)
_DTYPES: dict[str, torch.dtype] = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
HEADER_BYTES_BASE = 4_096  # __metadata__ and padding
HEADER_BYTES_PER_KEY = 512  # one entry is ~80 bytes: name, dtype, shape, offsets


def header_cap(n_keys: int) -> int:
    """The largest header a model with ``n_keys`` tensors can need (a few hundred bytes a key)."""
    return HEADER_BYTES_BASE + HEADER_BYTES_PER_KEY * n_keys


def _not_st(why: str) -> WeightsError:
    return WeightsError("weights.error.not_safetensors", f"not a safetensors file ({why})")


def _check_header(data: bytes, max_header: int = 100_000) -> tuple[dict, int]:
    """(header, header length): the 8-byte length read and capped, the JSON read bounded.

    Nothing past the header is touched and no code is run.
    """
    from dlcore import safejson

    if len(data) < 8:
        raise _not_st("too short")
    (n,) = struct.unpack("<Q", bytes(data[:8]))
    if n < 2 or n > max_header or n > len(data) - 8:  # e.g. a pickle, or 2**64 - 1
        raise WeightsError(
            "weights.error.header",
            f"header of {n} bytes (limit {max_header}, file {len(data)} bytes)",
            n=n,
            limit=max_header,
        )
    limits = safejson.JsonLimits(
        max_bytes=max_header,
        max_depth=4,
        max_number_len=24,
        max_string_len=1_000,
        max_items=max(64, max_header // 64),
        max_number_digits=20,
    )
    try:
        header = safejson.loads(bytes(data[8 : 8 + n]), limits, allow_nonfinite=False)
    except safejson.JsonLimitError as err:
        raise _not_st(f"header: {err.detail}") from None
    if not isinstance(header, dict):
        raise _not_st("header is not an object")
    return header, n


def _check_entries(header: dict, expected: dict[str, torch.Tensor], payload: int) -> None:
    """Keys, dtypes, shapes and byte ranges against the model, before any tensor exists."""
    header = {k: v for k, v in header.items() if k != "__metadata__"}
    missing = sorted(set(expected) - set(header))
    extra = sorted(set(header) - set(expected))
    if missing or extra:
        raise WeightsError(
            "weights.error.keys",
            "keys differ",
            missing=", ".join(missing[:5]) or "-",
            extra=", ".join(str(e)[:40] for e in extra[:5]) or "-",
        )
    end_max = 0
    for k, want in expected.items():
        e = header[k]
        if not isinstance(e, dict):
            raise _not_st(f"entry {k!r} is not an object")
        dtype, shape, offs = e.get("dtype"), e.get("shape"), e.get("data_offsets")
        if not (
            isinstance(shape, list)
            and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape)
        ):
            raise _not_st(f"entry {k!r} has no valid shape")
        if tuple(shape) != tuple(want.shape):
            got = tuple(shape) if len(shape) <= 8 else (*shape[:8], "…")
            raise WeightsError(
                "weights.error.shape",
                "shape differs",
                name=k,
                got=got,
                want=tuple(want.shape),
            )
        if not isinstance(dtype, str) or _DTYPES.get(dtype) != want.dtype:
            got_dtype = _DTYPES.get(dtype) if isinstance(dtype, str) else None
            raise WeightsError(
                "weights.error.dtype",
                "dtype differs",
                name=k,
                got=str(got_dtype or dtype)[:20],
                want=str(want.dtype),
            )
        nbytes = want.numel() * want.element_size()
        if not (
            isinstance(offs, list)
            and len(offs) == 2
            and all(isinstance(o, int) and not isinstance(o, bool) for o in offs)
            and 0 <= offs[0] <= offs[1] <= payload
            and offs[1] - offs[0] == nbytes
        ):
            raise _not_st(f"entry {k!r} has bad data offsets")
        end_max = max(end_max, offs[1])
    if end_max != payload:
        raise _not_st(f"{payload - end_max} bytes after the tensors")


def load_weights(model: nn.Module, data: bytes) -> None:
    """Load safetensors ``data`` into ``model``; :class:`WeightsError` if anything differs.

    Order: file size; the 8-byte header length against :func:`header_cap` of the
    model's keys; the header JSON through the bounded reader; every key, dtype,
    shape and byte range against ``model.state_dict()``; only then the tensors
    are materialised (by safetensors, never unpickled) and checked for NaN / Inf.
    """
    if len(data) > MAX_WEIGHTS_BYTES:
        raise WeightsError(
            "weights.error.too_big", "file too large", limit_mb=MAX_WEIGHTS_BYTES // 2**20
        )
    expected = model.state_dict()
    header, n = _check_header(data, header_cap(len(expected)))
    _check_entries(header, expected, len(data) - 8 - n)
    from safetensors.torch import load

    try:
        tensors = load(bytes(data))
    except Exception as exc:  # safetensors raises its own error types for corrupt payloads
        raise WeightsError("weights.error.not_safetensors", f"corrupt safetensors: {exc}") from None
    for k, v in expected.items():
        got = tensors[k]
        if tuple(got.shape) != tuple(v.shape) or got.dtype != v.dtype:  # checked above
            raise _not_st(f"entry {k!r} differs from its header")
        if got.is_floating_point() and not bool(torch.isfinite(got).all()):
            raise WeightsError("weights.error.nonfinite", "non-finite values", name=k)
    model.load_state_dict(
        {k: tensors[k].to(v.device) for k, v in expected.items()},
        strict=True,
    )
