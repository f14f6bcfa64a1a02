"""GAN page numbers: seconds until the healthy preset covers all 8 modes, rounds/s, and
(``--browser``) the visible updates/s while the page plays in a real browser.

Run: ``python bench/gan.py [--browser] [--seconds 20]`` (CPU, one torch thread).
Prints one JSON object. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dlcore import gan as G  # noqa: E402


def preset(name: str) -> G.GanConfig:
    return G.gan_from_json((ROOT / "examples" / f"gan_{name}.json").read_text())[0]


def cover(cfg: G.GanConfig, max_rounds: int = 5000, every: int = 50) -> dict:
    """Training seconds and rounds until all 8 modes are reached (checked every ``every``)."""
    secs, rounds = G.seconds_to_cover(cfg, max_rounds=max_rounds, check_every=every)
    return {"seed": cfg.seed, "seconds": round(secs, 2), "rounds": rounds}


def rounds_per_s(cfg: G.GanConfig, n: int = 300) -> float:
    tr = G.GanTrainer(cfg)
    tr.step(20)
    t0 = time.perf_counter()
    tr.step(n)
    return round(n / (time.perf_counter() - t0), 1)


def browser_updates(seconds: float) -> dict:
    """Play the page for ``seconds`` and count how often the generated points change."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROME_ARGS, CHROMIUM, free_port, start_server

    port = free_port()
    proc = start_server(port)
    js = """() => { const el = document.querySelector('.st-key-gan-fig_points .js-plotly-plot');
        return el && el.data && el.data[1] ? JSON.stringify(el.data[1].x).slice(0, 400) : null; }"""
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
            pg = b.new_page(viewport={"width": 1400, "height": 900})
            pg.goto(f"http://127.0.0.1:{port}/gan?lang=en")
            pg.wait_for_selector(".st-key-gan-fig_points .js-plotly-plot", timeout=120_000)
            pg.wait_for_timeout(2000)
            pg.locator(".st-key-gan-btn_play button").click()
            pg.wait_for_timeout(2000)  # the first runs warm up
            t0, last, changes = time.time(), pg.evaluate(js), 0
            while time.time() - t0 < seconds:
                cur = pg.evaluate(js)
                if cur != last:
                    changes, last = changes + 1, cur
                pg.wait_for_timeout(15)
            elapsed = time.time() - t0
            metrics = pg.locator('[data-testid="stMetricValue"]').all_inner_texts()[:2]
            b.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return {
        "seconds": round(elapsed, 1),
        "visible_updates_per_s": round(changes / elapsed, 2),
        "counters_d_g": metrics,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--browser", action="store_true")
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    torch.set_num_threads(1)
    healthy = preset("healthy")
    out = {
        "loadavg": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "cores": os.cpu_count(),
        "healthy_cover_8_modes": [cover(replace(healthy, seed=s)) for s in (0, 1, 2)],
        "rounds_per_s_healthy": rounds_per_s(healthy),
    }
    collapse = G.GanTrainer(preset("mode_collapse"))
    collapse.step(3000)
    out["mode_collapse_modes_after_3000_rounds"] = int(collapse.coverage().sum())
    if args.browser:
        out["browser"] = browser_updates(args.seconds)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
