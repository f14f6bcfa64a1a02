"""The live engine's training for Trainers: a slice alone, a batched slice for a group.

The pieces of a :class:`dlcore.live.Producer` that do not draw: ``train_step`` (one
slice of one Trainer), ``group_key`` (which Trainers may share a batched slice,
``dlcore.batch.group_key``) and ``train_group`` (one batched slice for several). The
server's pages (ui/live.py) and the classroom bench (bench/class_scale.py) build their
producers from these, so the bench plays a class through the same code as the server.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from dlcore import batch, limits, live
from dlcore.train import Trainer

__all__ = [
    "server_engine",
    "train_step",
    "group_key",
    "train_group",
    "release_idle",
    "producer",
    "close_groups",
    "GROUP_IDLE_S",
]

GROUP_IDLE_S = 5.0  # a group nobody played for this long hands its members their tensors

_GROUPS: dict[Any, batch.Batcher] = {}  # group key → its Batcher (members stay stacked)
_USED: dict[Any, float] = {}
_GROUPS_LOCK = threading.Lock()


def server_engine(
    on_idle: Callable[[], Any] | None = None, cores: int | None = None
) -> live.Engine:
    """The live engine as the server builds it (ui/routes.py; bench/class_scale.py plays a
    class through the same): polls and frames space out with the class
    (``limits.crowding``), and each playing view's frames keep within an equal part of
    ``live.FRAME_SHARE`` of the workers; the slow parts (Plotly figures) at most
    ``SLOW_PER_CORE_S`` per core, all views together. Its workers: ``limits.engine_workers()``."""
    cores = cores or os.cpu_count() or 1
    return live.Engine(
        pace=lambda n: limits.crowding(n, cores=cores),
        slow_per_s=live.SLOW_PER_CORE_S * cores,
        frame_cpu_per_s=live.FRAME_SHARE * limits.engine_workers(cores=cores),
        on_idle=on_idle,
    )


def train_step(tr: Trainer, n: int, budget_s: float) -> int:
    """One engine slice of a Trainer: at most ``n`` updates within ``budget_s`` seconds,
    ending early after the update in flight when the view pauses. At full speed the
    metrics come from the Trainer's evaluation every ``eval_every`` updates; in slow
    motion every slice ends with one (each step shows its loss)."""
    full = n >= live.FULL
    n = max(1, min(int(n), limits.LIMITS.max_steps_per_update))
    if budget_s == float("inf"):
        return tr.step(n)
    return tr.step(
        time_budget_s=budget_s, max_steps=n, stop_when=live.cancelled, final_eval=not full
    )


def group_key(tr: Any) -> Hashable | None:
    """The batching key of a Trainer (None: trained alone; see dlcore/batch.py)."""
    if not isinstance(tr, Trainer):
        return None
    return batch.group_key(tr)


def train_group(trainers: list[Trainer], n: int, budget_s: float) -> list[int]:
    """One engine slice for playing Trainers of one shape, as one batched model. The
    stacks live across slices (the members' tensors are views of their rows), so a
    class of one preset pays for the stacking once, when it joins."""
    key = batch.group_key(trainers[0])
    now = time.monotonic()
    with _GROUPS_LOCK:
        _release_locked(now, GROUP_IDLE_S, keep=key)
        b = _GROUPS.get(key)
        if b is None:
            b = _GROUPS[key] = batch.Batcher()
        _USED[key] = now
        b.sync(trainers)
        units = b.units()
    done: dict[int, int] = {}
    cap = max(1, min(int(n), limits.LIMITS.max_steps_per_update))
    # as train_step: a full-speed slice leaves the metrics to the evaluation every
    # eval_every updates (a GRU / conv-AE group evaluates member by member: not every slice)
    final = n < live.FULL or budget_s == float("inf")
    for unit in units:
        if isinstance(unit, batch.Group):
            out = unit.step(max_steps=cap, time_budget_s=budget_s, final_eval=final)
            for tr, d in out.items():
                done[id(tr)] = d
        else:
            done[id(unit)] = train_step(unit, n, budget_s / max(1, len(units)))
    return [done.get(id(tr), 0) for tr in trainers]


def producer(
    snapshot: Callable[[Trainer], live.Frame],
    *,
    step: Callable[[Trainer, int, float], Any] = train_step,
    stopped: Callable[[Trainer], bool] = lambda tr: tr.stop is not None,
    final: Callable[[Trainer], live.Frame] | None = None,
    frame_every_s: float = 0.08,
    max_frames: int = 4,
    batched: bool | None = None,
) -> live.Producer:
    """The live producer of a Trainer's view: ``snapshot`` draws a frame, ``step`` trains a
    slice (``train_step`` by default); sessions of one shape train as one batched slice
    when ``batched`` (default: when ``step`` is ``train_step``)."""
    batched = step is train_step if batched is None else batched
    return live.Producer(
        step=step,
        snapshot=snapshot,
        final=final,
        stopped=stopped,
        frame_every_s=frame_every_s,
        max_frames=max_frames,
        group=group_key if batched else None,
        step_group=train_group if batched else None,
    )


def release_idle(now: float | None = None, idle_s: float = GROUP_IDLE_S) -> int:
    """Close the groups nobody played for ``idle_s`` seconds; returns how many.

    A group holds its members (Trainers) strongly, so a class that stopped playing (paused,
    or its tabs closed) would keep every member's model, data and history alive after
    Streamlit forgot the sessions: the engine calls this while it works and while it
    idles (``Engine(on_idle=...)``, ui/routes.py), so a closed session's Trainer goes
    with its session. Members of a closed group keep their weights (own tensors)."""
    with _GROUPS_LOCK:
        return _release_locked(time.monotonic() if now is None else now, idle_s)


def _release_locked(now: float, idle_s: float, keep: Any = None) -> int:
    idle = [k for k, t in _USED.items() if now - t > idle_s and k != keep]
    for k in idle:
        old = _GROUPS.pop(k, None)  # paused or closed sessions: their models are their own again
        if old is not None:
            old.close()
        del _USED[k]
    return len(idle)


def close_groups() -> None:
    """Hand every grouped Trainer its own tensors back (a bench's or a test's end)."""
    with _GROUPS_LOCK:
        for b in _GROUPS.values():
            b.close()
        _GROUPS.clear()
        _USED.clear()
