"""Browser: the autoencoder trains while Play runs and its reconstructions change."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import no_exception, wait_idle

pytestmark = pytest.mark.browser


def _steps(pg) -> int:
    txt = pg.locator('[data-testid="stMetricValue"]').first.inner_text(timeout=5_000)
    return int(txt.strip() or 0)


def _close_dialog(pg) -> None:
    """A cold server sometimes greets the first deep link with "Page not found" (Streamlit)."""
    if pg.locator('[role="dialog"]').count():
        pg.keyboard.press("Escape")
        pg.locator('[role="dialog"]').wait_for(state="detached", timeout=5_000)


def _shot(loc) -> bytes:
    """A screenshot of an element that may be re-rendered under us (retry on detach)."""
    for attempt in range(5):
        try:
            return loc.screenshot(timeout=10_000)
        except Exception:  # noqa: BLE001 - detached mid-shot: take it again
            if attempt == 4:
                raise
            loc.page.wait_for_timeout(500)
    raise AssertionError("unreachable")


def test_play_trains_and_reconstructions_change(server, page):
    recon = page.locator(".st-key-ae-fig_recon[data-stale=false]")
    for attempt in range(2):  # a cold server may answer the first deep link with Home
        page.goto(f"{server}/ae?lang=en")
        wait_idle(page, timeout=60_000)
        _close_dialog(page)
        try:
            recon.wait_for(timeout=30_000)
            break
        except Exception:  # noqa: BLE001 - retried once, then the assertion below fails
            if attempt:
                raise
    no_exception(page)
    before = _shot(recon)
    assert _steps(page) == 0
    page.get_by_role("button", name="▶ Play").click()
    deadline = time.time() + 25
    steps = 0
    while time.time() < deadline:
        try:
            steps = _steps(page)
        except Exception:  # noqa: BLE001 - the metric re-renders while playing
            steps = 0
        if steps >= 60:
            break
        page.wait_for_timeout(300)
    assert steps >= 60, steps
    page.get_by_role("button", name="⏸ Pause").click()
    wait_idle(page, timeout=30_000)
    no_exception(page)
    after = _shot(recon)
    assert after != before
    assert page.js_errors == [], page.js_errors
