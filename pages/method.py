"""How the scores are computed, for an officer (components/method.py: data/method_<lang>.md with the
grade bands and flags filled in), reachable from every score through the "วิธีคิดคะแนน" popover."""

import streamlit as st

from components import widgets
from components.bootstrap import require_entry
from components.i18n import lang
from components.method import method_markdown

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

widgets.page_header("method.title")
st.markdown(method_markdown(lang()))
