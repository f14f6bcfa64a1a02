"""Browser (issue 18): a config holding a 5 000-digit integer, uploaded on /ff through the
page's config uploader, is refused in the page's language and the page keeps working."""

from __future__ import annotations

import pytest

from dlcore.i18n import t
from tests.browser.conftest import no_exception, wait_idle

pytestmark = pytest.mark.browser

BAD = ('{"version": 1, "seed": ' + "9" * 5000 + ', "train": {"lr": 0.1}}').encode()


def _open(page, url: str) -> None:
    for _ in range(2):  # a fresh server's very first run may land on Home
        page.goto(url)
        wait_idle(page, timeout=60_000)
        if (
            page.get_by_role("button", name="▶").count()
            or page.locator(".st-key-ff-up_cfg").count()
        ):
            break
    for _ in range(3):  # Streamlit's "Page not found" dialog makes the page inert
        if not page.locator('[role="dialog"]').count():
            break
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_5000_digit_config_refused_and_page_keeps_working(server, page, lang):
    _open(page, f"{server}/ff?lang={lang}&t.lr=0.1")
    no_exception(page)
    page.get_by_text(t("share.title", lang)).first.click()  # open the expander
    upload = page.locator('.st-key-ff-up_cfg input[type="file"]')
    upload.wait_for(state="attached", timeout=30_000)
    upload.set_input_files(
        files=[{"name": "bad.json", "mimeType": "application/json", "buffer": BAD}]
    )
    wait_idle(page, timeout=60_000)
    want = t("config.error.number", lang, detail="a number of 5000 characters", limit=100)
    err = page.locator('[data-testid="stAlertContentError"]').filter(has_text=want[:12])
    err.first.wait_for(timeout=30_000)
    assert err.first.inner_text().strip() == want
    no_exception(page)
    assert "t.lr=0.1" in page.url  # the current experiment stays
    # the page keeps working: a setting still changes the experiment
    page.get_by_role("button", name=t("train.step", lang)).first.click()
    wait_idle(page, timeout=60_000)
    no_exception(page)
    assert page.locator(".js-plotly-plot").count() >= 3
    assert not page.js_errors, page.js_errors
