"""A bounded JSON reader for untrusted text (config files, URL configs, safetensors headers).

``json.loads`` alone builds whatever the text describes: a 5 000-digit integer
(``int()`` then raises a bare ``ValueError``), 100 000 nested lists (a
``RecursionError``), a list of a million elements. :func:`loads` scans the
text first — one regular-expression pass over its tokens, no objects built —
and refuses it with a :class:`JsonLimitError` if it is too large, nested too
deeply, or holds a number literal, string or container over its cap. Only then
does ``json.loads`` run, with hooks that refuse duplicate keys and turn
over-long or non-finite numbers into values the caller can recognise.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JsonLimits:
    """Caps on one JSON document; counts are characters or elements."""

    max_bytes: int = 1_000_000
    max_depth: int = 32  # nested arrays / objects
    max_number_len: int = 400  # characters of one number literal: refused above
    max_string_len: int = 10_000  # characters of one string (escapes counted as written)
    max_items: int = 10_000  # elements of one array / members of one object
    # number literals longer than this parse to an :class:`Overlong` marker, not an int
    max_number_digits: int = 40


class JsonLimitError(ValueError):
    """The text was refused. ``reason`` is one of ``too_big``, ``encoding``, ``depth``,
    ``number``, ``string``, ``items``, ``duplicate``, ``syntax``; ``detail`` is English."""

    def __init__(self, reason: str, detail: str, **kwargs: object) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.kwargs = kwargs


@dataclass(frozen=True)
class Overlong:
    """A number literal with more digits than the cap: kept as text, never converted."""

    literal: str

    def __repr__(self) -> str:
        s = self.literal
        return s if len(s) <= 20 else f"{s[:12]}…({len(s)} digits)"


# One token a match: a string (escapes skipped), a structural character, a number-ish run.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{},:]|[-+0-9.eE]+', re.DOTALL)


def decode_text(data: str | bytes) -> str:
    """UTF-8 (a BOM is dropped) or UTF-16 / UTF-32 with a BOM; :class:`JsonLimitError` else."""
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    boms = (
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xff\xfe", "utf-16-le"),
    )
    for bom, enc in boms:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc)
            except UnicodeDecodeError:
                raise JsonLimitError("encoding", f"not valid {enc} text") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonLimitError("encoding", "not UTF-8 text") from None


def scan(text: str, limits: JsonLimits) -> None:
    """Refuse ``text`` if a cap is exceeded; builds no objects (O(len(text)))."""
    # stack of element counts of the open containers
    counts: list[int] = []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        c = tok[0]
        if c == '"':
            if len(tok) - 2 > limits.max_string_len:
                raise JsonLimitError(
                    "string", f"a string of {len(tok) - 2} characters", limit=limits.max_string_len
                )
        elif c in "[{":
            if len(counts) >= limits.max_depth:
                raise JsonLimitError(
                    "depth", f"nested deeper than {limits.max_depth}", limit=limits.max_depth
                )
            counts.append(0)
        elif c in "]}":
            if counts:
                counts.pop()
        elif c == ",":
            if counts:
                counts[-1] += 1
                if counts[-1] >= limits.max_items:
                    raise JsonLimitError(
                        "items", f"more than {limits.max_items} elements", limit=limits.max_items
                    )
        elif c != ":" and len(tok) > limits.max_number_len:
            raise JsonLimitError(
                "number", f"a number of {len(tok)} characters", limit=limits.max_number_len
            )


def loads(
    data: str | bytes, limits: JsonLimits | None = None, *, allow_nonfinite: bool = True
) -> Any:
    """Parse untrusted JSON within ``limits``; :class:`JsonLimitError` is the only exception.

    Integers longer than ``max_number_digits`` come back as :class:`Overlong`;
    ``1e309`` as ``inf``; ``NaN`` / ``Infinity`` as floats when ``allow_nonfinite``
    (the caller's field check then refuses them), else refused. Duplicate keys are refused.
    """
    limits = limits or JsonLimits()
    if len(data) > limits.max_bytes:
        raise JsonLimitError(
            "too_big", f"larger than {limits.max_bytes} bytes", limit=limits.max_bytes
        )
    text = decode_text(data)
    scan(text, limits)

    def parse_int(s: str) -> int | Overlong:
        digits = len(s.lstrip("-"))
        return Overlong(s) if digits > limits.max_number_digits else int(s)

    def parse_float(s: str) -> float | Overlong:
        if len(s) > limits.max_number_digits + 10:
            return Overlong(s)
        v = float(s)
        if not allow_nonfinite and not math.isfinite(v):
            raise JsonLimitError("number", f"{s[:20]} is not a finite number")
        return v

    def parse_constant(s: str) -> float:
        if not allow_nonfinite:
            raise JsonLimitError("number", f"{s} is not a number JSON allows")
        return float(s)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise JsonLimitError("duplicate", f"duplicate key {k[:40]!r}", name=k[:40])
            out[k] = v
        return out

    try:
        return json.loads(
            text,
            parse_int=parse_int,
            parse_float=parse_float,
            parse_constant=parse_constant,
            object_pairs_hook=pairs,
        )
    except json.JSONDecodeError as exc:
        raise JsonLimitError("syntax", f"{exc.msg} (line {exc.lineno})") from None
    except RecursionError:  # the scan caps depth; this is the last line of defence
        raise JsonLimitError("depth", "nested too deeply", limit=limits.max_depth) from None
