"""Robustness of every registered page (pages join as they are registered in app.py).

- hostile URL: 100 random or hostile ``key=value`` pairs per page → no exception,
  defaults used, a notice shown (pages with a config form);
- random widget values (hypothesis over AppTest), then a training step where the
  page has one → no exception, no NaN shown;
- two AppTest sessions training different models never see each other's model.

Bounded in time: one fresh AppTest per page; ``DLP_ROBUST_EXAMPLES`` (default 1)
widget rounds per page. Set it higher for a deeper nightly run.
"""

from __future__ import annotations

import base64
import json
import math
import os
import random
import re
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from dlcore import config as C
from dlcore import i18n, lecture
from tests.conftest import ROOT, app_test, assert_clean
from tests.test_shell import registered_pages

PAGES = [p for p in registered_pages() if (ROOT / p).is_file()]
EXAMPLES = int(os.environ.get("DLP_ROBUST_EXAMPLES", "1"))

# -- hostile queries -----------------------------------------------------------------------

HOSTILE_VALUES = [
    "",
    " ",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "-1e308",
    "1e-400",
    "-1",
    "0",
    "99999999999999999999999",
    "1,2,3",
    ",,,",
    "8," * 400,
    "<script>alert(1)</script>",
    "'; DROP TABLE users;--",
    "../../etc/passwd",
    "%00",
    "\x00\x01",
    "😀" * 20,
    "A" * 5000,
    "true",
    "None",
    "[]",
    "{}",
    "0x10",
    "1_000",
    " 3 ",
    "-0",
    "=cmd|' /C calc'!A0",
    "${jndi:ldap://127.0.0.1/a}",
    "{n}{0}{__class__}",
]
CONFIG_KEYS = C.query_keys()  # every family's: a link carries only its own
SHELL = ["lang", "seed", "present", "hide", "step", "device", "embed", "embed_options"]
JUNK_KEYS = ["zz", "__proto__", "d.", ".", "m.hidden.0", "t.lr.x", "d.nonexistent", "x" * 300]


def hostile_pairs(page: str, n: int = 100) -> dict[str, str]:
    """``n`` random (key, value) pairs for ``page`` (reproducible), merged into one query,
    always with an unknown key and a bad config value so a notice is due."""
    rng = random.Random(zlib.crc32(page.encode()))
    q: dict[str, str] = {}
    for _ in range(n):
        key = rng.choice(CONFIG_KEYS + SHELL + JUNK_KEYS)
        q[key] = rng.choice(HOSTILE_VALUES)
    q["zz_unknown"] = "1"
    q["t.lr"] = "nan"
    return q


def test_from_query_never_raises_and_falls_back():
    """300 hostile queries against the parser: a valid config and a notice per bad key."""
    rng = random.Random(0)
    for _ in range(300):
        q = {
            rng.choice(CONFIG_KEYS + JUNK_KEYS): rng.choice(HOSTILE_VALUES)
            for _ in range(rng.randint(1, 6))
        }
        cfg, notices = C.from_query(q)
        _, again = C.from_dict({k: v for k, v in cfg.to_dict().items() if k != "version"})
        assert not again, again  # what came out is valid: bad values fell back
        named = {n.field for n in notices}
        for key in q:
            if key not in CONFIG_KEYS:
                assert key in named or C._short(key) in named, (key, named)
        for n in notices:
            for lang in ("zh", "en"):
                assert n.message(lang).strip()


@pytest.mark.parametrize("raw", [None, "", "1", "0", "-3", "999", "abc", "1.5", " 2 ", "٣", "1e3"])
def test_lecture_step_parser(raw):
    idx, ok = lecture.parse_step(raw, 5)
    assert 0 <= idx < 5
    if raw in ("1", " 2 "):
        assert ok and idx == int(raw) - 1


# -- what a page shows ----------------------------------------------------------------------

_NAN = re.compile(r"(?<![A-Za-z])nan(?![A-Za-z])", re.IGNORECASE)


def _texts(at) -> list[str]:
    out = []
    # warnings and errors are left out: notices quote what the user typed ("t.lr=nan")
    for kind in ("markdown", "caption", "text", "info", "success"):
        out += [str(e.value) for e in at.get(kind)]
    for m in at.get("metric"):
        out += [str(m.value), str(getattr(m, "delta", "") or "")]
    return out


def _decode(arr):
    if isinstance(arr, dict) and "bdata" in arr:
        return np.frombuffer(base64.b64decode(arr["bdata"]), dtype=np.dtype(arr["dtype"]))
    if isinstance(arr, list):
        try:
            return np.asarray(arr, dtype=np.float64)
        except (TypeError, ValueError):
            return None
    return None


def _chart_all_nan(at) -> list[str]:
    """Traces whose numeric series (2+ values) is entirely NaN / null: a broken chart,
    not a gap (one-point NaN traces are legend-only placeholders)."""
    bad = []
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        for i, tr in enumerate(spec.get("data", [])):
            for key in ("y", "z"):
                a = _decode(tr.get(key))
                if a is not None and a.size > 1 and a.dtype.kind == "f" and np.isnan(a).all():
                    bad.append(f"{el.proto.id or 'chart'} trace {i}.{key}")
    return bad


def assert_shown_clean(at, where: str) -> None:
    assert_clean(at)
    for s in _texts(at):
        assert not _NAN.search(s), f"{where}: NaN shown: {s[:120]!r}"
    assert not _chart_all_nan(at), f"{where}: {_chart_all_nan(at)}"


# -- random widget values --------------------------------------------------------------------


def _force(w, **props) -> None:
    """Give one AppTest widget a different property (e.g. its selected index)."""
    cls = type(w)
    w.__class__ = type(
        cls.__name__, (cls,), {k: property(lambda s, v=v: v) for k, v in props.items()}
    )


def _settable(at) -> list:
    out = []
    for kind in ("slider", "number_input", "selectbox", "radio", "checkbox", "toggle",
                 "multiselect", "text_input", "select_slider"):  # fmt: skip
        out += [w for w in at.get(kind) if not w.disabled]
    return out


def _num(draw, lo, hi, step, is_int):
    lo = -1e3 if lo is None else lo
    hi = 1e3 if hi is None else hi
    v = draw(hs.floats(min_value=float(lo), max_value=float(hi), allow_nan=False))
    if step:
        v = lo + round((v - lo) / step) * step
        v = min(max(v, lo), hi)
    return int(round(v)) if is_int else float(v)


def _set_random(w, draw) -> str:
    kind = type(w).__name__
    if kind == "Slider":
        is_int = isinstance(w.value, int) or (
            isinstance(w.value, tuple | list) and all(isinstance(x, int) for x in w.value)
        )
        if not all(isinstance(x, int | float) for x in (w.min, w.max)):
            return "skip"
        if isinstance(w.value, tuple | list):
            a, b = sorted(_num(draw, w.min, w.max, w.step, is_int) for _ in range(2))
            w.set_value((a, b))
        else:
            w.set_value(_num(draw, w.min, w.max, w.step, is_int))
    elif kind == "NumberInput":
        w.set_value(_num(draw, w.min, w.max, w.step, isinstance(w.value, int)))
    elif kind in ("Selectbox", "Radio"):
        if not w.options:
            return "skip"
        _force(w, index=draw(hs.integers(0, len(w.options) - 1)))
    elif kind == "Multiselect":
        if not w.options:
            return "skip"
        chosen = draw(hs.lists(hs.sampled_from(list(w.options)), max_size=4, unique=True))
        _force(w, values=chosen)
    elif kind in ("Checkbox", "Toggle"):
        w.set_value(draw(hs.booleans()))
    elif kind == "TextInput":
        w.set_value(draw(hs.sampled_from(HOSTILE_VALUES[:25])))
    elif kind == "SelectSlider":
        fmt = w.format_func
        raw = []
        for label in w.options:  # options are labels; find the raw value behind each
            for cand in (label, _try(int, label), _try(float, label)):
                if cand is not None and _try(fmt, cand) == label:
                    raw.append(cand)
                    break
        if len(raw) != len(w.options) or isinstance(w.value, tuple | list):
            return "skip"
        w.set_value(draw(hs.sampled_from(raw)))
    return f"{kind}:{w.key}"


def _try(fn, x):
    try:
        return fn(x)
    except Exception:  # noqa: BLE001
        return None


def _step_button(at):
    for b in at.button:
        if b.key and b.key.endswith("btn_step") and not b.disabled:
            return b
    return None


@pytest.mark.parametrize("page", PAGES)
def test_page_survives_hostile_url_and_random_widgets(page):
    query = hostile_pairs(page)

    def fresh():
        at = app_test(page, lang="en", query=query)
        assert_shown_clean(at, f"{page} hostile URL")
        return at

    at = fresh()
    has_form = any(k.endswith("._cfg") for k in at.session_state)
    if has_form:  # a config form: bad values became defaults, with a notice
        titles = {i18n.t("config.notices_title", lg) for lg in i18n.LANGS}
        warnings = [w.value for w in at.warning]
        assert any(any(ti in w for ti in titles) for w in warnings), warnings
    pool = [at]  # the first example reuses this app; later ones start fresh (replayable)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(hs.data())
    def round_(data):
        app = pool.pop() if pool else fresh()
        widgets = _settable(app)
        if not widgets:
            return
        picks = data.draw(
            hs.lists(hs.integers(0, len(widgets) - 1), min_size=1, max_size=5, unique=True)
        )
        done = [_set_random(widgets[i], data.draw) for i in picks]
        app.run()
        assert_shown_clean(app, f"{page} after {done}")
        b = _step_button(app)
        if b is not None:
            b.click()
            app.run()
            assert_shown_clean(app, f"{page} step after {done}")

    round_()


# -- two sessions, two models ----------------------------------------------------------------


def test_two_sessions_never_share_a_model():
    assert "pages/ff.py" in PAGES
    a = app_test("pages/ff.py", lang="en", query={"d.name": "circle", "m.hidden": "3"})
    b = app_test("pages/ff.py", lang="zh", query={"d.name": "spiral", "m.hidden": "8,8"})
    for _ in range(3):
        _step_button(a).click()
        a.run()
    _step_button(b).click()
    b.run()
    key = next(k for k in a.session_state if k.endswith("._trainer"))
    ta, tb = a.session_state[key], b.session_state[key]
    assert ta.cfg.model.hidden == (3,) and tb.cfg.model.hidden == (8, 8)
    assert ta.cfg.data.name == "circle" and tb.cfg.data.name == "spiral"
    assert ta.step_count == 3 and tb.step_count == 1
    pa = {id(p) for p in ta.model.parameters()}
    assert not pa & {id(p) for p in tb.model.parameters()}
    # each session's optimizer updates its own model's parameters, and only those
    assert {id(p) for g in ta.optimizer.param_groups for p in g["params"]} == pa
    assert {id(p) for g in tb.optimizer.param_groups for p in g["params"]} == {
        id(p) for p in tb.model.parameters()
    }
    assert not np.array_equal(ta.dataset.x_train[:5], tb.dataset.x_train[:5])
    # stepping one session leaves the other untouched
    before = [p.detach().clone() for p in tb.model.parameters()]
    _step_button(a).click()
    a.run()
    assert all(bool((p == q).all()) for p, q in zip(before, tb.model.parameters(), strict=True))
    assert tb.step_count == 1 and math.isfinite(ta.last_eval["train_loss"])
