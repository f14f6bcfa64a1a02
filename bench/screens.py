"""Screenshots of every page's first screen in presenter mode, for docs/screens/.

    python3 bench/screens.py                   # all pages, en, 1280×720 → docs/screens/
    python3 bench/screens.py --lang zh --size 1024x768 --out /tmp/screens ff gan

Starts its own server (or uses ``--url``), opens each page with ``?present=1`` in one
headless Chromium (Debian's /usr/bin/chromium), waits until the page has settled (see
tests/browser/layout.py) and saves the viewport as ``present-<page>.png``, in 256
colours (Pillow; a page of text and charts keeps its look at a third of the size). It prints each
page's wait and what the layout check finds there (clipped texts, too-wide figures),
then the sizes and the total.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import conftest as bc  # noqa: E402
from tests.browser import layout  # noqa: E402


def small(png: Path) -> None:
    """Rewrite a screenshot in 256 colours (an 8-bit palette PNG)."""
    from PIL import Image

    with Image.open(png) as im:
        pal = im.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    pal.save(png, optimize=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="*", help="url paths (default: every page of the navigation)")
    ap.add_argument("--lang", default="en", choices=["zh", "en"])
    ap.add_argument("--size", default="1280x720", help="viewport WIDTHxHEIGHT")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screens"))
    ap.add_argument("--prefix", default="present-", help="file name prefix")
    ap.add_argument("--url", help="a running server (default: start one on a free port)")
    ap.add_argument("--query", default="present=1", help="query added to lang= (default present=1)")
    a = ap.parse_args()
    w, h = (int(v) for v in a.size.lower().split("x"))
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    proc = None
    base = a.url
    if base is None:
        port = bc.free_port()
        proc = bc.start_server(port)
        base = f"http://127.0.0.1:{port}"
    from playwright.sync_api import sync_playwright

    t0 = time.monotonic()
    total = 0
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=bc.CHROMIUM, headless=True, args=bc.CHROME_ARGS)
            pg = b.new_context(viewport={"width": w, "height": h}).new_page()
            for path in a.pages or layout.page_paths():
                t = time.monotonic()
                try:
                    layout.visit(pg, base.rstrip("/"), path, f"lang={a.lang}&{a.query}")
                except Exception as err:  # noqa: BLE001 - a page that never settles: say so, go on
                    print(f"{path:14s} not settled: {str(err).splitlines()[0]}")
                    pg.goto("about:blank")
                    continue
                png = out / f"{a.prefix}{path}.png"
                pg.screenshot(path=str(png))
                small(png)
                total += png.stat().st_size
                print(
                    f"{path:14s} {time.monotonic() - t:5.1f} s  {png.stat().st_size / 1e3:6.0f} kB"
                )
                for prob in layout.problems(pg):
                    print("   ", json.dumps(prob, ensure_ascii=False))
            b.close()
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"total {total / 1e6:.2f} MB in {out}, {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
