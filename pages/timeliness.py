"""Timeliness and follow-up: the overdue list to chase (downloadable for Excel), and late vs on
time by agency and by responsible unit."""

import streamlit as st

from components import memo, widgets
from components.bootstrap import require_entry
from components.i18n import lang, t
from components.style import presenting
from ita_metrics.presentation import charts, scale_views, views

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

ds = widgets.page_header("follow.title", "follow.caption")
sel = widgets.filter_bar(ds)
overdue = memo.table(views.overdue_list, sel.measures)

with st.container(horizontal=True, gap="small"):
    st.metric(t("metric.overdue"), f"{len(overdue):,}", border=True, help=t("metric.overdue_help"))
    st.metric(t("follow.agencies_overdue"), f"{overdue['agency'].nunique():,}", border=True)
    most = overdue["days_overdue"].max() if len(overdue) else None
    st.metric(t("follow.max_days"), "–" if most is None or most != most else f"{int(most):,}", border=True)

st.subheader(t("follow.overdue_list"))
if overdue.empty:
    st.success(t("follow.none_overdue"), icon=":material/check_circle:")
else:
    table = views.display_overdue(overdue, lang())
    widgets.table(table, key="overdue_table", height=min(38 + 35 * len(table), 520))
    widgets.downloads(lambda: table, "ita_overdue", "overdue", sheet="overdue")

limit = 25 if presenting() else scale_views.max_rows()  # most overdue first; the list above has all
st.subheader(t("follow.by_agency"))
by_agency = memo.table(views.timeliness_by, sel.measures, "agency")
widgets.chart(
    memo.figure(charts.timeliness_chart, by_agency, lang(), presenting(), limit),
    key="by_agency",
    alt=t("follow.by_agency"),
)
st.subheader(t("follow.by_responsible"))
by_unit = memo.table(views.timeliness_by, sel.measures, "responsible")
widgets.chart(
    memo.figure(charts.timeliness_chart, by_unit, lang(), presenting(), limit=20),
    key="by_responsible",
    alt=t("follow.by_responsible"),
)
if not presenting():
    st.caption(t("follow.responsible_note"))
