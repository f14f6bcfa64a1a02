"""One decoding path for uploaded text (CSV tables, character corpora).

Checked in this order, each before anything larger is built: the byte count,
the encoding (UTF-8, a BOM dropped; UTF-16 / UTF-32 only with a BOM), NUL
bytes (binary data), then the longest line. Right-to-left text, combining marks
and emoji are characters like any other: they pass, counted as code points.
"""

from __future__ import annotations

from dlcore.safejson import JsonLimitError, decode_text


class TextInputError(ValueError):
    """``reason``: ``too_big``, ``encoding``, ``binary`` or ``line``; ``kwargs`` for i18n."""

    def __init__(self, reason: str, message: str, **kwargs: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.kwargs = kwargs


def decode_upload(data: bytes, max_bytes: int, max_line: int | None = None) -> str:
    """The text of an upload, or :class:`TextInputError` with the reason."""
    if len(data) > max_bytes:
        raise TextInputError(
            "too_big", f"{len(data)} bytes over {max_bytes}", n=len(data), limit=max_bytes
        )
    try:
        text = decode_text(bytes(data))
    except JsonLimitError as err:
        raise TextInputError("encoding", err.detail) from None
    if "\x00" in text:
        raise TextInputError("binary", "NUL characters: binary data, not text")
    if max_line is not None:
        start = 0
        n = len(text)
        while start < n:  # no list of lines is built
            end = text.find("\n", start)
            end = n if end < 0 else end
            if end - start > max_line:
                raise TextInputError(
                    "line", f"a line of {end - start} characters", n=end - start, limit=max_line
                )
            start = end + 1
    return text
