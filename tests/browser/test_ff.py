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


def _info(page, attr: str) -> int:
    return int(float(page.locator(".ff-live-info").first.get_attribute(f"data-{attr}") or 0))


def _epoch_metric(page) -> str:
    m = page.locator('[data-testid="stMetric"]').filter(has_text="Epoch")
    return m.locator('[data-testid="stMetricValue"]').inner_text()


def test_play_pause(server, page):
    for _ in range(2):  # a fresh server's very first run lands on Home ("Page not found")
        page.goto(f"{server}/ff?lang=en")
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
    # boundary, network, curves (Plotly's bundle may still be loading on a busy machine)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 3")
    polls = []
    page.on("request", lambda r: polls.append(r.url) if "/_dlp/live?" in r.url else None)
    page.get_by_role("button", name="Play").click()
    seen = []
    for _ in range(80):  # up to 20 s on a loaded machine; usually a few seconds
        page.wait_for_timeout(250)
        seen.append(_live(page))
        if seen[-1][1] >= 12 and seen[-1][0] > 2:
            break
    epochs = [e for e, _ in seen if e > 0]
    frames = [f for _, f in seen]
    assert len(epochs) >= 2 and epochs[-1] > epochs[0], seen  # the counter rises
    assert frames[-1] >= 12, seen  # the boundary was redrawn many times
    # The updates came over the live channel (pages/live_channel.py): the canvas fetched
    # them itself, mounted by one script run, not one Streamlit run per update.
    page.wait_for_timeout(1500)
    msgs, mounts = _info(page, "msgs"), _info(page, "mounts")
    assert msgs >= 4 and mounts <= 2 < msgs, (msgs, mounts)
    assert len(polls) >= msgs - 1, (len(polls), msgs)
    page.get_by_role("button", name="Pause").click()
    wait_idle(page)
    held = _epoch_metric(page)
    assert float(held) > 1.0
    page.wait_for_timeout(1500)
    assert _epoch_metric(page) == held  # paused: nothing moves
    assert page.locator(".js-plotly-plot").count() >= 3
    no_exception(page)
    assert not page.js_errors, page.js_errors


def test_csv_upload_refused_then_accepted(server, page, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2,0\n3,oops,1\n1,1,1\n2,2,0\n")
    good = tmp_path / "good.csv"
    rows = [f"{x},{y},{int(x * y > 0)}" for x in (-3, -1, 1, 3) for y in (-2, 2)]
    good.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    for _ in range(2):
        page.goto(f"{server}/ff?lang=en")
        wait_idle(page)
        if page.get_by_role("button", name="Play").count():
            break
    drop = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
    drop.set_input_files(str(bad))
    wait_idle(page)
    err = page.locator('[data-testid="stAlertContentError"]')
    assert "oops" in err.first.inner_text() and "line 3" in err.first.inner_text()
    assert "d.name=spiral" in page.url  # the current data stays
    drop.set_input_files(str(good))
    wait_idle(page)
    ok = page.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
    assert "Loaded 8 points" in ok
    page.wait_for_timeout(500)
    assert "d.name=custom" in page.url
    no_exception(page)


def test_unreachable_live_route_falls_back_to_the_fragment_loop(server, page):
    """A proxy that answers the live route with its own HTML page (or not at all): after
    three failed polls the canvas hands back to Streamlit, and play goes on by script runs."""
    page.route(
        "**/_dlp/live?*",
        lambda r: r.fulfill(status=200, content_type="text/html", body="<html>proxy</html>"),
    )
    for _ in range(2):
        page.goto(f"{server}/ff?lang=en&d.name=xor")
        wait_idle(page)
        if page.get_by_role("button", name="Play").count():
            break
    page.get_by_role("button", name="Play").click()
    seen = []
    for _ in range(80):
        page.wait_for_timeout(250)
        seen.append(_live(page))
        if seen[-1][0] > 2 and seen[-1][1] >= 8:
            break
    assert seen[-1][0] > 2 and seen[-1][1] >= 8, seen  # it still trains and redraws
    assert _info(page, "mounts") >= 3  # … by fragment runs, one canvas mount each
    page.get_by_role("button", name="Pause").click()
    wait_idle(page)
    no_exception(page)
    assert not page.js_errors, page.js_errors


def test_live_route_refuses_unknown_tokens(server, page):
    """Guessed or hostile tokens get a 404 with no side effect; the server stays healthy."""
    page.goto(f"{server}/?lang=en")  # the route is added by the first script run
    wait_idle(page)
    for tok in ("", "x", "../../etc/passwd", "%00", "'; DROP TABLE", "A" * 5000):
        r = page.request.get(f"{server}/_dlp/live", params={"t": tok})
        assert r.status == 404 and r.json() == {"gone": True}, (tok, r.status)
    assert page.request.get(f"{server}/_dlp/live?stats=1").status == 404  # bench-only
    assert page.request.get(f"{server}/_stcore/health").ok
