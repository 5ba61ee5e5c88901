"""Indicators: which indicators lag, per agency (heatmap) and province-wide; a click on a cell —
or the two select boxes below it — opens that agency's measures for that indicator."""

import streamlit as st

from components import memo, widgets
from components.bootstrap import require_entry
from components.i18n import lang, t
from components.style import presenting
from ita_metrics.presentation import charts, scale_views, views
from ita_metrics.presentation.ui_text import format_pct, format_score

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

ds = widgets.page_header("indicators.title", "indicators.caption")
sel = widgets.filter_bar(ds)
st.session_state.setdefault("ind_tool", "all")
tools = {c: t(f"tool.{c}") for c in ("all", *views.TOOLS)}
tool = st.segmented_control(
    t("indicators.tool"),
    list(tools),
    key="ind_tool",
    required=True,
    persist_state="session",
    format_func=tools.__getitem__,
)
tool_filter = None if tool in (None, "all") else tool

with st.container(horizontal=True, gap="small"):
    for row in memo.table(views.tool_summary, sel.measures).itertuples(index=False):
        st.metric(
            t(f"tool.{row.group}"),
            format_score(row.score, row.grade),
            border=True,
            help=t(
                "indicators.tool_metric_help",
                completion=format_pct(row.completion_pct),
                on_time=format_pct(row.on_time_pct),
                n=row.n_measures,
            ),
        )

st.subheader(t("indicators.heatmap"))
matrix = memo.table(scale_views.heatmap_matrix, sel.measures, tool_filter, None, lang())
if matrix.level != "agency":  # too many agencies for a row each: districts or provinces
    st.caption(t(f"indicators.heatmap_by_{matrix.level}"))
elif not presenting():
    st.caption(t("indicators.heatmap_hint"))
heatmap = memo.figure(charts.heatmap_chart, matrix, lang(), presenting())
event = widgets.chart(
    heatmap, key="heatmap", on_select="rerun", selection_mode=("points",), alt=t("indicators.heatmap")
)
if not matrix.empty:
    st.caption(views.indicator_legend([int(i) for i in matrix.values.columns], lang()))
left_out = views.not_in_matrix(sel.measures, tool_filter)
if left_out["measures"]:  # nothing loaded is left out without a word
    st.caption(t("indicators.not_shown", **left_out))
points = [p for p in (event.selection.points if event else []) if len(p.get("customdata") or []) == 2]
if points:
    picked = tuple(points[0]["customdata"])
    if st.session_state.get("_heat_last") != picked:  # a new click: point the select boxes at it
        st.session_state["_heat_last"] = picked
        st.session_state["drill_agency"], st.session_state["drill_indicator"] = picked[0], int(picked[1])

st.subheader(t("indicators.lagging"))
with st.container(horizontal=True, vertical_alignment="center"):
    if not presenting():
        st.caption(t("indicators.lagging_caption"))
    widgets.score_help("indicators")
summary = memo.table(views.indicator_summary, sel.measures, tool_filter)
widgets.chart(
    memo.figure(charts.indicator_chart, summary, lang(), presenting()),
    key="lagging",
    alt=t("indicators.lagging"),
)

st.subheader(t("indicators.drill"))
agencies = views.agency_choices(sel.measures)
scoped = sel.measures if tool_filter is None else sel.measures.loc[sel.measures["tool"] == tool_filter]
indicators = sorted({int(i) for i in scoped["indicator"].dropna()})
widgets.keep_valid("drill_agency", agencies, False, agencies[0] if agencies else None)
widgets.keep_valid("drill_indicator", indicators, False, indicators[0] if indicators else None)
with st.container(horizontal=True):
    agency = st.selectbox(t("col.agency"), agencies, key="drill_agency", format_func=views.short, width=320)
    names = {i: views.indicator_label(i, lang()) for i in indicators}
    indicator = st.selectbox(
        t("col.indicator"), indicators, key="drill_indicator", format_func=names.__getitem__, width=380
    )
rows = views.measures_of(sel.measures, agency, indicator)
if rows.empty:
    st.info(t("indicators.no_measures"))
else:
    st.markdown(t("indicators.drill_count", n=len(rows)))
    widgets.table(views.display_measures(rows, lang()), key="drill_table")
if agency and st.button(t("indicators.open_agency"), icon=":material/open_in_new:"):
    st.session_state["agency_pick"] = agency
    st.switch_page(widgets.AGENCY_PAGE)
