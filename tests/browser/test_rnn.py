"""RNN chapter in a real browser: an LSTM trains live for a few seconds and its loss falls."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import metric_value, no_exception, wait_idle

pytestmark = pytest.mark.browser


def _metric(page, index: int) -> float:
    text = metric_value(page, index=index)
    m = re.search(r"[-+]?\d*\.?\d+(?:e[-+]?\d+)?", text.replace(",", ""))
    return float(m.group()) if m else float("nan")


def test_lstm_trains_live_and_loss_falls(server, page):
    page.goto(f"{server}/rnn?lang=en&d.name=sine&d.n_points=300&d.seq_len=20&t.lr=0.02")
    wait_idle(page, 60_000)
    no_exception(page)
    page.wait_for_selector(".dlp-live .dlp-metric", timeout=60_000)  # the live view is up
    loss0 = _metric(page, 1)  # train loss before training
    page.get_by_role("button", name=re.compile("Play")).click()
    deadline = time.time() + 25
    steps = loss = 0.0
    while time.time() < deadline:  # while playing, poll the metrics (never wait for idle)
        page.wait_for_timeout(700)
        try:
            steps, loss = _metric(page, 0), _metric(page, 1)
        except Exception:  # noqa: BLE001 — the fragment may be redrawing
            continue
        if steps >= 100 and loss < loss0 * 0.5:
            break
    page.get_by_role("button", name=re.compile("Pause")).click()
    assert steps >= 100, steps
    assert loss < loss0 * 0.5, (loss0, loss)
    no_exception(page)


def test_non_utf8_text_is_refused_with_a_reason(server, page):
    page.goto(f"{server}/rnn?lang=en&d.name=chars&d.n_points=200")
    wait_idle(page, 60_000)
    page.get_by_role("heading").first.wait_for(timeout=30_000)
    wait_idle(page, 60_000)
    upload = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
    refused = page.get_by_text("The text is not UTF-8; refused.")
    for attempt in range(2):  # an upload during a rerun of a busy server may be dropped
        upload.set_input_files(
            files=[{"name": "bad.txt", "mimeType": "text/plain", "buffer": b"\xff\xfe\x00\x81bad"}]
        )
        try:
            refused.wait_for(timeout=30_000)
            break
        except Exception:  # noqa: BLE001 - retried once, then the assertion below fails
            if attempt:
                page.screenshot(path="/tmp/rnn_upload_failure.png")
                raise
    no_exception(page)
