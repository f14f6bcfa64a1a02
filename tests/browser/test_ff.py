"""Browser: the feedforward page's CSV upload (its playing is in tests/browser/test_live.py)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import no_exception, wait_idle

pytestmark = pytest.mark.browser


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
    assert "d.name=" not in page.url  # the current data (the page's default) stays
    drop.set_input_files(str(good))
    wait_idle(page)
    ok = page.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
    assert "Loaded 8 points" in ok
    page.wait_for_timeout(500)
    assert "d.name=custom" in page.url
    no_exception(page)
