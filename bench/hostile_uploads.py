"""Hostile uploads against a running server: peak resident-memory growth per upload.

    python bench/hostile_uploads.py                      # starts its own server
    python bench/hostile_uploads.py --url http://127.0.0.1:8501 --pid 1234

Sends a corpus of large and malformed files (configs, CSV tables, weights, images,
texts) through each kind of uploader with headless Chromium (Debian's
/usr/bin/chromium) and, for each file, resets the server's peak RSS
(``/proc/PID/clear_refs``), waits for the page to settle and reads ``VmHWM`` against
the RSS just before the upload. A thread polls ``/_stcore/health`` throughout.
Prints one table: file, uploader/page, peak RSS growth MB (target ≤ 30), refused?,
health OK. Images go through /cnn's digit uploader (/conv and /ae_pca call the same
``load_image``). One run takes 1–3 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import io
import json
import pickle
import struct
import sys
import threading
import time
import urllib.request
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROME_ARGS, CHROMIUM, IDLE, free_port, start_server  # noqa: E402

TARGET_MB = 30.0


# -- the corpus --------------------------------------------------------------------------------


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _lined(shape: tuple[int, ...]) -> np.ndarray:
    a = np.zeros(shape, np.uint8)
    a[::9] = 255  # compresses to a few KB, decodes to the full size
    return a


def _bomb() -> bytes:
    data = _png(Image.new("1", (64, 64)))
    ihdr = b"IHDR" + struct.pack(">II", 30_000, 30_000) + data[24:29]
    return data[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + data[33:]


def _jpeg(side: int) -> bytes:
    rng = np.random.default_rng(0)
    small = rng.integers(0, 255, (side // 8, side // 8, 3), np.uint8)
    buf = io.BytesIO()
    Image.fromarray(small).resize((side, side)).save(buf, "JPEG", quality=75)
    return buf.getvalue()


def _truncated() -> bytes:
    noise = np.random.default_rng(1).integers(0, 255, (512, 512), np.uint8)
    data = _png(Image.fromarray(noise))
    return data[: len(data) // 2]


def _zip() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x.txt", "x" * 10_000)
    return buf.getvalue()


def _st(header: dict, payload: bytes = b"") -> bytes:
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + payload


def corpus() -> list[tuple[str, str, bytes]]:
    """(uploader, file name, bytes)."""
    big = "9" * 5000
    lines = [f"{i % 7 - 3}.{i % 10},{i % 5 - 2}.5,{i % 2}\n" for i in range(5000)]
    rows = "".join(lines)
    return [
        ("config", "5000-digit.json", ('{"seed": ' + big + "}").encode()),
        (
            "config",
            "hidden-huge.json",
            ('{"model": {"hidden": [' + f"{big},{big}" + "]}}").encode(),
        ),
        ("config", "deep-100k.json", b"[" * 100_000 + b"]" * 100_000),
        ("config", "9MB-spaces.json", b" " * 9_000_000 + b"{}"),
        ("config", "utf16-bom.json", '{"seed": 3, "train": {"lr": 0.1}}'.encode("utf-16")),
        ("csv", "5000-rows.csv", ("x1,x2,label\n" + rows).encode()),
        ("csv", "1MB-emoji.csv", ("\U0001f600" * 250_000).encode()[:999_000]),
        ("csv", "nul.csv", b"x1,x2,label\n1,2\x00,0\n" * 1000),
        ("csv", "utf16.csv", ("x1,x2,label\n" + "".join(lines[:200])).encode("utf-16")),
        ("weights", "pickle.safetensors", pickle.dumps({"w": list(range(1000))})),
        ("weights", "len-2^64-1.safetensors", struct.pack("<Q", 2**64 - 1) + b"{}" * 100),
        (
            "weights",
            "1e5x1e5.safetensors",
            _st(
                {
                    "net.fc1.weight": {
                        "dtype": "F32",
                        "shape": [10**5, 10**5],
                        "data_offsets": [0, 4],
                    }
                }
            ),
        ),
        ("weights", "9MB-header.safetensors", _st({"k": "x" * 9_000_000})),
        ("image", "4096-grey.png", _png(Image.fromarray(_lined((4096, 4096))))),
        ("image", "4096-rgb.png", _png(Image.fromarray(_lined((4096, 4096, 3))))),
        ("image", "2048-rgb.png", _png(Image.fromarray(_lined((2048, 2048, 3))))),
        ("image", "4096-photo.jpg", _jpeg(4096)),
        ("image", "30000-bomb.png", _bomb()),
        ("image", "16bit-2048.png", _png(Image.new("I;16", (2048, 2048), 4000))),
        ("image", "zip.png", _zip()),
        ("image", "truncated.png", _truncated()),
        ("text", "1MB-emoji.txt", ("\U0001f600" * 262_144).encode()),
        ("text", "nul.txt", b"some text\x00" * 1000),
        ("text", "rtl-combining.txt", ("שלום مرحبا e\u0301\u0302 " * 2000).encode()),
    ]


# where each uploader lives: (URL path + query, CSS class of the uploader, expander to open)
UPLOADERS = {
    "config": ("/ff?lang=en", "st-key-ff-up_cfg", "Share and keep"),
    "weights": ("/ff?lang=en", "st-key-ff-up_w", "Share and keep"),
    "csv": ("/ff?lang=en", "st-key-ff-csv_up", None),
    "image": ("/cnn?lang=en", "st-key-cnn-upload_digit", None),
    "text": ("/rnn?lang=en&page=rnn&d.name=chars&m.family=rnn", "st-key-rnn-up_text", None),
}


# -- measuring ---------------------------------------------------------------------------------


def status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak(pid: int) -> bool:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


class Health(threading.Thread):
    """Polls /_stcore/health every 0.5 s; ``failures`` counts non-200 answers."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.failures, self.stop = url, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as r:
                    self.failures += r.status != 200
            except OSError:
                self.failures += 1
            self.stop.wait(0.5)


def wait_idle(pg, timeout: float = 60_000) -> None:
    pg.wait_for_selector(IDLE, timeout=timeout)
    pg.wait_for_timeout(250)
    pg.wait_for_selector(IDLE, timeout=timeout)


ERRORS = '[data-testid="stAlertContentError"]'


def errors(pg) -> set[str]:
    return {e.inner_text().strip() for e in pg.locator(ERRORS).all()}


def rerun(pg) -> None:
    """Streamlit's "R" shortcut: one rerun, which drops a previous upload's one-off message."""
    pg.keyboard.press("Escape")
    pg.keyboard.press("r")
    pg.wait_for_timeout(300)
    wait_idle(pg)


def open_page(pg, url: str, expander: str | None) -> None:
    for _ in range(3):  # a fresh server's very first run may land on Home
        pg.goto(url)
        wait_idle(pg)
        for _ in range(3):
            if not pg.locator('[role="dialog"]').count():
                break
            pg.keyboard.press("Escape")
            pg.wait_for_timeout(400)
        if pg.locator('[data-testid="stFileUploaderDropzoneInput"]').count() or expander:
            break
    if expander:
        pg.get_by_text(expander).first.click()
        pg.wait_for_timeout(300)


def measure_rerun(pg, pid: int | None, health: Health, path: str) -> dict:
    """The page's own cost: the peak growth of one rerun with no upload (the baseline row)."""
    wait_idle(pg)
    fails = health.failures
    base = status_mb(pid, "VmRSS") if pid else float("nan")
    exact = bool(pid) and reset_peak(pid)
    t0 = time.perf_counter()
    rerun(pg)
    peak = status_mb(pid, "VmHWM" if exact else "VmRSS") if pid else float("nan")
    return {
        "file": "(one rerun, no upload)",
        "uploader": f"baseline {path.split('?')[0]}",
        "kb": 0,
        "growth_mb": round(peak - base, 1),
        "refused": "-",
        "exception": pg.locator('[data-testid="stException"]').count(),
        "health": health.failures == fails,
        "s": round(time.perf_counter() - t0, 1),
    }


def run(url: str, pid: int | None, only: set[str] | None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    health = Health(url)
    health.start()
    rows: list[dict] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = ctx.new_page()
        current = None
        pages_seen: set[str] = set()
        for kind, name, data in corpus():
            if only and kind not in only:
                continue
            path, css, expander = UPLOADERS[kind]
            if current != (path, expander):
                open_page(pg, url + path, expander)
                current = (path, expander)
                if path.split("?")[0] not in pages_seen:  # what one rerun costs, no upload
                    pages_seen.add(path.split("?")[0])
                    rows.append(measure_rerun(pg, pid, health, path))
            wait_idle(pg)
            rerun(pg)
            before_err = errors(pg)
            fails = health.failures
            base = status_mb(pid, "VmRSS") if pid else float("nan")
            exact = bool(pid) and reset_peak(pid)
            peak = base
            upload = pg.locator(f'.{css} input[type="file"]')
            t0 = time.perf_counter()
            upload.set_input_files(
                files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
            )
            # sample while the server works (a fallback where clear_refs is refused)
            deadline = time.time() + 60
            pg.wait_for_timeout(300)
            while time.time() < deadline:
                if pid:
                    peak = max(peak, status_mb(pid, "VmRSS"))
                if pg.locator(IDLE).count():
                    pg.wait_for_timeout(250)
                    if pg.locator(IDLE).count():
                        break
                pg.wait_for_timeout(50)
            secs = time.perf_counter() - t0
            if exact:
                peak = max(peak, status_mb(pid, "VmHWM"))
            refused = bool(errors(pg) - before_err)
            exc = pg.locator('[data-testid="stException"]').count()
            rows.append(
                {
                    "file": name,
                    "uploader": f"{kind} {path.split('?')[0]}",
                    "kb": round(len(data) / 1024),
                    "growth_mb": round(peak - base, 1),
                    "refused": "yes" if refused else "no",
                    "exception": exc,
                    "health": health.failures == fails,
                    "s": round(secs, 1),
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        browser.close()
    health.stop.set()
    return rows


def table(rows: list[dict]) -> str:
    out = [
        "| file | uploader / page | size KB | peak RSS growth MB | refused? | stException | health OK |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['file']} | {r['uploader']} | {r['kb']} | {r['growth_mb']} | {r['refused']} "
            f"| {r['exception']} | {'yes' if r['health'] else 'NO'} |"
        )
    worst = max((r["growth_mb"] for r in rows if r["refused"] != "-"), default=float("nan"))
    out.append("")
    out.append(
        f"worst growth of an upload {worst} MB (target ≤ {TARGET_MB:g}); "
        f"health failures: {sum(not r['health'] for r in rows)}; "
        f"exceptions: {sum(r['exception'] for r in rows)}"
    )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="reuse a running server (then give --pid to measure RSS)")
    ap.add_argument("--pid", type=int, help="the server's process id (with --url)")
    ap.add_argument("--only", help="comma-separated uploaders: config,csv,weights,image,text")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    proc = None
    if args.url:
        url, pid = args.url.rstrip("/"), args.pid
    else:
        port = free_port()
        proc = start_server(port)
        url, pid = f"http://127.0.0.1:{port}", proc.pid
    try:
        t0 = time.perf_counter()
        rows = run(url, pid, only)
        print(table(rows))
        print(f"({len(rows)} uploads in {time.perf_counter() - t0:.0f} s)")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
