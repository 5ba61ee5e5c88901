"""One agency: its measures (status, deadline, completion, timeliness, flags, source), a timeline
of deadlines against completions, and its scores beside the province's."""

import streamlit as st

from components import memo, widgets
from components.bootstrap import require_entry
from components.i18n import lang, t
from components.safe import md
from components.style import presenting
from ita_metrics.presentation import charts, time_charts, views
from ita_metrics.presentation.ui_text import format_pct, format_score

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

ds = widgets.page_header("agency.title", "agency.caption")
sel = widgets.filter_bar(ds, districts=False)
agencies = views.agency_choices(sel.scope)
if not agencies:
    st.info(t("agency.none"))
    st.stop()
widgets.keep_valid("agency_pick", agencies, False, agencies[0])
districts = memo.table(views.agency_districts, sel.scope)
names = {
    a: views.short(a) + (" · " + t("agency.district_fmt", d=districts[a]) if districts.get(a) else "") for a in agencies
}
agency = st.selectbox(
    t("col.agency"), agencies, key="agency_pick", persist_state="session", format_func=names.__getitem__, width=420
)
rows = views.measures_of(sel.scope, agency)
mine = views.headline(rows)
province = memo.table(views.headline, sel.scope)
rank = memo.table(views.agency_overview, sel.scope).set_index("agency")["rank"].get(agency)

st.subheader(md(agency))
cols = [*st.columns(3), *st.columns(3)]
cols[0].metric(
    t("metric.score"),
    format_score(mine["score"], mine["grade"]),
    border=True,
    height="stretch",
    delta=views.delta(mine["score"], province["score"]),
    delta_description=t("agency.vs_province"),
)
cols[1].metric(
    t("agency.rank"), f"{rank} / {len(agencies)}" if rank is not None else "–", border=True, height="stretch"
)
cols[2].metric(t("metric.measures"), mine["n_measures"], border=True, height="stretch")
cols[3].metric(
    t("metric.pct_done"),
    format_pct(mine["pct_done"]),
    border=True,
    height="stretch",
    delta=views.delta(mine["pct_done"], province["pct_done"]),
    delta_description=t("agency.vs_province"),
)
cols[4].metric(
    t("metric.pct_on_time"),
    format_pct(mine["pct_on_time"]),
    border=True,
    height="stretch",
    delta=views.delta(mine["pct_on_time"], province["pct_on_time"]),
    delta_description=t("agency.vs_province"),
)
cols[5].metric(t("metric.overdue"), mine["n_overdue"], border=True, height="stretch", help=t("metric.overdue_help"))

with st.container(horizontal=True, vertical_alignment="center"):
    st.markdown(f"**{t('agency.compare')}**")
    widgets.score_help("agency")
widgets.chart(charts.compare_chart(mine, province, lang(), presenting()), key="compare", alt=t("agency.compare"))
st.subheader(t("agency.timeline"))
widgets.chart(time_charts.timeline_chart(rows, lang(), presenting()), key="timeline", alt=t("agency.timeline"))
if views.not_on_timeline(rows):
    st.caption(t("agency.timeline_not_shown", n=views.not_on_timeline(rows)))

st.subheader(t("agency.measures"))
table = views.display_measures(rows, lang())
widgets.table(table, key="agency_measures")
widgets.downloads(lambda: table, "ita_agency_measures", "agency", sheet="measures")
