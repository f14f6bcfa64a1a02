"""Browser: nothing on any page is cut off (issue 15, point 7).

Every page of the navigation (ui/shell.py), in zh and en at 1400×900 and in presenter
mode (``?present=1``) at 1280×720: no title, label, metric, option, button, formula or
Plotly text is clipped, and no figure is wider than its column (tests/browser/layout.py
says what counts). One server, one browser, one context per viewport; each page is
checked once it has settled (no fixed sleeps).
"""

from __future__ import annotations

import json
import time

import pytest

from tests.browser import layout
from tests.browser.conftest import no_exception

pytestmark = pytest.mark.browser

VIEWS = [  # (id, viewport, query)
    ("zh-1400x900", (1400, 900), "lang=zh"),
    ("en-1400x900", (1400, 900), "lang=en"),
    ("present-en-1280x720", (1280, 720), "lang=en&present=1"),
]


def test_page_list_matches_the_navigation():
    from tests.test_shell import registered_pages

    paths = layout.page_paths()
    assert len(paths) == len(registered_pages()) >= 20 and len(set(paths)) == len(paths)
    assert {"ff", "gan", "cnn", "rnn_inside", "ae_pca"} <= set(paths)


@pytest.mark.parametrize("view", VIEWS, ids=[v[0] for v in VIEWS])
def test_nothing_is_cut_off(server, browser, view):
    name, (w, h), query = view
    ctx = browser.new_context(viewport={"width": w, "height": h}, locale="en-US")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    found: list[str] = []
    t0 = time.monotonic()
    try:
        for path in layout.page_paths():
            pg.goto(f"{server}/{path}?{query}")
            layout.settle(pg)
            no_exception(pg)
            found += [f"/{path}: {json.dumps(p, ensure_ascii=False)}" for p in layout.problems(pg)]
    finally:
        ctx.close()
    print(f"layout check {name}: {len(layout.page_paths())} pages in {time.monotonic() - t0:.1f} s")
    assert not found, f"{len(found)} cut-off texts or too-wide figures ({name}):\n" + "\n".join(
        found
    )
    assert errors == [], errors
