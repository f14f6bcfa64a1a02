"""Browser: nothing on any page is cut off (issue 15, point 7).

Every page of the navigation (ui/shell.py), in zh and en at 1400×900 and in presenter
mode (``?present=1``) at 1280×720, and the training pages in presenter mode at 1024×768:
no title, label, metric, option, button, formula or Plotly text is clipped, and no
figure is wider than its column (tests/browser/layout.py says what counts). In presenter
mode a training page's first screen shows its live figure and the Play and speed
controls, and nothing is zoomed. One server, one browser, one context (and session)
per viewport, moving through the navigation; each page is checked once it has settled
(no fixed sleeps).
"""

from __future__ import annotations

import json
import time

import pytest

from tests.browser import layout
from tests.browser.conftest import no_exception

pytestmark = pytest.mark.browser

VIEWS = [  # (id, viewport, query, pages: None = every page)
    ("zh-1400x900", (1400, 900), "lang=zh", None),
    ("en-1400x900", (1400, 900), "lang=en", None),
    ("present-en-1280x720", (1280, 720), "lang=en&present=1", None),
    ("present-zh-1024x768", (1024, 768), "lang=zh&present=1", "training"),
]
# the pages with a live view: in presenter mode their first screen shows it
TRAINING = ("ff", "gradflow", "cnn", "rnn", "rnn_inside", "rnn_gradients", "ae", "ae_pca",
            "neuron", "conv", "gan")  # fmt: skip


def test_page_list_matches_the_navigation():
    from tests.test_shell import registered_pages

    paths = layout.page_paths()
    assert len(paths) == len(registered_pages()) >= 20 and len(set(paths)) == len(paths)
    assert set(TRAINING) <= set(paths)


@pytest.mark.timeout(900)  # 21 pages in one test: on a crowded machine above the default 300 s
@pytest.mark.parametrize("view", VIEWS, ids=[v[0] for v in VIEWS])
def test_nothing_is_cut_off(server, browser, view):
    name, (w, h), query, which = view
    paths = list(TRAINING) if which == "training" else layout.page_paths()
    present = "present=1" in query
    ctx = browser.new_context(viewport={"width": w, "height": h}, locale="en-US")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    found: list[str] = []
    t0 = time.monotonic()
    try:
        for path in paths:
            layout.visit(pg, server, path, query)
            no_exception(pg)
            found += [f"/{path}: {json.dumps(p, ensure_ascii=False)}" for p in layout.problems(pg)]
            if present and path in TRAINING:
                found += [f"/{path}: {msg}" for msg in layout.first_screen(pg)]
    finally:
        ctx.close()
    print(f"layout check {name}: {len(paths)} pages in {time.monotonic() - t0:.1f} s")
    assert not found, f"{len(found)} cut-off texts or too-wide figures ({name}):\n" + "\n".join(
        found
    )
    assert errors == [], errors
