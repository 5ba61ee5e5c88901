"""Stored reports (คลังรายงาน): save the uploaded files to the report store, see every stored
report and its status, delete (with confirmation, undoable), back up and restore.
The work is in components/store_ui.py; the rules of the store in docs/store.md."""

import streamlit as st

from components import data, store_ui, widgets
from components.bootstrap import require_entry
from components.i18n import lang, t
from components.safe import md
from ita_metrics.store import StoreError

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

widgets.page_header("store.title", "store.caption")
store_ui.show_flash()
try:
    store = data.get_store(create=False)
    store_ui.save_section()
    store_ui.conflicts_section()
    reports = store_ui.reports_section(store)
    store_ui.delete_section(store, reports)
    store_ui.backup_section(store, reports)
    st.caption(t("store.where", path=md(data.store_path())))
except StoreError as exc:
    st.error(md(exc.msg.en if lang() == "en" else exc.msg.th), icon=":material/database:")
