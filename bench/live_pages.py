"""Every page that plays, in headless Chromium: visible updates/s, Pause latency, tab CPU.

    python bench/live_pages.py [--url http://127.0.0.1:8501] [--pages ff,cnn] [--seconds 8]
                               [--pauses 20] [--no-fallback]

For each page: press Play and count the frames the live view draws per second (each
frame redraws the page's moving parts: numbers, curves, maps); press Pause ``--pauses``
times and time from the click to the last change of the step counter shown (the Pause
latency; 0 when nothing changed after the click); the tab's CPU per second of play from
Chrome's own counters (CDP ``Performance.getMetrics`` TaskDuration), beside the same
page forced onto the Streamlit fragment loop it replaces (the live route blocked in the
browser, so the page falls back). Prints one table. Starts its own server unless
``--url`` is given. Figures on a shared 2-core machine are noisy: compare columns of
one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROME_ARGS, CHROMIUM, IDLE, free_port, start_server  # noqa: E402
from tests.browser.test_live import LIVE_PAGES, QUERY  # noqa: E402

PAGES = dict(LIVE_PAGES)  # url path → the part that holds the controls


def driver(part: str) -> str:
    return f'.dlp-live[data-part="{part}"]'


def attr(pg, part: str, name: str) -> int:
    v = pg.locator(driver(part)).first.get_attribute(f"data-{name}")
    return int(v) if v not in (None, "") else -1


def task_s(cdp) -> float:
    m = {x["name"]: x["value"] for x in cdp.send("Performance.getMetrics")["metrics"]}
    return float(m.get("TaskDuration", 0.0))


def open_page(browser, url: str, part: str, block_route: bool = False):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
    pg = ctx.new_page()
    if block_route:
        pg.route("**/_dlp/live", lambda r: r.fulfill(status=200, body="<html>blocked</html>"))
    pg.goto(url)
    pg.wait_for_selector(IDLE, timeout=120_000)
    pg.wait_for_selector(driver(part) + " .dlp-play", timeout=60_000)
    pg.wait_for_timeout(1500)
    cdp = ctx.new_cdp_session(pg)
    cdp.send("Performance.enable")
    return ctx, pg, cdp


def measure_live(browser, base: str, path: str, part: str, seconds: float, pauses: int) -> dict:
    ctx, pg, cdp = open_page(browser, f"{base}/{path}?lang=en{QUERY.get(path, '')}", part)
    try:
        play = pg.locator(driver(part) + " .dlp-play").first
        play.click()
        t_end = time.monotonic() + 20
        while attr(pg, part, "step") <= 0 and time.monotonic() < t_end:
            pg.wait_for_timeout(50)
        f0, c0, t0 = attr(pg, part, "frames"), task_s(cdp), time.monotonic()
        pg.wait_for_timeout(int(seconds * 1000))
        f1, c1, t1 = attr(pg, part, "frames"), task_s(cdp), time.monotonic()
        ups = (f1 - f0) / (t1 - t0)
        cpu = (c1 - c0) / (t1 - t0)
        lat = []
        for i in range(pauses):
            if i:
                play.click()
                s = attr(pg, part, "step")
                t_end = time.monotonic() + 10
                while attr(pg, part, "step") == s and time.monotonic() < t_end:
                    pg.wait_for_timeout(20)
                pg.wait_for_timeout(300)
            play.click()
            t_click = time.monotonic()
            last, last_t = attr(pg, part, "step"), 0.0
            while time.monotonic() - t_click < 1.5:
                pg.wait_for_timeout(10)
                s = attr(pg, part, "step")
                if s != last:
                    last, last_t = s, time.monotonic() - t_click
            lat.append(last_t)
        return {"ups": ups, "cpu": cpu, "lat_med": statistics.median(lat), "lat_max": max(lat)}
    finally:
        ctx.close()


def measure_fallback(browser, base: str, path: str, part: str, seconds: float) -> float | None:
    """Tab CPU per second of play on the Streamlit fragment loop (the route blocked)."""
    url = f"{base}/{path}?lang=en{QUERY.get(path, '')}"
    ctx, pg, cdp = open_page(browser, url, part, block_route=True)
    try:
        pg.locator(driver(part) + " .dlp-play").first.click()
        try:  # the view gives up on the route and the page plays through Streamlit
            pg.get_by_role("button", name="Pause").first.wait_for(timeout=30_000)
        except Exception:  # noqa: BLE001
            return None
        pg.wait_for_timeout(1000)
        c0, t0 = task_s(cdp), time.monotonic()
        pg.wait_for_timeout(int(seconds * 1000))
        return (task_s(cdp) - c0) / (time.monotonic() - t0)
    finally:
        ctx.close()


def measure_hostile(browser, base: str, n: int, seconds: float) -> tuple[float, float]:
    """/ff's visible updates/s alone, then while ``n`` hostile polls (a leaked token without
    its secret, guessed tokens) hit the route from another client."""
    import json
    import threading
    import urllib.request

    ctx, pg, _ = open_page(browser, f"{base}/ff?lang=en", "controls")
    try:
        pg.locator(driver("controls") + " .dlp-play").first.click()
        pg.wait_for_timeout(2000)

        def rate() -> float:
            f0, t0 = attr(pg, "controls", "frames"), time.monotonic()
            pg.wait_for_timeout(int(seconds * 1000))
            return (attr(pg, "controls", "frames") - f0) / (time.monotonic() - t0)

        quiet = rate()
        stop = threading.Event()

        def attack() -> None:
            for i in range(n):
                if stop.is_set():
                    return
                body = json.dumps({"t": f"guess{i}", "s": "stolen"}).encode()
                req = urllib.request.Request(f"{base}/_dlp/live", data=body, method="POST")
                try:
                    urllib.request.urlopen(req, timeout=5).read()
                except Exception:  # noqa: BLE001 - 404 is the answer
                    pass

        th = threading.Thread(target=attack, daemon=True)
        th.start()
        attacked = rate()
        stop.set()
        th.join(10)
        return quiet, attacked
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default=None)
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--pauses", type=int, default=20)
    ap.add_argument("--no-fallback", action="store_true")
    ap.add_argument("--hostile", type=int, default=0, help="also: /ff under N hostile polls")
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    proc = None
    base = a.url
    if base is None:
        port = free_port()
        proc = start_server(port)
        base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
            for path in [x for x in a.pages.split(",") if x]:
                part = PAGES.get(path, "main")
                try:
                    live = measure_live(browser, base, path, part, a.seconds, a.pauses)
                except Exception as err:  # noqa: BLE001 - a page that does not play yet
                    print(f"{path}: {type(err).__name__}: {str(err)[:120]}", file=sys.stderr)
                    continue
                fb = None if a.no_fallback else measure_fallback(browser, base, path, part, 5.0)
                rows.append((path, live, fb))
                print(f"{path}: done", file=sys.stderr)
            hostile = measure_hostile(browser, base, a.hostile, a.seconds) if a.hostile else None
            browser.close()
    finally:
        if proc is not None:
            proc.terminate()
    print(
        "| page | updates/s | Pause latency median · max | tab CPU live | tab CPU fragment loop |"
    )
    print("|---|---|---|---|---|")
    for path, r, fb in rows:
        fbs = "—" if fb is None else f"{100 * fb:.0f} %"
        print(
            f"| /{path} | {r['ups']:.1f} | {1000 * r['lat_med']:.0f} · {1000 * r['lat_max']:.0f} ms "
            f"| {100 * r['cpu']:.0f} % | {fbs} |"
        )
    if hostile is not None:
        print(
            f"/ff updates/s alone {hostile[0]:.1f}, while {a.hostile} hostile polls hit the "
            f"route {hostile[1]:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
