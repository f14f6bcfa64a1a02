"""RNN training page: what its live view trains and draws. Not a page of its own.

The comparison runs (same data and settings, another cell) follow the main run's step
count: the engine trains them in the same slice as the main run (:func:`stepper`), so
the draw functions only draw. They are ``draw(s, tr)`` on a surface (ui/surface.py)
and never read the session: the page passes in what its widgets say (:class:`Task`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcore.data import sequences as S
from dlcore.figures import rnn as F
from dlcore.live_train import train_step
from dlcore.models import rnn as R
from dlcore.train import Trainer
from pages import rnn_widgets as U
from ui.language import t

PAGE = "rnn"
MAX_LAG = 200  # steps a comparison run may fall behind before the main run waits for it


def catch_up(tr: Trainer, runs: dict[str, Trainer], budget_s: float) -> None:
    """Train each comparison run towards the main run's step count (``budget_s`` each;
    ``inf``: all the way). Holds the main run's lock: a frame drawn from the page script
    never reads a comparison run while it trains."""
    with tr.lock:
        for run in runs.values():
            lag = tr.step_count - run.step_count
            if run.stop is not None or lag <= 0:
                continue
            if budget_s == math.inf:
                run.step(lag)
            else:
                run.step(lag, time_budget_s=budget_s)


def stepper(runs: dict[str, Trainer]):
    """The engine's step for the page: the main run, then the comparison runs catch up,
    the slice's time shared between them (``budget_s`` inf: exactly ``n`` steps)."""

    def step(tr: Trainer, n: int, budget_s: float) -> int:
        if budget_s == math.inf:  # a Step: exactly n, and the others all the way
            done = train_step(tr, n, budget_s)
            catch_up(tr, runs, budget_s)
            return done
        share = budget_s / (1 + len(runs))
        lag = max(
            (tr.step_count - r.step_count for r in runs.values() if r.stop is None), default=0
        )
        done = 0 if lag > MAX_LAG else train_step(tr, n, share)
        catch_up(tr, runs, share)
        return done

    return step


def draw_main(s: Any, tr: Trainer, runs: dict[str, Trainer]) -> None:
    """The metrics of every run (every frame while playing; a Pause answers with them)."""
    for c, run in runs.items():
        if run.stop is not None:
            s.warning(f"{t(f'rnn.cell.{c}')}: {t(run.stop.key, **run.stop.kwargs)}")
    U.metrics(s, tr)
    if len(runs):
        cols = s.columns(len(runs) + 1)
        for col, (c, run) in zip(cols, [(tr.cfg.model.cell, tr), *runs.items()], strict=True):
            ev = run.last_eval.get("test_loss", float("nan"))
            col.metric(t(f"rnn.cell.{c}"), f"{ev:.4g}", help=t("train.test_loss"))


def draw_loss(s: Any, tr: Trainer, runs: dict[str, Trainer], name: str) -> None:
    """The loss of every run on one chart (a slow part: a Plotly figure)."""
    curves = {t(f"rnn.cell.{tr.cfg.model.cell}"): (tr.history.batch.x, tr.history.batch["loss"])}
    for c, run in runs.items():
        curves[t(f"rnn.cell.{c}")] = (run.history.batch.x, run.history.batch["loss"])
    base = (S.ADDING_BASELINE_MSE, t("rnn.baseline")) if name == "adding" else None
    fig = F.loss_compare_figure(curves, t("train.step_axis"), t("train.loss"), base)
    s.plotly_chart(fig, key=f"{PAGE}.loss")


@dataclass(frozen=True)
class Task:
    """What the task view shows, as the page's widgets say it."""

    name: str
    example: int = 0
    temperature: float = 0.7
    prime: str = ""
    bow: float | None = None  # bag-of-words accuracy (the order task's baseline)


def draw_task(s: Any, tr: Trainer, task: Task) -> None:
    """What the current model does on one test example (refreshed about once a second:
    generating text takes a forward pass per character)."""
    ds, name = tr.dataset, task.name
    if name in ("sine", "sines", "adding"):
        k = task.example % len(ds.x_test)
        x = ds.x_test[k]
        pred = float(tr.predict(x[None])[0].reshape(-1)[0])
        target = float(ds.y_test[k].reshape(-1)[0])
        if name == "adding":
            marked = np.nonzero(x[:, 1])[0]
            s.markdown(
                t(
                    "rnn.adding_example",
                    a=f"{x[marked[0], 0]:.3f}",
                    b=f"{x[marked[-1], 0]:.3f}",
                    i=int(marked[0]) + 1,
                    j=int(marked[-1]) + 1,
                    y=f"{target:.3f}",
                    p=f"{pred:.3f}",
                )
            )
        else:
            names = (t("rnn.window"), t("rnn.target"), t("rnn.forecast"))
            s.plotly_chart(F.forecast_figure(x[:, 0], target, pred, names), key=f"{PAGE}.fc")
    elif name == "order":
        vocab = ds.meta["vocab"]
        probs = tr.predict(ds.x_test[:6])
        for k, p in enumerate(probs):  # one element a row (the live view keeps no line breaks)
            s.markdown(
                f"{S.decode_order(ds.x_test[k], vocab)} → **{t(f'rnn.order.{int(p.argmax())}')}** "
                f"({p.max():.2f}) {'✅' if int(p.argmax()) == int(ds.y_test[k]) else '❌'}"
            )
        if task.bow is not None:
            s.info(t("rnn.bow", acc=f"{task.bow:.0%}"))
    else:
        prime = task.prime or ds.meta["text"][:10]
        text = R.sample(
            tr.model,
            ds.meta["vocab"],
            prime,
            n=240,
            temperature=task.temperature,
            seed=tr.step_count,
        )
        s.markdown(t("rnn.sample_at", step=tr.step_count))
        s.code(prime + text, language=None, wrap_lines=True)
