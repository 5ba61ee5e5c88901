"""Home: upload the agencies' reports, see what was read, and the province at a glance."""

import streamlit as st

from components import data, widgets
from components.bootstrap import require_entry
from components.i18n import lang, t
from components.style import presenting
from ita_metrics.presentation import charts, views

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

ds = widgets.page_header("home.title", "home.caption")

if not presenting():
    with st.container(border=True):
        data.uploader_rendered_fresh()
        st.file_uploader(
            t("home.upload"),
            type=data.UPLOAD_TYPES,
            accept_multiple_files=True,
            key=data.UPLOADER_KEY,
            on_change=data.on_upload_change,
            help=t("home.upload_help"),
        )
        if data.uploaded_files():
            with st.container(horizontal=True, vertical_alignment="center"):
                st.caption(t("home.uploaded_n", n=len(data.uploaded_files())))
                st.button(t("home.clear"), on_click=data.clear_uploads, icon=":material/restart_alt:", type="tertiary")
        else:
            st.caption(t("home.sample_note"))

sel = widgets.filter_bar(ds)
st.subheader(t("home.headline"))
widgets.headline(sel.measures)

left, right = st.columns(2)
with left:
    st.markdown(f"**{t('home.status_chart')}**")
    widgets.chart(
        charts.donut_chart(views.status_counts(sel.measures), "status", lang(), presenting()),
        key="donut_status",
        alt=t("home.status_chart"),
    )
with right:
    st.markdown(f"**{t('home.timeliness_chart')}**")
    widgets.chart(
        charts.donut_chart(views.timeliness_counts(sel.measures), "timeliness", lang(), presenting()),
        key="donut_timeliness",
        alt=t("home.timeliness_chart"),
    )

if not presenting():
    st.subheader(t("home.import_report"))
    # the sample's per-file tables are drawn on request: their grid is the heaviest script of the
    # page and would hold up the first screen (benchmarks/first_screen_bench.py); uploads show it all
    if ds.is_sample and ds.results and not st.toggle(t("home.sample_report"), key="show_sample_report"):
        st.markdown(t("import.summary", n=len(ds.results), ok=ds.files_ok, measures=len(ds.measures)))
    else:
        widgets.import_report(ds)
