"""The schema drives the widgets: every config-bound widget on every page offers the range,
step and choices of its config field (dlcore/config.py metadata) capped by the hosting
limits (dlcore/limits.py) through dlcore/schema.py, and nothing a page declares itself;
its help is the field's, ``help.<section>.<field>`` (dlcore/i18n/fields.py), in the
session's language. The checks (``check``, ``help_check``) run on every page in both
languages in tests/test_every_page.py, one render per page and language."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from dlcore import i18n, schema
from dlcore.limits import LIMITS, Limits
from pages import rnn_widgets
from pages.ff_widgets import DATA_NAMES as W_DATA
from tests.conftest import app_test

BOUND = re.compile(r"^(?P<page>\w+)\.(?P<path>(?:data|model|train)\.\w+)$")
# Pages with caps of their own (a Limits each, in the page's module).
PAGE_CAPS: dict[str, Limits] = {
    "rnn": rnn_widgets.CAPS,
    "rnn_grad": rnn_widgets.CAPS,
    "rnn_inside": rnn_widgets.CAPS,
}
# Choices a page adds to the schema's: /ff's uploaded CSV, a data set of no registry name.
PAGE_CHOICES: dict[str, tuple[str, ...]] = {"ff.data.name": ("custom",)}
# The width text boxes (widget key → the tuple field they edit).
WIDTH_BOXES = {
    "ae.widths": "model.hidden",
    "cnn.channels": "model.channels",
    "cnn.hidden": "model.hidden",
}
# A page's own help where its lesson really differs (widget key → i18n key): none else.
HELP_OVERRIDES = {"ae.widths": "ae.widths_help"}  # the AE's decoder mirrors the widths
# Every config field some page draws a widget for (each needs a zh and an en help).
FIELDS_WITH_WIDGETS = {
    *("data.name", "data.n_points", "data.noise", "data.train_ratio", "data.features"),
    *("data.n_classes", "data.seq_len", "data.image_size", "data.corpus"),
    *("model.hidden", "model.channels", "model.activation", "model.init", "model.dropout"),
    *("model.output", "model.kernel_size", "model.pool", "model.norm", "model.cell"),
    *("model.hidden_size", "model.num_layers", "model.spectral_radius", "model.bottleneck"),
    *("model.tied", "model.conv", "train.optimizer", "train.lr", "train.batch_size"),
    *("train.momentum", "train.loss", "train.l1", "train.l2", "train.clip_grad"),
    *("train.code_l2", "train.code_l1", "train.input_noise", "train.stop_acc", "train.stop_loss"),
}
# The pages whose sequences are capped so that sequences × T stays in one evaluation.
SEQUENCE_PAGES = {"rnn", "rnn_grad", "rnn_inside"}


RANGED = (
    "slider",
    "number_input",
    "selectbox",
    "radio",
    "select_slider",
    "multiselect",
    "pills",
    "segmented_control",
)


def _bound_widgets(at, kinds: tuple[str, ...] = RANGED) -> list[tuple[str, str, object]]:
    """(page key, config path, widget) of each widget keyed ``{page}.{section}.{field}``."""
    out = []
    for kind in kinds:
        for w in getattr(at, kind):
            m = BOUND.match(str(getattr(w, "key", None) or ""))
            if m is None:
                continue
            try:
                schema.spec(m["path"])
            except KeyError:
                continue  # not a config field (e.g. a page's own "train.something")
            out.append((m["page"], m["path"], w))
    return out


def _caps(at, page: str, path: str) -> Limits:
    caps = PAGE_CAPS.get(page, LIMITS)
    if page in SEQUENCE_PAGES and path == "data.n_points":
        T = int(at.session_state[f"{page}.data.seq_len"])
        n = max(100, min(caps.max_points, rnn_widgets.MAX_CELLS // max(T, 1)))
        caps = replace(caps, max_points=n)
    return caps


def check(at) -> list[str]:
    """What each bound widget offers beyond (or short of) its schema: a list of mismatches."""
    bad = []
    for page, path, w in _bound_widgets(at):
        sp = schema.spec(path, _caps(at, page, path))
        where, key = f"{page}: {w.type} {path}", f"{page}.{path}"
        if w.type in ("slider", "number_input"):
            if (w.min, w.max) != (sp.lo, sp.hi):
                bad.append(f"{where} range {w.min}…{w.max}, schema {sp.lo}…{sp.hi}")
            if sp.step is not None and w.step != pytest.approx(sp.step):
                bad.append(f"{where} step {w.step}, schema {sp.step}")
        elif w.type == "select_slider":  # stops of a numeric field: all inside its range
            stops = [float(o) for o in w.options]
            if not stops or min(stops) < sp.lo or max(stops) > sp.hi:
                bad.append(f"{where} stops {w.options} outside {sp.lo}…{sp.hi}")
        else:
            assert sp.choices is not None or path == "data.corpus", path
            if sp.choices is None:
                continue  # a field whose schema names no choices: the page's own list
            shown = {w.format_func(c): c for c in (*sp.choices, *PAGE_CHOICES.get(key, ()))}
            strays = [o for o in w.options if o not in shown]
            if strays or not w.options:
                bad.append(f"{where} options {strays or w.options} not among {sp.choices}")
    return bad


def _help_rx(key: str, lang: str) -> re.Pattern:
    """The translated help ``key`` as a pattern: its ``{lo}`` / ``{hi}`` / ``{n}`` any number."""
    text = i18n.CATALOG[key][0 if lang == "zh" else 1]
    parts = re.split(r"\{(?:lo|hi|n)\}", text)
    return re.compile(r"[\d.e+-]+".join(re.escape(p) for p in parts))


def help_check(at, lang: str) -> list[str]:
    """Each config-bound widget (and width box) whose help is not its field's, in ``lang``."""
    bad = []
    found = [
        (w.key, path, w) for _page, path, w in _bound_widgets(at, (*RANGED, "checkbox", "toggle"))
    ]
    found += [(w.key, WIDTH_BOXES[w.key], w) for w in at.text_input if w.key in WIDTH_BOXES]
    for key, path, w in found:
        want = HELP_OVERRIDES.get(key, schema.spec(path).help_key)
        shown = getattr(w, "help", None) or w.proto.help
        if not _help_rx(want, lang).fullmatch(shown or ""):
            bad.append(f"{key}: help {shown!r}, not {want!r} ({lang})")
        if path not in FIELDS_WITH_WIDGETS:
            bad.append(f"{key}: {path} has a widget but is not in FIELDS_WITH_WIDGETS")
    return bad


@pytest.mark.parametrize("path", sorted(FIELDS_WITH_WIDGETS))
def test_every_field_with_a_widget_has_its_help_in_both_languages(path):
    key = schema.spec(path).help_key
    assert key == f"help.{path}" and i18n.has(key), key
    zh, en = i18n.CATALOG[key]
    assert re.search(r"[\u4e00-\u9fff]", zh), (key, zh)  # Chinese
    assert en.strip() and not re.search(r"[\u4e00-\u9fff]", en), (key, en)


def test_no_help_key_names_a_field_without_a_widget():
    keys = {k for k in i18n.CATALOG if k.startswith("help.")}
    assert keys == {f"help.{p}" for p in FIELDS_WITH_WIDGETS}


def test_the_training_pages_bind_their_widgets():
    """The walk above sees the widgets it should (so it cannot pass on a page it misses)."""
    at = app_test("pages/ff.py")
    seen = {path for _page, path, _w in _bound_widgets(at)}
    assert {"data.n_points", "data.noise", "train.batch_size", "model.activation"} <= seen
    assert {"train.lr", "train.l1", "train.l2", "model.dropout", "train.loss"} <= seen


def test_the_known_drifts_are_gone():
    """clip_grad reaches the config's 1e3 on the RNN page; an MLP layer the cap's 256."""
    at = app_test("pages/rnn.py")
    assert at.number_input(key="rnn.train.clip_grad").max == 1e3
    at = app_test("pages/ff.py")
    width = at.number_input(key="ff.width.0")
    assert width.max == LIMITS.max_width == schema.spec("model.hidden").hi


def test_a_mismatch_is_reported():
    """The check fails on a widget that declares a range of its own."""
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        import streamlit as st

        st.slider("noise", 0.0, 0.3, step=0.05, key="x.data.noise")
        st.selectbox("act", ["relu", "swish_of_my_own"], key="x.model.activation")
        st.slider("lr", 0.0, 1.0, key="x.train.lr", help="a page's own help")

    at = AppTest.from_function(script).run()
    bad = check(at)
    assert any("data.noise range" in b for b in bad), bad
    assert any("model.activation options" in b for b in bad), bad
    bad = help_check(at, "en")
    assert any("x.train.lr: help" in b and "help.train.lr" in b for b in bad), bad
    assert any("x.data.noise: help" in b for b in bad), bad  # no help at all


def test_spec_caps_and_steps():
    assert schema.spec("model.hidden").hi == min(512, LIMITS.max_width)
    assert schema.spec("model.hidden").n_max == LIMITS.max_layers
    assert schema.spec("train.clip_grad").hi == 1e3
    tight = replace(LIMITS, max_batch=64)
    assert schema.spec("train.batch_size", tight).hi == 64
    assert schema.spec("model.kernel_size").step == 1
    assert "relu" in schema.spec("model.activation").choices
    sp = schema.spec("model.channels")
    assert schema.parse_widths("8, 16", sp) == (8, 16)
    assert schema.parse_widths("8，16", sp) == (8, 16)  # a Chinese comma
    assert schema.parse_widths("8, x", sp) is None
    assert schema.parse_widths(f"{sp.hi + 1}", sp) is None
    assert schema.parse_widths("", sp, n_min=1) is None
    assert schema.spec("data.noise").fit(9.0) == schema.spec("data.noise").hi
    assert schema.spec("model.activation").fit("nope") == "tanh"


def test_an_uploaded_csv_is_offered_and_picked():
    """/ff's data set box offers the CSV once uploaded (not a registry name) and keeps it."""
    rows = "".join(f"{x},{y},{int(x * y > 0)}\n" for x in (-3, -1, 1, 3) for y in (-2, 2))
    at = app_test("pages/ff.py")
    at.session_state["ff._csv"] = ("x1,x2,label\n" + rows).encode()  # as the uploader leaves it
    at.run()
    at.selectbox(key="ff.data.name").set_value("custom").run()
    assert not at.exception, [e.value for e in at.exception]
    box = at.selectbox(key="ff.data.name")
    assert box.value == "custom" and len(box.options) == len(W_DATA) + 1
    assert check(at) == []
