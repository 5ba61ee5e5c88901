"""Agencies: who is on track — ranking by score (coloured by grade) and each agency's status mix."""

import streamlit as st

from components import memo, widgets
from components.bootstrap import require_entry
from components.i18n import lang, t
from components.style import presenting
from ita_metrics.presentation import charts, scale_views, views

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

ds = widgets.page_header("agencies.title", "agencies.caption")
sel = widgets.filter_bar(ds)
overview = memo.table(views.agency_overview, sel.measures)

with st.container(horizontal=True, vertical_alignment="bottom"):
    sorts = {s: t(f"agencies.sort_{s}") for s in views.OVERVIEW_SORTS}
    shows = {s: t(f"agencies.show_{s}") for s in ("all", "top", "bottom")}
    sort = st.selectbox(
        t("agencies.sort"),
        list(sorts),
        key="agencies_sort",
        persist_state="session",
        format_func=sorts.__getitem__,
        width=260,
    )
    show = st.selectbox(
        t("agencies.show"),
        list(shows),
        key="agencies_show",
        persist_state="session",
        format_func=shows.__getitem__,
        width=220,
    )
    widgets.score_help("agencies")

subset = views.sort_overview(overview, "score")
subset = subset.head(20) if show == "top" else subset.tail(20) if show == "bottom" else subset
shown = views.sort_overview(subset, sort)
drawn, cut = scale_views.ranking_rows(subset)  # a chart stays within two screens; the table lists all
drawn = views.sort_overview(drawn, sort)

st.subheader(t("agencies.ranking"))
if cut:
    best = scale_views.max_rows() // 2
    st.caption(t("agencies.chart_cut", shown=len(drawn), n=len(subset), best=best, worst=len(drawn) - best))
widgets.chart(memo.figure(charts.ranking_chart, drawn, lang(), presenting()), key="ranking", alt=t("agencies.ranking"))
st.subheader(t("agencies.status_mix"))
widgets.chart(
    memo.figure(charts.status_mix_chart, drawn, lang(), presenting()),
    key="status_mix",
    alt=t("agencies.status_mix"),
)

st.subheader(t("agencies.table"))
table = views.display_overview(shown, lang())
widgets.table(table, key="agencies_table")
widgets.downloads(lambda: table, "ita_agencies", "agencies", sheet="agencies")
