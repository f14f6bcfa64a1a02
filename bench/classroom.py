"""Load: N concurrent browser sessions on ONE server, each playing the feedforward spiral.

    python bench/classroom.py                 # N = 1, 5, 10, 20; 20 s measured each
    python bench/classroom.py --ns 20 --warmup 6   # the first seconds after Play
    python bench/classroom.py --ns 1,5 --seconds 10

For each N, a fresh ``streamlit run app.py`` on loopback; N Playwright contexts
(headless Chromium) open a training page (``--page``, the feedforward spiral by default)
and press Play. After a warm-up, for ``--seconds`` it counts per session the live
updates its view received (one update = one poll of the live route, ui/routes.py, that
brought frames trained since the last one), the frames it drew, and the epochs
trained; and the server's CPU and resident memory (from /proc), and the polls and
frames the engine answered.
Targets (issue 9): memory per extra session < 50 MB; every session > 1 update/s at
N = 20 on 2 cores. The N browsers run on the same 2 cores as the server (a classroom's
browsers run on the students' machines), so this understates what a server alone can do;
the browsers' CPU is reported beside the server's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _live import (  # noqa: E402
    cpu_seconds,
    descendants,
    free_port,
    launch_browser,
    loadavg,
    open_session,
    page_url,
    play,
    rss_mb,
    start_server,
    stop,
    tree_cpu,
)


def measure(
    n: int, seconds: float, warmup: float, path: str, query: str, nice_browsers: int = 0
) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_server(port, env={**os.environ, "DLP_LIVE_STATS": "1"})
    base = f"http://127.0.0.1:{port}/{path}?{query}"
    stats_url = f"http://127.0.0.1:{port}/_dlp/live"
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            warm = open_session(browser, base)  # the first session imports torch etc.
            play(warm)  # … and the first Play starts the live worker, torch's buffers
            warm.page.wait_for_timeout(3000)
            warm.ctx.close()
            time.sleep(2)
            rss0 = rss_mb(server.pid)
            sessions = [open_session(browser, base) for _ in range(n)]
            if nice_browsers:  # the server first, as on a real deployment (browsers elsewhere)
                for pid in descendants(os.getpid()):
                    if pid != server.pid:
                        try:
                            os.setpriority(os.PRIO_PROCESS, pid, nice_browsers)
                        except OSError:
                            pass
            for s in sessions:
                play(s)
            sessions[0].page.wait_for_timeout(int(warmup * 1000))
            kids = [c for c in descendants(os.getpid()) if c != server.pid]
            c0, b0, t0 = cpu_seconds(server.pid), tree_cpu(kids), time.perf_counter()
            st0 = live_stats(stats_url)
            before = [(time.perf_counter(), s.msgs(), s.frames(), s.epoch()) for s in sessions]
            sessions[0].page.wait_for_timeout(int(seconds * 1000))
            dt = time.perf_counter() - t0
            c1, b1 = cpu_seconds(server.pid), tree_cpu(kids)
            st1 = live_stats(stats_url)  # with the engine's pacing while the class plays
            after = [(time.perf_counter(), s.msgs(), s.frames(), s.epoch()) for s in sessions]
            ups, fps, eps = [], [], []
            for (ta, *a), (tb, *b) in zip(before, after, strict=True):
                if None in a or None in b:  # counters unreadable: count the session as starved
                    ups.append(0.0), fps.append(0.0), eps.append(0.0)
                    continue
                span = tb - ta
                ups.append((b[0] - a[0]) / span)
                fps.append((b[1] - a[1]) / span)
                eps.append((b[2] - a[2]) / span)
            rss = rss_mb(server.pid)
            errors = sum(len(s.errors) for s in sessions)
            for s in sessions:
                s.ctx.close()
            browser.close()
    finally:
        stop(server)
    return {
        "n": n,
        "polls_per_s": round((st1["polls"] - st0["polls"]) / dt, 1),
        "frames_sent_per_s": round((st1["frames"] - st0["frames"]) / dt, 1),
        "crowd": st1.get("crowd"),  # the engine's pacing factor (dlcore.live.Engine.pacing)
        "frame_ms": st1.get("frame_ms"),  # CPU ms of a playing view's frame (median)
        "updates_per_s_min": round(min(ups), 2),
        "updates_per_s_median": round(statistics.median(ups), 2),
        "frames_per_s_min": round(min(fps), 2),
        "frames_per_s_median": round(statistics.median(fps), 2),
        "epochs_per_s_median": round(statistics.median(eps), 2),
        "server_cpu_pct": round(100 * (c1 - c0) / dt, 1),
        "browser_cpu_pct": round(100 * (b1 - b0) / dt, 1),
        "rss_mb_base": round(rss0, 1),
        "rss_mb": round(rss, 1),
        "rss_mb_per_session": round((rss - rss0) / n, 1),
        "js_errors": errors,
        "loadavg": loadavg(),
    }


def live_stats(url: str) -> dict:
    """The live engine's counters (polls answered, frames sent), DLP_LIVE_STATS=1 only."""
    import urllib.request

    req = urllib.request.Request(url, data=b'{"t": "", "s": "", "a": "stats"}', method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())
    except Exception:  # noqa: BLE001 - no live channel on this server
        return {"polls": 0, "frames": 0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ns", default="1,5,10,20")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument(
        "--warmup",
        type=float,
        default=30.0,
        help="seconds after the last Play before measuring: the class has pressed Play and "
        "the class has settled; 6 shows the first seconds",
    )
    ap.add_argument("--page", default="pages/ff.py", help="page file (registered in ui/shell.py)")
    ap.add_argument("--query", default="lang=en&d.name=spiral")
    ap.add_argument("--json", action="store_true", help="print JSON lines only")
    ap.add_argument(
        "--nice-browsers",
        type=int,
        default=0,
        help="renice the browsers (e.g. 10): the server gets the cores first, as when the "
        "students' browsers run on their own machines",
    )
    args = ap.parse_args()
    path = page_url(args.page)
    if path is None:
        sys.exit(f"{args.page} is not registered in app.py yet")
    rows = []
    if not args.json:
        print(
            f"{'N':>3} {'upd/s min':>9} {'upd/s med':>9} {'frm/s min':>9} {'frm/s med':>9} {'epochs/s':>8} "
            f"{'srv CPU%':>8} {'brw CPU%':>8} {'RSS MB':>7} {'MB/sess':>7} {'polls/s':>7} "
            f"{'sent/s':>7} {'crowd':>5} {'frm ms':>6}  loadavg"
        )
    for n in (int(x) for x in args.ns.split(",")):
        r = measure(n, args.seconds, args.warmup, path, args.query, args.nice_browsers)
        rows.append(r)
        if args.json:
            print(json.dumps(r))
        else:
            print(
                f"{r['n']:>3} {r['updates_per_s_min']:>9} {r['updates_per_s_median']:>9} "
                f"{r['frames_per_s_min']:>9} {r['frames_per_s_median']:>9} "
                f"{r['epochs_per_s_median']:>8} "
                f"{r['server_cpu_pct']:>8} {r['browser_cpu_pct']:>8} {r['rss_mb']:>7} "
                f"{r['rss_mb_per_session']:>7} {r['polls_per_s']:>7} "
                f"{r['frames_sent_per_s']:>7} {r['crowd'] or '-':>5} {r['frame_ms'] or '-':>6}"
                f"  {r['loadavg']}",
                flush=True,
            )
    if not args.json:
        last = rows[-1]
        print(
            f"\nN={last['n']}: slowest session {last['updates_per_s_min']} updates/s "
            f"(target > 1); {last['rss_mb_per_session']} MB per session (target < 50)"
        )


if __name__ == "__main__":
    main()
