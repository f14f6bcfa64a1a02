"""Shared test helpers: an AppTest of the whole app (navigation + sidebar) on any page."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
os.environ.setdefault("PYTHONHASHSEED", "0")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _warm_server_pages_mode() -> None:
    """Make every AppTest run see a warm server's pages mode.

    AppTest resets ``PagesManager.uses_pages_directory`` before each run, so with our
    ``pages/`` folder every run would start in Streamlit's v1 pages-folder mode, which
    a real server leaves for good on its first run (app.py reruns once, see
    pages/_ui.py) — and that rerun would drop a clicked button's trigger. The cold
    path is tested in a real browser (tests/browser/test_shell.py).
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    if getattr(AppTest._run, "_warm", False):
        return
    orig_init = PagesManager.__init__

    def init(self, *args, **kwargs):
        orig_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    orig_run = AppTest._run

    def _run(self, *args, **kwargs):
        PagesManager.__init__ = init
        try:
            return orig_run(self, *args, **kwargs)
        finally:
            PagesManager.__init__ = orig_init

    _run._warm = True
    AppTest._run = _run


def app_test(
    page: str | None = None,
    lang: str = "en",
    query: dict[str, str] | None = None,
    timeout: float = 60,
):
    """An AppTest of ``app.py`` switched to ``page`` (e.g. ``"pages/home.py"``), already run."""
    from streamlit.testing.v1 import AppTest

    _warm_server_pages_mode()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


def assert_clean(at) -> None:
    """No exception element, no 'Traceback', no missing i18n key rendered as [key]."""
    assert not at.exception, [e.value for e in at.exception]
    texts = (
        [m.value for m in at.markdown]
        + [e.value for e in at.error]
        + [w.value for w in at.warning]
        + [c.value for c in at.caption]
    )
    for s in texts:
        assert "Traceback" not in str(s)


@pytest.fixture
def app():
    return app_test
