"""Issue 18: hostile input, each parser bounded before it allocates.

The two crashes that were reported (a 5 000-digit integer in a config, a
``model.hidden`` list of huge integers) reproduced on the dlcore level, in the
CLI and on two pages; then weights, images, text and CSV by kind of bad input.
"""

from __future__ import annotations

import io
import json
import pickle
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib

import numpy as np
import pytest
import torch
from PIL import Image
from safetensors.torch import save

from dlcore import config as C
from dlcore import safejson
from dlcore.__main__ import main
from dlcore.data.csvdata import CsvError, parse_csv
from dlcore.data.text import TextError, check_text
from dlcore.data.upload import ImageError, load_image
from dlcore.i18n import t
from dlcore.io import WeightsError, header_cap, load_weights, weights_to_bytes
from tests.conftest import ROOT, app_test, assert_clean

BIG_INT = "9" * 5000
CRASH_CONFIGS = {
    "5000-digit seed": '{"seed": ' + BIG_INT + "}",
    "5000-digit lr": '{"train": {"lr": ' + BIG_INT + "}}",
    "hidden of huge ints": '{"model": {"hidden": [' + ", ".join([BIG_INT] * 3) + "]}}",
}


# -- configs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", CRASH_CONFIGS.values(), ids=CRASH_CONFIGS.keys())
def test_reported_crashes_refused_in_dlcore(text):
    with pytest.raises(C.ConfigError) as err:
        C.from_json(text)
    assert err.value.key == "config.error.number"
    for lang in ("zh", "en"):
        msg = t(err.value.key, lang, **err.value.kwargs)
        assert msg and "{" not in msg


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ('{"model": {"hidden": [1' + "0" * 30 + "]}}", "model.hidden", "range"),
        ('{"model": {"hidden": [1' + "0" * 60 + ", 4]}}", "model.hidden", "range"),
        ('{"model": {"hidden": [8, 1e309]}}', "model.hidden", "type"),
        ('{"train": {"lr": 1e309}}', "train.lr", "type"),
        ('{"train": {"lr": NaN}}', "train.lr", "type"),
        ('{"train": {"lr": -Infinity}}', "train.lr", "type"),
        ('{"seed": 1' + "0" * 45 + "}", "seed", "range"),
        ('{"data": {"noise": -1e-400}}', None, None),  # -0.0: in range
        ('{"seed": -0}', None, None),
    ],
)
def test_out_of_range_numbers_become_notices(text, field, reason):
    cfg, notices = C.from_json(text)
    if field is None:
        assert notices == [] and cfg.seed == 0
    else:
        assert [(n.field, n.reason) for n in notices] == [(field, reason)]
        assert cfg == C.ExperimentConfig()  # the field kept its default
        assert len(notices[0].value) <= 40


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ("[" * 100_000 + "]" * 100_000, "config.error.depth"),
        ('{"a": "' + "x" * 5000 + '"}', "config.error.string"),
        ('{"model": {"hidden": [' + "1," * 5000 + "1]}}", "config.error.items"),
        ('{"seed": 1, "seed": 2}', "config.error.duplicate"),
        (b" " * 50_000_000, "config.error.too_big"),
        ("[1, 2]", "config.error.not_object"),
        (b"\xc3\x28", "config.error.not_utf8"),
        ("{1: 2}", "config.error.not_json"),
    ],
    ids=["deep", "long-string", "long-list", "duplicate", "50MB", "array", "not-utf8", "syntax"],
)
def test_bad_configs_one_clear_error(data, key):
    with pytest.raises(C.ConfigError) as err:
        C.from_json(data)
    assert err.value.key == key
    for lang in ("zh", "en"):
        assert "{" not in t(key, lang, **err.value.kwargs)


def test_utf16_config_with_bom_is_read():
    cfg = C.ExperimentConfig().with_(seed=7)
    assert C.from_json(cfg.to_json().encode("utf-16"))[0] == cfg
    assert C.from_json(b"\xef\xbb\xbf" + cfg.to_json().encode())[0] == cfg


def test_query_values_are_bounded():
    q = {"seed": BIG_INT, "m.hidden": ",".join([BIG_INT] * 3), "t.lr": "1" * 3000, "d.x": "y"}
    cfg, notices = C.from_query(q)
    assert cfg == C.ExperimentConfig()
    assert {n.field for n in notices} == {"seed", "m.hidden", "t.lr", "d.x"}
    cfg, notices = C.from_query({"m.hidden": "1," * 999})
    assert [n.reason for n in notices] == ["range"]


def test_short_never_raises_on_huge_python_ints():
    big = 10**5000
    _, notices = C.from_dict({"seed": big, "model": {"hidden": [big, big]}})
    assert {n.field for n in notices} == {"seed", "model.hidden"}


def test_reader_refuses_nonfinite_when_asked():
    with pytest.raises(safejson.JsonLimitError):
        safejson.loads('{"a": NaN}', allow_nonfinite=False)
    with pytest.raises(safejson.JsonLimitError):
        safejson.loads('{"a": 1e999}', allow_nonfinite=False)


@pytest.mark.parametrize("text", CRASH_CONFIGS.values(), ids=CRASH_CONFIGS.keys())
def test_cli_one_line_exit_2_in_process(tmp_path, capsys, text):
    path = tmp_path / "c.json"
    path.write_text(text)
    assert main(["run", str(path), "--steps", "1"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_subprocess_5000_digits(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(CRASH_CONFIGS["5000-digit seed"])
    r = subprocess.run(
        [sys.executable, "-m", "dlcore", "run", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


# -- the same on two pages (AppTest) ---------------------------------------------------------

PAGES = [("pages/ff.py", "ff"), ("pages/cnn.py", "cnn")]


@pytest.mark.parametrize(("page", "key"), PAGES, ids=["ff", "cnn"])
@pytest.mark.parametrize("name", ["5000-digit seed", "hidden of huge ints"])
def test_page_refuses_crash_config_and_keeps_experiment(page, key, name):
    at = app_test(page, lang="zh")
    before = at.session_state[f"{key}._cfg"]
    data = CRASH_CONFIGS[name].encode()
    at.file_uploader(key=f"{key}.up_cfg").set_value(("bad.json", data, "application/json"))
    at.run()
    assert_clean(at)
    want = t("config.error.number", "zh", detail="a number of 5000 characters", limit=100)
    assert any(e.value == want for e in at.error), [e.value for e in at.error]
    assert at.session_state[f"{key}._cfg"] == before
    at.run()  # the page keeps working
    assert_clean(at)


# -- weights ---------------------------------------------------------------------------------


def _model():
    from dlcore.train import Trainer

    cfg = C.ExperimentConfig().with_(data={"name": "xor", "n_points": 50}, model={"hidden": (4,)})
    return Trainer(cfg).model


def _st(header: dict, payload: bytes = b"") -> bytes:
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + payload


def _weights_cases() -> dict[str, bytes]:
    m = _model()
    sd = {k: v.clone() for k, v in m.state_dict().items()}
    nan = dict(sd)
    nan["net.fc1.weight"] = sd["net.fc1.weight"].clone()
    nan["net.fc1.weight"][0, 0] = float("inf")
    huge = {
        k: {"dtype": "F32", "shape": [100_000, 100_000], "data_offsets": [0, 4 * 10**10]}
        for k in sd
    }
    wrong = dict(sd)
    wrong["net.fc1.weight"] = torch.zeros(3, 3)
    big_header = _st({"__metadata__": {"x": "y" * 900}, **{f"k{i}": {} for i in range(90_000)}})
    return {
        "pickle": pickle.dumps({"a": 1}),
        "header 2**64-1": struct.pack("<Q", 2**64 - 1) + b"{}" * 10,
        "1e5x1e5 tensor": _st(huge),
        "9 MB header": big_header,
        "wrong shape": save(wrong),
        "inf weights": save(nan),
        "nested header": struct.pack("<Q", 20_000) + b"[" * 20_000,
        "trailing bytes": weights_to_bytes(m) + b"\0" * 1000,
        "zip": _zip(),
        "truncated": weights_to_bytes(m)[:-9],
    }


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.pkl", b"x" * 100)
    return buf.getvalue()


def test_weights_refused_before_tensors_exist(monkeypatch):
    import safetensors.torch as st_torch

    m = _model()
    before = weights_to_bytes(m)
    loads: list[int] = []
    real = st_torch.load
    monkeypatch.setattr(st_torch, "load", lambda data: loads.append(1) or real(data))
    assert header_cap(len(m.state_dict())) < 10_000
    for name, data in _weights_cases().items():
        with pytest.raises(WeightsError) as err:
            load_weights(m, data)
        assert err.value.key.startswith("weights.error."), name
        if name != "inf weights":
            assert not loads, f"{name}: tensors were materialised"
        loads.clear()
        for lang in ("zh", "en"):
            assert "{" not in t(err.value.key, lang, **err.value.kwargs), name
        assert weights_to_bytes(m) == before, name
    load_weights(m, before)


# -- images ----------------------------------------------------------------------------------


def _png(img: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", **kw)
    return buf.getvalue()


def _image_cases() -> dict[str, tuple[bytes, str | None]]:
    """name → (bytes, the refusal's key or None when it must be accepted)."""
    from PIL import PngImagePlugin

    bomb = _png(Image.new("1", (64, 64)))
    # the IHDR chunk says 30 000 × 30 000, with a valid CRC: a mostly empty huge PNG
    ihdr = b"IHDR" + struct.pack(">II", 30_000, 30_000) + bomb[24:29]
    bomb = bomb[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + bomb[33:]
    frames = [Image.new("L", (16, 16), v) for v in (0, 255)]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:])
    apng = io.BytesIO()
    frames[0].save(apng, "PNG", save_all=True, append_images=frames[1:])
    jpeg_cmyk = io.BytesIO()
    Image.new("CMYK", (300, 200), (0, 50, 100, 0)).save(jpeg_cmyk, "JPEG")
    del PngImagePlugin
    good = _png(Image.new("L", (64, 64), 128))
    return {
        "30000² bomb": (bomb, "upload.bomb"),
        "animated gif": (gif.getvalue(), "upload.animated"),
        "animated png": (apng.getvalue(), "upload.animated"),
        "truncated": (good[: len(good) // 2], "upload.truncated"),
        "zip named png": (_zip(), "upload.not_image"),
        "text named png": (b"hello " * 100, "upload.not_image"),
        "4096² colour png": (_png(Image.new("RGB", (4096, 4096))), "upload.decode_too_big"),
        "cmyk jpeg": (jpeg_cmyk.getvalue(), None),
        "16-bit png": (_png(Image.new("I;16", (1000, 800), 300)), None),
        "4096² grey png": (_png(Image.new("L", (4096, 4096), 200)), None),
    }


def test_images_refused_or_accepted_with_reason():
    for name, (data, key) in _image_cases().items():
        if key is None:
            out = load_image(data)
            assert max(out.pixels.shape) <= 512 and out.pixels.dtype == np.float32, name
            continue
        with pytest.raises(ImageError) as err:
            load_image(data)
        assert err.value.key == key, name
        for lang in ("zh", "en"):
            assert "{" not in t(err.value.key, lang, **err.value.kwargs), name


_MEASURE = textwrap.dedent(
    """
    import io, sys
    import numpy as np
    from PIL import Image
    from dlcore.data.upload import ImageError, load_image

    def vm(key):
        for line in open("/proc/self/status"):
            if line.startswith(key):
                return int(line.split()[1]) / 1024

    kind = sys.argv[1]
    buf = io.BytesIO()
    if kind == "grey":
        a = np.zeros((4096, 4096), np.uint8); a[::7] = 255
        Image.fromarray(a).save(buf, "PNG")
    elif kind == "rgb":
        a = np.zeros((2048, 2048, 3), np.uint8); a[::7] = 255
        Image.fromarray(a).save(buf, "PNG")
    else:
        a = np.random.default_rng(0).integers(0, 255, (512, 512, 3), np.uint8)
        Image.fromarray(a).resize((4096, 4096)).save(buf, "JPEG", quality=60)
    data = buf.getvalue()
    open("/proc/self/clear_refs", "w").write("5")  # reset VmHWM
    base = vm("VmRSS")
    load_image(data)
    print(vm("VmHWM") - base)
    """
)


@pytest.mark.parametrize("kind", ["grey", "rgb", "jpeg"])
def test_image_peak_memory_under_30_mb(kind):
    """4096² grey PNG, 2048² colour PNG, 4096² JPEG: peak RSS ≤ 30 MB over the baseline."""
    try:
        open("/proc/self/clear_refs", "w").write("5")
    except OSError:
        pytest.skip("no /proc/self/clear_refs to reset the peak")
    r = subprocess.run(
        [sys.executable, "-c", _MEASURE, kind],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert float(r.stdout) <= 30, f"{kind}: +{float(r.stdout):.1f} MB"


# -- text and CSV ----------------------------------------------------------------------------

ROWS = "".join(f"{i / 10},{-i / 10},{i % 2}\n" for i in range(20))


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"x1,x2,label\n" + b"1," * 5000 + b"\n", "ff.csv.line_too_long"),
        (b"x1,x2,label\n" + b"1,2,0,4,5\n" * 10, "ff.csv.row_len"),
        (b"x1,x2,label\n1,2\x00,0\n" * 10, "ff.csv.binary"),
        (b"x1,x2,label\n" + b"1,2,0\n" * 200_000, "ff.csv.too_big"),
        (b"x1,x2,label\n" + b"1\n" * 400_000, "ff.csv.too_many"),
        (b"x1,x2,label\n\xff\xfe\xfa\n", "ff.csv.not_utf8"),
        (("\U0001f600" * 250_000).encode(), "ff.csv.line_too_long"),
        ("x1,x2,label\n1,\u05e9\u0301,0\n" * 5, "ff.csv.not_number"),
    ],
    ids=["long-line", "fields", "nul", "size", "rows", "latin", "emoji", "rtl"],
)
def test_csv_one_path(data, key):
    if isinstance(data, str):
        data = data.encode()
    with pytest.raises(CsvError) as err:
        parse_csv(data)
    assert err.value.key == key
    for lang in ("zh", "en"):
        assert "{" not in t(key, lang, **err.value.kwargs)


def test_csv_utf16_with_bom_accepted():
    pts, lab, _ = parse_csv(("x1,x2,label\n" + ROWS).encode("utf-16"))
    assert pts.shape == (20, 2)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (("\U0001f600" * 262_144).encode(), "rnn.text.too_long"),  # 1 MB of one emoji
        (b"some text \x00 with a NUL" * 10, "rnn.text.binary"),
        (b"caf\xe9 latin-1 " * 10, "rnn.text.not_utf8"),
        ("x" * 200_001, "rnn.text.too_long"),
    ],
    ids=["emoji-1MB", "nul", "latin1", "chars"],
)
def test_text_one_path(data, key):
    with pytest.raises(TextError) as err:
        check_text(data)
    assert err.value.key == key
    for lang in ("zh", "en"):
        assert "{" not in t(key, lang, **err.value.kwargs)


def test_text_rtl_combining_and_utf16_accepted():
    rtl = "שלום עולם مرحبا بالعالم e\u0301\u0302\u0303 " * 10
    assert check_text(rtl.encode()) == rtl
    assert check_text(rtl.encode("utf-16")) == rtl
    assert check_text(("\U0001f600" * 60).encode()) == "\U0001f600" * 60
