"""Search measures (ค้นหามาตรการ): one box, Thai word cutting, the same filters as every view,
results downloadable."""

import streamlit as st

from components import memo, widgets
from components.bootstrap import require_entry
from components.i18n import lang, t
from components.safe import md
from ita_metrics.followup.search import search
from ita_metrics.presentation.followup_view import display_search

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

ds = widgets.page_header("search.title", "search.caption")
sel = widgets.filter_bar(ds)
query = st.text_input(t("search.box"), key="search_q", placeholder=t("search.placeholder"), icon=":material/search:")
if query.strip():
    hits = memo.table(search, sel.measures, query)
    if hits.empty:
        st.info(t("search.none", q=md(query)), icon=":material/search_off:")
    else:
        st.markdown(t("search.hits", n=len(hits), agencies=hits["agency"].nunique()))
        table = display_search(hits, lang())
        widgets.table(table, key="search_table", height=min(38 + 35 * len(table), 560))
        widgets.downloads(lambda: display_search(hits, lang()), "ita_search", "search", sheet="search")
