"""Browser: Home loads, the language switches, the sidebar lists every page (the layout
check opens each one from it)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import no_exception, wait_idle

pytestmark = pytest.mark.browser


def _nav_links(pg):
    return pg.locator('[data-testid="stSidebarNav"] a')


def test_home_language_and_every_page(server, page):
    page.goto(f"{server}/?lang=zh")
    wait_idle(page)
    page.get_by_role("heading", name="深度学习游乐场").wait_for(timeout=20_000)
    no_exception(page)
    # switch to English in the sidebar
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    wait_idle(page)
    page.get_by_role("heading", name="DL Playground").wait_for(timeout=20_000)
    from tests.browser import layout
    from tests.test_shell import registered_pages

    n = _nav_links(page).count()
    # st.navigation hides the menu when there is a single page
    assert n == len(registered_pages()) or (n == 0 and len(registered_pages()) == 1)
    # every page of the menu, in its order: the layout check (test_layout.py) opens each of
    # them from this menu, in both languages, and fails on an exception or a script error
    hrefs = _nav_links(page).evaluate_all("(ls) => ls.map((l) => new URL(l.href).pathname)")
    assert [h.rsplit("/", 1)[-1] or layout.DEFAULT for h in hrefs] == layout.page_paths()
    _nav_links(page).nth(n - 1).click()  # and one page opened from it here, in English
    wait_idle(page, timeout=60_000)
    no_exception(page)
    assert page.js_errors == [], page.js_errors
