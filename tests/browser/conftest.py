"""Real-browser fixtures: ``streamlit run app.py`` on a free loopback port, Playwright
driving Debian's /usr/bin/chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SERVER_LOGS: list[Path] = []  # stderr of every server started here, quoted on failures


def missing_tool(message: str) -> None:
    """Skip for a tool this machine lacks, except under CI (``DLP_CI=1``, set by .ci/run,
    which installs the tools): there the whole phase must not pass by skipping."""
    if os.environ.get("DLP_CI") == "1":
        pytest.fail(f"{message}; .ci/run should have installed it", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    port: int, extra: list[str] | None = None, env: dict | None = None
) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *(extra or []),
    ]
    # stderr goes to a file, never an unread pipe (a full pipe would stall the server)
    log = Path(tempfile.mkstemp(prefix=f"streamlit-{port}-", suffix=".log")[1])
    SERVER_LOGS.append(log)
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, **(env or {})},
        )
    proc.log_path = log
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')[-2000:]}")
    proc.kill()
    raise RuntimeError("streamlit did not become healthy in 60 s")


@pytest.fixture(scope="session")
def server():
    """Base URL of a streamlit server running the app for the whole browser session."""
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing_tool(f"{CHROMIUM} missing (.ci/run installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh context and page; collects JavaScript errors in ``page.js_errors``."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    pg = ctx.new_page()
    pg.js_errors = []
    pg.on("pageerror", lambda exc: pg.js_errors.append(str(exc)))
    yield pg
    ctx.close()


def wait_idle(pg, timeout: float = 30_000) -> None:
    """Wait until the script is not running (do not use while training plays)."""
    pg.wait_for_selector(IDLE, timeout=timeout)
    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE, timeout=timeout)


def server_log_tail(n: int = 4000) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-n:]}" for p in SERVER_LOGS)


def no_exception(pg) -> None:
    exc = pg.locator('[data-testid="stException"]')
    if exc.count():
        raise AssertionError(f"{exc.first.inner_text()}\n{server_log_tail()}")


def metric_value(pg, label: str | None = None, index: int = 0, timeout: float = 10_000) -> str:
    """A metric's value by label (or position) on a page: the live view's metrics
    (ui/live_js.py) while it is there, else Streamlit's own."""
    live = pg.locator(".dlp-live .dlp-metric")
    try:  # a page that plays shows its metrics in the live view, once it has mounted
        pg.wait_for_selector(".dlp-live .dlp-metric", timeout=timeout)
    except Exception:  # noqa: BLE001 - a page without a live view: Streamlit's metrics
        pass
    if live.count():
        box = live.filter(has=pg.locator(".dlp-ml", has_text=label)) if label else live
        return box.nth(0 if label else index).locator(".dlp-mv").inner_text(timeout=timeout)
    box = pg.locator('[data-testid="stMetric"]')
    if label:
        box = box.filter(has_text=label)
    return (
        box.nth(0 if label else index)
        .locator('[data-testid="stMetricValue"]')
        .inner_text(timeout=timeout)
    )
