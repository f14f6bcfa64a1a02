"""Lecture mode: the chapter pages in the lecture's order, one preset per step (?step=N).

The path comes from app.py's PAGES each run (``dlcore.lecture.steps``), so a
chapter page joins it as soon as it is registered and its file exists.
"""

import streamlit as st

from dlcore import lecture
from ui.language import lang, page_file, t
from ui.lecture_bar import step_query
from ui.presenter import presenting

ss = st.session_state
steps = lecture.steps()

st.title(t("lecture.title"))
st.markdown(t("lecture.lead"))

if not steps:
    st.info(t("lecture.none"), icon="🚧")
    st.stop()

n = len(steps)
raw = st.query_params.get("step")
if raw is not None and raw != ss.get("lecture._raw"):  # a step URL: fresh load or shared link
    idx, ok = lecture.parse_step(raw, n)
    ss["lecture._raw"] = raw
    ss["lecture.idx"] = idx
    if not ok:
        st.warning(t("lecture.bad_step", value=raw[:40]), icon="⚠️")
idx = max(0, min(int(ss.get("lecture.idx", 0)), n - 1))
ss["lecture.idx"] = idx
if st.query_params.get("step") != str(idx + 1):
    st.query_params["step"] = str(idx + 1)
ss["lecture._raw"] = str(idx + 1)


def _go(i: int) -> None:
    ss["lecture.idx"] = max(0, min(i, n - 1))


def _present_changed() -> None:
    on = bool(ss.get("lecture.present"))
    ss["_present"] = on
    st.query_params["present"] = "1" if on else "0"


step = steps[idx]
st.progress((idx + 1) / n, text=t("lecture.step_of", n=idx + 1, total=n))
chapter, title = t(f"chapter.{step.chapter}"), t(step.title_key)
st.subheader(f"{step.icon} {chapter} · {title}" if title != chapter else f"{step.icon} {title}")
st.markdown(f"### {t(step.note_key)}")
preset = " · ".join(f"`{k}={v}`" for k, v in step.query.items()) or t("lecture.no_preset")
st.caption(f"{t('lecture.preset')}: {preset}")
st.page_link(  # in lecture mode: the chapter page shows the step, Previous / Next
    page_file(step.page),
    label=t("lecture.open"),
    icon="🎯",
    query_params=step_query(step, idx + 1),
)

prev_col, next_col = st.columns(2)
prev_col.button(
    t("lecture.prev"),
    key="lecture.btn_prev",
    on_click=_go,
    args=(idx - 1,),
    disabled=idx == 0,
    use_container_width=True,
)
next_col.button(
    t("lecture.next"),
    key="lecture.btn_next",
    on_click=_go,
    args=(idx + 1,),
    disabled=idx == n - 1,
    type="primary",
    use_container_width=True,
)

with st.expander(t("lecture.all_steps"), expanded=False):
    for i, s in enumerate(steps):
        mark = "▶ " if i == idx else ""
        st.button(
            f"{mark}{i + 1}. {s.icon} {t(s.title_key)} — {t(s.note_key)[:60]}…",
            key=f"lecture.goto.{i}",
            on_click=_go,
            args=(i,),
        )

st.divider()
ss["lecture.present"] = presenting()
st.toggle(
    t("lecture.present_toggle"),
    key="lecture.present",
    on_change=_present_changed,
    help=t("lecture.present_help"),
)
st.caption(t("lecture.present_link"))
st.code(f"/lecture?step={idx + 1}&lang={lang()}&present=1&hide=sidebar,share", language=None)
