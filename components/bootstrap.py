"""Make sure every page runs under the entry point (dashboard.py), never alone.

Why: the pages live in a folder named `pages/`, and Streamlit treats such a folder as an old-style
(v1) multipage app until the entry point has called `st.navigation` once in the process. So the
first session after a server restart runs in that mode: a deep link (/agencies) executes the page
file directly (no sidebar, no data), and even on the home page the first widget click is lost
(Streamlit 1.67 resets widget state when the v1 page turns into the st.navigation page). AppTest
resets the switch before every run, so it sees the same. Called first in dashboard.py and in every
page: in that mode it switches v1 off and reruns, and the rerun goes through dashboard.py.

This reads `PagesManager.uses_pages_directory`, an internal of Streamlit (checked with 1.67).
"""

from __future__ import annotations

import streamlit as st

try:
    from streamlit.runtime.pages_manager import PagesManager
except ImportError:  # pragma: no cover - a future Streamlit without it has no v1 mode to escape
    PagesManager = None  # type: ignore[assignment, misc]


def require_entry() -> None:
    """Call first in every page: rerun through the entry point if it did not run."""
    if PagesManager is not None and PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
