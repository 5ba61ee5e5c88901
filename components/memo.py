"""Caching of the per-page views and charts, keyed by what they depend on, so a filter change
re-renders within the 0.5 s budget at province scale (250 agencies).

Every result is stored under the key of its inputs, built here from the arguments themselves — no
page writes a key. A table the dashboard made (the dataset's measures, a selection's measures, a
table this module returned) is *known*: `remember` tied it to the key of what it was made from (the
files' hashes, reading settings, corrections, the report choice and filters, or the function and
arguments that built it), so it is not hashed again on every rerun. Any other table is keyed by
its content (pandas' row hashes); every other argument by its value.

Tables (views) are cached with `st.cache_data` (each caller gets its own copy). Figures are cached
with `st.cache_resource` (shared, not copied: unpickling a plotly figure re-validates it and costs
more than building it); Streamlit only reads them, and pages must not modify them.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from ita_metrics.app.app_state import Dataset, Selection

_known: dict[int, tuple[weakref.ref, tuple]] = {}
_lock = threading.Lock()


def remember(frame: pd.DataFrame, key: tuple) -> pd.DataFrame:
    """Tie `frame` to the key of what it was made from (while it lives); returns it."""
    ident = id(frame)

    def forget(ref: weakref.ref, ident: int = ident) -> None:
        with _lock:
            if _known.get(ident, (None,))[0] is ref:
                del _known[ident]

    with _lock:
        _known[ident] = (weakref.ref(frame, forget), key)
    return frame


def remember_selection(ds: Dataset, sel: Selection) -> Selection:
    """A selection's tables depend on the dataset and the choice (the scope), and the filters."""
    remember(sel.scope, (ds.key, sel.choice))
    remember(sel.measures, (ds.key, sel.choice, sel.districts, sel.kinds))
    return sel


def key_of(value: Any) -> Any:
    """What `value` contributes to a cache key."""
    if isinstance(value, pd.DataFrame):
        with _lock:
            hit = _known.get(id(value))
        if hit is not None and hit[0]() is value:
            return hit[1]
        content = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        return ("content", tuple(value.columns), value.shape, content)
    if isinstance(value, list | tuple):
        return tuple(key_of(v) for v in value)
    return value


def _call_key(fn: Callable, args: tuple, kwargs: dict) -> tuple:
    return (
        f"{fn.__module__}.{fn.__qualname__}",
        key_of(args),
        tuple(sorted((k, key_of(v)) for k, v in kwargs.items())),
    )


@st.cache_data(max_entries=1000, show_spinner=False)
def _table(key: tuple, _fn: Callable, _args: tuple, _kwargs: dict) -> Any:
    return _fn(*_args, **_kwargs)


@st.cache_resource(max_entries=300, show_spinner=False)
def _figure(key: tuple, _fn: Callable, _args: tuple, _kwargs: dict) -> Any:
    return _fn(*_args, **_kwargs)


def table(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """fn(*args, **kwargs), a table, cached under the key of its inputs."""
    key = _call_key(fn, args, kwargs)
    result = _table(key, fn, args, kwargs)
    return remember(result, key) if isinstance(result, pd.DataFrame) else result


def figure(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """fn(*args, **kwargs), a plotly figure, cached (shared) under the key of its inputs."""
    return _figure(_call_key(fn, args, kwargs), fn, args, kwargs)


def dataset_key(ds: Dataset) -> str:
    """A short digest of the dataset's key (which lists every file's hash or every stored report),
    so a cache keyed by it does not hash that whole key on every call."""
    return hashlib.sha256(repr(ds.key).encode("utf-8")).hexdigest()


@st.cache_resource(max_entries=100, show_spinner=False)
def _selection(key: tuple, _ds: Dataset, choice: str, districts: tuple, kinds: tuple) -> Selection:
    from ita_metrics.app.app_state import select

    return remember_selection(_ds, select(_ds, choice, districts, kinds))


def selection(ds: Dataset, choice: str, districts: Sequence[str] = (), kinds: Sequence[str] = ()) -> Selection:
    """app_state.select (remembered), shared under the dataset's key and the choices: picking the
    latest report of every agency costs about 0.15 s at 250 agencies, on every run of every page
    otherwise (the first screen's budget, benchmarks/first_screen_bench.py)."""
    d, k = tuple(districts), tuple(kinds)
    return _selection((dataset_key(ds), choice, d, k), ds, choice, d, k)


def warm(ds: Dataset) -> None:
    """Compute the province-wide agency table of the default view once, right after an import,
    so the first visit to the agencies pages does not pay for it (about 1 s at 250 agencies)."""
    from ita_metrics.presentation import views

    sel = selection(ds, views.LATEST)
    table(views.agency_overview, sel.scope)  # the unfiltered scope: what the agencies pages ask first
