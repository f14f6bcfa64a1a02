"""Language and formatting for every page: the session's language, ``t`` / ``fmt``, the
notice boxes, and the live language switch. Not a page.

A live language switch: every option label and the URL's ``lang`` follow it on that run.
Why this is needed: a keyed selectbox (or radio, multiselect, segmented control) in the
browser keeps the *label* it last showed as its value, and Streamlit only replaces it
when the script sets the widget's value through ``st.session_state``. A page that builds
its ``format_func`` in the new language still showed "quadratic bowl" in Chinese until
the user navigated away. So, on the run right after a switch, every option widget's own
value is written back to ``st.session_state`` (unchanged), which makes Streamlit send
it to the browser with the new labels (:func:`follow_switch`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from dlcore import i18n, limits
from dlcore.config import Notice
from ui.surface import LANG

ROOT = Path(__file__).resolve().parents[1]

# Widgets the entry script has already drawn on this run: writing their state now raises.
SHELL_WIDGETS = frozenset({"lang", "device", "seed"})


def _is_option_value(v: object) -> bool:
    """Values of option widgets: a string, or a list / tuple of strings (multiselect).

    Numbers and booleans are left alone: sliders and number inputs show no translated
    label, and buttons (booleans) may not be written at all.
    """
    if isinstance(v, str):
        return True
    return isinstance(v, list | tuple) and bool(v) and all(isinstance(x, str) for x in v)


def follow_switch() -> None:
    """Call once per run, after the sidebar and before ``page.run()``."""
    ss = st.session_state
    now = ss.get("lang")
    shown = ss.get("_lang_shown")
    ss["_lang_shown"] = now
    if now and st.query_params.get("lang") not in (None, now):
        st.query_params["lang"] = now  # a link copied after the switch opens in it
    if shown is None or shown == now:
        return
    for key in list(ss.keys()):
        name = str(key)
        if name in SHELL_WIDGETS or name.rsplit(".", 1)[-1].startswith("_"):
            continue
        v = ss[key]
        if _is_option_value(v):
            ss[key] = v


def page_file(rel: str) -> str:
    """A page file (``"pages/ff.py"``, relative to the repository) as ``st.page_link``
    wants it: the shell that registers the pages lives in ui/, not beside pages/."""
    return str(ROOT / rel)


def lang() -> str:
    """The session's language ('zh' or 'en'); on the live engine's worker, the frame's."""
    code = LANG.get()
    if code is not None:
        return code
    return st.session_state.get("lang", i18n.DEFAULT_LANG)


def t(key: str, **kwargs: object) -> str:
    """Translate ``key`` into the session's language."""
    return i18n.t(key, lang(), **kwargs)


def fmt(prefix: str) -> Callable[[str], str]:
    """A ``format_func`` translating registry names: ``fmt("act")("relu")`` → t("act.relu").

    The language is fixed when called: AppTest calls format_func outside the script
    run, where the session's language cannot be read (it would fall back to zh).
    """
    code = lang()
    return lambda name: i18n.t(f"{prefix}.{name}", code)


def show_notices(notices: list[Notice]) -> None:
    """One warning box naming each ignored / defaulted setting."""
    if notices:
        lines = "\n".join(f"- {n.message(lang())}" for n in notices)
        st.warning(f"{t('config.notices_title')}\n\n{lines}", icon="⚠️")


def show_limits(hits: list[limits.Hit]) -> None:
    """One warning box naming each hosting cap that was hit (see ``dlcore/limits.py``)."""
    if hits:
        lines = "\n".join(f"- {h.message(lang())}" for h in hits)
        st.warning(f"{t('limits.title')}\n\n{lines}", icon="🚦")
