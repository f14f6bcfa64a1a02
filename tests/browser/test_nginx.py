"""Several replicas behind nginx: deploy/nginx.conf on loopback, two app replicas
sharing one cookie secret, sticky sessions and websockets through the proxy.

Skipped when nginx is missing (.ci/run installs Debian's nginx). Everything listens
on 127.0.0.1 only; nginx runs in the foreground with a temporary prefix.
"""

from __future__ import annotations

import getpass
import os
import pickle
import re
import secrets
import shutil
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dlcore.lecture import registered_pages
from tests.browser.conftest import ROOT, free_port, missing_tool, no_exception, start_server

pytestmark = pytest.mark.browser

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def nginx_config(tmp: Path, port: int, upstreams: tuple[int, int]) -> Path:
    """deploy/nginx.conf with loopback ports, wrapped in a foreground main config."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("127.0.0.1:8501", f"127.0.0.1:{upstreams[0]}")
    site = site.replace("127.0.0.1:8502", f"127.0.0.1:{upstreams[1]}")
    site, n = re.subn(r"listen\s+80;", f"listen 127.0.0.1:{port};", site)
    assert n == 1
    (tmp / "site.conf").write_text(site)
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    temps = "\n".join(
        f"    {k}_temp_path {tmp / k};"
        for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = f"""
{user}
daemon off;
master_process on;
worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    access_log {tmp / "access.log"};
{temps}
    include {tmp / "site.conf"};
}}
"""
    path = tmp / "nginx.conf"
    path.write_text(main)
    return path


def _get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if NGINX is None:
        missing_tool("nginx missing (.ci/run installs Debian's nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    secret = secrets.token_hex(16)  # ONE cookie secret shared by the replicas
    ports = (free_port(), free_port())
    with ThreadPoolExecutor(2) as ex:
        replicas = list(
            ex.map(lambda p: start_server(p, env={"STREAMLIT_SERVER_COOKIE_SECRET": secret}), ports)
        )
    port = free_port()
    conf = nginx_config(tmp, port, ports)
    proc = subprocess.Popen(
        [NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 20
        while True:
            try:
                if _get(f"{base}/_stcore/health")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"nginx did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield {"base": base, "upstreams": {f"127.0.0.1:{p}" for p in ports}}
    finally:
        proc.terminate()
        for r in replicas:
            r.terminate()
        for p in (proc, *replicas):
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def test_sticky_by_cookie_and_spread_over_replicas(cluster):
    base = cluster["base"]
    seen = set()
    for _ in range(16):  # new browsers (no cookie) are spread over both replicas
        status, h = _get(f"{base}/_stcore/health")
        assert status == 200
        assert "dlp_route=" in h.get("set-cookie", "")
        seen.add(h["x-upstream"])
    assert seen == cluster["upstreams"]
    for route in ("alice", "bob", "carol"):  # one browser always reaches one replica
        ups = {
            _get(f"{base}/_stcore/health", f"dlp_route={route}")[1]["x-upstream"] for _ in range(6)
        }
        assert len(ups) == 1


def _ff_url() -> tuple[str, str] | None:
    """(url path, page file) of the feedforward training page, once it is registered."""
    for pages in registered_pages().values():
        for file, _title, _icon, url_path in pages:
            if file == "pages/ff.py" and (ROOT / file).is_file():
                return url_path, file
    return None


def _dismiss_dialog(pg) -> None:
    """A replica's first session on a deep link gets Streamlit's "Page not found" dialog
    (the pages are known only after app.py ran once); it still runs the page. Close it."""
    dlg = pg.locator('[role="dialog"]')
    if dlg.count():
        pg.keyboard.press("Escape")
        dlg.first.wait_for(state="hidden", timeout=5_000)


def _params_caption(pg) -> str:
    return (
        pg.locator('[data-testid="stCaptionContainer"]').filter(has_text="param").first.inner_text()
    )


class _Canary:
    """Unpickling this creates ``path`` (code execution); the app must never unpickle."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_two_students_through_nginx(cluster, browser, tmp_path):
    """Two browsers through the proxy: each page loads over the proxied websocket; on the
    feedforward page each trains its own network and never sees the other's."""
    base = cluster["base"]
    ff = _ff_url()
    contexts = [
        browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
        for _ in range(2)
    ]
    try:
        pages = [c.new_page() for c in contexts]
        if ff is None:  # feedforward page not registered yet: the shell through nginx
            for pg in pages:
                pg.goto(f"{base}/?lang=en", wait_until="domcontentloaded")
                pg.wait_for_selector('h1:has-text("DL Playground")', timeout=30_000)
                no_exception(pg)
            return
        hidden = ("3", "8,8")
        for pg, h in zip(pages, hidden, strict=True):
            pg.goto(f"{base}/{ff[0]}?lang=en&m.hidden={h}", wait_until="domcontentloaded")
            pg.wait_for_selector(".dlp-live .dlp-play", timeout=40_000)
            pg.wait_for_timeout(500)
            _dismiss_dialog(pg)
        captions = [_params_caption(pg) for pg in pages]
        assert captions[0] != captions[1], captions  # 2-3-1 vs 2-8-8-1
        for pg in pages:
            pg.locator(".dlp-live .dlp-play").first.click()
        # while training plays, poll the live views' frame counters instead of waiting idle
        infos = [pg.locator('.dlp-live[data-part="controls"]').first for pg in pages]
        for info in infos:
            info.wait_for(timeout=30_000)
        deadline = time.time() + 20
        frames = [0, 0]
        while time.time() < deadline and min(frames) < 6:
            frames = [int(i.get_attribute("data-frames") or 0) for i in infos]
            pages[0].wait_for_timeout(250)
        assert min(frames) >= 6, frames  # both sessions receive live updates via the proxy
        for pg in pages:
            no_exception(pg)
        for pg in pages:
            pg.locator(".dlp-live .dlp-play").first.click()
        for pg, before in zip(pages, captions, strict=True):
            pg.wait_for_timeout(500)
            assert _params_caption(pg) == before  # each still sees only its own network
        # a pickle posing as weights, uploaded through the proxy (the upload must reach
        # the session's replica): refused with a message, its code never runs
        canary = tmp_path / "canary"
        payload = pickle.dumps(_Canary(str(canary)))
        pg = pages[0]
        pg.locator('[class*="st-key-ff-up_w"] input[type="file"]').set_input_files(
            files=[
                {
                    "name": "evil.safetensors",
                    "mimeType": "application/octet-stream",
                    "buffer": payload,
                }
            ]
        )
        pg.get_by_text("Not a safetensors file").first.wait_for(state="attached", timeout=20_000)
        assert not canary.exists()
        no_exception(pg)
        assert _get(f"{base}/_stcore/health")[0] == 200
    finally:
        for c in contexts:
            c.close()
