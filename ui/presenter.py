"""Presenter mode for a projector (``?present=1``) and ``?hide=`` (chosen controls hidden).

ui/shell.py calls :func:`presenter` once per run; pages and the lecture bar ask
:func:`presenting` and carry :func:`present_query` in their links.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from ui.language import t

# ``?hide=`` names: a group below, or a widget key (its ``st-key-…`` CSS class).
_HIDE_GROUPS = {
    "sidebar": '[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], '
    '[data-testid="stExpandSidebarButton"]',
    "header": '[data-testid="stHeader"], [data-testid="stToolbar"]',
    "nav": '[data-testid="stSidebarNav"], [data-testid="stSidebarNavSeparator"]',
    "share": ", ".join(
        f'[class*="st-key-"][class*="-{k} "], [class*="st-key-"][class$="-{k}"]'
        for k in ("dl_cfg", "up_cfg", "dl_w", "up_w")
    ),
}
_HIDE_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,79}")
_MAIN = '[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"]'
# room beside the expand-sidebar button while the sidebar is collapsed (not when hidden)
_ROOM = (
    '[data-testid="stApp"]:has([data-testid="stExpandSidebarButton"]) '
    '[data-testid="stMainBlockContainer"]'
)
# On every page, presenter mode or not: texts that Streamlit cuts with an ellipsis wrap
# instead (long page titles in the sidebar, the chosen options of a multiselect,
# a row of pills or segments in a narrow column).
_LAYOUT_CSS = """
[data-testid="stSidebarNavLink"] { height: auto; min-height: 2rem; }
[data-testid="stSidebarNavLink"] span, [data-testid="stSidebarNavLink"] .stMarkdownEllipsis {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.35; }
[data-testid="stMultiSelectTagsContainer"] { flex-wrap: wrap; overflow: visible; height: auto; }
div:has(> [data-testid="stMultiSelectTagsContainer"]) { height: auto; }
[data-testid="stButtonGroup"] > div { flex-wrap: wrap; row-gap: .4rem; }
"""
# Presenter mode reflows the page for a projector instead of zooming it: the type grows
# through the root font size (Streamlit sizes its text, gaps and paddings in rem, so
# columns and wrapped labels follow), the header makes way (its
# expand-sidebar button stays: the sidebar starts collapsed), and on a page with a live view
# (ui/live.py) the blocks holding it come right after the title (and the lecture bar), the
# settings below. Live figures scale their text with the root font size (ui/live_js.py).
# Every ``:has()`` here is on the element it styles: one placed before a sibling or child
# combinator (``:has(h1) ~ …``, ``:has(.x) > …``) makes Chrome restyle all those siblings
# on every change inside the page, and Plotly measures each tick label (a forced style
# recalculation each): /gd took 28 s to draw in presenter mode, 6 s without (measured in
# headless Chromium; bench/screens.py shows the pages).
_PRESENT_CSS = f"""
html {{ font-size: 18px; }}
@media (max-width: 1100px) {{ html {{ font-size: 17px; }} }}
[data-testid="stDecoration"], [data-testid="stToolbarActions"], [data-testid="stMainMenu"] {{ display: none; }}
[data-testid="stHeader"] {{ background: transparent; height: 3rem; pointer-events: none; }}
[data-testid="stExpandSidebarButton"] {{ pointer-events: auto; }}
[data-testid="stMainBlockContainer"] {{ max-width: 100%; padding: 1rem 1.5rem 4rem; }}
{_ROOM} {{ padding-left: 3.25rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 2rem; padding: 0 0 .25rem; }}
{_MAIN} > * {{ order: 1; }}
{_MAIN} > :is(:has(h1), :has(.dlp-live), :has(> .st-key-lecture_bar)) {{ order: 0; }}
.dlp-mv {{ font-size: 1.6rem; }}
.dlp-bar button, .dlp-bar label, .dlp-bar select {{ font-size: 1.05rem; }}
"""


def _parse_present(raw: str) -> bool | None:
    v = raw.strip().lower()
    return (
        True
        if v in ("1", "true", "yes", "on")
        else False
        if v in ("0", "false", "no", "off", "")
        else None
    )


def _parse_hide(raw: str) -> tuple[list[str], list[str]]:
    """(valid names, rejected names) from ``?hide=a,b,c`` (at most 30 names)."""
    good, bad = [], []
    for tok in [p.strip() for p in raw.split(",") if p.strip()][:30]:
        (good if tok in _HIDE_GROUPS or _HIDE_TOKEN.fullmatch(tok) else bad).append(tok)
    return good, bad


def _hide_css(names: list[str]) -> str:
    sel = []
    for n in names:
        if n in _HIDE_GROUPS:
            sel.append(_HIDE_GROUPS[n])
        else:  # a widget key: Streamlit's class is st-key-<key with [^a-zA-Z0-9_-] → '-'>
            sel.append(".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", n))
    return f"{', '.join(sel)} {{ display: none !important; }}" if sel else ""


def presenter() -> None:
    """Presenter mode for a projector, from the URL: ``?present=1`` reflows the page
    (larger type in text and live figures, the live view right under the title, the
    header out of the way, the sidebar collapsed); ``?hide=sidebar,share,<widget key>``
    hides chosen controls. Every page also gets the layout CSS that wraps long labels.

    ui/shell.py calls this once per run. The choice is kept in the session, so it survives
    page changes; ``?present=0`` turns it off. Bad values → a notice, never an error.
    """
    ss = st.session_state
    qp = st.query_params
    if "present" in qp:
        raw = qp.get("present", "")
        on = _parse_present(raw)
        if on is None and ss.get("_present_raw") != raw:
            st.sidebar.warning(t("present.bad_flag", value=raw[:40]))
        ss["_present_raw"] = raw
        ss["_present"] = bool(on)
    if "hide" in qp:
        raw = qp.get("hide", "")
        good, bad = _parse_hide(raw)
        if bad and ss.get("_hide_raw") != raw:
            st.sidebar.warning(t("present.bad_hide", value=", ".join(b[:40] for b in bad[:5])))
        ss["_hide_raw"] = raw
        ss["_hide"] = good
    if ss.get("_present"):  # the sidebar starts collapsed: the page gets the projector's width
        st.set_page_config(initial_sidebar_state="collapsed")
    css = _LAYOUT_CSS + _hide_css(ss.get("_hide", []))
    if ss.get("_present"):
        css += _PRESENT_CSS + (
            f"{_ROOM} {{ padding-left: 1.5rem; }}" if "sidebar" in ss.get("_hide", []) else ""
        )
    st.html(f"<style>{css}</style>")


def presenting() -> bool:
    """Whether this session is in presenter mode."""
    return bool(st.session_state.get("_present", False))


def present_query() -> dict[str, str]:
    """The presenter flags to carry in a link (empty when presenter mode is off)."""
    ss = st.session_state
    out = {"present": "1"} if ss.get("_present") else {}
    if ss.get("_hide"):
        out["hide"] = ",".join(ss["_hide"])
    return out


def under_the_view(slot: Any) -> Any:
    """Where a page writes the formulas it shows above its live view: ``slot`` (a container
    it made above the view), or in presenter mode a new container here, under the view, so
    that the projector's first screen shows the live figure. The page calls it after it has
    drawn the view's parts."""
    return st.container() if presenting() else slot
