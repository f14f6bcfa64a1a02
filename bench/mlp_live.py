"""Feedforward page speed: server cost per live update, visible updates/s, time to 95 %.

    python bench/mlp_live.py            # all three (starts a streamlit server + chromium)
    python bench/mlp_live.py --no-browser

Prints measured numbers (no pass/fail): the targets are ≥ 10 visible updates/s
on the spiral with 2-8-8-1, and ≤ 5 s for the spiral preset to reach ≥ 95 %
test accuracy on a 2-core CPU, next to a plain PyTorch loop on the same data.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dlcore import catalog  # noqa: E402, F401  (fills the registries)
from dlcore import config as C  # noqa: E402
from dlcore.train import Trainer  # noqa: E402

PRESET = ROOT / "examples" / "ff_spiral.json"
TARGET = 0.95


def preset() -> C.ExperimentConfig:
    return C.from_json(PRESET.read_bytes())[0]


def server_cost(n: int = 30, device: str = "cpu") -> None:
    """What the live engine spends per frame of the feedforward view: one slice of
    training (ui/live.train_step), then the parts recorded as the worker does."""
    from dlcore.live_train import train_step
    from pages import ff_live
    from ui.surface import LANG, Recorder, no_plotly_template

    no_plotly_template()  # as the server does (ui/shell.py)

    cfg = preset().with_(train={"batch_size": 10})  # TF Playground's batch: many steps a slice
    tr = Trainer(cfg, device=device, eval_every=25)
    out = ff_live.Output(show_test=True, discretize=False)
    parts = {"main": out.draw, "net": ff_live.draw_net, "curves": ff_live.draw_curves}
    LANG.set("en")
    cost: dict[str, list[float]] = {"slice": [], **{k: [] for k in parts}}
    sizes: dict[str, int] = {}
    for _ in range(n):
        t0 = time.perf_counter()
        train_step(tr, 10**9, 0.02)
        cost["slice"].append(1000 * (time.perf_counter() - t0))
        for name, draw in parts.items():
            t0 = time.perf_counter()
            rec = Recorder()
            draw(rec, tr)
            sizes[name] = len(json.dumps(rec.ops))
            cost[name].append(1000 * (time.perf_counter() - t0))
    med = {k: statistics.median(v) for k, v in cost.items()}
    print(f"engine slice (20 ms budget): {med['slice']:.1f} ms median")
    print(
        f"frame parts: boundary + metrics {med['main']:.1f} ms ({sizes['main'] / 1e3:.1f} kB), "
        f"network {med['net']:.1f} ms ({sizes['net'] / 1e3:.1f} kB, every "
        f"{ff_live.EVERY['net']} s), curves {med['curves']:.1f} ms ({sizes['curves'] / 1e3:.1f} kB, "
        f"every {ff_live.EVERY['curves']} s)"
    )


def time_to_target_ours(
    cfg: C.ExperimentConfig, limit_s: float = 30, device: str = "cpu"
) -> tuple[float | None, int]:
    tr = Trainer(cfg, device=device, eval_every=10**9)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        tr.step(20)
        if tr.evaluate().get("test_acc", 0) >= TARGET:
            return time.perf_counter() - t0, tr.epoch
    return None, tr.epoch


def time_to_target_plain(
    cfg: C.ExperimentConfig, limit_s: float = 30, device: str = "cpu"
) -> tuple[float | None, int]:
    """The textbook loop (pytorch/examples style) on the same points, model and init."""
    ref = Trainer(cfg, device=device)  # only to get the same data and initial weights
    model, (x, y) = ref.model, (ref.x_train, ref.y_train.float())
    xt, yt = ref.x_test, ref.y_test
    opt = torch.optim.Adam(model.parameters(), lr=cfg.train.lr)
    lossf = torch.nn.BCEWithLogitsLoss()
    t0, epoch = time.perf_counter(), 0
    while time.perf_counter() - t0 < limit_s:
        for _ in range(20):
            model.train()
            opt.zero_grad()
            loss = lossf(model(x).squeeze(-1), y)
            loss.backward()
            opt.step()
            epoch += 1
        model.eval()
        with torch.no_grad():
            acc = float(((model(xt).squeeze(-1) > 0).long() == yt).float().mean())
        if acc >= TARGET:
            return time.perf_counter() - t0, epoch
    return None, epoch


def time_to_target(device: str = "cpu") -> None:
    cfg = preset()
    print(
        f"spiral preset ({PRESET.name}): {cfg.model.hidden}, {cfg.train.optimizer} lr {cfg.train.lr}"
    )
    for seed in (0, 1, 2):
        c = cfg.with_(seed=seed)
        ours, e1 = time_to_target_ours(c, device=device)
        plain, e2 = time_to_target_plain(c, device=device)

        def f(v):
            return f"{v:.2f} s" if v is not None else "not reached in 30 s"

        print(
            f"  seed {seed}: dlcore Trainer {f(ours)} ({e1} epochs) | plain PyTorch {f(plain)} ({e2} epochs)"
        )


def browser(seconds: float = 10) -> None:
    """Visible canvas updates per second while the spiral 2-8-8-1 plays (TF Playground's batch 10)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROME_ARGS, IDLE, free_port, start_server

    port = free_port()
    proc = start_server(port)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROME_ARGS
            )
            for label, cfg in (
                ("batch 10", preset().with_(train={"batch_size": 10})),
                ("spiral preset (full batch)", preset()),
            ):
                pg = b.new_page(viewport={"width": 1400, "height": 1000})
                query = {"lang": "en", "page": "ff", **cfg.to_query()}
                for _ in range(2):  # a fresh server's first run may land on Home
                    pg.goto(f"http://127.0.0.1:{port}/ff?{urlencode(query)}")
                    pg.wait_for_selector(IDLE, timeout=60_000)
                    pg.wait_for_timeout(1500)
                    if pg.locator(".dlp-live .dlp-play").count():
                        break
                    pg.keyboard.press("Escape")
                for _ in range(3):  # Streamlit's "Page not found" dialog makes the page inert
                    if not pg.locator('[role="dialog"]').count():
                        break
                    pg.keyboard.press("Escape")
                    pg.wait_for_timeout(500)
                info = pg.locator('.dlp-live[data-part="controls"]')
                text_el = pg.locator(".dlp-mapinfo")
                t_click = time.perf_counter()
                pg.locator(".dlp-live .dlp-play").first.click()
                reached, samples = None, []
                while time.perf_counter() - t_click < seconds:
                    pg.wait_for_timeout(100)
                    if info.count() and info.first.get_attribute("data-frames"):
                        n = int(info.first.get_attribute("data-frames"))
                        msgs = int(info.first.get_attribute("data-msgs") or 0)
                        samples.append((time.perf_counter(), n, msgs))
                        text = text_el.first.inner_text() if text_el.count() else ""
                        acc = float(text.rsplit(" ", 1)[-1].rstrip("%")) / 100 if "%" in text else 0
                        if reached is None and acc >= TARGET:
                            reached = time.perf_counter() - t_click
                if len(samples) > 2:
                    (t1, n1, m1), (t2, n2, m2) = samples[len(samples) // 5], samples[-1]
                    rate, msg_rate = (n2 - n1) / (t2 - t1), (m2 - m1) / (t2 - t1)
                    print(
                        f"browser, {label}: {rate:.1f} visible boundary updates/s "
                        f"({msg_rate:.1f} messages/s from the server)"
                    )
                if reached is not None:
                    print(f"  click Play → test acc ≥ 95 % shown: {reached:.2f} s")
                pg.close()
            b.close()
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--device", default="cpu", help="cpu or cuda (browser part: cpu only)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    np.random.seed(0)
    print(f"torch {torch.__version__}, 1 thread, device {args.device}")
    server_cost(device=args.device)
    time_to_target(args.device)
    if not args.no_browser:
        browser()


if __name__ == "__main__":
    main()
