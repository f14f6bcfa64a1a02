"""Image uploads: each bad file is refused or converted with a message (an i18n key)."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from dlcore import i18n
from dlcore.data.upload import MAX_BYTES, ImageError, as_digit, load_image, to_square


def _png(img: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", **kw)
    return buf.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(side: int = 20000) -> bytes:
    """A tiny PNG whose header claims side × side pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def gray_img(n: int = 32) -> Image.Image:
    a = (np.add.outer(np.arange(n), np.arange(n)) * 4 % 256).astype(np.uint8)
    return Image.fromarray(a, mode="L")


def _refused(data: bytes, key: str) -> None:
    with pytest.raises(ImageError) as err:
        load_image(data)
    assert err.value.key == key
    assert i18n.has(key)
    for lang in ("zh", "en"):
        msg = i18n.t(key, lang, **err.value.kwargs)
        assert "{" not in msg and msg.strip()


def test_good_png_and_jpeg():
    a = load_image(_png(gray_img()))
    assert a.pixels.shape == (32, 32) and a.pixels.dtype == np.float32 and not a.notes
    buf = io.BytesIO()
    gray_img().convert("RGB").save(buf, format="JPEG")
    b = load_image(buf.getvalue())
    assert b.format == "JPEG" and 0 <= b.pixels.min() and b.pixels.max() <= 1


def test_not_an_image():
    _refused(b"hello, this is text, not a picture" * 10, "upload.not_image")
    _refused(b"", "upload.empty")


def test_truncated_png():
    data = _png(Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64), np.uint8)))
    _refused(data[: len(data) // 2], "upload.truncated")


def test_animated_gif_and_apng():
    frames = [gray_img().convert("P"), Image.new("P", (32, 32))]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:])
    _refused(buf.getvalue(), "upload.animated")
    apng = _png(gray_img(), save_all=True, append_images=[Image.new("L", (32, 32))])
    _refused(apng, "upload.animated")


def test_other_format_refused():
    buf = io.BytesIO()
    gray_img().save(buf, format="BMP")
    _refused(buf.getvalue(), "upload.format")


def test_16bit_converted():
    a = (np.arange(32 * 32).reshape(32, 32) * 60).astype(np.uint16)
    data = _png(Image.fromarray(a))  # uint16 → mode I;16
    assert Image.open(io.BytesIO(data)).mode.startswith("I")
    out = load_image(data)
    assert "upload.note.16bit" in out.notes
    assert out.pixels.max() <= 1.0 and out.pixels.max() > 0.8


def test_cmyk_converted():
    buf = io.BytesIO()
    gray_img().convert("CMYK").save(buf, format="JPEG")
    out = load_image(buf.getvalue())
    assert "upload.note.cmyk" in out.notes and out.pixels.ndim == 2


def test_decompression_bomb_refused_before_decoding():
    data = bomb_png()
    assert len(data) < 2000
    _refused(data, "upload.bomb")


def test_oversize_refused():
    data = _png(gray_img()) + b"\x00" * (MAX_BYTES + 1)
    _refused(data, "upload.too_big")


def test_as_digit_inverts_and_centres():
    a = np.ones((40, 40), np.float32)
    a[5:15, 25:30] = 0.0  # dark ink, top right, on white
    d = as_digit(a, 16)
    assert d.shape == (16, 16) and d.max() > 0.5 and d[0, 0] < 0.1
    rows, cols = np.nonzero(d > 0.3)
    assert 4 <= rows.mean() <= 11 and 4 <= cols.mean() <= 11
    assert to_square(np.zeros((10, 20), np.float32), 8).shape == (8, 8)
