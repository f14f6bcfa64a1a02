"""Fuzzing each uploader's parser (issue 18): arbitrary bytes and malformed headers.

Images (``load_image``), weights (``load_weights``), CSV tables (``parse_csv``) and
text corpora (``check_text``): every input ends in a value or the parser's own
refusal with an i18n message in zh and en — never another exception, never an
unpickled object. Derandomised, no deadlines; cases per parser in ``CASES``.
"""

from __future__ import annotations

import io
import json
import pickle
import string
import struct
import zlib

import numpy as np
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from PIL import Image

from dlcore import i18n
from dlcore.config import ExperimentConfig
from dlcore.data.csvdata import CsvError, parse_csv
from dlcore.data.text import TextError, check_text
from dlcore.data.upload import ImageError, LoadedImage, load_image
from dlcore.io import WeightsError, load_weights, weights_to_bytes

CASES = {"image": 300, "weights": 300, "csv": 300, "text": 200}
SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_message(err) -> None:
    """The refusal's message exists in zh and en and every placeholder has its value."""
    assert i18n.has(err.key), err.key
    for idx, lang in enumerate(("zh", "en")):
        template = i18n.CATALOG[err.key][idx]
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        assert names <= set(err.kwargs), (err.key, lang, names - set(err.kwargs))
        assert i18n.t(err.key, lang, **err.kwargs).strip()


def _mutate(seed: bytes) -> hs.SearchStrategy[bytes]:
    """``seed`` with a few bytes flipped, a slice cut out, or cut short."""

    def flip(data: bytes, edits: list[tuple[int, int]]) -> bytes:
        b = bytearray(data)
        for pos, val in edits:
            b[pos % len(b)] = val
        return bytes(b)

    edits = hs.lists(hs.tuples(hs.integers(0, 10**6), hs.integers(0, 255)), min_size=1, max_size=6)
    return hs.one_of(
        edits.map(lambda e: flip(seed, e)),
        hs.integers(0, len(seed)).map(lambda n: seed[:n]),
        hs.tuples(hs.integers(0, len(seed)), hs.integers(0, 64)).map(
            lambda t: seed[: t[0]] + seed[t[0] + t[1] :]
        ),
    )


# -- images --------------------------------------------------------------------------------------


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _png_with_header(w: int, h: int, depth: int, colour: int) -> bytes:
    """A PNG whose IHDR (valid CRC) declares anything, followed by a small real IDAT."""
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, 0)
    idat_data = zlib.compress(b"\0" * 64)
    chunks = [
        ihdr,
        b"IDAT" + idat_data,
        b"IEND",
    ]
    out = b"\x89PNG\r\n\x1a\n"
    for c in chunks:
        out += struct.pack(">I", len(c) - 4) + c + struct.pack(">I", zlib.crc32(c))
    return out


_rng = np.random.default_rng(0)
_JPEG = io.BytesIO()
Image.fromarray(_rng.integers(0, 255, (40, 30, 3), np.uint8)).save(_JPEG, "JPEG")
IMAGE_SEEDS = [
    _png(Image.fromarray(_rng.integers(0, 255, (32, 32), np.uint8))),
    _png(Image.new("RGBA", (20, 20), (1, 2, 3, 4))),
    _png(Image.new("I;16", (16, 16), 999)),
    _JPEG.getvalue(),
]
IMAGES = hs.one_of(
    hs.binary(max_size=3000),
    hs.binary(max_size=500).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
    hs.binary(max_size=500).map(lambda b: b"\xff\xd8\xff" + b),
    hs.sampled_from(IMAGE_SEEDS).flatmap(_mutate),
    hs.builds(
        _png_with_header,
        hs.integers(0, 2**32 - 1) | hs.integers(1, 70_000),
        hs.integers(0, 2**32 - 1) | hs.integers(1, 70_000),
        hs.sampled_from([1, 2, 4, 8, 16, 3, 0]),
        hs.sampled_from([0, 2, 3, 4, 6, 1, 7]),
    ),
)


@settings(max_examples=CASES["image"], **SETTINGS)
@given(IMAGES)
def test_fuzz_images(data):
    try:
        out = load_image(data)
    except ImageError as err:
        assert_message(err)
        return
    assert isinstance(out, LoadedImage) and out.pixels.dtype == np.float32
    assert out.pixels.ndim == 2 and max(out.pixels.shape) <= 512
    assert np.isfinite(out.pixels).all() and 0 <= out.pixels.min() <= out.pixels.max() <= 1


# -- weights -------------------------------------------------------------------------------------


def _model():
    from dlcore.train import Trainer

    cfg = ExperimentConfig().with_(data={"name": "xor", "n_points": 40}, model={"hidden": (3,)})
    return Trainer(cfg).model


MODEL = _model()
GOOD = weights_to_bytes(MODEL)
KEYS = list(MODEL.state_dict())
ENTRY = hs.fixed_dictionaries(
    {
        "dtype": hs.sampled_from(["F32", "F64", "I64", "BOOL", "F16", "X", "", "f32"]),
        "shape": hs.lists(hs.integers(-1, 10**12) | hs.integers(0, 8), max_size=4),
        "data_offsets": hs.lists(hs.integers(-1, 10**12) | hs.integers(0, 200), max_size=3),
    }
)


def _st(header: dict, payload: bytes, length_delta: int) -> bytes:
    h = json.dumps(header).encode()
    n = max(0, min(2**64 - 1, len(h) + length_delta))
    return struct.pack("<Q", n) + h + payload


WEIGHTS = hs.one_of(
    hs.binary(max_size=2000),
    hs.just(GOOD).flatmap(_mutate),
    hs.builds(
        _st,
        hs.dictionaries(hs.sampled_from(KEYS) | hs.text(max_size=8), ENTRY, max_size=6),
        hs.binary(max_size=300),
        hs.sampled_from([0, 0, 0, -1, 1, 2**40, 2**64]),
    ),
    hs.integers(0, 2**64 - 1).map(lambda n: struct.pack("<Q", n) + b'{"a": 1}'),
    hs.just(pickle.dumps({"w": torch.zeros(2)})),
)


@settings(max_examples=CASES["weights"], **SETTINGS)
@given(WEIGHTS)
def test_fuzz_weights(data):
    before = weights_to_bytes(MODEL)
    try:
        load_weights(MODEL, data)
    except WeightsError as err:
        assert_message(err)
        assert weights_to_bytes(MODEL) == before  # a refusal changes nothing
        return
    for v in MODEL.state_dict().values():
        assert torch.isfinite(v.float()).all()
    load_weights(MODEL, GOOD)


# -- CSV and text --------------------------------------------------------------------------------

CELLS = hs.one_of(
    hs.floats(allow_nan=True, allow_infinity=True).map(str),
    hs.integers(-(10**30), 10**30).map(str),
    hs.sampled_from(["0", "1", "-1", "", " ", "nan", "1e309", "x1", "\u05e9", "e\u0301", '"']),
    hs.text(max_size=8),
)
ROWS = hs.lists(hs.lists(CELLS, min_size=0, max_size=5).map(",".join), max_size=40)
TEXTS = hs.one_of(
    ROWS.map(lambda rows: "x1,x2,label\n" + "\n".join(rows)),
    ROWS.map("\n".join),
    hs.text(max_size=400),
    hs.integers(0, 300_000).map(lambda n: "\U0001f600" * n),
)
ENCODED = hs.tuples(TEXTS, hs.sampled_from(["utf-8", "utf-16", "utf-8-sig", "utf-32", "gbk"])).map(
    lambda t: t[0].encode(t[1], errors="replace")
)
UPLOAD_TEXT = hs.one_of(ENCODED, hs.binary(max_size=2000))


@settings(max_examples=CASES["csv"], **SETTINGS)
@given(UPLOAD_TEXT)
def test_fuzz_csv(data):
    try:
        pts, lab, task = parse_csv(data)
    except CsvError as err:
        assert_message(err)
        return
    assert pts.shape == (len(lab), 2) and np.isfinite(pts).all() and np.isfinite(lab).all()
    assert np.abs(pts).max() <= 6 and task in ("binary", "regression")


@settings(max_examples=CASES["text"], **SETTINGS)
@given(UPLOAD_TEXT)
def test_fuzz_text(data):
    try:
        text = check_text(data)
    except TextError as err:
        assert_message(err)
        return
    assert isinstance(text, str) and "\x00" not in text and len(text) <= 200_000
