"""Browser: lecture mode is a path — Next through every step (one history entry each), back
with the browser's Back; shared links (a step, a deep link) open on a cold server."""

from __future__ import annotations

import re
import subprocess
from urllib.parse import urlparse

import pytest

from dlcore import lecture
from tests.browser.conftest import free_port, no_exception, start_server, wait_idle

pytestmark = pytest.mark.browser

N = len(lecture.steps())
BAR = ".st-key-lecture_bar"


def _step(pg) -> int:
    """The step number the bar shows (waits for the bar)."""
    bar = pg.locator(BAR)
    bar.wait_for(timeout=60_000)
    m = re.search(r"(\d+) / (\d+)", bar.inner_text())
    assert m and int(m.group(2)) == N, bar.inner_text()
    return int(m.group(1))


def _wait_step(pg, n: int) -> None:
    pg.wait_for_function(
        """([sel, n]) => { const b = document.querySelector(sel);
               return b && new RegExp('\\\\b' + n + ' / ').test(b.innerText); }""",
        arg=[BAR, n],
        timeout=60_000,
    )
    wait_idle(pg, timeout=60_000)


def test_next_through_every_step_and_back_one_step_per_press(server, page):
    page.goto(f"{server}/history?lang=zh&hide=share&lecture=1")
    wait_idle(page, timeout=60_000)
    assert _step(page) == 1
    entries = page.evaluate("history.length")
    for n in range(1, N):
        page.locator(BAR).get_by_role("link", name="下一步 ▶").click()
        _wait_step(page, n + 1)
        no_exception(page)
        url = page.url
        assert f"lecture={n + 1}" in url and "lang=zh" in url and "hide=share" in url, url
        assert urlparse(url).path == "/" + lecture.steps()[n].url_path, url  # the step's page
    assert page.locator(BAR).get_by_role("link", name="下一步 ▶").count() == 0  # the last step
    # one history entry per step (a page that added a second one would make Back stay on it)
    assert page.evaluate("history.length") == entries + N - 1
    for n in range(N - 1, N - 4, -1):  # so the browser's Back goes one step per press
        page.go_back()
        _wait_step(page, n)
        assert f"lecture={n}" in page.url, page.url
    page.go_forward()
    _wait_step(page, N - 2)
    assert page.js_errors == [], page.js_errors


def test_shared_links_open_their_page_on_a_cold_server(browser):
    """A fresh server's first visitors arrive at once on shared links: a lecture step's URL
    opens that step; a deep link (/ae_pca, English in a zh-CN browser) opens its page and
    keeps its language when moving on through the sidebar. No "Page not found" dialog."""
    port = free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}"
    ctxs = []
    try:
        step = next(i for i, s in enumerate(lecture.steps()) if s.page == "pages/ff.py") + 2
        url_path = lecture.steps()[step - 1].url_path
        ctxs += [
            browser.new_context(viewport={"width": 1400, "height": 900}),
            browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN"),
        ]
        step_pg, deep_pg = (c.new_page() for c in ctxs)
        # both page loads before either is waited for: the two sessions start together
        step_pg.goto(f"{base}/{url_path}?lang=en&lecture={step}", wait_until="commit")
        deep_pg.goto(f"{base}/ae_pca?lang=en", wait_until="commit")
        for pg in (step_pg, deep_pg):
            wait_idle(pg, timeout=90_000)
        assert _step(step_pg) == step
        deep_pg.wait_for_timeout(1000)
        for pg in (step_pg, deep_pg):
            no_exception(pg)
            assert pg.locator('[role="dialog"]').count() == 0  # no "Page not found"
        deep_pg.locator("h1", has_text="PCA").first.wait_for(timeout=60_000)
        deep_pg.locator('[data-testid="stSidebarNav"] a[href$="/gd"]').click()
        wait_idle(deep_pg, timeout=60_000)
        assert deep_pg.locator("h1").first.inner_text() == "Gradient descent you can watch"
    finally:
        for c in ctxs:
            c.close()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
