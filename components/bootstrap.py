"""Make sure every page runs under the entry point (dashboard.py), never alone.

Why: the brief keeps the pages in a folder named `pages/`, and Streamlit treats such a folder as
an old-style (v1) multipage app until the entry point has called `st.navigation` once in the
process. So the first request after a server restart that lands on a deep link (/agencies), and
every `AppTest` run after the first (AppTest resets that switch before each run), execute the page
file directly: no sidebar, no data loaded. A page that finds itself in that mode switches it off
and reruns, and the rerun goes through dashboard.py as usual.

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
