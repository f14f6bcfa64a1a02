"""Browser: every page that plays, as a lecturer plays it. Play → the numbers move; Pause
ten times in a row, each taken within 300 ms and nothing moving after it; nothing greyed
out while playing; the speed control slows the step counter down; an unreachable route
falls back to Streamlit with a caption."""

from __future__ import annotations

import os
import time

import pytest

from tests.browser.conftest import no_exception, wait_idle

pytestmark = pytest.mark.browser

# (url path, the driver part that holds the controls)
LIVE_PAGES = [
    ("ff", "controls"),
    ("cnn", "main"),
    ("gradflow", "main"),
    ("rnn", "main"),
    ("rnn_inside", "main"),
    ("rnn_gradients", "main"),
    ("ae", "main"),
    ("ae_pca", "main"),
    ("neuron", "pc"),
    ("conv", "hand"),
    ("gan", "main"),
]
# what a page needs in its URL to play through the whole test (XOR: the perceptron never converges)
QUERY = {"neuron": "&pc=xor"}
PAUSES = int(os.environ.get("DLP_PAUSES", "10"))  # on /ff, the page a lecturer plays most
OTHER_PAUSES = int(os.environ.get("DLP_OTHER_PAUSES", "5"))  # on every other live page
FADE_S = float(os.environ.get("DLP_FADE_S", "1"))  # the first Play runs this long
DRIVER = '.dlp-live[data-part="{part}"]'
PLAY = DRIVER + " .dlp-play"

MIN_OPACITY = """() => {
  let m = 1;
  // what Streamlit greys while a run is in flight, and every box of the live view
  // (not the insides of a figure, whose traces may be translucent by design)
  const els = document.querySelectorAll('[data-testid="stElementContainer"], .dlp-live, ' +
    '.dlp-body, .dlp-row, .dlp-col, .dlp-metric, .dlp-plot, .dlp-map, .dlp-mapinfo, .dlp-bar');
  for (const e of els) {
    if (!e.getClientRects().length) continue;
    const o = parseFloat(getComputedStyle(e).opacity);
    if (o < m) m = o;
  }
  return m;
}"""


# Nothing fades while playing: the page samples MIN_OPACITY every 100 ms while the driver
# says it plays (its own clock, however busy this process is), through every Play below.
FADE = """([src, sel]) => {
  const f = eval(src), w = window.__dlpFade = {min: 1, n: 0};
  setInterval(() => { const d = document.querySelector(sel);
    if (d && d.getAttribute('data-playing') === '1') { w.min = Math.min(w.min, f()); w.n++; } }, 100);
}"""


# Watches the driver's step counter with the page's own clock (performance.now()): every
# change, and every click on Play / Pause. A Pause is then judged by when the counter last
# moved after the click, as the page saw it, not by when this process got to look (under
# load a round trip to the browser takes longer than the 300 ms being measured).
WATCH = """(sel) => {
  if (window.__dlpWatch) return;
  const read = () => { const e = document.querySelector(sel);
                       return e ? e.getAttribute('data-step') : null; };
  const w = window.__dlpWatch = {changes: [], clicks: [], last: read()};
  new MutationObserver(() => { const s = read();
      if (s !== w.last) { w.last = s; w.changes.push(performance.now()); } })
    .observe(document.body, {subtree: true, childList: true, attributes: true,
                             attributeFilter: ['data-step']});
  document.addEventListener('click', (ev) => {
    if (ev.target.closest && ev.target.closest('.dlp-play')) w.clicks.push(performance.now());
  }, true);
}"""
# how long after a Pause click (page clock) the counter still moved; 0 when it did not
MOVED_AFTER = """() => { const w = window.__dlpWatch, t = w.clicks[w.clicks.length - 1];
  const late = w.changes.filter((c) => c > t); return late.length ? late[late.length - 1] - t : 0; }"""
PAUSE_MS = 300  # the product's promise: Pause is taken within 300 ms
# and nothing moves after it: watched this long after each click (over twice the promise)
HOLD_MS = int(os.environ.get("DLP_HOLD_MS", "700"))


def open_live(page, server: str, path: str, part: str, query: str = "") -> None:
    page.goto(f"{server}/{path}?lang=en{query}")
    wait_idle(page, timeout=90_000)
    page.wait_for_selector(PLAY.format(part=part), timeout=60_000)
    no_exception(page)


def step_of(page, part: str) -> int:
    v = page.locator(DRIVER.format(part=part)).first.get_attribute("data-step")
    return int(v) if v not in (None, "") else -1


def playing(page, part: str) -> bool:
    return page.locator(DRIVER.format(part=part)).first.get_attribute("data-playing") == "1"


def wait_moving(page, part: str, timeout_s: float = 30.0) -> int:
    s0 = step_of(page, part)
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        page.wait_for_timeout(50)
        s = step_of(page, part)
        if s > s0:
            return s
    raise AssertionError(f"the step counter did not move in {timeout_s} s (at {s0})")


@pytest.mark.timed  # times what the page sees: alone on the machine (.ci/tests)
@pytest.mark.parametrize("path,part", LIVE_PAGES, ids=[p for p, _ in LIVE_PAGES])
def test_play_pause_obeys(server, page, path, part):
    open_live(page, server, path, part, QUERY.get(path, ""))
    play = page.locator(PLAY.format(part=part)).first
    page.evaluate(FADE, [MIN_OPACITY, DRIVER.format(part=part)])
    play.click()
    wait_moving(page, part)
    page.wait_for_timeout(int(FADE_S * 1000))  # playing on its own for a while, then Pauses
    assert page.evaluate("document.querySelectorAll('.dlp-live').length") >= 1
    page.evaluate(WATCH, DRIVER.format(part=part))
    moved_ms = []  # per Pause: the counter's last move after the click, page clock
    for i in range(PAUSES if path == "ff" else OTHER_PAUSES):
        if i:
            play.click()
            wait_moving(page, part)
        play.click()  # Pause
        assert not playing(page, part)  # the button says Play at once
        page.wait_for_function(
            f"() => performance.now() >= window.__dlpWatch.clicks.at(-1) + {HOLD_MS}",
            polling=100,
        )
        moved_ms.append(round(page.evaluate(MOVED_AFTER)))
    wait_idle(page)  # the one Streamlit run that shows the paused page
    held = step_of(page, part)
    page.wait_for_timeout(1000)
    print(f"/{path}: the counter moved this long after each Pause (ms): {moved_ms}")
    assert max(moved_ms) <= PAUSE_MS, f"ms the counter still moved after each Pause: {moved_ms}"
    lowest, samples = page.evaluate("[window.__dlpFade.min, window.__dlpFade.n]")
    assert samples >= 5 and lowest >= 0.9, (lowest, samples)  # nothing faded while it played
    assert step_of(page, part) == held and not playing(page, part)
    no_exception(page)
    assert not page.js_errors, page.js_errors


@pytest.mark.timed  # times what the page sees: alone on the machine (.ci/tests)
@pytest.mark.parametrize("path,part", LIVE_PAGES[:1], ids=[p for p, _ in LIVE_PAGES[:1]])
def test_speed_control_slows_the_steps(server, page, path, part):
    open_live(page, server, path, part)
    page.locator(DRIVER.format(part=part) + " select.dlp-speed").select_option("1")
    page.locator(PLAY.format(part=part)).first.click()
    wait_moving(page, part)
    s0 = step_of(page, part)
    page.wait_for_timeout(3000)
    slow = step_of(page, part) - s0
    assert 1 <= slow <= 6, slow  # about one step a second, each one shown
    page.locator(DRIVER.format(part=part) + " select.dlp-speed").select_option("0")
    page.wait_for_timeout(500)
    s1 = step_of(page, part)
    page.wait_for_timeout(3000)
    fast = step_of(page, part) - s1
    assert fast > 10 * slow, (slow, fast)
    page.locator(PLAY.format(part=part)).first.click()
    no_exception(page)


def test_unreachable_route_falls_back_to_streamlit(server, page):
    """A proxy that answers the live route with its own HTML page: the view hands back
    to Streamlit, says so, and the page still plays through script runs."""
    page.route(
        "**/_dlp/live",
        lambda r: r.fulfill(status=200, content_type="text/html", body="<html>proxy</html>"),
    )
    open_live(page, server, "ff", "controls")
    page.locator(PLAY.format(part="controls")).first.click()
    page.wait_for_selector(
        '[data-testid="stCaptionContainer"]:has-text("Playing through Streamlit")'
    )
    btn = page.get_by_role("button", name="Pause")
    btn.wait_for(timeout=30_000)
    epoch = page.locator('[data-testid="stMetric"]').filter(has_text="Epoch").first
    v0 = epoch.locator('[data-testid="stMetricValue"]').inner_text()
    for _ in range(60):
        page.wait_for_timeout(500)
        if epoch.locator('[data-testid="stMetricValue"]').inner_text() != v0:
            break
    assert epoch.locator('[data-testid="stMetricValue"]').inner_text() != v0
    btn.click()
    wait_idle(page)
    no_exception(page)


def test_hostile_requests_get_404_and_the_server_stays_healthy(server, page):
    page.goto(f"{server}/?lang=en")
    wait_idle(page)
    for body in ("", "x", '{"t": "x", "s": "y"}', '{"t": 1}', "[" * 5000, "A" * 50_000):
        r = page.request.post(f"{server}/_dlp/live", data=body)
        assert r.status == 404 and r.body() == b"", body[:20]
    got = page.request.get(f"{server}/_dlp/live")  # not a poll: no JSON, nothing said
    assert got.status in (404, 405) or "text/html" in got.headers.get("content-type", "")
    for _ in range(200):
        page.request.post(f"{server}/_dlp/live", data='{"t": "x", "s": "y"}')
    assert page.request.get(f"{server}/_stcore/health").ok
