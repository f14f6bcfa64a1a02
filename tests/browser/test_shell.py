"""Browser: Home loads, the language switches, every page opens from the sidebar."""

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
    from tests.test_shell import registered_pages

    n = _nav_links(page).count()
    # st.navigation hides the menu when there is a single page
    assert n == len(registered_pages()) or (n == 0 and len(registered_pages()) == 1)
    for i in range(n):
        link = _nav_links(page).nth(i)
        link.click()
        wait_idle(page, timeout=60_000)
        no_exception(page)
    assert page.js_errors == [], page.js_errors
