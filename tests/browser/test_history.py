"""Browser: the perceptron's Play advances by itself (the run_every fragment), then pauses."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import metric_value, no_exception, wait_idle

pytestmark = pytest.mark.browser


def _seen(pg) -> int:
    txt = metric_value(pg, "Samples seen")
    return int(re.sub(r"\D", "", txt) or 0)


def test_perceptron_play_advances(server, page):
    # A fresh server serves its very first run at a deep URL as an MPA-v1 page (app.py's
    # st.navigation has not run yet), so open the root once first.
    page.goto(f"{server}/?lang=en")
    wait_idle(page, timeout=60_000)
    page.goto(f"{server}/neuron?lang=en")
    wait_idle(page, timeout=60_000)
    no_exception(page)
    # 40 separable points need ≥ 2 epochs (80 samples): play cannot stop before we look
    page.get_by_role("button", name="▶ Play").click()
    deadline_ms, seen = 20_000, 0
    waited = 0
    while waited < deadline_ms:
        page.wait_for_timeout(500)
        waited += 500
        try:
            seen = _seen(page)
        except Exception:  # the fragment is redrawing: try again
            continue
        if seen >= 12:
            break
    assert seen >= 12, seen
    page.get_by_role("button", name="⏸ Pause").click()
    wait_idle(page)
    a = _seen(page)
    page.wait_for_timeout(1200)
    assert _seen(page) == a  # paused: no more samples
    no_exception(page)
    assert page.js_errors == [], page.js_errors
