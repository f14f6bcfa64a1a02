"""ui/heap.py: glibc's malloc_trim hands freed, fragmented heap pages back to the OS."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from ui import heap

# In a fresh interpreter (a long test process's heap already has holes the blocks would
# fill): 96 MB in 4 KB blocks (above pymalloc's 512 B, so malloc's heap), one in 16 kept
# alive, so free() cannot shrink the arena from its top and the pages in between stay
# resident until trimmed.
PROBE = """
import gc, json
from ui import heap

def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

heap.trim()
base = rss_mb()
blocks = [bytes(4096) for _ in range(24_000)]
kept = blocks[::16]
del blocks
gc.collect()
held = rss_mb() - base
trimmed = heap.trim()
print(json.dumps({"held": held, "after": rss_mb() - base, "trimmed": trimmed, "kept": len(kept)}))
"""


def test_trim_returns_the_pages_a_fragmented_heap_keeps():
    if heap._libc() is None:
        pytest.skip("not glibc: the C library returns freed spans itself")
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    r = json.loads(out.stdout)
    assert r["kept"] == 1_500 and r["trimmed"] is True
    assert r["held"] > 60, r  # the freed blocks are still resident
    assert r["after"] < r["held"] / 3, r  # and most of them come back


def test_trim_is_safe_to_call_often():
    for _ in range(3):
        assert isinstance(heap.trim(), bool)
