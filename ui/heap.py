"""The C heap of a server that a class leaves: few arenas, and their free pages handed back.

``limit_arenas`` (app.py, before the server starts its threads) keeps the process to a
few shared glibc arenas; ``trim`` hands the free pages inside them back to the operating
system (glibc's ``malloc_trim``).

A class that leaves frees its models, optimizer states and Streamlit sessions (the
engine lets go its groups; ui/routes.py runs one ``gc.collect()`` on a quiet server),
but glibc keeps freed chunks in its per-thread arenas: ``free`` shrinks an arena only
from its top, and the pages between chunks that outlived their neighbours stay
resident, so the server's RSS stays near the class's peak (bench/session_memory.py, an
arena per thread: +29 MB after 20 sessions, +43 MB after 200). ``malloc_trim(0)`` walks
every arena and returns the free pages inside them (``madvise(MADV_DONTNEED)``); it
changes nothing else.
A known glibc behaviour with many threads (glibc bug 11261, "malloc uses excessive memory
for multi-threaded applications"); other C libraries (musl, macOS) return freed spans
themselves, and there this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys

M_ARENA_MAX = -8  # mallopt's parameter numbers (glibc's malloc.h)
ARENAS = 2  # see limit_arenas


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """glibc with its ``malloc_trim``, or None (another C library, another system)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        lib.malloc_trim.argtypes = [ctypes.c_size_t]
        lib.malloc_trim.restype = ctypes.c_int
        lib.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        lib.mallopt.restype = ctypes.c_int
    except (OSError, AttributeError):  # not glibc: nothing to trim
        return None
    return lib


def trim() -> bool:
    """Return the C heap's free pages to the OS; True if the C library did (glibc), False
    where it has no ``malloc_trim`` or nothing was returned."""
    lib = _libc()
    return False if lib is None else bool(lib.malloc_trim(0))


def limit_arenas(n: int = ARENAS) -> bool:
    """At most ``n`` glibc arenas for the whole process (``mallopt(M_ARENA_MAX, n)``), as
    the ``MALLOC_ARENA_MAX`` environment variable would; True if set.

    glibc gives each new thread an arena of its own, up to 8 per core (16 on 2 cores): the
    server's threads (Streamlit's script runs, its thread pools, the engine's workers)
    fill them all, and each keeps the pages between the chunks that outlive a class
    (bench/session_memory.py prints them: 14 arenas at the baseline, 16 after a class of 20
    and +16 MB in them). With a few shared arenas the same chunks sit closer together: +18.7
    MB after that class against +28.9 MB, +25 MB after 200 sessions against +43 MB.
    Effective for the arenas glibc creates after the call, so app.py calls it first, before
    the server starts its threads; an explicit ``MALLOC_ARENA_MAX`` (or the
    ``glibc.malloc.arena_max`` tunable) of the host is left as it is."""
    if "MALLOC_ARENA_MAX" in os.environ or "arena_max" in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    lib = _libc()
    return False if lib is None else bool(lib.mallopt(M_ARENA_MAX, n))
