"""Scores: each measure by completion and timeliness, then any grouping of measures.

Every figure an officer sees must be recomputable by hand from the measures table, so the rules
are few and written down in docs/scoring.md (Thai and English) with a worked example that the
tests check.

>>> from ita_metrics.model import to_frame
>>> m = to_frame([{"agency": "ก", "status": "done", "timeliness": "on_time"},
...               {"agency": "ก", "status": "in_progress", "timeliness": "not_due"}])
>>> row = score_groups(m).iloc[0]
>>> float(row.completion_pct), float(row.on_time_pct), float(row.score), row.grade
(75.0, 100.0, 82.5, 'B')
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from ita_metrics.coerce import is_missing, to_int
from ita_metrics.datafiles import load_table
from ita_metrics.thai.responsible import split_units
from ita_metrics.words import both, text

DEFAULT_WEIGHTS: tuple[float, float] = (0.7, 0.3)

BY_CHOICES: tuple[str, ...] = ("agency", "district", "province", "tool", "indicator", "responsible", "round")

GROUP_COLUMNS: list[str] = [
    "group",
    "n_measures",
    "n_done",
    "n_in_progress",
    "n_not_started",
    "n_unknown",
    "n_on_time",
    "n_late",
    "n_overdue",
    "n_not_due",
    "n_timeliness_unknown",
    "completion_pct",
    "on_time_pct",
    "score",
    "grade",
    "rank",
]


# A group whose key is empty (no district, no tool found ...) is shown under this label.
def unspecified() -> str:
    """The group label (group.unspecified in data/ui_text.csv), read when used, not at import."""
    return text("group.unspecified")


COMPLETION_BY_STATUS = {"done": 1.0, "in_progress": 0.5, "not_started": 0.0, "unknown": 0.0}
TIMELINESS_SCORES = {"on_time": 1.0, "late": 0.5, "overdue": 0.0}  # not_due, unknown: left out

# Scores are compared after rounding away float noise: 0.7 × 95 + 0.3 × 95 must grade AA and
# two groups with the same figures must share a rank.
_COMPARE_DECIMALS = 9


# ---------------------------------------------------------------- per measure
def completion_score(status: str, progress_pct: float | None = None) -> float:
    """done 1; in_progress its stated percentage (else ½); not_started and unknown 0."""
    if status == "in_progress" and progress_pct is not None and not is_missing(progress_pct):
        return min(max(float(progress_pct) / 100.0, 0.0), 1.0)
    return COMPLETION_BY_STATUS.get(status, 0.0)


def timeliness_score(timeliness: str) -> float:
    """on_time 1, late ½, overdue 0; not_due and unknown are not measurable (NaN)."""
    return TIMELINESS_SCORES.get(timeliness, math.nan)


def add_measure_scores(measures: pd.DataFrame) -> pd.DataFrame:
    """A copy of the measures with `completion_score` and `timeliness_score` columns (float)."""
    out = measures.copy()
    progress = pd.to_numeric(out["progress_pct"], errors="coerce").astype("float64")
    out["completion_score"] = [
        completion_score(s, None if is_missing(p) else p) for s, p in zip(out["status"], progress)
    ]
    out["completion_score"] = out["completion_score"].astype("float64")
    out["timeliness_score"] = out["timeliness"].map(timeliness_score).astype("float64")
    return out


# ---------------------------------------------------------------- grades and weights
@lru_cache(maxsize=1)
def _grade_bands() -> tuple[tuple[float, str], ...]:
    """(min_score, grade), highest band first, from data/grades.csv."""
    bands = [(float(r["min_score"]), r["grade"].strip()) for r in load_table("grades.csv")]
    return tuple(sorted(bands, reverse=True))


def grade_for(score: float | None) -> str:
    """ITA grade band of a 0–100 score (AA ≥ 95 … F < 50); "" when there is no score."""
    if score is None or is_missing(score):
        return ""
    value = round(float(score), _COMPARE_DECIMALS)
    for minimum, grade in _grade_bands():
        if value >= minimum:
            return grade
    return _grade_bands()[-1][1]


def check_weights(weights: Sequence[float | str]) -> tuple[float, float]:
    """Two non-negative numbers adding up to 1, else ValueError (message Thai / English)."""
    try:
        w = tuple(float(x) for x in weights)
    except (TypeError, ValueError):
        raise ValueError(both("cli.bad_weights")) from None
    if len(w) != 2 or any(is_missing(x) or x < 0 for x in w) or abs(sum(w) - 1.0) > 1e-6:
        raise ValueError(both("cli.bad_weights"))
    return w[0], w[1]


def parse_weights(text: str) -> tuple[float, float]:
    """ "0.7,0.3" → (0.7, 0.3); ValueError with a Thai / English message otherwise."""
    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) != 2 or not all(parts):
        raise ValueError(both("cli.bad_weights"))
    return check_weights(parts)


def combine_score(completion_pct: float, on_time_pct: float, weights: Sequence[float] = DEFAULT_WEIGHTS) -> float:
    """w1 × completion + w2 × timeliness; completion alone when timeliness is not measurable."""
    w1, w2 = check_weights(weights)
    if is_missing(completion_pct):
        return math.nan
    if is_missing(on_time_pct):
        return float(completion_pct)
    return w1 * completion_pct + w2 * on_time_pct


# ---------------------------------------------------------------- per group
def group_labels(measures: pd.DataFrame, by: str) -> pd.Series:
    """The group label of each measure (a list per measure when by="responsible")."""
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {', '.join(BY_CHOICES)}: {by!r}")
    if by == "responsible":
        return measures["responsible"].map(lambda t: split_units(t) or [unspecified()])
    if by == "round":
        return pd.Series(
            [_round_label(fy, rd) for fy, rd in zip(measures["fiscal_year"], measures["round"])],
            index=measures.index,
            dtype=object,
        )
    if by == "indicator":
        return measures["indicator"].map(lambda v: unspecified() if _isna(v) else str(int(v)))
    return measures[by].map(lambda v: unspecified() if _isna(v) or not str(v).strip() else str(v).strip())


def _round_label(fiscal_year: object, round_: object) -> str:
    """ "2566/6"; the year alone when the round is not known."""
    if _isna(fiscal_year):
        return unspecified() if _isna(round_) else f"?/{to_int(round_)}"
    return str(to_int(fiscal_year)) if _isna(round_) else f"{to_int(fiscal_year)}/{to_int(round_)}"


def score_groups(
    measures: pd.DataFrame, by: str = "agency", weights: Sequence[float] = DEFAULT_WEIGHTS
) -> pd.DataFrame:
    """One row per group with counts, completion_pct, on_time_pct, score, grade and rank.

    Full precision is kept; round only for display (`for_display`). Sorted by rank, then group.
    """
    w = check_weights(weights)
    scored = add_measure_scores(measures)
    scored["group"] = group_labels(scored, by)
    if by == "responsible":
        scored = scored.explode("group")
    if scored.empty:
        return _empty_groups()
    return _ranked(_group_table(scored, w))


_STATUS_COUNTS = {"n_done": "done", "n_in_progress": "in_progress", "n_not_started": "not_started"}
_TIMELY_COUNTS = {"n_on_time": "on_time", "n_late": "late", "n_overdue": "overdue", "n_not_due": "not_due"}


def _group_table(scored: pd.DataFrame, weights: tuple[float, float]) -> pd.DataFrame:
    """All groups at once: indicator columns summed per group (one groupby, not one per group)."""
    status, timely = scored["status"].astype(str), scored["timeliness"].astype(str)
    parts = {"n_measures": pd.Series(1, index=scored.index, dtype="int64")}
    parts.update({k: (status == v).astype("int64") for k, v in _STATUS_COUNTS.items()})
    parts["n_unknown"] = (~status.isin(list(_STATUS_COUNTS.values()))).astype("int64")
    parts.update({k: (timely == v).astype("int64") for k, v in _TIMELY_COUNTS.items()})
    parts["n_timeliness_unknown"] = (~timely.isin(list(_TIMELY_COUNTS.values()))).astype("int64")
    frame = pd.DataFrame(parts)
    frame["group"] = scored["group"].astype(str)
    frame["completion_score"] = scored["completion_score"].astype("float64")
    frame["timeliness_score"] = scored["timeliness_score"].astype("float64")
    grouped = frame.groupby("group", sort=True)
    table = grouped[list(parts)].sum()
    table["completion_pct"] = grouped["completion_score"].mean() * 100.0
    table["on_time_pct"] = grouped["timeliness_score"].mean() * 100.0  # NaN skipped: measurable only
    table = table.reset_index()
    table["score"] = [combine_score(c, o, weights) for c, o in zip(table["completion_pct"], table["on_time_pct"])]
    table["grade"] = [grade_for(x) for x in table["score"]]
    return table[GROUP_COLUMNS[:-1]]


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Rank 1 = best score; equal scores share the best rank of the tie ("min")."""
    table["rank"] = table["score"].round(_COMPARE_DECIMALS).rank(method="min", ascending=False).astype("int64")
    table = table.sort_values(
        ["rank", "group"], kind="stable", key=lambda col: col if col.name == "rank" else col.map(_natural)
    )
    table = table.reset_index(drop=True)
    return table.astype({"completion_pct": "float64", "on_time_pct": "float64", "score": "float64"})[GROUP_COLUMNS]


def _empty_groups() -> pd.DataFrame:
    table = pd.DataFrame({c: pd.Series(dtype="int64") for c in GROUP_COLUMNS})
    for c in ("completion_pct", "on_time_pct", "score"):
        table[c] = table[c].astype("float64")
    table["group"] = table["group"].astype("str")
    table["grade"] = table["grade"].astype("str")
    return table


def agency_table(measures: pd.DataFrame, weights: Sequence[float] = DEFAULT_WEIGHTS) -> pd.DataFrame:
    """The agency scores with each agency's district and province next to its name.

    The district shown is the one most of the agency's measures carry ("" when none does).
    """
    table = score_groups(measures, by="agency", weights=weights)
    labels = group_labels(measures, "agency")
    place = {}
    for col in ("district", "province"):
        values = measures[col].where(measures[col].astype(str).str.strip() != "")
        frame = pd.DataFrame({"group": labels, col: values}).dropna()
        place[col] = frame.groupby("group")[col].agg(lambda s: s.value_counts().sort_index(kind="stable").idxmax())
    table.insert(1, "district", table["group"].map(place["district"]).fillna("").astype(str))
    table.insert(2, "province", table["group"].map(place["province"]).fillna("").astype(str))
    return table


def overall(measures: pd.DataFrame, weights: Sequence[float] = DEFAULT_WEIGHTS) -> dict:
    """Province-wide headline over all measures pooled (the same formula as one group).

    pct_done is the share of measures done; pct_on_time is on_time_pct of all measures.
    """
    w = check_weights(weights)
    scored = add_measure_scores(measures)
    n = len(scored)
    agencies = scored["agency"].astype(str).str.strip()
    measurable = scored["timeliness_score"].dropna()
    completion_pct = float(scored["completion_score"].mean()) * 100.0 if n else math.nan
    pct_on_time = float(measurable.mean()) * 100.0 if len(measurable) else math.nan
    score = combine_score(completion_pct, pct_on_time, w)
    return {
        "n_agencies": int(agencies[agencies != ""].nunique()),
        "n_measures": n,
        "pct_done": float((scored["status"] == "done").mean()) * 100.0 if n else math.nan,
        "completion_pct": completion_pct,
        "pct_on_time": pct_on_time,
        "n_overdue": int((scored["timeliness"] == "overdue").sum()),
        "score": score,
        "grade": grade_for(score),
    }


def for_display(table: pd.DataFrame, decimals: int = 1) -> pd.DataFrame:
    """Percentages and scores rounded for people; the computation keeps full precision."""
    out = table.copy()
    for col in ("completion_pct", "on_time_pct", "score"):
        if col in out:
            out[col] = out[col].round(decimals)
    return out


# ---------------------------------------------------------------- helpers
def _natural(label: str) -> str:
    """Sort key that puts indicator 2 before 10 and round 2566/6 before 2566/12."""
    return re.sub(r"\d+", lambda m: m.group().zfill(12), str(label))


def _isna(x: object) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))
