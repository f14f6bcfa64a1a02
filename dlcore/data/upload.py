"""Validated image uploads (PNG / JPEG) → grayscale float32 arrays in [0, 1].

Every refusal is an :class:`ImageError` carrying an i18n key; conversions the
user should know about (16-bit, CMYK, colour, transparency) come back as notes.
The size is checked before anything is decoded: byte count first, then the
header's width × height against :data:`MAX_PIXELS` (decompression bombs).
Shared by the CNN and autoencoder chapters.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageFile

from dlcore.limits import LIMITS

# dlcore/limits.py holds every cap (overridable per deployment)
MAX_BYTES = LIMITS.max_image_bytes  # more than any drawing or photo we need
MAX_PIXELS = LIMITS.max_image_pixels  # header check before decoding
MAX_SIDE = LIMITS.max_image_side
FORMATS = ("PNG", "JPEG")

# Pillow's own guard: a larger image raises DecompressionBombError instead of decoding.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False


class ImageError(ValueError):
    """An upload we refuse. ``key`` is an i18n key, ``kwargs`` its arguments."""

    def __init__(self, key: str, message: str, **kwargs: object) -> None:
        super().__init__(message)
        self.key = key
        self.kwargs = kwargs


@dataclass
class LoadedImage:
    """A decoded upload: ``pixels`` (H, W) float32 in [0, 1] and notes (i18n keys) on conversions."""

    pixels: np.ndarray
    format: str
    notes: list[str] = field(default_factory=list)


# Pillow's bytes per pixel while an image is held, plus the copies made before it is
# reduced (P → L or RGBA, 1 → L, I;16 → a NumPy array, RGBA → premultiplied RGBa):
# the decode budget counts them all (measured: tests/test_hostile_inputs.py).
_BYTES_PER_PIXEL = {"1": 2, "L": 1, "LA": 8, "RGBA": 8, "PA": 12}


def _decode_cost(img: Image.Image) -> int:
    """Peak bytes held at full resolution to decode and reduce ``img`` (header only)."""
    if img.mode == "P":
        per = 9 if "transparency" in img.info else 2
    elif img.mode.startswith("I;16"):
        per = 4
    else:
        per = _BYTES_PER_PIXEL.get(img.mode, 4)
    return img.size[0] * img.size[1] * per


MAX_DECODE_BYTES = LIMITS.max_image_decode_bytes  # full-resolution pixels held at once
WORK_SIDE = 512  # decoded images are reduced to at most this side at once (pages need ≤ 64)
_REDUCIBLE = ("L", "LA", "La", "RGB", "RGBA", "RGBa", "I", "F", "CMYK")


def load_image(
    data: bytes, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS
) -> LoadedImage:
    """Decode an uploaded PNG or JPEG to grayscale, or raise :class:`ImageError`.

    Checked before any pixel is decoded: the byte count, the header's width × height
    (pixel cap, decompression bombs), animation, format, and the bytes the decoder
    will hold (:data:`MAX_DECODE_BYTES`; a JPEG is decoded at 1/2 … 1/8 scale
    with ``draft``). The decoded image is reduced to at most :data:`WORK_SIDE`
    pixels a side at once, so no full-resolution copy outlives this call.
    """
    if len(data) == 0:
        raise ImageError("upload.empty", "the file is empty")
    if len(data) > max_bytes:
        raise ImageError(
            "upload.too_big",
            f"{len(data)} bytes exceed the limit {max_bytes}",
            size_mb=round(len(data) / 1e6, 1),
            limit_mb=round(max_bytes / 1e6, 1),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=FORMATS + ("GIF", "WEBP", "TIFF", "BMP"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("upload.bomb", "too many pixels", limit=max_pixels) from None
    except Exception:  # noqa: BLE001 - Pillow raises many types for non-images
        raise ImageError("upload.not_image", "not an image Pillow can read") from None
    w, h = img.size  # from the header: nothing decoded yet
    if w <= 0 or h <= 0 or w * h > max_pixels or max(w, h) > MAX_SIDE:
        raise ImageError("upload.bomb", f"{w}×{h} pixels", w=w, h=h, limit=max_pixels)
    if getattr(img, "is_animated", False) or getattr(img, "n_frames", 1) > 1:
        raise ImageError("upload.animated", "animated images are not supported", fmt=img.format)
    if img.format not in FORMATS:
        raise ImageError(
            "upload.format", f"format {img.format} is not PNG or JPEG", fmt=str(img.format)
        )
    if img.format == "JPEG":  # DCT scaling: decode at the smallest scale ≥ WORK_SIDE
        img.draft("L" if img.mode in ("L", "RGB", "YCbCr") else None, (WORK_SIDE, WORK_SIDE))
    need = _decode_cost(img)
    if need > MAX_DECODE_BYTES:
        raise ImageError(
            "upload.decode_too_big",
            f"{w}×{h} {img.mode} needs {need} bytes to decode",
            w=w,
            h=h,
            mb=round(need / 2**20),
            limit_mb=round(MAX_DECODE_BYTES / 2**20),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("upload.bomb", "too many pixels", w=w, h=h, limit=max_pixels) from None
    except Exception:  # noqa: BLE001 - truncated / corrupt data
        raise ImageError("upload.truncated", "the image data is truncated or corrupt") from None
    fmt = str(img.format)
    mode = img.mode
    img = _reduce(img)
    pixels, notes = _to_gray(img, mode)
    return LoadedImage(pixels, fmt, notes)


def _reduce(img: Image.Image) -> Image.Image:
    """At most WORK_SIDE a side (box average by an integer factor); the original is dropped."""
    factor = -(-max(img.size) // WORK_SIDE)
    if factor <= 1:
        return img
    info = dict(img.info)
    if img.mode.startswith("I;16"):  # Pillow cannot reduce 16-bit: block mean in NumPy
        a = np.asarray(img)
        del img
        hh, ww = a.shape[0] // factor * factor, a.shape[1] // factor * factor
        blocks = a[:hh, :ww].reshape(hh // factor, factor, ww // factor, factor)
        out = Image.fromarray(blocks.mean(axis=(1, 3), dtype=np.float32), "F")
    else:
        if img.mode == "P":
            img = img.convert("RGBA" if "transparency" in info else "L")
        elif img.mode == "PA":
            img = img.convert("RGBA")
        elif img.mode not in _REDUCIBLE:
            img = img.convert("L")
        out = img.reduce(factor)
    out.info = info
    return out


def _to_gray(img: Image.Image, mode: str | None = None) -> tuple[np.ndarray, list[str]]:
    """Grayscale float32 in [0, 1] from any mode we accept, with notes on conversions.

    ``mode`` is the file's own mode when :func:`_reduce` already converted it.
    """
    notes: list[str] = []
    mode = mode or img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        a = np.asarray(img, dtype=np.float64)
        hi = 65535.0 if mode.startswith("I;16") or a.max() > 255 else 255.0
        notes.append("upload.note.16bit")
        return np.clip(a / hi, 0, 1).astype(np.float32), notes
    if mode == "F":
        a = np.asarray(img, dtype=np.float64)
        a = np.nan_to_num(a)
        lo, hi = a.min(), a.max()
        notes.append("upload.note.float")
        return ((a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)).astype(np.float32), notes
    if mode == "CMYK":
        notes.append("upload.note.cmyk")
        img = img.convert("RGB")
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in img.info):
        notes.append("upload.note.alpha")
        rgba = img.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, rgba)
    if img.mode not in ("L", "1"):
        if mode not in ("L", "1", "P") and "upload.note.cmyk" not in notes:
            notes.append("upload.note.color")
        img = img.convert("L")
    a = np.asarray(img.convert("L"), dtype=np.float32) / 255.0
    return a.astype(np.float32), notes


def to_square(pixels: np.ndarray, size: int) -> np.ndarray:
    """Centre-crop to a square and resize to (size, size), float32 in [0, 1]."""
    h, w = pixels.shape
    s = min(h, w)
    top, left = (h - s) // 2, (w - s) // 2
    crop = pixels[top : top + s, left : left + s]
    img = Image.fromarray((np.clip(crop, 0, 1) * 255).astype(np.uint8))
    out = img.resize((size, size), Image.Resampling.BILINEAR)
    return (np.asarray(out, np.float32) / 255.0).astype(np.float32)


def as_digit(pixels: np.ndarray, size: int) -> np.ndarray:
    """Prepare a drawing like scikit-learn's digits: bright ink on dark, cropped to the ink, centred.

    Dark ink on a light background is inverted; the ink's bounding box is padded
    to a square with a margin of ⅛ and resized to (size, size).
    """
    a = np.asarray(pixels, np.float32)
    if a.mean() > 0.5:
        a = 1.0 - a
    lo, hi = float(a.min()), float(a.max())
    a = (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)
    rows, cols = np.nonzero(a > 0.2)
    if len(rows):
        r0, r1, c0, c1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
        side = max(r1 - r0, c1 - c0)
        margin = max(1, side // 8)
        side += 2 * margin
        canvas = np.zeros((side, side), np.float32)
        rr = (side - (r1 - r0)) // 2
        cc = (side - (c1 - c0)) // 2
        canvas[rr : rr + r1 - r0, cc : cc + c1 - c0] = a[r0:r1, c0:c1]
        a = canvas
    return to_square(a, size)


def decode_upload(
    data: bytes, size: int, digit: bool = False
) -> tuple[np.ndarray | None, list[str], tuple[str, dict] | None]:
    """An uploaded image as (size, size) pixels: ``(image or None, conversion notes, (error
    key, kwargs) or None)`` — never raises. ``digit``: prepared like the digits data
    (:func:`as_digit`), else centre-cropped (:func:`to_square`)."""
    try:
        loaded = load_image(data)
    except ImageError as err:
        return None, [], (err.key, dict(err.kwargs))
    fit = as_digit if digit else to_square
    return fit(loaded.pixels, size), loaded.notes, None
