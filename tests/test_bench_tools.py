"""bench/cpu_by_process.py: the command's exit status passes through, and its CPU is found
and put under the right kind of process (nothing timed: only that it is counted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUSY = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6: pass"


def test_cpu_by_process_counts_the_commands_cpu_and_keeps_its_status():
    r = subprocess.run(
        [sys.executable, str(ROOT / "bench/cpu_by_process.py"), "--every", "0.05", "--"]
        + ["bash", "-c", f"{sys.executable} -c '{BUSY}'; exit 3"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 3, r.stderr
    row = re.search(r"^\s*([\d.]+)\s+[\d.]+ %\s+other python$", r.stderr, re.M)
    assert row, r.stderr
    assert float(row.group(1)) > 0.1, r.stderr  # 0.6 s of CPU, sampled every 0.05 s


def test_cpu_by_process_needs_a_command():
    r = subprocess.run(
        [sys.executable, str(ROOT / "bench/cpu_by_process.py")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "no command" in r.stderr
