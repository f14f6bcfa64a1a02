"""Presenter mode for a projector (``?present=1``) and ``?hide=`` (chosen controls hidden).

ui/shell.py calls :func:`presenter` once per run; pages and the lecture bar ask
:func:`presenting` and carry :func:`present_query` in their links. pages/_ui.py
re-exports these names for the pages that import them from there.
"""

from __future__ import annotations

import re

import streamlit as st


def t(key: str, **kwargs: object) -> str:
    """The session's translation of ``key`` (pages/_ui.t; imported late: it imports us)."""
    from pages._ui import t as _t

    return _t(key, **kwargs)


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
_PRESENT_CSS = """
[data-testid="stMain"] { zoom: 1.3; }
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 1rem; }
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
    """Presenter mode for a projector, from the URL: ``?present=1`` enlarges fonts and
    charts and hides the header; ``?hide=sidebar,share,<widget key>`` hides chosen controls.

    app.py calls this once per run. The choice is kept in the session, so it survives
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
    css = (_PRESENT_CSS if ss.get("_present") else "") + _hide_css(ss.get("_hide", []))
    if css:
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
