"""Make sure every page runs under the entry point (dashboard.py), with public Streamlit calls only.

Why: the pages live in a folder named `pages/` (the layout the project's brief names), and Streamlit
1.67 treats such a folder as an old-style (v1) multipage app until the entry point has called
`st.navigation` once in the process. The first run after a server start therefore runs in that
mode: a deep link (/agencies) executes the page file alone (no sidebar, no data), and on the home
page the entry point runs as a v1 page, so its widgets get other identities than in the runs after
and the first click is lost. AppTest switches the v1 mode back on before every run.

The way out uses only documented behaviour: calling `st.navigation` turns the `pages/` folder off
("st.navigation … the pages directory is ignored"), and `st.rerun()` then runs everything again
through dashboard.py. (`client.showSidebarNavigation = false` is not used:
in 1.67 it also hides the menu `st.navigation` draws in the sidebar.) README "Pages and navigation"
says more; tests/test_navigation.py fails when Streamlit stops behaving this way.

- dashboard.py calls `entry_started()` first: it marks this script run (a thread-local: one script
  runs per thread at a time) and, on a session's first run, leaves the v1 mode and reruns.
- every page calls `require_entry()` first: when the entry point did not run in this script run
  (a deep link in v1 mode), it leaves the v1 mode and reruns through dashboard.py.
"""

from __future__ import annotations

import threading

import streamlit as st

from components import navigation

_run = threading.local()
_STARTED_KEY = "_entry_first_run_done"


def _leave_v1_and_rerun() -> None:
    """`st.navigation` switches Streamlit's `pages/` folder mode off for the process; the rerun goes
    through dashboard.py, which draws the real menu."""
    st.navigation(navigation.pages(), position="hidden")
    st.rerun()


def entry_started() -> None:
    """Call first in dashboard.py."""
    _run.entry = True
    if not st.session_state.get(_STARTED_KEY):
        st.session_state[_STARTED_KEY] = True
        _leave_v1_and_rerun()


def require_entry() -> None:
    """Call first in every page: rerun through the entry point if it did not run."""
    if not getattr(_run, "entry", False):
        _leave_v1_and_rerun()
    _run.entry = False
