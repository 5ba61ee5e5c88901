"""How the scores are computed: docs/scoring.md (a project file, not user data), in the user's
language, reachable from every score through the "วิธีคิดคะแนน" popover."""

import streamlit as st

from components import widgets
from components.bootstrap import require_entry
from components.i18n import lang
from components.method import scoring_markdown

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

widgets.page_header("method.title")
st.markdown(scoring_markdown(lang()))
