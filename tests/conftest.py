"""Shared test helpers: an AppTest of the whole app (navigation + sidebar) on any page."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHELL = ROOT / "ui" / "shell.py"
os.environ.setdefault("PYTHONHASHSEED", "0")
# One torch (OpenMP) thread per process, as the server runs (ui/shell.py): two xdist workers
# on 2 cores with two threads each oversubscribe them, and OpenMP's spinning threads then
# make small models many times slower under load. Set before any test imports torch;
# subprocesses (CLI, exported scripts, browser-test servers) inherit it.
os.environ.setdefault("OMP_NUM_THREADS", "1")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import dlcore.catalog  # noqa: E402, F401  (fills the registries, as the app's shell does)


def app_test(
    page: str | None = None,
    lang: str = "en",
    query: dict[str, str] | None = None,
    timeout: float = 60,
):
    """An AppTest of the app's shell (ui/shell.py, what app.py serves) opened on ``page``
    (e.g. ``"pages/home.py"``, relative to the repository), already run: one run, as a
    student's first visit on that page's URL. (Before a first run ``AppTest.switch_page``
    names a page by its file name; every page's ``url_path`` in ui/shell.py is its file's
    stem, tests/test_shell.py checks, so that is the page ``st.navigation`` registers.)"""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(SHELL), default_timeout=timeout)
    at.query_params["lang"] = lang
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if page is not None:
        at.switch_page(str(ROOT / page))
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


@pytest.fixture
def one_thread():
    """Run a test in one torch thread (``pytestmark = pytest.mark.usefixtures("one_thread")``)."""
    import torch

    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)
