"""Caching of the per-page views and charts, so a filter change re-renders within the 0.5 s budget
at province scale (250 agencies).

Why keys instead of hashing the tables: hashing a few thousand measures on every rerun costs more
than some of the views. Every result is stored under a *key* — a small tuple that fully describes
the inputs: the dataset's fingerprint (files' hashes, reading settings, corrections), the report
choice and filters, and the function's own arguments. The tables are passed unhashed.

Tables (views) are cached with `st.cache_data` (each caller gets its own copy). Figures are cached
with `st.cache_resource` (shared, not copied: unpickling a plotly figure re-validates it and costs
more than building it); Streamlit only reads them, and pages must not modify them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ita_metrics.app.app_state import Dataset, Selection


def selection_key(ds: Dataset, sel: Selection, scope: bool = False) -> tuple:
    """What a selection's measures depend on (scope=True: the unfiltered province)."""
    return (ds.key, sel.choice) + (((), ()) if scope else (sel.districts, sel.kinds))


def _name(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


@st.cache_data(max_entries=1000, show_spinner=False)
def _table(name: str, key: tuple, _fn: Callable, _args: tuple, _kwargs: dict) -> Any:
    return _fn(*_args, **_kwargs)


@st.cache_resource(max_entries=300, show_spinner=False)
def _figure(name: str, key: tuple, _fn: Callable, _args: tuple, _kwargs: dict) -> Any:
    return _fn(*_args, **_kwargs)


def table(fn: Callable, key: tuple, *args: Any, **kwargs: Any) -> Any:
    """fn(*args, **kwargs), a table, cached under `key` (which must describe all the inputs)."""
    return _table(_name(fn), key, fn, args, kwargs)


def figure(fn: Callable, key: tuple, *args: Any, **kwargs: Any) -> Any:
    """fn(*args, **kwargs), a plotly figure, cached (shared) under `key`."""
    return _figure(_name(fn), key, fn, args, kwargs)


def warm(ds: Dataset) -> None:
    """Compute the province-wide agency table of the default view once, right after an import,
    so the first visit to the agencies pages does not pay for it (about 1 s at 250 agencies)."""
    from ita_metrics.app.app_state import select
    from ita_metrics.presentation import views

    sel = select(ds, views.LATEST)
    table(views.agency_overview, selection_key(ds, sel), sel.measures)  # same key as the unfiltered scope
