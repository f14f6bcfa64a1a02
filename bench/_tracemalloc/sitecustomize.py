"""Loaded by a server that bench/session_memory.py starts with ``--trace FILE`` (this folder
on its PYTHONPATH): Python's own allocations traced (``tracemalloc``, one frame); SIGUSR2
takes the baseline snapshot, SIGUSR1 writes the difference since, by file and by line, to
``$DLP_TRACE_OUT`` (what Python objects a class left behind; the rest of the RSS is the
allocators' and C libraries'), headed by how many Trainers and Streamlit sessions are still
alive (a debugging count over the collector's objects, for this bench only). With
``DLP_TRACE_FRAMES=N`` (N > 1) tracing starts at the baseline signal (only what was
allocated since, and is still alive, is counted), keeps N frames and adds the tracebacks that
grew most."""

import gc
import os
import signal
import sys
import threading
import tracemalloc

OUT = os.environ.get("DLP_TRACE_OUT")
if OUT:
    FRAMES = int(os.environ.get("DLP_TRACE_FRAMES", "1"))
    if FRAMES == 1:
        tracemalloc.start(1)
    _base: dict = {}

    def _set_base() -> None:
        if FRAMES > 1:  # deep traces slow the server's start past its health check: from here
            tracemalloc.start(FRAMES)
        _base["s"] = tracemalloc.take_snapshot()

    def _alive() -> str:
        counts = []
        for mod, name in (
            ("dlcore.train", "Trainer"),
            ("streamlit.runtime.app_session", "AppSession"),
        ):
            cls = getattr(sys.modules.get(mod), name, None)
            n = sum(isinstance(o, cls) for o in gc.get_objects()) if cls else 0
            counts.append(f"{name} {n}")
        return "== alive: " + ", ".join(counts)

    def _dump() -> None:
        now = tracemalloc.take_snapshot()
        lines = [_alive()]
        for key in ("filename", "lineno"):
            diff = now.compare_to(_base["s"], key)
            total = sum(d.size_diff for d in diff) / 2**20
            held = sum(d.size for d in diff) / 2**20
            lines.append(f"== by {key}: {total:+.1f} MB since the baseline ({held:.1f} MB traced)")
            lines += [str(d) for d in diff[:30]]
        if FRAMES > 1:  # where the largest growths were allocated from, innermost frame last
            diff = now.compare_to(_base["s"], "traceback")
            lines.append(f"== by traceback ({FRAMES} frames), the 25 that grew most")
            for d in diff[:25]:
                lines.append(f"{d.size_diff / 1024:+.1f} KiB, {d.count_diff:+d} blocks")
                lines += ["    " + str(f) for f in d.traceback]
        with open(OUT + ".tmp", "w") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(OUT + ".tmp", OUT)

    # the work off the signal handler (a snapshot takes seconds)
    signal.signal(signal.SIGUSR2, lambda *_: threading.Thread(target=_set_base).start())
    signal.signal(signal.SIGUSR1, lambda *_: threading.Thread(target=_dump).start())
