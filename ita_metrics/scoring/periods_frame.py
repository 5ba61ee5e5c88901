"""Periods of a measures table for comparisons over time: "2566/6" labels, their sort order, the
measures that can be placed in time, and the column types every history frame shares."""

from __future__ import annotations

import pandas as pd

from ita_metrics.coerce import to_int
from ita_metrics.scoring import scoring


def period_label(fiscal_year: object, round_: object) -> str:
    """ "2566/6", "2566/12"; the year alone ("2565") when the round is not known."""
    fy, rd = to_int(fiscal_year), to_int(round_)
    if fy is None:
        return scoring.unspecified()
    return f"{fy}/{rd}" if rd is not None else str(fy)


def period_order(fiscal_year: object, round_: object) -> int:
    """Sort key of a period: year, then round (an unknown round sorts before round 6)."""
    fy, rd = to_int(fiscal_year), to_int(round_)
    return (fy or 0) * 100 + (rd or 0)


def placed(measures: pd.DataFrame) -> pd.DataFrame:
    """Measures that have a fiscal year, with plain `_fy`, `_round` and `_order` columns."""
    m = measures[measures["fiscal_year"].notna()].copy()
    m["_fy"] = [int(v) for v in m["fiscal_year"]]
    m["_round"] = [to_int(v) or 0 for v in m["round"]]
    m["_order"] = m["_fy"] * 100 + m["_round"]
    return m


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """The shared column types of the history frames (Int64 years and rounds, float scores)."""
    for col in (
        "fiscal_year",
        "round",
        "fiscal_year_from",
        "round_from",
        "fiscal_year_to",
        "round_to",
        "n_measures_from",
        "n_measures_to",
    ):
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    for col in ("n_measures", "period_order", "n_agencies"):
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("int64")
    for col in (
        "completion_pct",
        "on_time_pct",
        "score",
        "score_from",
        "score_to",
        "change",
        "mean_agency_score",
        "similarity",
        "x",
    ):
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    return df
