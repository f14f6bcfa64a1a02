"""Live channels: the playing sessions' training, shared fairly, frames kept for polls.

A page's canvas that plays gets a token (``open_channel``); worker threads
(``start_workers``) train the playing sessions in turn, one short slice each with a
snapshot after it (``work_once``: fair by construction, a full buffer or a tab that
stopped polling is skipped); a poll (``answer``) takes the frames made since the last
one and never waits for anyone's training. A channel holds its model weakly, so a
closed session frees it; an idle channel expires. What a slice does is the page's
``produce`` callable. The HTTP route that serves ``answer`` is Streamlit glue and lives
in pages/live_channel.py.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dlcore import limits

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
_STATE: dict[str, Any] = {"next": 0, "workers": 0}


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
    """Channels open now (after dropping the expired and the freed)."""
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
        stop, session, hint = ch.stopped, ch.session, ch.hint
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
        _WAKE.clear()  # before looking: a poll or an open from now on wakes the next wait
        if not work_once():
            _WAKE.wait(1.0)


def start_workers() -> None:
    """Workers that train the playing sessions: ``cpu_share`` of the cores, at least one."""
    n = max(1, round(limits.LIMITS.cpu_share * (os.cpu_count() or 1) - 0.2))
    for i in range(n - _STATE["workers"]):
        threading.Thread(target=_worker, name=f"dlp-live-{i}", daemon=True).start()
    _STATE["workers"] = max(n, _STATE["workers"])
