"""A live language switch: every option label and the URL's ``lang`` follow it on that run.

Why this is needed: a keyed selectbox (or radio, multiselect, segmented control) in the
browser keeps the *label* it last showed as its value, and Streamlit only replaces it
when the script sets the widget's value through ``st.session_state``. A page that builds
its ``format_func`` in the new language still showed "quadratic bowl" in Chinese until
the user navigated away. So, on the run right after a switch, every option widget's own
value is written back to ``st.session_state`` (unchanged), which makes Streamlit send
it to the browser with the new labels. Not a page.
"""

from __future__ import annotations

import streamlit as st

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
