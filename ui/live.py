"""A page's live view: one engine (dlcore/live.py), one client view (ui/live_js.py).

A page declares what moves while it plays as *parts*, each a function
``draw(s, tr)`` drawing on a surface (ui/surface.py), and mounts each part where it
belongs::

    view = LiveView(KEY, tr, {"main": draw_curves, "inside": draw_inside},
                    every={"inside": 1.0})
    view.part("main")      # the driver part: Play/Pause, Step, Reset, speed + its frames
    ...
    view.part("inside")    # refreshed once a second while playing

While the page plays no Streamlit script runs: the engine's workers train the model
and record each part into a frame, the client view fetches the frames over the live
route and draws them. Pause acts in the browser at once and the page then shows its
paused state through one ordinary run. Where the route is not there (AppTest) or this
browser cannot reach it, the same parts play through Streamlit (a fragment loop) and a
caption says so.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from dlcore import live, live_train
from dlcore.live import MAX_SPEED, Channel
from dlcore.live_train import train_step
from dlcore.train import Trainer, device_label
from ui import controls, routes
from ui.language import lang, t
from ui.live_js import CSS, JS
from ui.surface import LANG, Recorder, StSurface

Draw = Callable[[Any, Trainer], None]
SPEEDS = (1, 3, 10, 30, 100, 300, 1000)  # steps per second; then full speed
_COMPONENT: Any = None


def _component() -> Any:
    global _COMPONENT
    if _COMPONENT is None:
        _COMPONENT = st.components.v2.component("dlp_live", js=JS, css=CSS, isolate_styles=False)
    return _COMPONENT


def session_id() -> str:
    """This browser session's id for the engine (random, kept in the session)."""
    return st.session_state.setdefault("_dlp_sid", secrets.token_urlsafe(12))


class LiveView:
    """The live parts of one page's model (see the module docstring)."""

    def __init__(
        self,
        key: str,
        tr: Trainer,
        parts: dict[str, Draw],
        *,
        every: dict[str, float] | None = None,
        epoch_button: bool = True,
        step: Callable[[Trainer, int, float], Any] = train_step,
        stopped: Callable[[Trainer], bool] = lambda tr: tr.stop is not None,
        frame_every_s: float = 0.08,
        max_frames: int = 2,
        budget_s: float = 0.15,
        every_s: float = 0.25,
        max_steps: int | None = None,
        needs_plotly: bool = True,
        speed: float | None = None,
        labels: dict[str, str] | None = None,
        new_weights: bool = False,
    ) -> None:
        self.key, self.tr, self.parts = key, tr, parts
        self.every = every or {}
        self.driver = next(iter(parts))
        self.epoch_button = epoch_button
        self.fallback_args = (budget_s, every_s, max_steps)
        self.step = step
        self.needs_plotly = needs_plotly
        self.lang = lang()
        self.labels = labels or {}  # a page's own button labels (e.g. "step": "Next cell")
        self.new_weights = new_weights  # Reset offers "new initial weights" too (ui/weights.py)
        self._due: dict[str, float] = {}
        self._crowd = 1.0
        self._first: dict[str, Any] | None = None
        ss = st.session_state
        self.live = routes.serving() and not ss.get(controls.Keys(key).no_channel, False)
        self.channel: Channel | None = None
        self.play_now = False  # the engine was told to play in this run (the view follows)
        if self.live:
            producer = live_train.producer(
                self._snapshot,
                step=step,
                stopped=stopped,
                final=self._final,
                frame_every_s=frame_every_s,
                max_frames=max_frames,
            )
            self.channel = routes.ENGINE.open(session_id(), key, tr, producer)
            self.play_now = bool(ss.pop(controls.Keys(key).play_now, False))
            if self.play_now:
                ch = self.channel
                routes.ENGINE.control(ch.token, ch.secret, "play")
            # ``speed``: the steps per second a new channel starts at (an animation meant to
            # be watched step by step); the view's speed control changes it from then on
            if speed is not None and ss.get(f"{key}._speed_of") != self.channel.token:
                ss[f"{key}._speed_of"] = self.channel.token
                self.channel.speed = speed

    # -- state ----------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        """Whether this page's model is playing now."""
        if self.channel is not None:
            return self.channel.playing and not self.channel.stopped
        return controls.playing(self.key)

    def _snapshot(self, tr: Trainer, full: bool = False) -> dict[str, Any]:
        """One frame: the parts due now (all of them when ``full``), drawn on recorders.

        No Trainer lock here: the engine trains nothing while its worker reads a frame
        (dlcore/live.py), and a Pause must not wait for a slow part being drawn."""
        import time

        now = time.monotonic()
        # a crowded server refreshes the slow parts less often, and a bounded number in all
        rate = sum(1.0 / e for e in self.every.values() if e > 0)
        self._crowd = crowd = routes.ENGINE.slow_pace(rate)

        def due(name: str) -> bool:
            every = self.every.get(name, 0.0)
            if full or not every:
                return full or now >= self._due.get(name, 0.0)
            nxt = live.slow_turn(now, self._due.get(name, 0.0), every * crowd, crowd > 1)
            if nxt is not None:
                self._due[name] = nxt
            return nxt is None

        return self._record(tr, due, now)

    def _final(self, tr: Trainer) -> dict[str, Any]:
        """The frame answering a Pause or a Step (taken with training held): the parts drawn
        every frame, quick; the slower ones follow in the Streamlit run the view asks for."""
        return self._record(tr, lambda name: not self.every.get(name, 0.0), None)

    def _record(self, tr: Trainer, due: Callable[[str], bool], now: float | None) -> dict:
        token = LANG.set(self.lang)
        try:
            parts: dict[str, Any] = {}
            for name, draw in self.parts.items():
                if not due(name):
                    parts[name] = None
                    continue
                if now is not None:
                    self._due[name] = now + self.every.get(name, 0.0) * self._crowd
                rec = Recorder()
                draw(rec, tr)
                parts[name] = rec.ops
            epoch = getattr(tr, "epoch_float", None)
            out = {"step": tr.step_count, "parts": parts}
            if epoch is not None:
                out["epoch"] = round(float(epoch), 3)
            return out
        finally:
            LANG.reset(token)

    def pause(self) -> None:
        """Pause from the page itself (a callback of its own button): the engine stops
        training, the view stops at its next poll, the fallback loop stops."""
        if self.channel is not None:
            routes.ENGINE.pause(self.channel.session, self.key)
        controls.pause(self.key)

    # -- drawing --------------------------------------------------------------------------

    def part(self, name: str) -> None:
        """Mount part ``name`` here (the first part carries the controls)."""
        if self.live:
            self._mount(name)
        else:
            self._fallback(name)

    def _labels(self) -> dict[str, str]:
        return (
            {
                "play": t("train.play"),
                "pause": t("train.pause"),
                "step": t("train.step"),
                "step_epoch": t("train.step_epoch"),
                "reset": t("train.reset"),
                "speed": t("live.speed"),
            }
            | self._reset_labels()
            | self.labels
        )

    def _reset_labels(self) -> dict[str, str]:
        if not self.new_weights:
            return {}
        return {
            "reset": f"{t('train.reset')} · {t('train.rewind.same')}",
            "reset_new": f"{t('train.reset')} · {t('train.rewind.new')}",
            "reset_help": t("train.rewind.help"),
        }

    def _mount(self, name: str) -> None:
        ch, tr = self.channel, self.tr
        assert ch is not None
        if name == self.driver:
            controls.show_stop(tr)
        if self._first is None:
            with tr.lock:  # this script thread races the engine's workers: read under the lock
                self._first = self._snapshot(tr, full=True)
        speeds = [[v, t("live.speed_n", n=v)] for v in SPEEDS]
        speeds.append([0, t("live.speed_full")])
        data = {
            "view": f"{ch.session}:{self.key}",
            "part": name,
            "driver_part": self.driver,
            "token": ch.token,
            "secret": ch.secret,
            "url": routes.live_path(),
            "plotly": routes.plotly_path(),
            "needs_plotly": self.needs_plotly,
            "playing": self.playing,
            "play_now": self.play_now and self.playing,
            "speed": 0 if ch.speed >= MAX_SPEED else ch.speed,
            "speeds": speeds,
            "labels": self._labels(),
            "epoch_steps": tr.steps_per_epoch if self.epoch_button else 0,
            "tid": str(id(tr)),
            "frame": self._first,
        }
        k = f"{self.key}.live.{name}"
        _component()(
            data=data,
            key=k,
            on_paused_change=_noop,
            on_stepped_change=_noop,
            on_stopped_change=partial(_stopped, self.key, k),
            on_reset_change=partial(_reset, self.key, k),
            on_pick_change=partial(_pick, self.key, k),
            on_ended_change=partial(_ended, self.key, k),
        )
        dev = getattr(tr, "device", None)  # a target that is not a Trainer may have none
        if name == self.driver and dev is not None and dev != controls.device():
            st.caption(
                t(
                    "train.device_pending",
                    new=device_label(controls.device()),
                    old=device_label(dev),
                )
            )

    def _fallback(self, name: str) -> None:
        tr, draw = self.tr, self.parts[name]
        if name == self.driver:
            budget_s, every_s, max_steps = self.fallback_args
            controls.controls(
                self.key, tr, epoch_button=self.epoch_button, new_weights=self.new_weights
            )
            st.caption(t("live.fallback"))
            controls.live(
                self.key,
                tr,
                lambda tr: draw(StSurface(), tr),
                budget_s,
                every_s,
                max_steps,
                step=None if self.step is train_step else self.step,
            )
            return
        every = self.every.get(name, 1.0) if controls.playing(self.key) else None

        @st.fragment(run_every=every)
        def _part() -> None:
            with tr.lock:
                draw(StSurface(), tr)

        _part()


def _noop() -> None:
    """A trigger whose rerun is all it asks for (paused, stepped, stopped)."""


def _trigger(widget_key: str, name: str) -> Any:
    state = st.session_state.get(widget_key)
    value = getattr(state, name, None)
    if value is None and isinstance(state, dict):
        value = state.get(name)
    return value


def _reset(key: str, widget_key: str = "") -> None:
    why = _trigger(widget_key, "reset")
    if isinstance(why, str) and why.startswith("new"):  # Reset · new initial weights
        controls.request_new_weights(key)
    else:
        controls.request_reset(key)


def _stopped(key: str, widget_key: str) -> None:
    """The engine refused a Play or stopped the model. A Play refused because a target
    was met (not a divergence) trains on past it, as the fallback's Play does."""
    why = _trigger(widget_key, "stopped")
    tr = st.session_state.get(f"{key}._trainer")
    stop = getattr(tr, "stop", None)
    if isinstance(why, str) and why.startswith("play") and stop is not None and not stop.diverged:
        tr.resume()
        st.session_state[f"{key}._play_now"] = True


def _pick(key: str, widget_key: str) -> None:
    """A click on the paused network graph (ui/weights.py edits what it names)."""
    from ui.weights import take_pick

    take_pick(key, _trigger(widget_key, "pick"))


def _ended(key: str, widget_key: str) -> None:
    """The view stopped polling. If the route cannot be reached from this browser, this
    session's page plays through Streamlit from now on."""
    state = st.session_state.get(widget_key)
    why = getattr(state, "ended", None)
    if why is None and isinstance(state, dict):
        why = state.get("ended")
    if isinstance(why, str) and why.startswith("unreachable"):
        st.session_state[controls.Keys(key).no_channel] = True
        if why.endswith(":play"):  # it was a Play: play on, through Streamlit
            st.session_state[controls.Keys(key).playing] = True
    elif why == "gone:play":  # the view's channel had expired: the new one plays at once
        st.session_state[controls.Keys(key).play_now] = True
