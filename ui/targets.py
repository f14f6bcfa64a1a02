"""The stop condition's widgets (issue 17, point 2): pause when the test accuracy reaches
a target or the test loss falls to one.

The targets are config (``train.stop_acc`` / ``train.stop_loss``, in the share link);
a change applies to the running model in place (``Trainer.set_targets`` through
``ui.controls.trainer``), as a new learning rate does. A value out of range from a link
or an upload is clamped by ``dlcore.config`` with a notice; a value in the session that
a widget could not show is clamped here, with the same notice.
"""

from __future__ import annotations

import streamlit as st

from dlcore import config as C
from dlcore.schema import spec
from ui.language import show_notices, t
from ui.widgets import field_help

FORMATS = {"stop_acc": "%.2f", "stop_loss": "%.4f"}  # range and step: the schema's


def widgets(page: str) -> None:
    """Two number inputs bound to ``{page}.train.stop_acc`` / ``{page}.train.stop_loss``
    (list both paths in the page's Form)."""
    ss = st.session_state
    notices: list[C.Notice] = []
    cols = st.columns(len(FORMATS))
    for col, (name, fmt) in zip(cols, FORMATS.items(), strict=True):
        sp = spec(f"train.{name}")
        lo, hi, step = float(sp.lo or 0.0), float(sp.hi or 0.0), sp.step
        key = f"{page}.train.{name}"
        try:
            v = float(ss.get(key, 0.0))
        except (TypeError, ValueError):
            v = float("nan")
        if not lo <= v <= hi:  # NaN included
            fixed = lo if v != v else min(hi, max(lo, v))
            notices.append(C.Notice(f"t.{name}", "clamped", f"{v:g} → {fixed:g}"))
            ss[key] = fixed
        col.number_input(
            t(f"train.{name}"),
            lo,
            hi,
            step=step,
            format=fmt,
            key=key,
            help=field_help(f"train.{name}"),
        )
    show_notices(notices)
