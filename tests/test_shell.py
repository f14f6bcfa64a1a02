"""The app shell: the registered pages (each rendered in both languages by
tests/test_every_page.py), the language and seed from the URL, the home page."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT, app_test


def page_rows() -> list[tuple[str, str, str, str]]:
    """ui/shell.py's PAGES rows (file, title key, icon, url path), parsed, not imported."""
    tree = ast.parse((ROOT / "ui" / "shell.py").read_text())
    return [
        tuple(e.value for e in node.elts)
        for node in ast.walk(tree)
        if isinstance(node, ast.Tuple)
        and len(node.elts) == 4
        and all(isinstance(e, ast.Constant) for e in node.elts)
        and re.fullmatch(r"pages/[a-z0-9_]+\.py", str(node.elts[0].value))
    ]


def registered_pages() -> list[str]:
    """Page files listed in ui/shell.py's PAGES, in the navigation's order."""
    return [row[0] for row in page_rows()]


def test_pages_exist():
    pages = registered_pages()
    assert "pages/home.py" in pages
    for p in pages:
        assert (ROOT / p).is_file(), p


def test_every_url_path_is_its_files_stem():
    """What tests/conftest.py's ``app_test`` relies on to open a page in one run."""
    rows = page_rows()
    assert rows and all(r[3] == r[0].removeprefix("pages/").removesuffix(".py") for r in rows)


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
