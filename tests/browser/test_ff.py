"""Browser: Play → the epoch counter rises and the boundary redraws → Pause holds it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import no_exception, wait_idle

pytestmark = pytest.mark.browser


def _live(page) -> tuple[float, int]:
    info = page.locator(".ff-live-info")
    if not info.count() or info.first.get_attribute("data-epoch") is None:
        return 0.0, 0
    return float(info.first.get_attribute("data-epoch")), int(
        info.first.get_attribute("data-frames")
    )


def _epoch_metric(page) -> str:
    m = page.locator('[data-testid="stMetric"]').filter(has_text="Epoch")
    return m.locator('[data-testid="stMetricValue"]').inner_text()


def test_play_pause(server, page):
    for _ in range(2):  # a fresh server's very first run lands on Home ("Page not found")
        page.goto(f"{server}/feedforward?lang=en")
        wait_idle(page)
        if page.get_by_role("button", name="Play").count():
            break
        page.keyboard.press("Escape")
    for _ in range(3):  # Streamlit's "Page not found" dialog makes the page inert
        if not page.locator('[role="dialog"]').count():
            break
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
    no_exception(page)
    assert page.locator(".js-plotly-plot").count() >= 3  # boundary, network, curves
    page.get_by_role("button", name="Play").click()
    seen = []
    for _ in range(40):
        page.wait_for_timeout(250)
        seen.append(_live(page))
        if seen[-1][1] >= 12 and seen[-1][0] > 2:
            break
    epochs = [e for e, _ in seen if e > 0]
    frames = [f for _, f in seen]
    assert len(epochs) >= 2 and epochs[-1] > epochs[0], seen  # the counter rises
    assert frames[-1] >= 12, seen  # the boundary was redrawn many times
    page.get_by_role("button", name="Pause").click()
    wait_idle(page)
    held = _epoch_metric(page)
    assert float(held) > 1.0
    page.wait_for_timeout(1500)
    assert _epoch_metric(page) == held  # paused: nothing moves
    assert page.locator(".js-plotly-plot").count() >= 3
    no_exception(page)
    assert not page.js_errors, page.js_errors
