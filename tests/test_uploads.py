"""A corpus of bad uploads against every loader behind an uploader.

Each bad file must be refused with the loader's own error (an i18n key with
complete zh / en messages), never a stray exception; no code in an upload may
run (a pickle payload would create a canary file, and ``pickle`` / ``torch.load``
are trapped); a good file of each kind is still accepted (so the test can fail).
"""

from __future__ import annotations

import io
import json
import pickle
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
import torch
from PIL import Image

from dlcore import config as C
from dlcore import i18n, limits
from dlcore.data.csvdata import CsvError, parse_csv
from dlcore.data.text import TextError, check_text
from dlcore.data.upload import ImageError, load_image
from dlcore.io import WeightsError, load_weights, weights_to_bytes

# -- the corpus ----------------------------------------------------------------------------


class _Canary:
    """Unpickling this object creates the canary file (arbitrary code execution)."""

    path = ""

    def __reduce__(self):
        return (open, (self.path, "w"))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(side: int = 16) -> bytes:
    buf = io.BytesIO()
    a = (np.add.outer(np.arange(side), np.arange(side)) * 8 % 256).astype(np.uint8)
    Image.fromarray(a, mode="L").save(buf, format="PNG")
    return buf.getvalue()


def _bomb_png(side: int = 20000) -> bytes:
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _chunk(b"IEND", b"")
    )


def _safetensors(tensors: dict[str, torch.Tensor]) -> bytes:
    from safetensors.torch import save

    return save({k: v.contiguous() for k, v in tensors.items()})


def _raw_safetensors(header: dict | bytes, payload: bytes = b"") -> bytes:
    h = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + payload


def _model() -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))


def corpus(canary: str) -> dict[str, bytes]:
    """name → bytes of every bad upload (generated here, nothing shipped)."""
    _Canary.path = canary
    png = _png()
    good_state = _model().state_dict()
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("x1,x2,label.csv", "x1,x2,label\n0,0,1\n")
        z.writestr("../../escape.txt", "zip slip")
    pt_buf = io.BytesIO()
    torch.save({"0.weight": torch.zeros(4, 2), "payload": _Canary()}, pt_buf)
    wrong_dtype = {k: v.to(torch.float64) for k, v in good_state.items()}
    wrong_shape = {k: torch.zeros(*(s + 1 for s in v.shape)) for k, v in good_state.items()}
    nan_state = {k: torch.full_like(v, float("nan")) for k, v in good_state.items()}
    csv_rows = "".join(f"{i % 7 / 7:.3f},{i % 5 / 5:.3f},{i % 2}\n" for i in range(20))
    return {
        "empty": b"",
        "not_an_image_text": b"hello, this is not an image\n" * 20,
        "random_bytes": np.random.default_rng(0).integers(0, 256, 4096, np.uint8).tobytes(),
        "truncated_png": png[: len(png) // 2],
        "png_header_only": png[:33],
        "png_20000x20000_header": _bomb_png(20000),
        "gif_animated_header": b"GIF89a" + b"\x00" * 64,
        "svg_script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "zip": zbuf.getvalue(),
        "pickle_reduce": pickle.dumps(_Canary()),
        "torch_save_pt": pt_buf.getvalue(),
        "safetensors_wrong_keys": _safetensors({"evil.weight": torch.zeros(4, 2)}),
        "safetensors_wrong_shapes": _safetensors(wrong_shape),
        "safetensors_wrong_dtypes": _safetensors(wrong_dtype),
        "safetensors_nan": _safetensors(nan_state),
        "safetensors_header_lies": _raw_safetensors(
            {"0.weight": {"dtype": "F32", "shape": [4, 2], "data_offsets": [0, 10**9]}}
        ),
        "safetensors_header_not_json": _raw_safetensors(b"{not json" + b" " * 8),
        "safetensors_huge_header_len": struct.pack("<Q", 2**62) + b"{}",
        "json_array": b"[1, 2, 3]",
        "json_deep": b"[" * 100_000 + b"]" * 100_000,
        "csv_formula_injection": (
            "x1,x2,label\n"
            "=cmd|' /C calc'!A0,1,0\n"
            "+SUM(1;2),0.5,1\n"
            '@HYPERLINK("http://127.0.0.1"),0,1\n'
            "-2+3,0,0\n" + csv_rows
        ).encode(),
        "csv_text": ("name,colour,label\n" + "alice,red,cat\n" * 10).encode(),
        "csv_nan_inf": ("x1,x2,label\n" + "nan,inf,1\n-inf,0,0\n" + csv_rows).encode(),
        "csv_utf16": ("x1,x2,label\n" + csv_rows).encode("utf-16"),
        "csv_too_many_rows": ("x1,x2,label\n" + "0.1,0.2,1\n0.3,0.1,0\n" * 6000).encode(),
        "over_upload_limit": b"0" * (limits.LIMITS.max_upload_bytes + 1),
    }


# -- the loaders ---------------------------------------------------------------------------


@dataclass
class Loader:
    """One uploader's loader: ``load(bytes)``, the error it raises, and inputs it may accept."""

    name: str
    load: Callable[[bytes], object]
    errors: tuple[type[Exception], ...]
    good: bytes
    may_accept: Callable[[str, bytes], bool] = lambda name, data: False


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _checked(fn: Callable[[bytes], object]) -> Callable[[bytes], object]:
    """Every uploader goes through the size cap first (as the pages do)."""

    def load(data: bytes) -> object:
        limits.check_upload(data)
        return fn(data)

    return load


def loaders() -> list[Loader]:
    good_csv = (
        "x1,x2,label\n" + "".join(f"{i / 10},{-i / 10},{i % 2}\n" for i in range(10))
    ).encode()
    out = [
        Loader(
            "weights",
            _checked(lambda d: load_weights(_model(), d)),
            (WeightsError, limits.LimitError),
            weights_to_bytes(_model()),
        ),
        Loader(
            "config",
            _checked(lambda d: C.from_json(d)),
            (C.ConfigError, limits.LimitError),
            C.ExperimentConfig().to_json().encode(),
            # a JSON array is refused; valid JSON objects would be accepted with notices
        ),
    ]
    out += [
        Loader(
            "csv",
            _checked(parse_csv),
            (CsvError, limits.LimitError),
            good_csv,
            # UTF-16 with its BOM is a readable table (dlcore/data/textio.py)
            lambda name, data: name == "csv_utf16",
        ),
        Loader("image", _checked(load_image), (ImageError, limits.LimitError), _png()),
        # any UTF-8 text is a valid corpus: it is only ever read as characters, never run
        Loader(
            "text",
            _checked(check_text),
            (TextError, limits.LimitError),
            ("Yellowstone National Park " * 10).encode(),
            lambda name, data: _is_utf8(data) or name == "csv_utf16",
        ),
    ]
    return out


LOADERS = loaders()


@pytest.fixture
def trapped(monkeypatch, tmp_path):
    """The canary path; unpickling anything or torch.load during the test fails it."""
    calls: list[str] = []

    def trap(name):
        def _f(*a, **k):
            calls.append(name)
            raise AssertionError(f"{name} called on an upload")

        return _f

    monkeypatch.setattr(pickle, "loads", trap("pickle.loads"))
    monkeypatch.setattr(pickle, "load", trap("pickle.load"))
    monkeypatch.setattr(torch, "load", trap("torch.load"))
    canary = tmp_path / "canary-created-by-unpickling"
    yield canary, calls
    assert not canary.exists(), "an upload ran code"
    assert not calls, calls


def _ids(x):
    return x.name


@pytest.mark.parametrize("loader", LOADERS, ids=_ids)
def test_bad_uploads_refused_with_a_message(loader: Loader, trapped):
    canary, calls = trapped
    bad = corpus(str(canary))
    problems: list[str] = []
    for name, data in bad.items():
        try:
            loader.load(data)
        except loader.errors as err:
            if not i18n.has(err.key):
                problems.append(f"{name}: message {err.key} missing from dlcore/i18n")
                continue
            for idx, lang in enumerate(("zh", "en")):
                msg = i18n.t(err.key, lang, **err.kwargs)
                template = i18n.CATALOG[err.key][idx]
                if not msg.strip() or ("{" in template and msg == template):
                    problems.append(f"{name}: {err.key} not formatted in {lang}")
            continue
        except Exception as exc:  # noqa: BLE001 - any other exception is a bug
            problems.append(f"{name}: {type(exc).__name__}: {str(exc)[:80]}")
            continue
        if not loader.may_accept(name, data):
            problems.append(f"{name}: accepted")
    assert len(bad) >= 25
    assert not canary.exists()
    assert not problems, f"{loader.name}: {problems}"


@pytest.mark.parametrize("loader", LOADERS, ids=_ids)
def test_good_upload_accepted(loader: Loader, trapped):
    loader.load(loader.good)


def test_canary_payload_really_runs_code(tmp_path):
    """The pickle payload is live: unpickling it does create the canary (the trap is real)."""
    canary = tmp_path / "canary"
    data = corpus(str(canary))["pickle_reduce"]
    pickle.loads(data).close()
    assert canary.exists()


def test_csv_formulas_are_never_evaluated():
    data = corpus("unused")["csv_formula_injection"]
    with pytest.raises(CsvError) as err:
        parse_csv(data)
    assert err.value.key.endswith("not_number")
    assert "=cmd" in str(err.value.kwargs.get("value", "")) or err.value.kwargs


def test_upload_cap_matches_server_config():
    import tomllib

    from tests.conftest import ROOT

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["maxUploadSize"] * 2**20 == limits.LIMITS.max_upload_bytes
    with pytest.raises(limits.LimitError) as err:
        limits.check_upload(b"0" * (limits.LIMITS.max_upload_bytes + 1))
    assert i18n.has(err.value.key)
    limits.check_upload(b"0" * limits.LIMITS.max_upload_bytes)
