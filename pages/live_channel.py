"""A live channel: a playing canvas fetches its next frames over plain HTTP.

Why: every Streamlit fragment run costs the browser about 0.15 s of CPU (React
re-rendering the app: measured with a CDP profile of a playing feedforward tab,
where the canvas itself took 0.4 %). With a class of students that is what starves
a tab, not the server. While a live canvas plays, its JavaScript instead asks
``GET <base>/_dlp/live?t=<token>`` for the frames made since its last poll, and no
script runs. A worker thread trains the playing sessions in turn, one short slice
each, a snapshot after every slice: fair by construction, each poll answered at
once (no poll waits for another's training), and a tab that stops polling stops
being trained. Pause, a stop (divergence) or a closed tab go back through Streamlit.

The route is added to the Starlette app that ``streamlit run`` serves (found once
per process). Where there is none (AppTest, another server), ``available()`` is
False and pages keep their fragment loop. A token is random, names one session's
page, and holds the model only weakly: a closed session frees it; an idle channel
expires. Not a page of its own.
"""

from __future__ import annotations

import gc
import os
import secrets
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROUTE = "_dlp/live"
IDLE_S = 30.0  # a channel nobody polled for this long is closed
MIN_GAP_S = 0.05  # a client polling faster than this gets nothing
ACTIVE_S = 3.0  # a channel not polled for this long is not trained (a closed tab)
MAX_BUFFER = 16  # frames kept for a poll; training waits while the buffer is full

# produce(target, session, params) -> (frames made by one slice, stopped?)
Produce = Callable[[Any, str, dict[str, Any]], tuple[list[dict[str, Any]], bool]]
# hint(session) -> extra fields for every answer (e.g. the poll interval)
Hint = Callable[[str], dict[str, Any]]


@dataclass
class Channel:
    """One playing canvas: whose it is, what it trains, the frames not yet fetched."""

    session: str
    key: str
    target: weakref.ReferenceType
    produce: Produce
    hint: Hint
    params: dict[str, Any] = field(default_factory=dict)
    polled: float = field(default_factory=time.monotonic)
    frames: list[dict[str, Any]] = field(default_factory=list)
    stopped: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)  # one worker at a time


_CHANNELS: dict[str, Channel] = {}
_LOCK = threading.Lock()
_WAKE = threading.Event()
_STATE: dict[str, Any] = {"installed": None, "path": "/" + ROUTE, "next": 0, "workers": 0}


def _prune(now: float) -> None:
    for tok in [k for k, c in _CHANNELS.items() if c.target() is None or now - c.polled > IDLE_S]:
        del _CHANNELS[tok]


def open_channel(
    session: str, key: str, target: Any, produce: Produce, hint: Hint, **params: Any
) -> str:
    """The token for ``session``'s canvas ``key``. A rerun while playing keeps the token
    (a poll in flight must not find it gone) and points it at the current ``target``."""
    now = time.monotonic()
    with _LOCK:
        _prune(now)
        for tok, ch in _CHANNELS.items():
            if ch.session == session and ch.key == key:
                if ch.target() is not target:
                    ch.frames, ch.stopped = [], False
                ch.target, ch.produce, ch.hint = weakref.ref(target), produce, hint
                ch.params = dict(params)
                ch.polled = min(ch.polled, now - MIN_GAP_S)
                _WAKE.set()
                return tok
        tok = secrets.token_urlsafe(24)
        _CHANNELS[tok] = Channel(session, key, weakref.ref(target), produce, hint, dict(params))
        _CHANNELS[tok].polled = now - MIN_GAP_S  # active at once; its first poll is answered
        _WAKE.set()
        return tok


def close_channel(session: str, key: str) -> None:
    """Stop serving ``session``'s canvas ``key`` (pause, reset, a new model)."""
    with _LOCK:
        for tok in [k for k, c in _CHANNELS.items() if c.session == session and c.key == key]:
            del _CHANNELS[tok]


def n_open() -> int:
    with _LOCK:
        _prune(time.monotonic())
        return len(_CHANNELS)


def answer(token: str, now: float | None = None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for one poll: the frames made since the last one. 404
    tells the canvas to hand back to Streamlit (paused, expired, another replica)."""
    now = time.monotonic() if now is None else now
    with _LOCK:
        ch = _CHANNELS.get(token)
        if ch is None or ch.target() is None:
            _CHANNELS.pop(token, None)
            return 404, {"gone": True}
        if now - ch.polled < MIN_GAP_S:
            return 200, {"frames": []}
        ch.polled = now
        frames, ch.frames = ch.frames, []
        stop = ch.stopped and not ch.frames
        session, hint = ch.session, ch.hint
    _WAKE.set()
    return 200, {"frames": frames, "stop": stop, **hint(session)}


def work_once() -> bool:
    """Train one slice of the next channel due (round robin). False if none was due."""
    now = time.monotonic()
    with _LOCK:
        due = [
            c
            for c in _CHANNELS.values()
            if not c.stopped
            and now - c.polled < ACTIVE_S
            and len(c.frames) < MAX_BUFFER
            and c.target() is not None
        ]
        if not due:
            return False
        ch = due[_STATE["next"] % len(due)]
        _STATE["next"] += 1
    target = ch.target()
    if target is None or not ch.lock.acquire(blocking=False):
        return True
    try:
        frames, stopped = ch.produce(target, ch.session, ch.params)
    except Exception:  # noqa: BLE001 - a broken model stops its own channel, not the worker
        frames, stopped = [], True
    finally:
        ch.lock.release()
    with _LOCK:
        ch.frames.extend(frames)
        del ch.frames[:-MAX_BUFFER]
        ch.stopped = ch.stopped or stopped
    return True


def _worker() -> None:
    while True:
        if not work_once():
            _WAKE.wait(0.05)
            _WAKE.clear()


def _start_workers() -> None:
    """Workers that train the playing sessions: ``cpu_share`` of the cores, at least one."""
    from dlcore import limits

    n = max(1, round(limits.LIMITS.cpu_share * (os.cpu_count() or 1) - 0.2))
    for i in range(n - _STATE["workers"]):
        threading.Thread(target=_worker, name=f"dlp-live-{i}", daemon=True).start()
    _STATE["workers"] = max(n, _STATE["workers"])


# -- the HTTP route ------------------------------------------------------------------------


STATS = {"polls": 0, "frames": 0}  # bench/classroom.py reads them (DLP_LIVE_STATS=1)


async def _endpoint(request: Any) -> Any:
    from starlette.responses import JSONResponse

    token = request.query_params.get("t", "")
    if request.query_params.get("stats") == "1" and _STATS_ON:
        return JSONResponse(dict(STATS, open=n_open()), headers={"Cache-Control": "no-store"})
    status, body = answer(token)  # no training here: quick, on the event loop
    STATS["polls"] += 1
    STATS["frames"] += len(body.get("frames", ()))
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


_STATS_ON = os.environ.get("DLP_LIVE_STATS") == "1"  # off unless a bench asks


def _find_app() -> Any:
    """The Starlette app serving Streamlit's websocket in this process, if any."""
    try:
        from starlette.applications import Starlette
        from starlette.routing import WebSocketRoute
    except ImportError:
        return None
    for obj in gc.get_referrers(Starlette):
        if isinstance(obj, Starlette):
            for r in obj.router.routes:
                if isinstance(r, WebSocketRoute) and r.path.endswith("/_stcore/stream"):
                    return obj
    return None


def install() -> bool:
    """Add the live route to this process's Streamlit server, once. False if there is none."""
    with _LOCK:
        if _STATE["installed"] is not None:
            return _STATE["installed"]
        ok = False
        app = _find_app()
        if app is not None:
            from starlette.routing import Route
            from streamlit import config
            from streamlit.url_util import make_url_path

            path = make_url_path(config.get_option("server.baseUrlPath") or "", ROUTE)
            app.router.routes.insert(0, Route(path, _endpoint, methods=["GET"]))
            _STATE["path"] = path
            _start_workers()
            ok = True
        _STATE["installed"] = ok
        return ok


def available() -> bool:
    """True when canvases can poll this server (the route is installed)."""
    return bool(_STATE["installed"]) if _STATE["installed"] is not None else install()


def path() -> str:
    return str(_STATE["path"])
