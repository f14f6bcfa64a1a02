"""The live engine: playing sessions trained in fair slices, frames kept for their view.

A page that plays opens a *channel* for its model (``Engine.open``): a token and a
per-tab secret that only its own browser view knows. Worker threads
(``Engine.start``) train the playing channels in turn, one short slice each
(``work_once``: round robin, so a slow or huge model never starves the others), and
after a slice take a snapshot (a *frame*) when the view is due for one. The view
fetches the frames made since its last poll (``poll``, never waits for training) and
talks to the engine directly for Play, Pause, Step and the speed (``control``): a
Pause stops the channel at once and answers with the final frame, so what the view
shows after a Pause is what the model is.

What a slice does and what a frame holds is the page's :class:`Producer`. Nothing here
knows about Streamlit or HTTP; the route that serves ``poll`` and ``control`` lives
in ``ui/routes.py``. The clock is injectable (tests pass a fake one). Channels hold
their model weakly (a closed session frees it), a channel nobody polls is not
trained, an idle one is closed, and the frames buffered per channel are bounded. What a
producer keeps between slices (the batched groups of dlcore/live_train.py) is let go by
``on_idle``, which the workers call about once a second, playing or not.
"""

from __future__ import annotations

import hmac
import math
import random
import secrets
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

Clock = Callable[[], float]
Frame = dict[str, Any]

IDLE_S = 30.0  # a channel nobody polled for this long is closed
ACTIVE_S = 3.0  # a playing channel not polled for this long is not trained (a closed tab)
MIN_GAP_S = 0.04  # a client polling faster than this gets no frames
SLICE_S = 0.02  # torch time one slice may take (then the next channel's turn)
MAX_SPEED = 1e6  # steps per second standing for "full speed"
MAX_GROUP = 256  # channels of one shape trained as one batched slice, at most
GROUP_SLICE_S = 0.1  # a group's slice: slice_s per member, at most this (a Pause waits for it)
FULL = 10**9  # the steps a slice may do at full speed (its time budget ends it)
# Slow parts of the views (Plotly figures: ~20x a frame's cost to build here, more to draw in
# the browser) refresh at most this often per second, all views together, per core
SLOW_PER_CORE_S = 3.0
# The frames of all playing views together take at most this share of the workers' time:
# the rest trains. Batched training makes a class's steps cheap (dlcore/batch.py), so the
# frames are what grows with the class; each channel's frame cost is measured (CPU time
# of its snapshots) and each playing view may spend an equal part of the share: a view
# whose frames cost more gets fewer of them, never the rest of the class.
FRAME_SHARE = 0.3
FRAME_WINDOW = 8  # a view's frame cost: the cheapest of its last this many frames
TIDY_S = 1.0  # the workers prune channels and call ``on_idle`` this often

_SLICE = threading.local()  # the channel whose slice this thread is training


def cancelled() -> bool:
    """True inside a slice whose channel was paused meanwhile: a producer's step may
    stop after the update in flight (``Trainer.step(stop_when=cancelled)``)."""
    ch = getattr(_SLICE, "channel", None)
    return ch is not None and not ch.playing


@dataclass
class Producer:
    """What a page's live view trains and shows.

    ``step(target, max_steps, budget_s)`` trains at most ``max_steps`` updates within
    about ``budget_s`` seconds; ``snapshot(target)`` is one frame (JSON-able);
    ``stopped(target)`` tells whether the model stopped itself (divergence, a target
    reached). ``frame_every_s`` spaces the frames while playing, ``max_frames`` bounds
    the frames kept for one poll (the oldest go first). ``group`` (optional) names the
    batching group of a target (sessions of one shape trained as one step).
    """

    step: Callable[[Any, int, float], Any]
    snapshot: Callable[[Any], Frame]
    final: Callable[[Any], Frame] | None = None  # the frame after Pause / Step (default snapshot)
    stopped: Callable[[Any], bool] = lambda target: False
    frame_every_s: float = 0.08
    max_frames: int = 4
    group: Callable[[Any], Hashable | None] | None = None
    # step_group(targets, n, budget_s) -> steps done per target: one batched slice for
    # several targets of one group key (dlcore/batch.py for Trainers)
    step_group: Callable[[list[Any], int, float], list[int]] | None = None


@dataclass
class Channel:
    """One view of one session's model."""

    token: str
    secret: str
    session: str
    key: str
    target: weakref.ReferenceType
    producer: Producer
    playing: bool = False
    stopped: bool = False
    speed: float = MAX_SPEED  # steps per second while playing
    credit: float = 0.0  # steps earned by the speed limit, not yet trained
    credited: float = 0.0  # when credit was last added
    polled: float = 0.0
    framed: float = -math.inf  # when the last frame was taken
    frames: list[Frame] = field(default_factory=list)
    steps: int = 0  # updates trained by this channel (all slices)
    lock: threading.Lock = field(default_factory=threading.Lock)  # held while training
    reading: int = 0  # worker snapshots in progress (no training meanwhile)
    frame_cpu: float = 0.0  # CPU seconds of one of its frames (see _take_frame)
    frame_costs: deque = field(default_factory=lambda: deque(maxlen=FRAME_WINDOW))
    gkey: Any = None  # the target's group key, cached for gtid
    gtid: int = 0
    read_done: threading.Condition = field(default_factory=threading.Condition)

    def alive(self) -> bool:
        return self.target() is not None


class Engine:
    """Channels, their fair scheduling and their frames. Thread-safe."""

    def __init__(
        self,
        clock: Clock = time.monotonic,
        *,
        slice_s: float = SLICE_S,
        active_s: float = ACTIVE_S,
        idle_s: float = IDLE_S,
        pace: Callable[[int], float] | None = None,
        slow_per_s: float = math.inf,
        frame_cpu_per_s: float = math.inf,
        cpu_clock: Clock = time.thread_time,
        on_idle: Callable[[], Any] | None = None,
    ) -> None:
        self.clock = clock
        self.slice_s = slice_s
        self.active_s = active_s
        self.idle_s = idle_s
        # pace(n_playing) -> factor ≥ 1 by which frames and polls space out on a crowded server
        self.pace = pace or (lambda n: 1.0)
        # slow parts (Plotly figures) drawn per second by all playing views together
        self.slow_per_s = slow_per_s
        # CPU seconds per second the frames of all playing views may take together (the
        # server: FRAME_SHARE of its workers); ``cpu_clock`` times a snapshot (its thread's
        # CPU time, so a busy machine does not make frames look dear)
        self.frame_cpu_per_s = frame_cpu_per_s
        self.cpu_clock = cpu_clock
        # on_idle(): let go what the producers keep between slices (batched groups nobody
        # plays any more); called by the workers every TIDY_S, so nothing a closed tab
        # left behind waits for the next Play
        self.on_idle = on_idle
        self._tidied = -math.inf
        self._tidy_lock = threading.Lock()
        self._channels: dict[str, Channel] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._next = 0
        self._threads: list[threading.Thread] = []
        self._halt = threading.Event()
        self.stats = {"polls": 0, "frames": 0, "refused": 0, "slices": 0}

    # -- channels ---------------------------------------------------------------------

    def _prune(self, now: float) -> None:
        dead = [
            k for k, c in self._channels.items() if not c.alive() or now - c.polled > self.idle_s
        ]
        for k in dead:
            del self._channels[k]

    def open(self, session: str, key: str, target: Any, producer: Producer) -> Channel:
        """The channel of ``session``'s view ``key``, pointed at ``target``. A rerun keeps
        the token, the secret, the play state and the speed (a poll in flight must not
        find it gone); a new target (a rebuilt model) starts paused with no frames."""
        now = self.clock()
        with self._lock:
            self._prune(now)
            for ch in self._channels.values():
                if ch.session == session and ch.key == key:
                    if ch.target() is not target:
                        ch.target, ch.frames = weakref.ref(target), []
                        ch.playing = ch.stopped = False
                    ch.producer = producer
                    ch.polled = max(ch.polled, now)
                    return ch
            ch = Channel(
                token=secrets.token_urlsafe(18),
                secret=secrets.token_urlsafe(18),
                session=session,
                key=key,
                target=weakref.ref(target),
                producer=producer,
                polled=now,
            )
            self._channels[ch.token] = ch
            return ch

    def close(self, session: str, key: str | None = None) -> None:
        """Forget ``session``'s view ``key`` (or all its views): it is not trained again."""
        with self._lock:
            for tok in [
                k
                for k, c in self._channels.items()
                if c.session == session and (key is None or c.key == key)
            ]:
                self._channels[tok].playing = False
                del self._channels[tok]

    def pause(self, session: str, key: str) -> bool:
        """Pause ``session``'s view ``key`` from the server side (a page's own button); the
        view learns it at its next poll. Waits for a slice in flight. False if not open."""
        ch = self.find(session, key)
        if ch is None:
            return False
        with self._lock:
            ch.playing = False
            ch.frames = []
        with ch.lock:
            pass
        return True

    def find(self, session: str, key: str) -> Channel | None:
        with self._lock:
            return next(
                (c for c in self._channels.values() if c.session == session and c.key == key), None
            )

    def _get(self, token: str, secret: str) -> Channel | None:
        """The channel if ``token`` and ``secret`` match (constant-time), else None."""
        ch = self._channels.get(token) if isinstance(token, str) else None
        if ch is None or not isinstance(secret, str) or not ch.alive():
            return None
        if not hmac.compare_digest(ch.secret.encode(), secret.encode("utf-8", "replace")):
            return None
        return ch

    def n_open(self) -> int:
        with self._lock:
            self._prune(self.clock())
            return len(self._channels)

    def n_playing(self) -> int:
        now = self.clock()
        with self._lock:
            return sum(
                1
                for c in self._channels.values()
                if c.playing and not c.stopped and now - c.polled < self.active_s
            )

    def crowd(self) -> float:
        """How much the frames and polls space out now (1 = not crowded)."""
        with self._lock:
            return self._pacing_locked(self.clock())[0]

    def _pacing_locked(self, now: float) -> tuple[float, float]:
        """(crowd, share): the factor by which frames and polls space out for the number
        playing (the server's ``pace``: bounds the polls), and the CPU seconds per second
        each playing view's frames may take (``frame_cpu_per_s`` shared equally: a view
        whose frames cost more gets fewer of them, the others keep their rate)."""
        n = self._n_playing_locked(now)
        crowd = max(1.0, float(self.pace(n)))
        ok = math.isfinite(self.frame_cpu_per_s) and self.frame_cpu_per_s > 0
        return crowd, (self.frame_cpu_per_s / max(1, n) if ok else math.inf)

    @staticmethod
    def _gap(ch: Channel, crowd: float, share: float) -> float:
        """Seconds between two frames of ``ch`` while playing."""
        return max(ch.producer.frame_every_s * crowd, ch.frame_cpu / share)

    def pacing(self) -> dict[str, float | None]:
        """How the views are paced now: the crowd factor, the CPU milliseconds of a playing
        view's frame (median, max) and each view's frame budget (the live route's stats,
        bench/classroom.py)."""
        with self._lock:
            now = self.clock()
            costs = sorted(
                c.frame_cpu
                for c in self._channels.values()
                if c.playing and not c.stopped and now - c.polled < self.active_s
            )
            crowd, share = self._pacing_locked(now)
        mid = costs[len(costs) // 2] if costs else 0.0
        return {
            "crowd": round(crowd, 2),
            "frame_ms": round(1000 * mid, 2),  # median over the playing views
            "frame_ms_max": round(1000 * costs[-1], 2) if costs else 0.0,
            # CPU ms per second each playing view's frames may take (inf: no budget)
            "frame_budget_ms": round(1000 * share, 1) if math.isfinite(share) else None,
        }

    def _n_playing_locked(self, now: float) -> int:
        return sum(
            1
            for c in self._channels.values()
            if c.playing and not c.stopped and now - c.polled < self.active_s
        )

    def slow_pace(self, rate: float) -> float:
        """The factor by which a view's slow parts space out now. ``rate``: the view's slow
        refreshes per second at factor 1 (Σ 1/every of its slow parts). At least the
        crowding factor; more once the playing views together, each at ``rate``, would ask
        for more than ``slow_per_s``: every playing tab gets the same share of a bounded
        number of Plotly figures per second, built here and drawn by its browser."""
        with self._lock:
            now = self.clock()
            n = self._n_playing_locked(now)
            crowd = max(1.0, float(self.pace(n)))  # as _pacing_locked, n counted once
        if rate <= 0 or not math.isfinite(self.slow_per_s):
            return crowd
        return max(crowd, n * rate / self.slow_per_s)

    # -- what the route answers -------------------------------------------------------

    def poll(self, token: str, secret: str) -> tuple[int, dict[str, Any]]:
        """(HTTP status, body): the frames made since the last poll. 404 for anything
        that is not an open channel with its own secret (nothing else is said)."""
        now = self.clock()
        with self._lock:
            ch = self._get(token, secret)
            if ch is None:
                self.stats["refused"] += 1
                return 404, {}
            self.stats["polls"] += 1
            if now - ch.polled < MIN_GAP_S:
                return 200, {"frames": [], "playing": ch.playing, "stop": ch.stopped}
            ch.polled = now
            frames, ch.frames = ch.frames, []
            self.stats["frames"] += len(frames)
            body = {"frames": frames, "playing": ch.playing, "stop": ch.stopped}
            crowd, share = self._pacing_locked(now)
            # no faster than its frames come (a dear view's), and never faster than 0.1 s × crowd
            body["tick_ms"] = int(1000 * max(0.1 * crowd, ch.frame_cpu / share))
        self._wake.set()
        return 200, body

    def control(
        self, token: str, secret: str, action: str, value: Any = None
    ) -> tuple[int, dict[str, Any]]:
        """Play, Pause, Step or speed, straight from the view. Pause and Step answer
        with the frame of the model as it is then (a slice in flight finishes first)."""
        with self._lock:
            ch = self._get(token, secret)
            if ch is None:
                self.stats["refused"] += 1
                return 404, {}
            now = self.clock()
            ch.polled = max(ch.polled, now)
            if action == "play":
                target = ch.target()
                ch.stopped = bool(target is not None and ch.producer.stopped(target))
                ch.playing = not ch.stopped
                ch.credit, ch.credited, ch.framed = 0.0, now, -math.inf
                ch.frames = []
                self._wake.set()
                return 200, {"playing": ch.playing, "stop": ch.stopped}
            if action == "speed":
                ch.speed = _speed(value)
                ch.credit, ch.credited = min(ch.credit, 1.0), now
                return 200, {"speed": ch.speed}
            if action not in ("pause", "step"):
                return 400, {}
            ch.playing = False
            ch.frames = []
        with ch.lock:  # wait for a slice in flight: what we answer is what the model is
            target = ch.target()
            if target is None:
                return 404, {}
            if action == "step":
                with ch.read_done:  # no snapshot reads the model while we train it
                    ch.read_done.wait_for(lambda: ch.reading == 0, timeout=30)
                n = _steps(value)
                ch.producer.step(target, n, math.inf)
                ch.steps += n
            frame = (ch.producer.final or ch.producer.snapshot)(target)
            stopped = bool(ch.producer.stopped(target))
        with self._lock:
            ch.frames, ch.stopped = [], stopped
        return 200, {"frame": frame, "playing": False, "stop": stopped}

    # -- the workers --------------------------------------------------------------------

    def _due(self, now: float) -> list[Channel]:
        return [
            c
            for c in self._channels.values()
            if c.playing
            and not c.stopped
            and now - c.polled < self.active_s
            and len(c.frames) < c.producer.max_frames
            and not c.reading
            and c.alive()
        ]

    def work_once(self) -> bool:
        """Train one slice of the next channel due (round robin). False if none was due."""
        now = self.clock()
        with self._lock:
            self._prune(now)
            due = self._due(now)
            ch, allowed = None, 0
            for i in range(len(due)):  # round robin; a slow-motion channel not yet due waits
                c = due[(self._next + i) % len(due)]
                if c.speed < MAX_SPEED:  # steps are earned at `speed` per second
                    c.credit = min(c.credit + (now - c.credited) * c.speed, max(1.0, c.speed))
                    c.credited = now
                    if c.credit < 1:
                        continue
                    ch, allowed = c, int(c.credit)
                else:
                    ch, allowed = c, FULL
                self._next += i + 1
                break
            if ch is None:
                return False
            crowd, share = self._pacing_locked(now)
            group = self._group_of(ch, due) if allowed >= FULL else [ch]
        if len(group) > 1:
            return self._work_group(group, crowd, share)
        target = ch.target()
        if target is None or not ch.lock.acquire(blocking=False):
            return True
        reading = False
        try:
            with self._lock:
                if not ch.playing:  # paused while we waited: not one more step
                    return True
            _SLICE.channel = ch
            done = ch.producer.step(target, allowed, self.slice_s)
            done = allowed if done is None else int(done)
            stopped = bool(ch.producer.stopped(target))
        except Exception:  # noqa: BLE001 - a broken model stops its own channel, not the worker
            done, stopped = 0, True
        finally:
            _SLICE.channel = None
        with self._lock:
            self.stats["slices"] += 1
            ch.steps += done
            if ch.speed < MAX_SPEED:
                ch.credit = max(0.0, ch.credit - done)
            if stopped:
                ch.stopped, ch.playing = True, False
            want = ch.playing or stopped
            due = stopped or self.clock() - ch.framed >= self._gap(ch, crowd, share)
            if want and due:
                with ch.read_done:
                    ch.reading += 1
                reading = True
        ch.lock.release()
        if not reading:
            return True
        # The snapshot reads the model outside the training lock: a Pause waits for the
        # training in flight, never for a frame being drawn (which it drops if it is first).
        self._take_frame(ch, target, stopped)
        return True

    def _take_frame(self, ch: Channel, target: Any, stopped: bool) -> None:
        """Snapshot ``target`` (``ch.reading`` was raised by the caller) and keep the frame
        unless a Pause came first; a failing snapshot stops the channel."""
        c0 = self.cpu_clock()
        try:
            frame = ch.producer.snapshot(target)
        except Exception:  # noqa: BLE001
            frame, stopped = None, True
        finally:
            with ch.read_done:
                ch.reading -= 1
                ch.read_done.notify_all()
        cost = max(0.0, self.cpu_clock() - c0)
        with self._lock:
            # the cheapest of its last FRAME_WINDOW frames, once there are three: what every
            # frame costs. A frame that also drew a slow part (a Plotly figure, ~20x dearer:
            # the first frame after Play draws them all) is paced by slow_pace on its own
            # budget and must not starve the view
            ch.frame_costs.append(cost)
            ch.frame_cpu = min(ch.frame_costs) if len(ch.frame_costs) >= 3 else 0.0
            if frame is not None and (ch.playing or ch.stopped):
                ch.framed = self.clock()
                ch.frames.append(frame)
                del ch.frames[: -ch.producer.max_frames]
            if stopped:
                ch.stopped, ch.playing = True, False

    def _key(self, ch: Channel) -> Any:
        target = ch.target()
        if target is None or ch.producer.group is None or ch.producer.step_group is None:
            return None
        if ch.gtid != id(target):
            try:
                ch.gkey = ch.producer.group(target)
            except Exception:  # noqa: BLE001 - not batchable: stepped alone
                ch.gkey = None
            ch.gtid = id(target)
        return ch.gkey

    def _group_of(self, ch: Channel, due: list[Channel]) -> list[Channel]:
        """``ch`` and the due channels of its shape at full speed (the engine's lock held)."""
        key = self._key(ch)
        if key is None:
            return [ch]
        out = [ch]
        for c in due:
            if c is not ch and c.speed >= MAX_SPEED and self._key(c) == key:
                out.append(c)
                if len(out) >= MAX_GROUP:
                    break
        return out

    def _work_group(self, group: list[Channel], crowd: float, share: float) -> bool:
        """One batched slice for channels of one shape: one turn of the round robin, with
        a slice per member's worth of time, then each member's frame as if alone."""
        held = [c for c in group if c.lock.acquire(blocking=False)]
        try:
            with self._lock:
                held_ok = [c for c in held if c.playing and c.alive()]
            targets = [c.target() for c in held_ok]
            pairs = [(c, t) for c, t in zip(held_ok, targets, strict=True) if t is not None]
            if not pairs:
                return True
            budget = min(GROUP_SLICE_S, self.slice_s * len(pairs))
            try:
                done = pairs[0][0].producer.step_group([t for _, t in pairs], FULL, budget)
            except Exception:  # noqa: BLE001 - fall back to one slice each
                done = [c.producer.step(t, FULL, self.slice_s) for c, t in pairs]
            stopped = [bool(c.producer.stopped(t)) for c, t in pairs]
            with self._lock:
                self.stats["slices"] += 1
                self.stats["group_slices"] = self.stats.get("group_slices", 0) + 1
                due = []
                now = self.clock()
                for (c, t), d, stop in zip(pairs, done, stopped, strict=True):
                    c.steps += int(d or 0)
                    if stop:
                        c.stopped, c.playing = True, False
                    if (c.playing or stop) and (
                        stop or now - c.framed >= self._gap(c, crowd, share)
                    ):
                        with c.read_done:
                            c.reading += 1
                        due.append((c, t, stop))
        finally:
            for c in held:
                c.lock.release()
        for c, t, stop in due:
            self._take_frame(c, t, stop)
        return True

    def tidy(self) -> None:
        """Close the channels of gone or idle views and call ``on_idle`` (a worker's
        housekeeping, at most one worker at a time)."""
        if not self._tidy_lock.acquire(blocking=False):
            return
        try:
            now = self.clock()
            self._tidied = now
            with self._lock:
                self._prune(now)
            if self.on_idle is not None:
                try:
                    self.on_idle()
                except Exception:  # noqa: BLE001 - housekeeping never stops a worker
                    pass
        finally:
            self._tidy_lock.release()

    def _worker(self) -> None:
        while not self._halt.is_set():
            if self.clock() - self._tidied >= TIDY_S:
                self.tidy()
            self._wake.clear()  # before looking: a poll or a Play from now on wakes the wait
            if not self.work_once():
                self._wake.wait(0.01 if self._any_due() else 1.0)

    def _any_due(self) -> bool:
        with self._lock:
            return bool(self._due(self.clock()))

    def start(self, n_threads: int = 1) -> None:
        """Worker threads that train the playing channels (idempotent)."""
        self._halt.clear()
        self._threads = [t for t in self._threads if t.is_alive()]
        for i in range(max(0, n_threads - len(self._threads))):
            th = threading.Thread(target=self._worker, name=f"dlp-live-{i}", daemon=True)
            th.start()
            self._threads.append(th)

    def stop_workers(self, timeout: float = 2.0) -> None:
        self._halt.set()
        self._wake.set()
        for th in self._threads:
            th.join(timeout)
        self._threads = []


def slow_turn(
    now: float, due: float, period: float, crowded: bool, rand: Callable[[], float] = random.random
) -> float | None:
    """When a view draws a slow part refreshed every ``period`` seconds and due at ``due``:
    None = now, else the time it is due. Once it has gone undrawn for a whole period (the
    view just started playing), a crowded server gives it a random phase within the next
    period instead: a class pressing Play together does not build (and its browsers do not
    draw) every figure at the same moment, and each view keeps its own fair schedule."""
    if now < due:
        return due
    if crowded and now - due > period:
        return now + rand() * period
    return None


def _speed(value: Any) -> float:
    """A speed in steps per second from the view: a positive number, else full speed."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return MAX_SPEED
    return MAX_SPEED if not math.isfinite(v) or v <= 0 or v >= MAX_SPEED else max(0.1, v)


def _steps(value: Any, cap: int = 100_000) -> int:
    try:
        return max(1, min(cap, int(value)))
    except (TypeError, ValueError, OverflowError):
        return 1
