"""Training chapter in a real browser: Play on gradient flow trains; a click sets the GD start."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import metric_value, no_exception, wait_idle

pytestmark = pytest.mark.browser


def _open(pg, url: str) -> None:
    """Go to a page; dismiss the "Page not found" notice a cold server sometimes shows."""
    pg.goto(url)
    wait_idle(pg, 60_000)
    if pg.locator('[role="dialog"]').count():  # it may have run the home page instead
        pg.keyboard.press("Escape")
        pg.locator('[role="dialog"]').wait_for(state="detached", timeout=5_000)
        pg.goto(url)
        wait_idle(pg, 60_000)


def steps(pg) -> int:
    text = metric_value(pg, "Steps")
    return int(re.sub(r"\D", "", text) or 0)


def test_gradient_flow_play_raises_the_step_counter(server, page):
    _open(page, f"{server}/gradflow?lang=en")
    assert steps(page) == 0
    page.get_by_role("button", name="▶ Play").click()
    deadline = time.time() + 15
    n = 0
    while time.time() < deadline:
        page.wait_for_timeout(500)
        try:
            n = steps(page)
        except Exception:  # the fragment is redrawing
            continue
        if n > 50:
            break
    assert n > 50, n
    page.get_by_role("button", name="⏸ Pause").click()
    wait_idle(page)
    no_exception(page)
    assert not page.js_errors


def test_click_on_the_contour_plot_sets_the_start(server, page):
    _open(page, f"{server}/gd?lang=en")
    from playwright.sync_api import expect

    x0 = page.locator(".st-key-gd-x0 input")
    # the number input may show its minimum for a moment before its value arrives
    expect(x0).to_have_value("-2.500", timeout=10_000)
    plot = page.locator(".st-key-gd-fig .nsewdrag").first
    box = plot.bounding_box()
    # a point right of the centre: w₁ > 0 on the (−3, 3) axis
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.3)
    page.wait_for_timeout(500)
    wait_idle(page)
    for _ in range(20):  # the new start arrives with the rerun the click triggered
        if float(x0.input_value()) > 0.5:
            break
        page.wait_for_timeout(250)
    assert float(x0.input_value()) > 0.5
    no_exception(page)
