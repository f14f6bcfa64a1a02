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


def test_cold_server_deep_link_has_no_page_not_found(browser):
    """A fresh server's first visitor arrives on a shared deep link (no dialog, right
    page, language kept while moving on through the sidebar)."""
    import subprocess

    from tests.browser.conftest import free_port, start_server

    port = free_port()
    proc = start_server(port)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        pg = ctx.new_page()
        pg.goto(f"http://127.0.0.1:{port}/ae_pca?lang=en")
        wait_idle(pg, timeout=60_000)
        pg.wait_for_timeout(1000)
        assert pg.locator('[role="dialog"]').count() == 0
        assert "PCA" in pg.locator("h1").first.inner_text()
        no_exception(pg)
        pg.locator('[data-testid="stSidebarNav"] a[href$="/gd"]').click()
        wait_idle(pg, timeout=60_000)
        assert pg.locator("h1").first.inner_text() == "Gradient descent you can watch"
    finally:
        ctx.close()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
