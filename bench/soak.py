"""Soak: one browser session plays the feedforward spiral for 10 minutes (or until
100k training steps), sampling the server's resident memory.

    python bench/soak.py                      # 10 min or 100k steps, whichever first
    python bench/soak.py --minutes 2 --steps 0

Reports RSS after warm-up, at the end, the growth (target < 50 MB), the largest
sample, and the training steps done (epochs × steps per epoch). A growing history,
leaked figures or media files would show up here.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _live import (  # noqa: E402
    free_port,
    launch_browser,
    loadavg,
    open_session,
    page_url,
    play,
    rss_mb,
    start_server,
    stop,
)

# the spiral preset: 500 points, half for training, batch 10 → 25 steps per epoch
STEPS_PER_EPOCH = math.ceil(500 * 0.5 / 10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--steps", type=int, default=100_000, help="stop earlier at this many (0: off)")
    ap.add_argument("--sample", type=float, default=15.0, help="seconds between RSS samples")
    ap.add_argument("--query", default="lang=en&d.name=spiral&t.batch_size=10&d.n_points=500")
    args = ap.parse_args()
    path = page_url("pages/ff.py")
    if path is None:
        sys.exit("pages/ff.py is not registered in app.py yet")
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_server(port)
    samples: list[tuple[float, float, float]] = []
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            s = open_session(browser, f"http://127.0.0.1:{port}/{path}?{args.query}")
            play(s)
            s.page.wait_for_timeout(15_000)  # warm-up: first figures, caches
            rss0 = rss_mb(server.pid)
            t0 = time.perf_counter()
            e0 = s.epoch() or 0.0
            while True:
                s.page.wait_for_timeout(int(args.sample * 1000))
                el = time.perf_counter() - t0
                ep = s.epoch()
                if ep is None:  # canvas re-rendering: skip this sample
                    continue
                samples.append((round(el, 1), round(rss_mb(server.pid), 1), ep))
                print(f"t={el:6.0f}s rss={samples[-1][1]:7.1f} MB epoch={ep:9.1f}", flush=True)
                steps = (ep - e0) * STEPS_PER_EPOCH
                if el >= args.minutes * 60 or (args.steps and steps >= args.steps):
                    break
            errors = list(s.errors)
            browser.close()
    finally:
        stop(server)
    rss_end = samples[-1][1]
    out = {
        "seconds": samples[-1][0],
        "steps": int((samples[-1][2] - e0) * STEPS_PER_EPOCH),
        "epochs": round(samples[-1][2] - e0, 1),
        "rss_mb_after_warmup": round(rss0, 1),
        "rss_mb_end": rss_end,
        "rss_mb_max": max(r for _, r, _ in samples),
        "rss_growth_mb": round(rss_end - rss0, 1),
        "js_errors": len(errors),
        "loadavg": loadavg(),
    }
    print(json.dumps(out))
    print(
        f"\nsoak: {out['steps']} steps in {out['seconds']:.0f} s; RSS {rss0:.0f} → {rss_end:.0f} MB "
        f"(growth {out['rss_growth_mb']} MB, target < 50)"
    )


if __name__ == "__main__":
    main()
