"""Perceptron page: the learning as a live target and what its live view draws.

One step of :class:`Learner` is one weight update: the samples the perceptron gets right
pass quickly, the step ends at the next mistake it corrects, so the live view's speed
control (steps per second) shows each update in slow motion. The parts are plain
``draw(s, L)`` functions on a surface (ui/surface.py); they read no session state (they
run on the live engine's worker). Not a page of its own.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from dlcore.figures import history as FH
from dlcore.scratch import perceptron as P
from ui.language import t

MAX_EPOCHS = 300
EPOCH = 100_000  # a Step of this many (the engine's largest) = to the end of the epoch
EVERY = {"plane": 0.3, "epochs": 1.0}  # the figures, slower than the numbers


class Learner:
    """A :class:`~dlcore.scratch.perceptron.Perceptron` as a live target (Trainer-like
    for the Streamlit fallback: ``step``, ``lock``, ``step_count``, ``steps_per_epoch``,
    ``stop``)."""

    steps_per_epoch = EPOCH
    stop = None  # a finished perceptron is `done`, not stopped with an error

    def __init__(self, p: P.Perceptron) -> None:
        self.p = p
        self.lock = threading.RLock()
        self.step_count = 0

    def done(self) -> bool:
        return self.p.converged or self.p.epoch >= MAX_EPOCHS

    def _update(self) -> None:
        """Samples up to and including the next mistake (one update), or the end."""
        p = self.p
        while not self.done():
            u = p.step()
            if u is None or u.mistake:
                return

    def step(self, n: int | None = None, time_budget_s: float | None = None, max_steps=None) -> int:
        """``n`` updates (``EPOCH``: to the end of the epoch), or as many as ``max_steps``
        and ``time_budget_s`` allow."""
        with self.lock:
            if n is not None and n >= EPOCH:
                if not self.done():
                    self.p.finish_epoch()
                    self.step_count += 1
                return 1
            n = n if n is not None else (max_steps or 10**9)
            end = time.monotonic() + time_budget_s if time_budget_s else float("inf")
            done = 0
            while done < n and not self.done() and (not done or time.monotonic() < end):
                self._update()
                done += 1
            self.step_count += done
            return done


def live_step(learner: Learner, n: int, budget_s: float) -> int:
    return learner.step(n, None if budget_s == float("inf") else budget_s)


def describe(s: Any, p: P.Perceptron) -> None:
    u = p.last
    if u is None:
        s.markdown(t("history.pc.start"))
        return
    head = t("history.pc.sample", i=u.index, x1=u.x[0], x2=u.x[1], y=f"{u.y:+d}", a=u.activation)
    if not u.mistake:
        s.markdown(head + " " + t("history.pc.correct"))
        return
    s.markdown(head + " " + t("history.pc.mistake"))
    sign = "+" if u.y > 0 else "-"
    w0, w1, x = u.w_before, u.w_after, u.x
    s.latex(
        rf"\mathbf{{w}} \leftarrow ({w0[0]:.2f}, {w0[1]:.2f}) {sign} {p.lr:g}\,({x[0]:.2f}, "
        rf"{x[1]:.2f}) = ({w1[0]:.2f}, {w1[1]:.2f}),\quad b \leftarrow {u.b_before:.2f} "
        rf"{sign} {p.lr:g} = {u.b_after:.2f}",
        plain=f"w ← ({w0[0]:.2f}, {w0[1]:.2f}) {sign} {p.lr:g}·({x[0]:.2f}, {x[1]:.2f}) = "
        f"({w1[0]:.2f}, {w1[1]:.2f}),   b ← {u.b_before:.2f} {sign} {p.lr:g} = {u.b_after:.2f}",
    )


def draw_numbers(s: Any, learner: Learner) -> None:
    """The driver part: counters, (w, b) and what the last step did (cheap)."""
    p = learner.p
    m = s.columns(4)
    m[0].metric(t("history.pc.epoch"), p.epoch)
    m[1].metric(t("history.pc.seen"), p.seen)
    m[2].metric(t("history.pc.updates"), p.updates)
    m[3].metric(t("history.pc.errors_now"), p.errors())
    s.latex(
        rf"\mathbf{{w}} = ({p.w[0]:.3f},\ {p.w[1]:.3f}), \qquad b = {p.b:.3f}",
        plain=f"w = ({p.w[0]:.3f}, {p.w[1]:.3f}),    b = {p.b:.3f}",
    )
    describe(s, p)


def draw_plane(s: Any, learner: Learner) -> None:
    """The points, the boundary before and after the last update, the current sample."""
    p = learner.p
    u = p.last
    prev = (u.w_before, u.b_before) if u is not None and u.mistake else None
    labels = {
        "pos": t("history.pc.pos"),
        "neg": t("history.pc.neg"),
        "boundary": t("history.pc.boundary"),
        "before": t("history.pc.before"),
        "w": "w",
        "current": t("history.pc.current"),
    }
    fig = FH.perceptron_figure(
        p.x, p.y, p.w, p.b, labels, current=u.index if u is not None else None, prev=prev
    )
    s.plotly_chart(fig, key="neuron.pc.fig", width="stretch")


def draw_epochs(s: Any, learner: Learner, kind: str, nb: tuple | None) -> None:
    """Mistakes per epoch, Novikoff's bound ``nb`` (None: not separable), and how the run
    ended (or keeps cycling)."""
    p = learner.p
    s.markdown(f"**{t('history.pc.mistakes_title')}**")
    s.plotly_chart(
        FH.mistakes_figure(p.mistakes_per_epoch, t("history.pc.epoch"), t("history.pc.mistakes")),
        key="neuron.pc.mfig",
        width="stretch",
    )
    if nb is not None:
        s.caption(t("history.pc.novikoff", r=nb[0], gamma=nb[1], bound=nb[2], k=p.updates))
    elif kind == "nearly":
        s.caption(t("history.pc.not_separable"))
    if p.converged:
        s.success(t("history.pc.converged", epochs=p.epoch, updates=p.updates), icon="✅")
    elif p.epoch >= 5 and kind == "xor":
        least = min(p.mistakes_per_epoch)
        s.warning(t("history.pc.cycling", epochs=p.epoch, least=least), icon="🔁")
    if p.epoch >= MAX_EPOCHS and not p.converged:
        s.info(t("history.pc.max_epochs", n=MAX_EPOCHS))
