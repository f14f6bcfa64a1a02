"""Helpers for the live-session benches: a streamlit server on loopback, its CPU and
memory from /proc, browser sessions that play a training page and count updates.

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dlcore.lecture import registered_pages  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROME_ARGS,
    CHROMIUM,
    free_port,
    start_server,
)

CLK = os.sysconf("SC_CLK_TCK")
PLAY = ".dlp-live .dlp-play"  # the live view's Play (ui/live_js.py)
DRIVER = ".dlp-live:has(.dlp-bar)"  # the part with the controls: data-step/frames/msgs/epoch

__all__ = ["CHROME_ARGS", "CHROMIUM", "free_port", "start_server"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process."""
    parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / CLK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def anon_maps(pid: int) -> dict[str, tuple[int, int]]:
    """The server's anonymous mappings from /proc/PID/smaps: ``{"start": (size kB,
    anonymous resident kB)}`` keyed by start address (``"start [heap]"``, ``"start [stack]"``
    for the brk heap and the main stack), to see which regions a class left."""
    out: dict[str, tuple[int, int]] = {}
    key, size = None, 0
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        f = line.split()
        if "-" in f[0] and not f[0].endswith(":"):  # a mapping's header line
            key = f[0].split("-")[0] if len(f) <= 5 or f[5] in ("[heap]", "[stack]") else None
            if key and len(f) > 5:
                key = f"{key} {f[5]}"
        elif f[0] == "Size:" and key:
            size = int(f[1])
        elif f[0] == "Anonymous:" and key:
            out[key] = (size, int(f[1]))
    return out


def mem_parts(pid: int) -> dict[str, float]:
    """The server's resident memory in parts (MB): ``anon`` (its own: heap, arenas, stacks)
    and ``file`` (pages of mapped files — libtorch's code, read from the page cache, shared
    and reclaimable) from /proc/PID/status; and from /proc/PID/smaps the anonymous part by
    mapping: ``heap`` (the brk heap, glibc's main arena), ``mmap`` (anonymous mappings:
    other arenas, large blocks, Python's object arenas), ``stack`` (the main stack)."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        for key, name in (("VmRSS:", "rss"), ("RssAnon:", "anon"), ("RssFile:", "file")):
            if line.startswith(key):
                out[name] = int(line.split()[1]) / 1024
    parts = {"heap": 0, "mmap": 0, "stack": 0, "mmap_n": 0}
    for key, (_size, anon) in anon_maps(pid).items():
        kind = key.split()[1].strip("[]") if " " in key else "mmap"
        parts[kind] += anon
        parts["mmap_n"] += kind == "mmap"
    out.update({k: (v / 1024 if k != "mmap_n" else v) for k, v in parts.items()})
    return {k: round(v, 1) for k, v in out.items()}


def descendants(pid: int) -> list[int]:
    """All processes below ``pid`` (e.g. the browser this script started)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for c in children.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def tree_cpu(pids: list[int]) -> float:
    total = 0.0
    for p in pids:
        try:
            total += cpu_seconds(p)
        except OSError:
            pass
    return total


def page_url(file: str = "pages/ff.py") -> str | None:
    """URL path of a registered page file."""
    for pages in registered_pages().values():
        for f, _t, _i, url_path in pages:
            if f == file and (ROOT / f).is_file():
                return url_path
    return None


@dataclass
class Session:
    """One browser context on a page."""

    ctx: object
    page: object
    errors: list[str] = field(default_factory=list)

    def _info(self, attr: str, tries: int = 5) -> float | None:
        """A data attribute of the live view's driver part; None if it cannot be read."""
        for _ in range(tries):
            try:
                loc = self.page.locator(DRIVER)
                if loc.count():
                    return float(loc.first.get_attribute(f"data-{attr}", timeout=10_000) or 0)
            except Exception:  # noqa: BLE001 - a page that is re-rendering
                pass
            self.page.wait_for_timeout(200)
        return None

    def frames(self) -> float | None:
        """Frames drawn by the live view."""
        return self._info("frames")

    def msgs(self) -> float | None:
        """Polls that brought frames (server updates) to the live view."""
        return self._info("msgs")

    def epoch(self) -> float | None:
        return self._info("epoch")


def open_session(browser, url: str, timeout_ms: int = 120_000) -> Session:
    """A new context on ``url``, waiting for the Play button."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg = ctx.new_page()
    s = Session(ctx, pg)
    pg.on("pageerror", lambda exc: s.errors.append(str(exc)))
    pg.goto(url, wait_until="domcontentloaded")
    pg.wait_for_selector(PLAY, timeout=timeout_ms)
    return s


def play(s: Session) -> None:
    s.page.locator(PLAY).first.click(timeout=60_000)


def launch_browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except Exception:  # noqa: BLE001
        proc.kill()


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def now() -> float:
    return time.perf_counter()
