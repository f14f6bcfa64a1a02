"""The app shell: every registered page renders in both languages without an exception."""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT, app_test, assert_clean


def registered_pages() -> list[str]:
    """Page files listed in ui/shell.py's PAGES (parsed, not imported)."""
    tree = ast.parse((ROOT / "ui" / "shell.py").read_text())
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and re.fullmatch(r"pages/[a-z0-9_]+\.py", node.value)
        ):
            out.append(node.value)
    return out


def test_pages_exist():
    pages = registered_pages()
    assert "pages/home.py" in pages
    for p in pages:
        assert (ROOT / p).is_file(), p


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", registered_pages())
def test_page_renders(page, lang):
    at = app_test(page, lang=lang)
    assert_clean(at)


def test_lang_from_url_and_bad_lang():
    at = app_test(lang="en")
    assert at.title[0].value == "🧠 DL Playground"
    at = app_test(lang="zh")
    assert "深度学习游乐场" in at.title[0].value
    at = app_test(lang="xx")
    assert any("xx" in w.value for w in at.sidebar.warning)


def test_home_shows_device_and_chapters():
    at = app_test("pages/home.py", lang="en")
    text = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    assert "CPU" in text
    for ch in (
        "A short history",
        "Feedforward networks",
        "Training",
        "Convolutional networks",
        "Recurrent networks",
        "Autoencoders",
    ):
        assert ch in text


def test_seed_from_url():
    at = app_test(lang="en", query={"seed": "42"})
    assert at.session_state["seed"] == 42


def test_readme_lists_every_page_and_url_path():
    readme = (ROOT / "README.md").read_text()
    tree = ast.parse((ROOT / "ui" / "shell.py").read_text())
    node = next(
        n
        for n in tree.body
        if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "PAGES"
    )
    for pages in ast.literal_eval(node.value).values():
        for file, _title, _icon, url_path in pages:
            assert f"]({file})" in readme, file
            if url_path != "home":  # the default page lives at /
                assert f"`/{url_path}`" in readme, url_path
