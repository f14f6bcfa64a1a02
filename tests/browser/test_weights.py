"""Browser: /ff paused, a click on an edge of the live network graph, a typed weight
changes the loss; Reset with the same initial weights replays, new ones do not."""

from __future__ import annotations

import pytest

from tests.browser.conftest import metric_value, no_exception, wait_idle

pytestmark = pytest.mark.browser

DRIVER = '.dlp-live[data-part="controls"]'
NET = '.dlp-live[data-part="net"] .dlp-plot'
# where the strongest edge's hover target (the network figure's customdata ["w", …]) is
EDGE_XY = """(sel) => {
  const gd = document.querySelector(sel);
  const t = gd._fullData.find(d => d.customdata && d.customdata.length && d.customdata[0][0] === 'w');
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, r = gd.getBoundingClientRect();
  return {x: r.left + xa._offset + xa.l2p(t.x[0]), y: r.top + ya._offset + ya.l2p(t.y[0]),
          pick: t.customdata[0]};
}"""


def loss(page) -> float:
    return float(metric_value(page, "Train loss"))


def at_step(page) -> int:
    return int(page.locator(DRIVER).get_attribute("data-step") or -1)


def click_until(page, button: str, step: int) -> None:
    """Click a button of the live view's bar; wait until its step counter says ``step``
    (the engine has answered) and the Streamlit run that follows is over."""
    page.locator(f"{DRIVER} {button}").click()
    page.wait_for_function(
        "([sel, n]) => document.querySelector(sel).dataset.step === String(n)",
        arg=[DRIVER, step],
        timeout=30_000,
    )
    wait_idle(page)


def test_edit_a_weight_then_rewind(server, page):
    page.goto(f"{server}/ff?lang=en&d.name=xor")
    wait_idle(page, timeout=90_000)
    page.wait_for_selector(NET + " .main-svg", timeout=60_000)
    no_exception(page)
    loss0 = loss(page)
    epoch = 25  # XOR: 250 training points in batches of 10
    click_until(page, ".dlp-epoch", epoch)
    loss1 = loss(page)
    assert loss1 != loss0
    # a click on the graph's strongest edge names it in the editor
    page.locator(NET).scroll_into_view_if_needed()
    at = page.evaluate(EDGE_XY, NET)
    page.mouse.move(at["x"], at["y"])
    page.mouse.click(at["x"], at["y"])
    wait_idle(page)
    _, layer, i, j = at["pick"]
    cur = page.get_by_text(f"Current value: w{i + 1},{j + 1} =")
    cur.wait_for(timeout=10_000)
    box = page.get_by_label("New value")
    box.fill("1e308")
    box.press("Enter")
    wait_idle(page)
    err = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert "outside the allowed range" in err
    assert loss(page) == loss1  # refused: the model is unchanged
    box.fill("-8")
    box.press("Enter")
    wait_idle(page)
    ok = page.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
    assert "→ -8" in ok
    assert loss(page) != loss1  # the live view shows the edited model at once
    assert page.get_by_text(f"Current value: w{i + 1},{j + 1} = -8").count() == 1
    # Reset · same initial weights: the run replays (the loss at step 0 and after an epoch)
    click_until(page, ".dlp-reset", 0)
    assert loss(page) == loss0
    click_until(page, ".dlp-epoch", epoch)
    assert loss(page) == loss1
    # Reset · new initial weights: another start
    click_until(page, ".dlp-reset-new", 0)
    assert loss(page) != loss0
    no_exception(page)
    assert not page.js_errors, page.js_errors
