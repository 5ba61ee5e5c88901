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

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ita_metrics.app_state import Dataset, Selection


def dataset_key(ds: Dataset) -> str:
    """A short digest of the dataset's key: the key lists every file's hash (or every stored
    report), and Streamlit's caches hash their keys on every call — 0.15 s a run at 250 agencies."""
    return hashlib.sha256(repr(ds.key).encode("utf-8")).hexdigest()


def selection_key(ds: Dataset, sel: Selection, scope: bool = False) -> tuple:
    """What a selection's measures depend on (scope=True: the unfiltered province)."""
    return (dataset_key(ds), sel.choice) + (((), ()) if scope else (sel.districts, sel.kinds))


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


@st.cache_resource(max_entries=100, show_spinner=False)
def _selection(key: tuple, _ds: Dataset, choice: str, districts: tuple, kinds: tuple) -> Selection:
    from ita_metrics.app_state import select

    return select(_ds, choice, districts, kinds)


def selection(ds: Dataset, choice: str, districts: Sequence[str] = (), kinds: Sequence[str] = ()) -> Selection:
    """app_state.select, shared under the dataset's key and the choices: picking the latest report
    of every agency costs about 0.15 s at 250 agencies, on every run of every page otherwise."""
    d, k = tuple(districts), tuple(kinds)
    return _selection((dataset_key(ds), choice, d, k), ds, choice, d, k)


def warm(ds: Dataset) -> None:
    """Compute the province-wide agency table of the default view once, right after an import,
    so the first visit to the agencies pages does not pay for it (about 1 s at 250 agencies).
    When it is cached already, nothing is selected or computed (this runs before every page)."""
    from ita_metrics import views

    def overview() -> Any:
        return views.agency_overview(selection(ds, views.LATEST).measures)

    key = (dataset_key(ds), views.LATEST, (), ())  # = selection_key of the unfiltered latest reports
    _table(_name(views.agency_overview), key, overview, (), {})
