"""Where a page's live view draws: the same ``draw(s, tr)`` fills a frame or a Streamlit page.

A page's live parts are functions ``draw(s, tr)`` that call a small Streamlit-like
surface ``s``: ``columns``, ``metric``, ``plotly_chart``, ``caption``, ``markdown``,
``subheader``, ``warning``, ``container`` and ``boundary`` (the feedforward map). While
the page plays, :class:`Recorder` turns those calls into a frame (plain JSON, drawn by
the client view in ui/live.py; no Streamlit run); in the fallback (AppTest, a browser
that cannot reach the live route) :class:`StSurface` draws them with Streamlit. A draw
function never touches ``st`` or the session directly: it runs on the engine's worker.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Callable, Sequence
from typing import Any

import plotly.io as pio

# The language of the frame being drawn (the worker has no Streamlit session to ask).
LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("dlp_lang", default=None)


def no_plotly_template() -> None:
    """Figures carry no Plotly template: merging Streamlit's into every figure was most of
    its build time (8 ms of 10 for a loss curve, measured with bench/mlp_live.py), and the
    live view builds figures per frame. The look comes from Streamlit's chart theme on
    the page (it themes in the browser) and from the live view's own (ui/live_js.TPL)."""
    pio.templates.default = "none"


def figure_json(fig: Any) -> dict[str, Any]:
    """A Plotly figure as the dict Plotly.js draws (arrays as typed base64, no validation)."""
    return json.loads(pio.to_json(fig, validate=False))


def _weights(spec: int | Sequence[float]) -> list[float]:
    if isinstance(spec, int):
        return [1.0] * max(1, spec)
    return [float(w) for w in spec] or [1.0]


class Recorder:
    """Records a draw function's calls as a list of ops (one frame's part)."""

    def __init__(self) -> None:
        self.ops: list[dict[str, Any]] = []
        self._n = 0

    def _auto(self, kind: str) -> str:
        self._n += 1
        return f"{kind}{self._n}"

    def columns(self, spec: int | Sequence[float], **_: Any) -> list[Recorder]:
        subs = [Recorder() for _ in _weights(spec)]
        self.ops.append({"t": "cols", "w": _weights(spec), "c": [s.ops for s in subs]})
        return subs

    def container(self, **_: Any) -> Recorder:
        sub = Recorder()
        self.ops.append({"t": "box", "c": sub.ops})
        return sub

    def metric(self, label: str, value: Any, *_: Any, **__: Any) -> None:
        self.ops.append({"t": "metric", "l": str(label), "v": str(value)})

    def plotly_chart(self, fig: Any, key: str | None = None, **_: Any) -> None:
        self.ops.append({"t": "plot", "k": key or self._auto("plot"), "f": figure_json(fig)})

    def boundary(self, key: str, payload: Callable[[], dict], figure: Callable[[], Any]) -> None:
        """The feedforward boundary map: ``payload()`` is the quantised map for the view's
        canvas (pages/ff_live.Output.payload), ``figure()`` the Plotly figure drawn instead
        where Streamlit draws."""
        self.ops.append({"t": "map", "k": key, **payload()})

    def _text(self, kind: str, body: Any) -> None:
        self.ops.append({"t": kind, "v": str(body)})

    def caption(self, body: Any, **_: Any) -> None:
        self._text("cap", body)

    def markdown(self, body: Any, **_: Any) -> None:
        self._text("md", body)

    def subheader(self, body: Any, **_: Any) -> None:
        self._text("h", body)

    def warning(self, body: Any, **_: Any) -> None:
        self._text("warn", body)

    def info(self, body: Any, **_: Any) -> None:
        self._text("info", body)

    def success(self, body: Any, **_: Any) -> None:
        self._text("ok", body)

    def error(self, body: Any, **_: Any) -> None:
        self._text("err", body)

    def code(self, body: Any, **_: Any) -> None:
        self._text("code", body)


class StSurface:
    """The same calls drawn by Streamlit (the fallback and the AppTest path)."""

    def __init__(self, target: Any = None) -> None:
        import streamlit as st

        self._st = st
        self._t = target if target is not None else st

    def columns(self, spec: int | Sequence[float], **kw: Any) -> list[StSurface]:
        return [StSurface(c) for c in self._t.columns(spec, **kw)]

    def container(self, **kw: Any) -> StSurface:
        return StSurface(self._t.container(**kw))

    def metric(self, label: str, value: Any, *a: Any, **kw: Any) -> None:
        self._t.metric(label, value, *a, **kw)

    def plotly_chart(self, fig: Any, key: str | None = None, **kw: Any) -> None:
        self._t.plotly_chart(fig, key=key, **kw)

    def boundary(self, key: str, payload: Callable[[], dict], figure: Callable[[], Any]) -> None:
        self._t.plotly_chart(figure(), key=key, width="stretch")

    def caption(self, body: Any, **kw: Any) -> None:
        self._t.caption(body, **kw)

    def markdown(self, body: Any, **kw: Any) -> None:
        self._t.markdown(body, **kw)

    def subheader(self, body: Any, **kw: Any) -> None:
        self._t.subheader(body, **kw)

    def warning(self, body: Any, **kw: Any) -> None:
        self._t.warning(body, **kw)

    def info(self, body: Any, **kw: Any) -> None:
        self._t.info(body, **kw)

    def success(self, body: Any, **kw: Any) -> None:
        self._t.success(body, **kw)

    def error(self, body: Any, **kw: Any) -> None:
        self._t.error(body, **kw)

    def code(self, body: Any, **kw: Any) -> None:
        self._t.code(body, **kw)
