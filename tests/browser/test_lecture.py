"""Browser: lecture mode is a path — Next through every step (one history entry each), back
with the browser's Back."""

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


def test_a_step_url_opens_that_step_on_a_cold_server(browser):
    port = free_port()
    proc = start_server(port)
    try:
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        pg = ctx.new_page()
        step = next(i for i, s in enumerate(lecture.steps()) if s.page == "pages/ff.py") + 2
        url_path = lecture.steps()[step - 1].url_path
        pg.goto(f"http://127.0.0.1:{port}/{url_path}?lang=en&lecture={step}")
        wait_idle(pg, timeout=90_000)
        assert _step(pg) == step
        no_exception(pg)
        assert pg.locator('[role="dialog"]').count() == 0  # no "Page not found"
        ctx.close()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
