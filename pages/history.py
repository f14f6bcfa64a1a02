"""深度学习简史 — the lecture's milestones on a timeline, each linked to the page that plays
with it, and the lecture's GLUE table as data, chart and table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from dlcore import i18n
from dlcore import timeline as TL
from dlcore.figures import history as FH
from ui.language import fmt, lang, page_file, t

ss = st.session_state


IDS = [m.id for m in TL.MILESTONES]
GLUE_VIEWS = ("bars", "heatmap")


def page_links(pages: tuple[str, ...]) -> None:
    """Links to the pages that play with a milestone."""
    for page in pages:
        label = t("history.play_with", page=t(f"history.page.{Path(page).stem}"))
        st.page_link(page_file(page), label=label, icon="▶️")


def pick_from_chart() -> None:
    """Chart click → the selected milestone (its id travels in ``customdata``)."""
    ev = ss.get("history.chart") or {}
    pts = (ev.get("selection") or {}).get("points") or []
    if pts:
        cd = pts[0].get("customdata")
        cd = cd[0] if isinstance(cd, list) and cd else cd
        if cd in IDS:
            ss["history.milestone"] = cd


st.title(t("history.title"))
st.markdown(t("history.lead"))

# -- timeline ---------------------------------------------------------------------------------
if ss.get("history.milestone") not in IDS:
    ss["history.milestone"] = IDS[0]
ms = TL.MILESTONES
track_labels = [t(f"history.track.{k}") for k in TL.TRACKS]
fig = FH.timeline_figure(
    years=[m.year for m in ms],
    tracks=[TL.TRACKS.index(m.track) for m in ms],
    titles=[t(m.title_key) for m in ms],
    whos=[m.who for m in ms],
    ids=IDS,
    track_labels=track_labels,
    selected=ss["history.milestone"],
)
st.plotly_chart(
    fig,
    key="history.chart",
    on_select=pick_from_chart,
    selection_mode="points",
    width="stretch",
    config={"displayModeBar": False},
)
st.caption(t("history.timeline_help"))

left, right = st.columns([1, 2])
with left:
    mid = st.selectbox(
        t("history.pick"),
        IDS,
        key="history.milestone",
        format_func=lambda i, lg=lang(): (
            f"{TL.milestone(i).year} · {i18n.t(TL.milestone(i).title_key, lg)}"
        ),
    )
    pos = IDS.index(mid)
    b1, b2 = st.columns(2)
    b1.button(
        t("history.prev"),
        key="history.btn_prev",
        disabled=pos == 0,
        on_click=lambda: ss.update({"history.milestone": IDS[max(0, pos - 1)]}),
        width="stretch",
    )
    b2.button(
        t("history.next"),
        key="history.btn_next",
        disabled=pos == len(IDS) - 1,
        on_click=lambda: ss.update({"history.milestone": IDS[min(len(IDS) - 1, pos + 1)]}),
        width="stretch",
    )
with right:
    m = TL.milestone(mid)
    with st.container(border=True):
        st.subheader(f"{m.year} · {t(m.title_key)}")
        st.markdown(f"**{t('history.who')}** {m.who}")
        st.markdown(t(m.what_key))
        if m.id == "bert":
            st.caption(t("history.see_glue"))
        elif m.pages:
            page_links(m.pages)
        else:
            st.caption(t("history.no_page"))

with st.expander(t("history.all"), expanded=False):
    st.markdown("\n".join(f"- **{x.year}** · {t(x.title_key)} — {x.who}" for x in TL.MILESTONES))
st.info(t("history.decades"), icon="⏳")

# -- GLUE -------------------------------------------------------------------------------------
st.header(t("history.glue.header"))
st.markdown(t("history.glue.lead"))
c = st.columns([1, 1, 1, 2])
view = c[0].radio(
    t("history.glue.view"),
    list(GLUE_VIEWS),
    key="history.glue_view",
    format_func=fmt("history.glue.view"),
    horizontal=True,
)
sort = c[1].selectbox(
    t("history.glue.sort"),
    list(TL.GLUE_SORTS),
    key="history.glue_sort",
    format_func=fmt("history.glue.sort"),
)
st.session_state.setdefault("history.glue_system", TL.GLUE_SYSTEMS[-1])  # see ui/language.py
system = c[2].selectbox(
    t("history.glue.by_system"),
    list(TL.GLUE_SYSTEMS),
    key="history.glue_system",
    disabled=sort != "score",
)
systems = c[3].multiselect(
    t("history.glue.systems"),
    list(TL.GLUE_SYSTEMS),
    default=list(TL.GLUE_SYSTEMS),
    key="history.glue_systems",
)
if not systems:
    st.warning(t("history.glue.none"))
else:
    order = TL.glue_task_order(sort, system)
    full = TL.glue_matrix()
    cols = [TL.GLUE_TASKS.index(k) for k in order]
    rows = [TL.GLUE_SYSTEMS.index(s) for s in systems]
    scores = full[np.ix_(rows, cols)]
    sizes = [f"{TL.GLUE_TRAIN_SIZE[k] / 1000:g}k" for k in order]
    if view == "heatmap":
        fig = FH.glue_heatmap_figure(order, systems, scores, sizes)
    else:
        fig = FH.glue_bar_figure(order, systems, scores, sizes, y_title=t("history.glue.score"))
    st.plotly_chart(fig, key="history.glue_chart", width="stretch")

gain = TL.glue_matrix()[-1] - TL.glue_matrix()[0]
k = int(np.argmax(gain))
m1, m2, m3 = st.columns(3)
m1.metric(
    t("history.glue.avg_bert"),
    f"{TL.GLUE_AVERAGE['BERT-large']:.1f}",
    f"{TL.GLUE_AVERAGE['BERT-large'] - TL.GLUE_AVERAGE['Pre-OpenAI SOTA']:+.1f}",
)
m2.metric(
    t("history.glue.avg_gpt"),
    f"{TL.GLUE_AVERAGE['OpenAI GPT']:.1f}",
    f"{TL.GLUE_AVERAGE['OpenAI GPT'] - TL.GLUE_AVERAGE['Pre-OpenAI SOTA']:+.1f}",
)
m3.metric(t("history.glue.best_gain"), TL.GLUE_TASKS[k], f"{gain[k]:+.1f}")
st.markdown(t("history.glue.notice"))
st.dataframe(
    TL.glue_rows(t("history.glue.col_system"), t("history.glue.col_average")),
    hide_index=True,
    width="stretch",
)
st.caption(t("history.glue.caption"))
