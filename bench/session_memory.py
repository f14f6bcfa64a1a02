"""Memory: N browser sessions open the feedforward spiral, play it and close; does the
server's memory come back?

    python bench/session_memory.py                   # 200 sessions, 20 browser contexts at once
    python bench/session_memory.py --sessions 20 --batch 10
    python bench/session_memory.py --json
    python bench/session_memory.py --sessions 20 --rounds 3   # the same class three times
    python bench/session_memory.py --sessions 20 --trace left.txt  # Python objects left behind
    python bench/session_memory.py --sessions 20 --no-play    # the pages only, nothing trains

A fresh ``streamlit run app.py`` on loopback with the repository's
.streamlit/config.toml (``disconnectedSessionTTL``). Warm-up: one session opens the
page, plays a few seconds and closes; then the TTL passes and the server's resident
memory (RSS, from /proc) is the baseline. Then N sessions, ``--batch`` browser contexts
at a time: each opens ``/ff?lang=en``, waits for the live view, presses Play, lets it
train ``--play`` seconds and closes, so that the server holds N sessions, most of them
disconnected. Then the script waits ``disconnectedSessionTTL`` + the live engine's
idle close (``dlcore.live.IDLE_S``) + ``--margin``, sampling RSS, and prints the
baseline, the peak, the RSS after the wait, its distance from the baseline (target:
within 20 MB, issue 14) and what the server still holds: Streamlit's connected sessions
(``/_stcore/metrics``) and the live engine's open channels (the live route's stats,
``DLP_LIVE_STATS=1``). Streamlit's store of disconnected sessions (a TTL cache) drops
expired sessions only when it is next written to, at the next disconnect: so the RSS is
also taken once one later visitor has opened the page and left and the server's quiet
collection (ui/routes.py, at most every ``QUIET_GC_S``) has had its turn (``+visitor``).

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
import tomllib
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _live import (  # noqa: E402
    PLAY,
    ROOT,
    anon_maps,
    cpu_seconds,
    free_port,
    launch_browser,
    loadavg,
    mem_parts,
    open_session,
    page_url,
    play,
    rss_mb,
    start_server,
    stop,
)

from dlcore import live  # noqa: E402
from ui.routes import QUIET_GC_S  # noqa: E402

TARGET_MB = 20.0  # issue 14: within 20 MB of the baseline after disconnectedSessionTTL


def session_ttl() -> float:
    """``server.disconnectedSessionTTL`` of the repository's config (Streamlit's default 120)."""
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    return float(cfg.get("server", {}).get("disconnectedSessionTTL", 120))


def live_stats(base: str) -> dict:
    """The live engine's counters and open channels (DLP_LIVE_STATS=1), {} if unreadable."""
    req = urllib.request.Request(
        f"{base}/_dlp/live", data=b'{"t": "", "s": "", "a": "stats"}', method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())
    except Exception:  # noqa: BLE001
        return {}


def st_sessions(base: str) -> dict:
    """Streamlit's own session counters from its public metrics route."""
    out: dict = {}
    try:
        with urllib.request.urlopen(f"{base}/_stcore/metrics", timeout=30) as r:
            text = r.read().decode()
    except Exception:  # noqa: BLE001
        return out
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, _, value = line.rpartition(" ")
        if name.startswith("active_sessions"):
            out["connected"] = int(float(value))
        elif name.startswith("session_events_total") and 'type="connect"' in name:
            out["connects"] = int(float(value))
        elif name.startswith("session_events_total") and 'type="disconnect"' in name:
            out["disconnects"] = int(float(value))
        elif name.startswith("cache_memory_bytes"):
            out["cache_mb"] = round(out.get("cache_mb", 0.0) + float(value) / 2**20, 2)
    return out


class Sampler(threading.Thread):
    """The server's RSS every ``every`` seconds; the peak."""

    def __init__(self, pid: int, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak = 0.0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            try:
                self.peak = max(self.peak, rss_mb(self.pid))
            except OSError:
                return
            self.halt.wait(self.every)


def open_batch(
    browser, url: str, k: int, play_s: float, timeout_ms: int = 180_000, press: bool = True
) -> int:
    """``k`` contexts at once: each opens ``url``, waits for the live view, presses Play,
    trains ``play_s`` seconds and is closed (the pages load together; each plays only its
    own seconds, so the browsers do not draw k views while the rest load). Returns how
    many reached the Play button. ``press=False``: the same without pressing it (the page's
    script runs, nothing trains; set against a run with Play, what training and the live
    frames leave)."""
    pages = []
    for _ in range(k):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        pg = ctx.new_page()
        pg.goto(url, wait_until="commit")
        pages.append((ctx, pg))
    playing: list[tuple[float, object]] = []  # (when Play was pressed, context)

    def close_due(final: bool = False) -> None:
        while playing and (final or time.perf_counter() - playing[0][0] >= play_s):
            t, ctx = playing.pop(0)
            left = play_s - (time.perf_counter() - t)
            if left > 0:
                time.sleep(left)
            ctx.close()

    ok = 0
    for ctx, pg in pages:
        try:
            pg.wait_for_selector(PLAY, timeout=timeout_ms)
            if press:
                pg.locator(PLAY).first.click(timeout=60_000)
            playing.append((time.perf_counter(), ctx))
            ok += 1
        except Exception:  # noqa: BLE001 - a page that did not come up: counted, not fatal
            ctx.close()
        close_due()
    close_due(final=True)
    return ok


def measure(
    n: int,
    batch: int,
    play_s: float,
    margin: float,
    sample: float,
    quiet: bool,
    nudge_s: float,
    server_env: dict[str, str] | None = None,
    rounds: int = 1,
    trace: str | None = None,
    press: bool = True,
) -> dict:
    from playwright.sync_api import sync_playwright

    ttl = session_ttl()
    wait_s = ttl + live.IDLE_S + margin
    path = page_url("pages/ff.py")
    if path is None:
        sys.exit("pages/ff.py is not registered in app.py yet")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/{path}?lang=en"
    env = {**os.environ, **(server_env or {}), "DLP_LIVE_STATS": "1"}
    if trace:  # bench/_tracemalloc/sitecustomize.py: Python's allocations, diffed on signals
        here = str(Path(__file__).resolve().parent / "_tracemalloc")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
        env["DLP_TRACE_OUT"] = str(Path(trace).resolve())
        Path(env["DLP_TRACE_OUT"]).unlink(missing_ok=True)
    server = start_server(port, env=env)

    def log(msg: str) -> None:
        if not quiet:
            print(msg, file=sys.stderr, flush=True)

    def play_class(browser) -> int:
        """The class: ``n`` sessions, ``batch`` contexts at a time; how many reached Play."""
        played, start = 0, time.perf_counter()
        for i in range(0, n, batch):
            k = min(batch, n - i)
            played += open_batch(browser, url, k, play_s, press=press)
            log(
                f"{i + k:4d}/{n} sessions  played {played}  RSS {rss_mb(server.pid):7.1f} MB"
                f"  {time.perf_counter() - start:6.0f} s"
            )
        return played

    def visit() -> None:
        """Streamlit's session storage (a TTL cache) drops expired sessions only when it is
        written to: at the next disconnect. One later visitor opens the page and leaves."""
        with sync_playwright() as p:
            browser = launch_browser(p)
            open_session(browser, url).ctx.close()
            browser.close()

    samples: list[tuple[float, float]] = []
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            warm = open_session(browser, url)  # imports torch, starts the worker, caches
            play(warm)
            warm.page.wait_for_timeout(4000)
            warm.ctx.close()
            log(f"warm-up closed; waiting the TTL ({ttl:.0f} s) + idle close + margin")
            time.sleep(wait_s)
            rss0, parts0 = rss_mb(server.pid), mem_parts(server.pid)
            maps0 = anon_maps(server.pid)
            log(f"baseline RSS {rss0:.1f} MB {parts0}")
            if trace:
                os.kill(server.pid, signal.SIGUSR2)  # the baseline snapshot
            sampler = Sampler(server.pid)
            sampler.start()
            t0, c0 = time.perf_counter(), cpu_seconds(server.pid)
            played = play_class(browser)
            open_s = time.perf_counter() - t0
            browser.close()
        held_at_close = {**st_sessions(base), **_channels(live_stats(base))}
        t1 = time.perf_counter()
        while (el := time.perf_counter() - t1) < wait_s:
            samples.append((round(el, 1), round(rss_mb(server.pid), 1)))
            log(f"  +{el:5.0f} s  RSS {samples[-1][1]:7.1f} MB")
            time.sleep(sample)
        rss1, parts1 = rss_mb(server.pid), mem_parts(server.pid)
        samples.append((round(time.perf_counter() - t1, 1), round(rss1, 1)))
        held = {**st_sessions(base), **_channels(live_stats(base))}
        visit()
        t2 = time.perf_counter()
        while (el := time.perf_counter() - t2) < nudge_s:  # the server's quiet collection
            log(f"  visitor +{el:5.0f} s  RSS {rss_mb(server.pid):7.1f} MB")
            time.sleep(sample)
        rss2, parts2 = rss_mb(server.pid), mem_parts(server.pid)
        maps2 = anon_maps(server.pid)
        if trace:  # the difference since the baseline, before the server is stopped
            os.kill(server.pid, signal.SIGUSR1)
            done = time.perf_counter() + 300
            while not Path(env["DLP_TRACE_OUT"]).exists() and time.perf_counter() < done:
                time.sleep(1)
            log(f"tracemalloc difference written to {env['DLP_TRACE_OUT']}")
        held_nudged = {**st_sessions(base), **_channels(live_stats(base))}
        cpu_s = cpu_seconds(server.pid) - c0
        # the same class again (the next lecture): a leak grows round after round, memory the
        # allocator keeps after a first class (a high-water mark) does not
        more = []
        for r in range(2, rounds + 1):
            with sync_playwright() as p:
                browser = launch_browser(p)
                play_class(browser)
                browser.close()
            time.sleep(wait_s)
            after = rss_mb(server.pid)
            visit()
            time.sleep(nudge_s)
            more.append(
                {
                    "round": r,
                    "rss_mb_after": round(after, 1),
                    "rss_mb_after_visitor": round(rss_mb(server.pid), 1),
                    "parts_after_visitor": mem_parts(server.pid),
                    "held_after_visitor": {**st_sessions(base), **_channels(live_stats(base))},
                }
            )
            log(f"round {r}: after {after:.1f} MB, +visitor {more[-1]['rss_mb_after_visitor']} MB")
        sampler.halt.set()
    finally:
        stop(server)
    return {
        "sessions": n,
        "batch": batch,
        "server_env": server_env or {},
        "played": played,
        "pressed_play": press,
        "open_s": round(open_s, 1),
        "ttl_s": ttl,
        "wait_s": wait_s,
        "rss_mb_base": round(rss0, 1),
        "rss_mb_peak": round(max(sampler.peak, *(r for _, r in samples)), 1),
        "rss_mb_after": round(rss1, 1),
        "rss_mb_after_minus_base": round(rss1 - rss0, 1),
        "target_mb": TARGET_MB,
        "ok": rss1 - rss0 <= TARGET_MB,
        "rss_mb_after_visitor": round(rss2, 1),
        "rss_mb_after_visitor_minus_base": round(rss2 - rss0, 1),
        "ok_after_visitor": rss2 - rss0 <= TARGET_MB,
        "parts_base": parts0,
        "parts_after": parts1,
        "parts_after_visitor": parts2,
        "maps_grown": maps_grown(maps0, maps2),
        "held_at_close": held_at_close,
        "held_after": held,
        "held_after_visitor": held_nudged,
        "server_cpu_s": round(cpu_s, 1),
        "samples": samples,
        "rounds": more,
        "loadavg": loadavg(),
    }


ARENA_ALIGN = 64 * 2**20  # glibc's per-thread arenas: heaps of 64 MiB, aligned to their size


def maps_grown(before: dict, after: dict, top: int = 12) -> dict:
    """Where the anonymous memory grew since the baseline, by kind of mapping (MB): glibc's
    per-thread ``arenas`` (mappings that start on a 64 MiB boundary), the brk ``heap``
    (glibc's main arena) and the ``other`` anonymous mappings (Python's 1 MiB object
    arenas, blocks glibc maps on their own, thread stacks), with how many of each; and the
    ``top`` mappings that grew most (start address, size and anonymous kB before and after)."""

    def kind(key: str) -> str:
        if key.endswith("[heap]") or key.endswith("[stack]"):
            return key.split()[-1].strip("[]")
        return "arenas" if int(key, 16) % ARENA_ALIGN == 0 else "other"

    by: dict[str, dict[str, float]] = {}
    for when, maps in (("0", before), ("", after)):
        for key, (_size, anon) in maps.items():
            k = by.setdefault(kind(key), {"mb0": 0.0, "mb": 0.0, "n0": 0, "n": 0})
            k["mb" + when] += anon / 1024
            k["n" + when] += 1
    rows = []
    for key, (size, anon) in after.items():
        size0, anon0 = before.get(key, (0, 0))
        rows.append({"map": key, "kb_size0": size0, "kb_size": size, "kb0": anon0, "kb": anon})
    rows.sort(key=lambda r: r["kb0"] - r["kb"])
    return {
        "by_kind": {k: {n: round(v, 1) for n, v in d.items()} for k, d in by.items()},
        "top": rows[:top],
    }


def _channels(stats: dict) -> dict:
    return {"live_channels": stats.get("open"), "live_playing": stats.get("playing")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--batch", type=int, default=20, help="browser contexts open at once")
    ap.add_argument("--play", type=float, default=2.0, help="seconds each session trains")
    ap.add_argument("--margin", type=float, default=30.0, help="seconds past TTL + idle close")
    ap.add_argument("--sample", type=float, default=5.0, help="seconds between RSS samples")
    ap.add_argument(
        "--visitor",
        type=float,
        default=QUIET_GC_S + 10,
        help="seconds to wait after the later visitor (the server's quiet collection + 10)",
    )
    ap.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for the server (e.g. MALLOC_ARENA_MAX=2); repeatable",
    )
    ap.add_argument(
        "--rounds", type=int, default=1, help="play the same class this many times (a leak grows)"
    )
    ap.add_argument(
        "--trace",
        metavar="FILE",
        help="trace the server's Python allocations (inflates its RSS); what the class left: FILE",
    )
    ap.add_argument(
        "--no-play",
        action="store_true",
        help="open the page and leave without pressing Play (script runs only, no training)",
    )
    ap.add_argument("--json", action="store_true", help="print one JSON object only")
    args = ap.parse_args()
    env = dict(kv.split("=", 1) for kv in args.server_env)
    r = measure(
        args.sessions,
        args.batch,
        args.play,
        args.margin,
        args.sample,
        args.json,
        args.visitor,
        env,
        args.rounds,
        args.trace,
        not args.no_play,
    )
    if args.json:
        print(json.dumps(r))
        return
    h0, h1 = r["held_at_close"], r["held_after"]
    h2 = r["held_after_visitor"]
    print(
        f"\n{'N':>4} {'played':>6} {'base MB':>8} {'peak MB':>8} {'after MB':>8} "
        f"{'after-base':>10} {'+visitor':>8} {'visitor-base':>12} {'target':>6} "
        f"{'st conn':>7} {'live ch':>7}"
    )
    print(
        f"{r['sessions']:>4} {r['played']:>6} {r['rss_mb_base']:>8} {r['rss_mb_peak']:>8} "
        f"{r['rss_mb_after']:>8} {r['rss_mb_after_minus_base']:>10} "
        f"{r['rss_mb_after_visitor']:>8} {r['rss_mb_after_visitor_minus_base']:>12} "
        f"{r['target_mb']:>6} {h1.get('connected', '?'):>7} {h1.get('live_channels', '?'):>7}"
    )
    print(
        f"'after': {r['wait_s']:.0f} s after the last close (TTL + idle close + margin); "
        f"'+visitor': one later visitor opened and left, {h2.get('connected', '?')} connected, "
        f"{h2.get('live_channels', '?')} live channels"
    )
    print(
        f"at the last close: {h0.get('connected', '?')} connected, "
        f"{h0.get('live_channels', '?')} live channels; opening took {r['open_s']} s "
        f"(batches of {r['batch']}); server env {r['server_env'] or '-'}; "
        f"loadavg {r['loadavg']}"
    )
    for what, ok, d in (
        ("after the wait", r["ok"], r["rss_mb_after_minus_base"]),
        ("after a later visitor", r["ok_after_visitor"], r["rss_mb_after_visitor_minus_base"]),
    ):
        verdict = "within" if ok else "NOT within"
        print(f"{what}: memory {verdict} {r['target_mb']:.0f} MB of the baseline ({d:+.1f} MB)")
    p0 = r["parts_base"]
    for what, p in (("after the wait", r["parts_after"]), ("+visitor", r["parts_after_visitor"])):
        print(
            f"{what}, in parts (MB from the baseline): "
            + ", ".join(f"{k} {p[k] - p0[k]:+.1f}" for k in ("anon", "file", "heap", "mmap"))
            + f"  ({p0['mmap_n']:.0f} -> {p['mmap_n']:.0f} anonymous mappings)"
        )
    for k, d in r["maps_grown"]["by_kind"].items():
        print(
            f"  {k:>6}: {d['mb0']:7.1f} -> {d['mb']:7.1f} MB ({d['mb'] - d['mb0']:+.1f}) "
            f"in {d['n0']:.0f} -> {d['n']:.0f} mappings"
        )
    for m in r["rounds"]:
        print(
            f"round {m['round']} (the same class again): after the wait "
            f"{m['rss_mb_after'] - r['rss_mb_base']:+.1f} MB, after a later visitor "
            f"{m['rss_mb_after_visitor'] - r['rss_mb_base']:+.1f} MB from the baseline "
            f"({m['rss_mb_after_visitor'] - r['rss_mb_after_visitor']:+.1f} MB from round 1)"
        )


if __name__ == "__main__":
    main()
