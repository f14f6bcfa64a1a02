"""Browser: Play trains the CNN on digits and the test accuracy rises."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import no_exception, wait_idle

pytestmark = pytest.mark.browser


def _test_acc(pg) -> float:
    """The 'Test accuracy' metric of the live view (its 4th metric) as a fraction."""
    # the live view mounts after the script's run: on a loaded CI worker that can take a while
    txt = pg.locator('.dlp-live[data-part="main"] .dlp-mv').nth(3).inner_text(timeout=60_000)
    return float(txt.strip().rstrip("%")) / 100


def _close_dialog(pg) -> None:
    """A cold server sometimes greets the first deep link with "Page not found" (Streamlit)."""
    if pg.locator('[role="dialog"]').count():
        pg.keyboard.press("Escape")
        pg.locator('[role="dialog"]').wait_for(state="detached", timeout=5_000)


def test_play_trains_cnn_and_accuracy_rises(server, page):
    page.goto(f"{server}/cnn?lang=en")
    wait_idle(page, timeout=60_000)
    _close_dialog(page)
    no_exception(page)
    start = _test_acc(page)
    assert start < 0.5
    page.wait_for_selector('.dlp-live[data-part="main"] .dlp-mv', timeout=60_000)
    play = page.locator('.dlp-live[data-part="main"] .dlp-play')
    play.click()
    deadline = time.time() + 30
    acc = start
    while time.time() < deadline:
        try:
            acc = _test_acc(page)
        except Exception:  # noqa: BLE001 - the metric re-renders while playing
            pass
        if acc >= 0.9:
            break
        page.wait_for_timeout(300)
    # on an idle 2-core machine it passes 90 % in a few seconds; under load it still rises
    assert acc > start + 0.25, (start, acc)
    play.click()  # pause
    page.wait_for_timeout(500)
    wait_idle(page, timeout=30_000)
    no_exception(page)
    assert page.js_errors == [], page.js_errors
