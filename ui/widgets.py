"""Widgets drawn from the config schema: a config-bound slider, number box or choice takes
its range, step and choices from :func:`dlcore.schema.spec` (the field's metadata capped
by the hosting limits), never from the page. Not a page.

Each helper first brings the session's value inside what the widget offers (a URL, a
preset or an upload may hold more than a cap allows, and Streamlit raises on a value
outside a widget's range), then draws the widget with ``key=form.k(path)``. ``where`` is
the container to draw into (a column), ``caps`` a page's own limits (``Limits``).

The help (the "?" tooltip) is the field's too: ``t("help.<section>.<field>")``
(:func:`field_help`), in the session's language; a page passes ``help=`` only for a
lesson that really differs on that page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import streamlit as st

from dlcore.limits import LIMITS, Limits
from dlcore.schema import FieldSpec, parse_widths, spec, widths_text
from ui.form import Form
from ui.language import t


def _fit(key: str, sp: FieldSpec, options: Sequence[Any] | None = None) -> None:
    ss = st.session_state
    if key not in ss:
        return
    if options is not None:
        if isinstance(ss[key], list | tuple):  # a multi-select: keep the allowed ones
            ss[key] = [v for v in ss[key] if v in options]
        elif ss[key] not in options:
            ss[key] = sp.default if sp.default in options else options[0]
    else:
        ss[key] = sp.fit(ss[key])


def _key(form: Form | str, path: str) -> str:
    """The widget key of ``path`` on a page (its ``Form`` or its key)."""
    return form.k(path) if isinstance(form, Form) else f"{form}.{path}"


def field_help(path: str, caps: Limits = LIMITS) -> str:
    """The translated widget help of config field ``path`` (its ``help.<path>`` key), with
    ``{lo}`` / ``{hi}`` / ``{n}`` its range and most elements under ``caps``."""
    sp = spec(path, caps)
    return t(sp.help_key, lo=_shown(sp.lo), hi=_shown(sp.hi), n=sp.n_max)


def _shown(v: float | None) -> object:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def bounds(path: str, key: str | None = None, caps: Limits = LIMITS) -> dict[str, Any]:
    """``min_value`` / ``max_value`` / ``step`` of field ``path``; the value at ``key`` is
    brought inside first. For a widget that is not a plain slider or number box."""
    sp = spec(path, caps)
    if key is not None:
        _fit(key, sp)
    return {"min_value": sp.lo, "max_value": sp.hi, "step": sp.step}


def options(path: str, key: str | None = None, among: Iterable[str] | None = None) -> list[str]:
    """The choices of field ``path`` (those of ``among`` only, in its order: a page may
    teach with a few; a field whose schema names no choices offers ``among``); the value
    at ``key`` is brought among them first."""
    sp = spec(path)
    allowed = list(sp.choices) if sp.choices is not None else list(among or ())
    out = allowed if among is None else [c for c in among if c in allowed]
    if key is not None and out:
        _fit(key, sp, out)
    return out


def within(path: str, values: Iterable[float], key: str | None = None) -> list[float]:
    """The ``values`` (a select slider's stops) inside field ``path``'s range; the value
    at ``key`` moves to the nearest stop."""
    sp = spec(path)
    out = [v for v in values if (sp.lo is None or v >= sp.lo) and (sp.hi is None or v <= sp.hi)]
    ss = st.session_state
    if key is not None and out:
        v = ss.get(key)
        if not isinstance(v, int | float) or v not in out:
            ref = sp.default if not isinstance(v, int | float) else v
            ss[key] = min(out, key=lambda s: abs(s - ref))
    return out


def field_slider(
    form: Form | str, path: str, label: str, *, where: Any = st, caps: Limits = LIMITS, **kw: Any
) -> Any:
    """A slider over field ``path``'s range."""
    key = _key(form, path)
    kw.setdefault("help", field_help(path, caps))
    return where.slider(label, key=key, **bounds(path, key, caps), **kw)


def field_number(
    form: Form | str, path: str, label: str, *, where: Any = st, caps: Limits = LIMITS, **kw: Any
) -> Any:
    """A number box over field ``path``'s range."""
    key = _key(form, path)
    kw.setdefault("help", field_help(path, caps))
    return where.number_input(label, key=key, **bounds(path, key, caps), **kw)


def field_choice(
    form: Form | str,
    path: str,
    label: str,
    format_func: Callable[[Any], str],
    *,
    among: Iterable[str] | None = None,
    where: Any = st,
    widget: str = "selectbox",
    **kw: Any,
) -> Any:
    """A selectbox (or ``widget="radio"``, ``"segmented_control"``, ``"pills"``) of field
    ``path``'s choices (``among`` them only)."""
    key = _key(form, path)
    opts = options(path, key, among)
    kw.setdefault("help", field_help(path))
    return getattr(where, widget)(label, opts, key=key, format_func=format_func, **kw)


def widths_box(
    form: Form,
    path: str,
    label: str,
    *,
    key: str,
    n_min: int = 0,
    caps: Limits = LIMITS,
    where: Any = st,
    **kw: Any,
) -> tuple[int, ...] | None:
    """A text box editing tuple field ``path`` (``"64, 32"``) under widget ``key``.

    The text follows the config when it changes from outside (URL, upload, preset) and
    is kept while the user types. Returns the widths, or None when the text is not
    ``n_min`` … ``n_max`` integers in the field's range (the page says so and keeps the
    config's value).
    """
    ss = st.session_state
    seen = f"{key}._seen"
    sp = spec(path, caps)
    value = form.cfg
    for part in path.split("."):
        value = getattr(value, part)
    if ss.get(seen) != value or key not in ss:
        ss[key] = widths_text(value)
        ss[seen] = value
    kw.setdefault("help", field_help(path, caps))
    where.text_input(label, key=key, **kw)
    out = parse_widths(ss.get(key, ""), sp, n_min)
    if out is not None:
        ss[seen] = out  # what the config will hold after form.collect
    return out
