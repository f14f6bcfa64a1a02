"""The live route, served by ``st.App`` (app.py) beside Streamlit's own routes.

``POST /_dlp/live`` carries a view's poll and its controls (token + per-tab secret in
the JSON body, never in the URL); ``GET /_dlp/plotly.js`` is the Plotly bundle that the
client view draws with (the one shipped inside the ``plotly`` package, cached by the
browser). Training happens in the engine's workers (dlcore/live.py), never on the
event loop: a poll only takes the frames waiting for it. ``serving()`` tells a page
whether the route is there (False under AppTest, which runs ui/shell.py alone).
"""

from __future__ import annotations

import gc
import json
import os
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from dlcore import limits, live_train
from dlcore.live import Engine
from ui import heap

LIVE = "_dlp/live"
PLOTLY = "_dlp/plotly.js"
MAX_BODY = 4096  # a poll or a control is a few hundred bytes


QUIET_GC_S = 60.0  # while nothing plays, a full collection at most this often (see _on_idle)
QUIET_GC_MAX_S = 600.0  # … backing off to this on a server where collections find nothing
_GC = {"last": time.monotonic(), "every": QUIET_GC_S}
_clock = time.monotonic


def _on_idle() -> None:
    """The engine's housekeeping (about once a second): let go the batched groups nobody
    plays, and while nothing plays, collect the garbage that sessions Streamlit has just
    dropped left behind.

    Streamlit forgets a disconnected session after ``disconnectedSessionTTL`` (at the
    next disconnect), but its session state sits in reference cycles: only a full
    collection frees the Trainers in it. .streamlit/config.toml turns off Streamlit's
    collection after every run (``runner.postScriptGC``: 60 % of the CPU), and on a
    quiet server Python's own thresholds are never reached, so a class that has left
    would keep its models. One ``gc.collect()`` (~0.3 s here) at most every QUIET_GC_S,
    only while nothing plays and only if anything was allocated since the last one; then
    the C heap's freed pages go back to the OS (``heap.trim``: glibc keeps them in its
    per-thread arenas). Not only when objects reached the old generation: Streamlit drops
    the expired sessions at a disconnect, which allocates next to nothing, so a quiet
    server would keep a whole class's sessions as garbage until its next visitors. A
    collection that finds nothing doubles the wait, up to QUIET_GC_MAX_S (an empty server
    walks its heap every ten minutes); anyone on a live page sets it back to a minute."""
    live_train.release_idle()
    now = _clock()
    if ENGINE.n_open():  # someone is here: collect soon after they leave
        _GC["every"] = QUIET_GC_S
    if now - _GC["last"] < _GC["every"] or ENGINE.n_playing() or not any(gc.get_count()):
        return
    _GC["last"] = now
    found = gc.collect()
    heap.trim()  # and hand the freed pages back (glibc keeps them in its arenas: ui/heap.py)
    _GC["every"] = QUIET_GC_S if found else min(2 * _GC["every"], QUIET_GC_MAX_S)


# frames and slow parts (Plotly figures) bounded for the whole server (live_train.server_engine)
ENGINE: Engine = live_train.server_engine(on_idle=_on_idle)
_STATE: dict[str, Any] = {"serving": False, "base": ""}
_NO_STORE = {"Cache-Control": "no-store"}


def serving() -> bool:
    """True inside a server started by ``streamlit run app.py`` (the route is there)."""
    return bool(_STATE["serving"])


def workers() -> int:
    """Worker threads for the engine: ``cpu_share`` of the cores, at least one."""
    return limits.engine_workers()


async def live_endpoint(request: Request) -> Response:
    """One poll or one control of a view. Anything malformed or unknown: 404, nothing else."""
    body = await request.body()
    if len(body) > MAX_BODY:
        return Response(status_code=404, headers=_NO_STORE)
    try:
        msg = json.loads(body)
        token, secret, action = msg["t"], msg["s"], msg.get("a", "poll")
        if not (isinstance(token, str) and isinstance(secret, str) and isinstance(action, str)):
            raise TypeError
    except (ValueError, TypeError, KeyError, RecursionError):
        ENGINE.stats["refused"] += 1
        return Response(status_code=404, headers=_NO_STORE)
    if action == "poll":
        status, out = ENGINE.poll(token, secret)  # quick: no training on the event loop
    elif action == "stats" and os.environ.get("DLP_LIVE_STATS") == "1":
        out = {**ENGINE.stats, "open": ENGINE.n_open(), "playing": ENGINE.n_playing()}
        status, out = 200, {**out, **ENGINE.pacing()}
    else:  # pause / step wait for a slice in flight: not on the event loop
        status, out = await run_in_threadpool(ENGINE.control, token, secret, action, msg.get("v"))
    if status != 200:
        return Response(status_code=404, headers=_NO_STORE)
    return JSONResponse(out, headers=_NO_STORE)


def _plotly_file() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


async def plotly_endpoint(request: Request) -> Response:
    return FileResponse(
        _plotly_file(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def _join(base: str, path: str) -> str:
    base = "/".join(p for p in (base or "").split("/") if p)
    return f"/{base}/{path}" if base else f"/{path}"


def routes(base_url_path: str = "") -> list[Route]:
    """The live route and the Plotly bundle under ``server.baseUrlPath`` (as Streamlit's
    own routes are), so a proxy that passes the app's prefix passes them too."""
    _STATE["base"] = base_url_path or ""
    return [
        Route(_join(base_url_path, LIVE), live_endpoint, methods=["POST"]),
        Route(_join(base_url_path, PLOTLY), plotly_endpoint, methods=["GET"]),
    ]


def live_path() -> str:
    return _join(_STATE["base"], LIVE)


def plotly_path() -> str:
    return _join(_STATE["base"], PLOTLY)


ROUTES = routes()


@asynccontextmanager
async def lifespan(app: Any):
    """Server start: the engine's workers; the pages learn that the route is there."""
    ENGINE.start(workers())
    _STATE["serving"] = True
    try:
        yield None
    finally:
        _STATE["serving"] = False
        ENGINE.stop_workers()
