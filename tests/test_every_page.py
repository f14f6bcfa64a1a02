"""Every page of the navigation, rendered once per language, with every check a render
allows on it (one AppTest run per page and language, not one per check):

- zh: no exception, no traceback or missing i18n key (tests/conftest.py ``assert_clean``),
  no English word left on the page (tests/test_language.py), every config-bound widget
  offers its schema's range, step and choices with its field's help in zh
  (tests/test_widget_ranges.py);
- en: the same, in en; then the sidebar's language switch to zh on that session: clean, and
  no "default value" warning (a widget given a default and also set through session state).
"""

from __future__ import annotations

import pytest

from tests.conftest import app_test, assert_clean
from tests.test_language import WORD, _english_only_words, _shown
from tests.test_shell import registered_pages
from tests.test_widget_ranges import check, help_check

PAGES = registered_pages()


def _widgets(at, lang: str) -> list[str]:
    return [f"widget: {m}" for m in (*check(at), *help_check(at, lang))]


@pytest.mark.parametrize("page", PAGES)
def test_page_in_zh(page):
    at = app_test(page, lang="zh", timeout=120)
    assert_clean(at)
    english = _english_only_words()
    found = sorted({w for s in _shown(at) for w in WORD.findall(s) if w in english})
    bad = [f"English on the zh page: {found}"] if found else []
    assert bad + _widgets(at, "zh") == [], page


@pytest.mark.parametrize("page", PAGES)
def test_page_in_en_then_switched_to_zh(page):
    at = app_test(page, lang="en", timeout=120)
    assert_clean(at)
    assert _widgets(at, "en") == [], page
    at.session_state["lang"] = "zh"  # the sidebar's switch
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [w.value for w in at.warning if "default value" in w.value]
