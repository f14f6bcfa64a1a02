"""Browser: the autoencoder trains while Play runs and its reconstructions change."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import metric_value, no_exception, wait_idle

pytestmark = pytest.mark.browser


def _steps(pg) -> int:
    txt = metric_value(pg, index=0, timeout=5_000)
    return int(txt.strip() or 0)


def _close_dialog(pg) -> None:
    """A cold server sometimes greets the first deep link with "Page not found" (Streamlit)."""
    if pg.locator('[role="dialog"]').count():
        pg.keyboard.press("Escape")
        pg.locator('[role="dialog"]').wait_for(state="detached", timeout=5_000)


def _recon(pg) -> str:
    """The reconstruction figure's data as drawn by Plotly in the browser (JSON), read
    with retries: the chart may be re-rendered under us."""
    js = """() => { const el = document.querySelector('.dlp-plot[data-key="ae.fig_recon"]');
        return el && el.data ? JSON.stringify(el.data.map(t => [t.z, t.source])) : null; }"""
    for _ in range(40):
        got = pg.evaluate(js)
        if got:
            return got
        pg.wait_for_timeout(250)
    raise AssertionError("reconstruction figure not found")


def test_play_trains_and_reconstructions_change(server, page):
    recon = page.locator('.dlp-plot[data-key="ae.fig_recon"].js-plotly-plot')
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
    before = _recon(page)
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
    after = _recon(page)
    assert after != before
    assert page.js_errors == [], page.js_errors


def _png(draw_digit: bool) -> bytes:
    import io

    from PIL import Image, ImageDraw

    img = Image.new("L", (64, 64), 0)
    if draw_digit:  # a thick "1"
        ImageDraw.Draw(img).line([(32, 8), (32, 56)], fill=255, width=8)
    else:  # a checkerboard: nothing like a digit
        for y in range(0, 64, 8):
            for x in range(0, 64, 8):
                if (x + y) // 8 % 2:
                    ImageDraw.Draw(img).rectangle([x, y, x + 7, y + 7], fill=255)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_anomaly_upload_scores_an_image_and_refuses_a_non_image(server, page):
    """The user's own image gets an anomaly score through the CNN chapter's validated
    upload path; a file that is not an image is refused with a reason."""
    page.goto(f"{server}/ae_pca?lang=en")
    wait_idle(page, timeout=60_000)
    _close_dialog(page)
    steps = page.locator(".st-key-aepca-steps").get_by_role("combobox")  # the shortest runs
    steps.fill("300")  # typed, then chosen from the filtered list (keys: no popover to reach)
    steps.press("ArrowDown")
    steps.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.st-key-aepca-steps input').value === '300'"
    )
    wait_idle(page)
    page.get_by_role("button", name="Train the four models").click()
    wait_idle(page, timeout=120_000)
    upload = page.locator(".st-key-aepca-upload input[type=file]")
    upload.wait_for(state="attached", timeout=60_000)
    upload.set_input_files(
        files=[{"name": "board.png", "mimeType": "image/png", "buffer": _png(False)}]
    )
    score = page.locator('[data-testid="stMetric"]').filter(has_text="Your image's anomaly score")
    score.wait_for(timeout=60_000)
    assert "anomaly" in score.inner_text() or "normal" in score.inner_text()
    no_exception(page)
    upload.set_input_files(
        files=[{"name": "fake.png", "mimeType": "image/png", "buffer": b"PK\x03\x04 not a png"}]
    )
    page.get_by_text("This is not an image we can read").wait_for(timeout=60_000)
    no_exception(page)
    assert page.js_errors == [], page.js_errors
