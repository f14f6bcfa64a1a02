"""ui/heap.py: glibc's malloc_trim hands freed, fragmented heap pages back to the OS."""

from __future__ import annotations

import gc

import pytest

from ui import heap


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def test_trim_returns_the_pages_a_fragmented_heap_keeps():
    if heap._libc() is None:
        pytest.skip("not glibc: the C library returns freed spans itself")
    heap.trim()
    base = rss_mb()
    # 96 MB in 4 KB blocks (above pymalloc's 512 B: malloc's heap), one in 16 kept alive:
    # free() cannot shrink the arena from its top, the pages in between stay resident
    blocks = [bytes(4096) for _ in range(24_000)]
    kept = blocks[::16]
    del blocks
    gc.collect()
    held = rss_mb() - base
    assert heap.trim() is True
    after = rss_mb() - base
    assert held > 60, held  # the freed blocks are still resident
    assert after < held / 3, (held, after)  # and most of them come back
    assert len(kept) == 1_500


def test_trim_is_safe_to_call_often():
    for _ in range(3):
        assert isinstance(heap.trim(), bool)
