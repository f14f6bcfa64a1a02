"""ui/heap.py: glibc's malloc_trim hands freed, fragmented heap pages back to the OS; the
server keeps to a few shared arenas (mallopt M_ARENA_MAX) instead of one per thread."""

from __future__ import annotations

import ast
import json
import os
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


# Six threads alive at once, each allocating: glibc gives each an arena of its own (a
# 64 MiB-aligned heap mapping) unless the arenas are limited before they start.
ARENAS_PROBE = """
import json, sys, threading
from ui import heap

def arenas():
    n = 0
    with open("/proc/self/maps") as f:
        for line in f:
            fs = line.split()
            start = int(fs[0].split("-")[0], 16)
            if len(fs) == 5 and fs[1].startswith("rw") and start % (64 << 20) == 0:
                n += 1
    return n

limited = heap.limit_arenas(int(sys.argv[1])) if sys.argv[1] != "-" else None
before = arenas()
go = threading.Barrier(6)

def work():
    go.wait()
    keep = [bytearray(1000) for _ in range(2000)]
    go.wait()

ts = [threading.Thread(target=work) for _ in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(json.dumps({"limited": limited, "new_arenas": arenas() - before}))
"""


def _arenas(arg: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("MALLOC_ARENA_MAX", "GLIBC_TUNABLES")}
    out = subprocess.run(
        [sys.executable, "-c", ARENAS_PROBE, arg],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**clean, **env},
    )
    return json.loads(out.stdout)


def test_limit_arenas_keeps_new_threads_in_the_shared_arenas():
    if heap._libc() is None:
        pytest.skip("not glibc: no per-thread arenas")
    free = _arenas("-")
    assert free["new_arenas"] >= 3, free  # without a limit, the threads get arenas of their own
    one = _arenas("1")
    assert one == {"limited": True, "new_arenas": 0}, one


def test_limit_arenas_leaves_the_hosts_choice():
    if heap._libc() is None:
        pytest.skip("not glibc: no per-thread arenas")
    r = _arenas("1", MALLOC_ARENA_MAX="4")
    assert r["limited"] is False and r["new_arenas"] >= 2, r  # the host's 4 arenas, not 1


def test_app_limits_arenas_before_the_server_loads_anything():
    """app.py calls heap.limit_arenas() before it imports ui.routes (torch, the engine):
    arenas made before the call are not limited."""
    tree = ast.parse((ROOT / "app.py").read_text())
    call = next(
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "limit_arenas"
    )
    routes = next(
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module == "ui" and n.names[0].name == "routes"
    )
    assert call < routes
