"""Bilingual catalogue complete; pages show no literal text; dlcore never imports streamlit."""

from __future__ import annotations

import ast
import re
import string

import pytest

from dlcore import i18n
from tests.conftest import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_key_has_both_languages():
    assert len(i18n.CATALOG) > 50
    for key, (zh, en) in i18n.CATALOG.items():
        assert zh.strip() and en.strip(), key
        # the English side is not Chinese, and placeholders match
        if key != "shell.lang.zh":  # the name of the language stays in its own script
            assert not CJK.search(en), f"{key}: Chinese in the English text"
        fz = {f[1] for f in string.Formatter().parse(zh) if f[1]}
        fe = {f[1] for f in string.Formatter().parse(en) if f[1]}
        assert fz == fe, f"{key}: placeholders differ {fz} vs {fe}"


def test_t_formats_and_marks_missing():
    assert i18n.t("ff.loss_in_use", "en", loss="MSE", out="tanh") == "In use: MSE, output tanh"
    assert i18n.t("no.such.key", "en") == "[no.such.key]"
    assert i18n.normalize_lang("en-US") == "en" and i18n.normalize_lang("zh-CN") == "zh"
    assert i18n.normalize_lang(None) == i18n.DEFAULT_LANG


def _py_files(folder: str):
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _py_files("dlcore"), ids=lambda p: str(p.relative_to(ROOT)))
def test_dlcore_never_imports_streamlit(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "streamlit" for a in node.names), path
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] != "streamlit", path


# Streamlit calls whose string arguments reach the user.
DISPLAY = {
    "write",
    "markdown",
    "header",
    "subheader",
    "title",
    "caption",
    "text",
    "button",
    "slider",
    "select_slider",
    "selectbox",
    "radio",
    "checkbox",
    "toggle",
    "number_input",
    "text_input",
    "text_area",
    "info",
    "warning",
    "error",
    "success",
    "toast",
    "metric",
    "expander",
    "tabs",
    "download_button",
    "file_uploader",
    "multiselect",
    "segmented_control",
    "pills",
    "popover",
    "page_link",
    "link_button",
    "form_submit_button",
    "status",
    "spinner",
    "color_picker",
}
TEXT_KWARGS = {"label", "help", "placeholder", "body", "caption"}


def _is_literal_text(node: ast.AST) -> str | None:
    """A string constant with letters in it (symbols, numbers and LaTeX-only are fine)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        s = node.value
        if re.search(r"[A-Za-z]{2,}", s) or CJK.search(s):
            return s
    if isinstance(node, ast.JoinedStr):
        for v in node.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                if re.search(r"[A-Za-z]{3,}", v.value) or CJK.search(v.value):
                    return v.value
    if isinstance(node, ast.List | ast.Tuple):
        for elt in node.elts:
            found = _is_literal_text(elt)
            if found:
                return found
    return None


def page_literals(path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in DISPLAY:
            continue
        positional = list(node.args)
        if any(k.arg == "format_func" for k in node.keywords):
            positional = positional[:1]  # options are values shown through format_func
        args = positional + [k.value for k in node.keywords if k.arg in TEXT_KWARGS]
        for a in args:
            s = _is_literal_text(a)
            if s:
                found.append((node.lineno, s))
    return found


@pytest.mark.parametrize(
    "path", [*_py_files("pages"), ROOT / "app.py", *_py_files("ui")], ids=lambda p: p.name
)
def test_pages_show_no_literal_text(path):
    assert page_literals(path) == [], "user-visible literals must go through t(key)"


def test_literal_scanner_catches_literals(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        'import streamlit as st\nst.button("Click me")\nst.sidebar.markdown(f"Loss is {1}")\n'
        'st.latex(r"\\sigma(z)")\nst.write("→ 3")\n'
        'st.radio(t("k"), ["max", "avg"], format_func=str)\nst.radio(t("k"), ["max", "avg"])\n'
    )
    assert [ln for ln, _ in page_literals(bad)] == [2, 3, 7]


def _keys_used(path) -> set[str]:
    keys = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "t"
        ):
            if (
                node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.add(node.args[0].value)
    return keys


@pytest.mark.parametrize(
    "path", [*_py_files("pages"), ROOT / "app.py", *_py_files("ui")], ids=lambda p: p.name
)
def test_keys_used_by_pages_exist(path):
    missing = sorted(k for k in _keys_used(path) if not i18n.has(k))
    assert missing == []
