"""The dashboard's pages, in menu order: one list for dashboard.py and components/bootstrap.py."""

from __future__ import annotations

import streamlit as st

from components.i18n import t

# page file, ui_text key of its title, icon; the first is the default (home) page
PAGES = [
    ("pages/home.py", "nav.home", ":material/home:"),
    ("pages/agencies.py", "nav.agencies", ":material/leaderboard:"),
    ("pages/indicators.py", "nav.indicators", ":material/grid_view:"),
    ("pages/agency.py", "nav.agency", ":material/account_balance:"),
    ("pages/timeliness.py", "nav.timeliness", ":material/schedule:"),
    ("pages/followup.py", "nav.followup", ":material/assignment_late:"),
    ("pages/search.py", "nav.search", ":material/search:"),
    ("pages/quality.py", "nav.quality", ":material/rule:"),
    ("pages/exports.py", "nav.exports", ":material/download:"),
    ("pages/method.py", "nav.method", ":material/calculate:"),
    ("pages/store.py", "nav.store", ":material/inventory_2:"),
    ("pages/history.py", "nav.history", ":material/timeline:"),
]


def pages(short: bool = False) -> list[st.Page]:
    """`st.Page`s with titles in the user's language; `short` names (nav_short.*) for the top bar of
    presentation mode, where all twelve must fit a 1366 px projector."""
    return [
        st.Page(path, title=t(title.replace("nav.", "nav_short.", 1) if short else title), icon=icon, default=(i == 0))
        for i, (path, title, icon) in enumerate(PAGES)
    ]
