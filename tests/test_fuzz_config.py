"""Fuzzing the config readers (issue 18): JSON text, URL queries and the CLI.

Every input must end in a config (bad fields → notices, every field then in its
range) or one :class:`ConfigError` whose message exists in zh and en — never
another exception. Derandomised (same cases on every run) and without
deadlines, so CI cannot flake; the number of cases per parser is in ``CASES``.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import string
import subprocess
import sys
import typing
from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from dlcore import config as C
from dlcore import i18n, safejson
from dlcore.__main__ import main
from tests.conftest import ROOT

CASES = {"safejson": 400, "from_json": 500, "from_json_bytes": 200, "from_query": 400, "cli": 100}
SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- strategies: JSON *text*, so values Python cannot even print (5 000 digits) are reachable --

DIGITS = hs.text("0123456789", min_size=1, max_size=6000)
NUMBERS = hs.one_of(
    hs.integers(-(2**70), 2**70).map(str),
    hs.builds(lambda neg, d: ("-" if neg else "") + d, hs.booleans(), DIGITS),
    hs.sampled_from(
        ["1e309", "-1e309", "NaN", "Infinity", "-Infinity", "-0", "-0.0", "1e-400", "1E+2"]
    ),
    hs.floats(allow_nan=False, allow_infinity=False).map(repr),
    hs.builds(lambda d, e: f"{d}e{e}", DIGITS, hs.integers(-9999, 9999)),
)
UNICODE = hs.sampled_from(
    ["שלום", "مرحبا", "e\u0301\u0302", "\U0001f600" * 30, "\u202etanh", "\ufeff", "\x00", "床前"]
)
STRINGS = hs.one_of(
    hs.text(max_size=40).map(json.dumps),
    UNICODE.map(json.dumps),
    hs.integers(0, 12_000).map(lambda n: '"' + "x" * n + '"'),
    hs.sampled_from(['"\\ud800"', '"\\u0000"', '"tanh"', '"relu"', '"spiral"', '"cnn"', '"8,8"']),
)
SCALARS = hs.one_of(NUMBERS, STRINGS, hs.sampled_from(["true", "false", "null"]))
KEYS = hs.one_of(hs.text(max_size=12), hs.sampled_from(["seed", "data", "model", "name", "lr"]))


def _containers(children: hs.SearchStrategy[str]) -> hs.SearchStrategy[str]:
    return hs.one_of(
        hs.lists(children, max_size=6).map(lambda xs: "[" + ",".join(xs) + "]"),
        hs.lists(hs.tuples(KEYS, children), max_size=5).map(
            # keys may repeat: duplicate keys are part of the corpus
            lambda kv: "{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in kv) + "}"
        ),
    )


VALUES = hs.one_of(
    hs.recursive(SCALARS, _containers, max_leaves=12),
    hs.integers(1, 120_000).map(lambda n: "[" * n + "]" * n),  # deep nesting
    hs.integers(0, 3_000).map(lambda n: "[" + ",".join(["1"] * n) + "]"),  # long lists
    hs.lists(DIGITS, min_size=1, max_size=4).map(lambda ds: "[" + ",".join(ds) + "]"),
)
FIELDS: list[tuple[str, str | None]] = [
    (sec, f.name) for sec, cls in C.SECTIONS.items() for f in fields(cls)
] + [("seed", None), ("version", None), ("bogus", None)]


def _render(items: list[tuple[tuple[str, str | None], str]]) -> str:
    """A config object in JSON text; a field given twice is a duplicate key."""
    sections: dict[str, list[str]] = {}
    top: list[str] = []
    for (sec, name), v in items:
        if name is None:
            top.append(f'"{sec}": {v}')
        else:
            sections.setdefault(sec, []).append(f'"{name}": {v}')
    top += [f'"{s}": {{{", ".join(kv)}}}' for s, kv in sections.items()]
    return "{" + ", ".join(top) + "}"


CONFIG_TEXT = hs.one_of(
    hs.lists(hs.tuples(hs.sampled_from(FIELDS), VALUES), max_size=6).map(_render),
    VALUES,  # not an object at all
)


# -- the property ------------------------------------------------------------------------------


def assert_valid(cfg: C.ExperimentConfig) -> None:
    """Every field of ``cfg`` has its type and is within its schema's range and choices."""
    for sec, cls in C.SECTIONS.items():
        hints = typing.get_type_hints(cls)
        for f in fields(cls):
            v = getattr(getattr(cfg, sec), f.name)
            meta = f.metadata
            if typing.get_origin(hints[f.name]) is tuple:
                assert isinstance(v, tuple)
                assert meta["n_max"] is None or len(v) <= meta["n_max"]
                items = v
            else:
                assert isinstance(v, hints[f.name]), (f.name, v)
                items = (v,)
            for x in items:
                if isinstance(x, int | float) and not isinstance(x, bool):
                    assert math.isfinite(x)
                    assert meta["lo"] is None or x >= meta["lo"], (f.name, x)
                    assert meta["hi"] is None or x <= meta["hi"], (f.name, x)
            choices = C._choices(meta["choices"])
            assert choices is None or all(x in choices for x in items), (f.name, v)
    assert isinstance(cfg.seed, int) and 0 <= cfg.seed <= 2**31 - 1
    assert C.from_json(cfg.to_json()) == (cfg, [])  # what comes in goes out the same


def assert_refusal(err: C.ConfigError) -> None:
    """The refusal's message exists in zh and en and every placeholder has its value."""
    assert i18n.has(err.key), err.key
    for idx, lang in enumerate(("zh", "en")):
        template = i18n.CATALOG[err.key][idx]
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        assert names <= set(err.kwargs), (err.key, lang, names - set(err.kwargs))
        assert i18n.t(err.key, lang, **err.kwargs).strip()
    assert len(str(err)) < 300


def check_json(text: str | bytes) -> None:
    try:
        cfg, notices = C.from_json(text)
    except C.ConfigError as err:
        assert_refusal(err)
        return
    assert_valid(cfg)
    for n in notices:
        assert len(n.value) <= 40 and n.message("zh") and n.message("en")


@settings(max_examples=CASES["safejson"], **SETTINGS)
@given(VALUES)
def test_fuzz_safejson(text):
    try:
        safejson.loads(text, C.JSON_LIMITS)
    except safejson.JsonLimitError as err:
        assert err.reason in {"too_big", "encoding", "depth", "number", "string", "items"} | {
            "duplicate",
            "syntax",
        }


@settings(max_examples=CASES["from_json"], **SETTINGS)
@given(CONFIG_TEXT)
def test_fuzz_from_json(text):
    check_json(text)


@settings(max_examples=CASES["from_json_bytes"], **SETTINGS)
@given(
    hs.one_of(
        hs.binary(max_size=2000),
        CONFIG_TEXT.flatmap(
            lambda s: hs.sampled_from(["utf-8", "utf-16", "utf-32", "utf-8-sig", "latin-1"]).map(
                lambda enc: s.encode(enc, errors="replace")
            )
        ),
    )
)
def test_fuzz_from_json_bytes(data):
    check_json(data)


HOSTILE = [
    "9" * 5000,
    "-" + "9" * 5000,
    "1" + "0" * 30,
    "1e309",
    "NaN",
    "-Infinity",
    "-0",
    "0.5",
    '"x"',
    '"' + "y" * 3000 + '"',
    "[]",
    "{}",
    "true",
    "null",
    "[" + ", ".join(["9" * 5000] * 3) + "]",
    "[" + ", ".join(["1" + "0" * 30] * 3) + "]",
    "[1e309, NaN]",
    "[[[[1]]]]",
    '"\\ud800"',
]


@pytest.mark.parametrize(("sec", "name"), [f for f in FIELDS if f[1] is not None])
def test_every_field_wrong_values(sec, name):
    """Each schema field × each hostile value: a notice on that field, or a refusal."""
    for v in HOSTILE:
        text = _render([((sec, name), v)])
        try:
            cfg, notices = C.from_json(text)
        except C.ConfigError as err:
            assert_refusal(err)
            continue
        assert_valid(cfg)
        if cfg == C.ExperimentConfig():
            continue  # the value was refused by a notice (or was the default)
        # a value that changed the config was a valid one, or one clamped into its range
        # with a notice saying so (the stop-condition targets)
        assert all(n.reason == "clamped" for n in notices), notices


URL_KEYS = [f"{C.URL_PREFIX[s]}.{n}" for s, n in FIELDS if n is not None] + ["seed", "lang"]
URL_VALUES = hs.one_of(
    hs.text(max_size=60),
    DIGITS,
    hs.lists(DIGITS, max_size=5).map(",".join),
    hs.lists(hs.integers(-(10**40), 10**40).map(str), max_size=40).map(",".join),
    hs.integers(0, 5000).map(lambda n: "1," * n),
    hs.sampled_from(["nan", "inf", "-0", "1e309", "true", "tanh", "", " ", "0x10", "1_000"]),
)


@settings(max_examples=CASES["from_query"], **SETTINGS)
@given(
    hs.dictionaries(
        hs.one_of(hs.sampled_from(URL_KEYS), hs.text(max_size=10)),
        hs.one_of(URL_VALUES, hs.lists(URL_VALUES, max_size=3)),
        max_size=8,
    )
)
def test_fuzz_from_query(query):
    cfg, notices = C.from_query(query)
    assert_valid(cfg)
    for n in notices:
        assert len(n.value) <= 40 and len(n.field) <= 100


# -- the CLI: in-process for many cases, as a subprocess for a handful ---------------------------


def _cli(path: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(["run", path, "--steps", "2", "--quiet"])
    return rc, out.getvalue(), err.getvalue()


@settings(max_examples=CASES["cli"], **SETTINGS)
@given(CONFIG_TEXT)
def test_fuzz_cli_in_process(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("cli") / "c.json"
    path.write_text(text, errors="surrogatepass")
    rc, out, err = _cli(str(path))
    if rc == 2:
        assert out == "" and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    else:
        assert rc == 0 and json.loads(out)["steps"] == 2
        assert all(ln.startswith("warning: ") for ln in err.splitlines())


SUBPROCESS_CASES = {
    "5000 digits": '{"seed": ' + "9" * 5000 + "}",
    "huge hidden": '{"model": {"hidden": [' + ",".join(["9" * 5000] * 3) + "]}}",
    "deep": "[" * 100_000,
    "duplicate": '{"seed": 1, "seed": 1}',
    "binary": "\x00\xff garbage",
}


@pytest.mark.parametrize("text", SUBPROCESS_CASES.values(), ids=SUBPROCESS_CASES.keys())
def test_cli_subprocess_one_line(tmp_path, text):
    path = tmp_path / "c.json"
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    r = subprocess.run(
        [sys.executable, "-m", "dlcore", "run", str(path), "--steps", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and r.stdout == "", r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("error: ")
