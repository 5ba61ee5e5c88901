"""Submissions and reminders (ติดตามการส่งรายงาน): the province's expected agencies, who has
reported for a round (received / late / not received, by district), reminder letters and
one-page agency summaries. The work is in components/followup_ui.py."""

import streamlit as st

from components import followup_ui, widgets
from components.bootstrap import require_entry
from components.style import presenting

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

ds = widgets.page_header("fu.title", "fu.caption")
followup_ui.show_flash()
picked = followup_ui.pick_round_and_province(ds)
if picked is not None:
    fy, rnd, province = picked
    roster = followup_ui.roster_section(ds, province, fy)
    st.divider()
    status = followup_ui.submissions_section(ds, roster, province, fy, rnd)
    if not presenting():  # letters and one-pagers are desk work, not for the meeting room
        st.divider()
        followup_ui.letters_section(ds, status, province, fy, rnd)
        st.divider()
        followup_ui.onepage_section(ds, fy, rnd)
