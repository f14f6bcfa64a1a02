"""Hand the C heap's free pages back to the operating system (glibc's ``malloc_trim``).

A class that leaves frees its models, optimizer states and Streamlit sessions (the
engine lets go its groups; ui/routes.py runs one ``gc.collect()`` on a quiet server),
but glibc keeps freed chunks in its per-thread arenas: ``free`` shrinks an arena only
from its top, and the pages between chunks that outlived their neighbours stay
resident, so the server's RSS stays near the class's peak (bench/session_memory.py:
+29 MB after 20 sessions, +43 MB after 200). ``malloc_trim(0)`` walks every arena and
returns the free pages inside them (``madvise(MADV_DONTNEED)``); it changes nothing else.
A known glibc behaviour with many threads (glibc bug 11261, "malloc uses excessive memory
for multi-threaded applications"); other C libraries (musl, macOS) return freed spans
themselves, and there this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """glibc with its ``malloc_trim``, or None (another C library, another system)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        lib.malloc_trim.argtypes = [ctypes.c_size_t]
        lib.malloc_trim.restype = ctypes.c_int
    except (OSError, AttributeError):  # not glibc: nothing to trim
        return None
    return lib


def trim() -> bool:
    """Return the C heap's free pages to the OS; True if the C library did (glibc), False
    where it has no ``malloc_trim`` or nothing was returned."""
    lib = _libc()
    return False if lib is None else bool(lib.malloc_trim(0))
