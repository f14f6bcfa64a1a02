"""Lecture mode on the chapter pages (not ``_lecture.py``: Streamlit's pages-folder mode on a
cold server strips the underscore and that clashes with ``/lecture``): the step's note, Previous / Next and "5 / 19".

A chapter page is in lecture mode while its URL carries ``?lecture=N`` (the step,
1-based); the links of the bar carry it on, with ``lang``, ``present`` and ``hide``.
Each step is one URL and Previous / Next are plain links to it, so the browser's
Back and Forward move one step, and a step's URL opens that step on a cold server.
(The page's own ``Form`` leaves such a URL as it is while it describes the running
config: a second history entry per step would make Back stop twice on each step.)
app.py calls :func:`bar` once per run, before the page runs. Not a page.
"""

from __future__ import annotations

import streamlit as st

from dlcore import lecture
from ui.language import lang, page_file, t
from ui.presenter import present_query

KEY = "lecture"  # the query key
LECTURE_PAGE = "pages/lecture.py"  # the overview of all steps


def step_query(step: lecture.Step, n: int) -> dict[str, str]:
    """The query of step ``n`` (1-based): language, preset, presenter flags, the step."""
    return {"lang": lang(), **step.query, **present_query(), KEY: str(n)}


def bar(page) -> None:
    """The lecture bar above ``page`` (a ``StreamlitPage``) when the URL asks for it."""
    raw = st.query_params.get(KEY)
    if raw is None:
        return
    steps = lecture.steps()
    if not steps:
        return
    ss = st.session_state
    idx, ok = lecture.parse_step(raw, len(steps))
    if not ok:  # not a number, or out of range: the first step, with a notice there
        ss["lecture._bad"] = str(raw)[:40]
    step = steps[idx]
    if getattr(page, "url_path", None) != step.url_path or not ok:
        q = step_query(step, idx + 1)
        for k in ("present", "hide"):  # as typed: a bad flag's notice is shown on the step
            if k in st.query_params:
                q[k] = st.query_params[k]
                ss.pop(f"_{k}_raw", None)
        st.switch_page(page_file(step.page), query_params=q)
    bad = ss.pop("lecture._bad", None)
    ss["lecture.idx"] = idx  # /lecture opens on the step last shown
    # A link to the same page (step 5 → 6, both /ff) does not change the browser's address
    # by itself: sending the query back does, once (the browser ignores a query string
    # equal to the one it shows). Not after a page change: the link has put the address
    # already, and this would add a second history entry (old path, new query).
    here = step.url_path
    if ss.get("lecture._page") == here:
        st.query_params[KEY] = str(idx + 1)
    ss["lecture._page"] = here
    n = len(steps)
    with st.container(border=True, key="lecture_bar"):  # one block: presenter mode keeps it first
        if bad is not None:
            st.warning(t("lecture.bad_step", value=bad), icon="⚠️")
        c_step, c_note = st.columns([1, 4], vertical_alignment="center")
        c_step.markdown(f"**{t('lecture.bar.step', n=idx + 1, total=n)}**")
        c_note.markdown(t(step.note_key))
        c_prev, c_next, c_all, c_exit = st.columns(4)
        if idx > 0:
            prev = steps[idx - 1]
            c_prev.page_link(
                page_file(prev.page), label=t("lecture.prev"), query_params=step_query(prev, idx)
            )
        if idx < n - 1:
            nxt = steps[idx + 1]
            c_next.page_link(
                page_file(nxt.page), label=t("lecture.next"), query_params=step_query(nxt, idx + 2)
            )
        c_all.page_link(
            page_file(LECTURE_PAGE),
            label=t("lecture.bar.overview"),
            query_params={"lang": lang(), "step": str(idx + 1), **present_query()},
        )
        c_exit.page_link(
            page_file(step.page), label=t("lecture.bar.exit"), query_params={"lang": lang()}
        )
