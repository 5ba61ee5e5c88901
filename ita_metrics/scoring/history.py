"""Scores over time: round 6 → round 12, year → year, the province's trend, agencies that went
backwards, and the same measures followed from one round to the next.

Pure pandas on a measures table (`Store.measures()` or `dedupe.combine(...).measures`); every
score comes from `scoring.score_groups`, one call per (fiscal year, round), grouped by agency, so
a figure here is the figure the score page shows for that round. Measures without a fiscal year
cannot be placed in time and are left out. Every function returns a tidy frame; `slope()` turns
a changes frame into the two-points-per-line frame a slope chart draws directly.

>>> from ita_metrics.model import to_frame
>>> m = to_frame([
...     {"agency": "ก", "fiscal_year": 2566, "round": 6, "status": "in_progress", "timeliness": "not_due"},
...     {"agency": "ก", "fiscal_year": 2566, "round": 12, "status": "done", "timeliness": "on_time"}])
>>> row = round_changes(m).iloc[0]
>>> float(row.score_from), float(row.score_to), float(row.change), row.direction
(50.0, 100.0, 50.0, 'up')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pandas as pd

from ita_metrics.coerce import is_missing, to_int
from ita_metrics.scoring import scoring
from ita_metrics.scoring.measure_match import MATCH_COLUMNS, match_measures
from ita_metrics.scoring.periods_frame import period_label, placed, typed

_DECIMALS = 9  # scores are compared after rounding away float noise (as scoring does)
AGENCY_SCORE_COLUMNS = [
    "agency",
    "district",
    "province",
    "fiscal_year",
    "round",
    "period",
    "period_order",
    "n_measures",
    "completion_pct",
    "on_time_pct",
    "score",
    "grade",
]
CHANGE_COLUMNS = [
    "agency",
    "district",
    "province",
    "comparison",
    "period_from",
    "period_to",
    "fiscal_year_from",
    "round_from",
    "fiscal_year_to",
    "round_to",
    "score_from",
    "score_to",
    "grade_from",
    "grade_to",
    "n_measures_from",
    "n_measures_to",
    "change",
    "direction",
]
SLOPE_COLUMNS = [
    "agency",
    "district",
    "province",
    "comparison",
    "pair",
    "stage",
    "x",
    "period",
    "score",
    "grade",
    "change",
    "direction",
]
PROVINCE_COLUMNS = [
    "province",
    "fiscal_year",
    "round",
    "period",
    "period_order",
    "n_agencies",
    "n_measures",
    "score",
    "grade",
    "mean_agency_score",
    "change",
]


# ---------------------------------------------------------------- everything at once
@dataclass
class History:
    """Every history frame of one measures table, each computed once (see `overview`)."""

    agency_scores: pd.DataFrame  # AGENCY_SCORE_COLUMNS
    round_changes: pd.DataFrame  # CHANGE_COLUMNS, round 6 → round 12
    year_changes: pd.DataFrame  # CHANGE_COLUMNS, year → year
    backwards: pd.DataFrame  # CHANGE_COLUMNS, the falls, largest first
    province_trend: pd.DataFrame  # PROVINCE_COLUMNS
    matched: pd.DataFrame  # MATCH_COLUMNS (empty when not asked for)

    @property
    def round_slope(self) -> pd.DataFrame:
        return slope(self.round_changes)

    @property
    def year_slope(self) -> pd.DataFrame:
        return slope(self.year_changes)


def overview(measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS, match: bool = True) -> History:
    """All history frames for a page, scoring each (agency, year, round) once.

    Cache it on plain inputs (e.g. `st.cache_data` over the store's measures); `match=False`
    skips following measures across rounds, the slowest part.
    """
    scores = agency_scores(measures, weights)
    rounds, years = _round_changes(scores), _year_changes(scores)
    return History(
        scores,
        rounds,
        years,
        _backwards(rounds, years),
        _province_trend(measures, scores, weights),
        match_measures(measures) if match else typed(pd.DataFrame(columns=MATCH_COLUMNS)),
    )


# ---------------------------------------------------------------- scores per agency and period
def agency_scores(measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS) -> pd.DataFrame:
    """One row per (agency, fiscal year, round): `scoring.score_groups(by="agency")` of that round.

    District and province are those most of the agency's measures carry in that round.
    """
    m = placed(measures)
    parts = []
    for (fy, rd), part in m.groupby(["_fy", "_round"], sort=True):
        table = scoring.score_groups(part, by="agency", weights=weights)
        labels = scoring.group_labels(part, "agency")
        for col in ("district", "province"):
            values = part[col].astype(str).str.strip()
            frame = pd.DataFrame({"group": labels, col: values})[values != ""]
            place = frame.groupby("group")[col].agg(lambda s: s.value_counts().sort_index(kind="stable").idxmax())
            table[col] = [str(place.get(g, "")) for g in table["group"]]
        table["fiscal_year"] = fy
        table["round"] = rd if rd else pd.NA
        table["period"] = period_label(fy, rd or None)
        table["period_order"] = fy * 100 + rd
        parts.append(table.rename(columns={"group": "agency"}))
    if not parts:
        return typed(pd.DataFrame(columns=AGENCY_SCORE_COLUMNS))
    out = pd.concat(parts, ignore_index=True)[AGENCY_SCORE_COLUMNS]
    return typed(out.sort_values(["agency", "period_order"], kind="stable").reset_index(drop=True))


# ---------------------------------------------------------------- changes
def _direction(before: float, after: float, tolerance: float = 0.0) -> str:
    if is_missing(before) or is_missing(after):
        return "missing"
    change = round(after - before, _DECIMALS)
    if change > tolerance:
        return "up"
    if change < -tolerance:
        return "down"
    return "same"


def _change_rows(pairs: list[tuple[str, pd.Series | None, pd.Series | None]], comparison: str) -> pd.DataFrame:
    rows = []
    for agency, a, b in pairs:

        def get(s: pd.Series | None, col: str) -> Any:
            return s[col] if s is not None else None

        place: Any = b if b is not None else a
        score_from = float(get(a, "score")) if a is not None else math.nan
        score_to = float(get(b, "score")) if b is not None else math.nan
        rows.append(
            {
                "agency": agency,
                "district": place["district"],
                "province": place["province"],
                "comparison": comparison,
                "period_from": get(a, "period") or "",
                "period_to": get(b, "period") or "",
                "fiscal_year_from": get(a, "fiscal_year"),
                "round_from": get(a, "round"),
                "fiscal_year_to": get(b, "fiscal_year"),
                "round_to": get(b, "round"),
                "score_from": score_from,
                "score_to": score_to,
                "grade_from": get(a, "grade") or "",
                "grade_to": get(b, "grade") or "",
                "n_measures_from": get(a, "n_measures"),
                "n_measures_to": get(b, "n_measures"),
                "change": score_to - score_from,
                "direction": _direction(score_from, score_to),
            }
        )
    return typed(pd.DataFrame(rows, columns=CHANGE_COLUMNS))


def round_changes(
    measures: pd.DataFrame, from_round: int = 6, to_round: int = 12, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS
) -> pd.DataFrame:
    """Per agency and fiscal year: the score of round `from_round` against round `to_round`.

    CHANGE_COLUMNS; change = score_to − score_from; direction up / down / same, or "missing"
    when the agency reported only one of the two rounds that year (its change is NaN).
    """
    return _round_changes(agency_scores(measures, weights), from_round, to_round)


def _round_changes(scores: pd.DataFrame, from_round: int = 6, to_round: int = 12) -> pd.DataFrame:
    pairs = []
    for (agency, _), part in scores.groupby(["agency", "fiscal_year"], sort=True):
        by_round = {to_int(row["round"]): row for _, row in part.iterrows()}
        a, b = by_round.get(from_round), by_round.get(to_round)
        if a is not None or b is not None:
            pairs.append((agency, a, b))
    return _change_rows(pairs, "round")


def year_changes(
    measures: pd.DataFrame, round_: int | None = None, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS
) -> pd.DataFrame:
    """Per agency, each fiscal year against the previous one present in the data.

    A year's score is that of round `round_`, or by default of the latest round the agency
    reported that year (12, else 6, else a report without a round); `round_from` / `round_to`
    say which. An agency missing in one of the two years has direction "missing".
    """
    return _year_changes(agency_scores(measures, weights), round_)


def _year_changes(scores: pd.DataFrame, round_: int | None = None) -> pd.DataFrame:
    if round_ is not None:
        scores = scores[scores["round"] == round_]
    latest = (
        scores.sort_values(["agency", "fiscal_year", "period_order"], kind="stable")
        .groupby(["agency", "fiscal_year"], sort=True)
        .tail(1)
    )
    by_key = {(row["agency"], int(row["fiscal_year"])): row for _, row in latest.iterrows()}
    years = sorted({fy for _, fy in by_key})
    pairs = []
    for y1, y2 in pairwise(years):
        for agency in sorted({a for a, fy in by_key if fy in (y1, y2)}):
            pairs.append((agency, by_key.get((agency, y1)), by_key.get((agency, y2))))
    return _change_rows(pairs, "year")


def went_backwards(
    measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS, tolerance: float = 0.0
) -> pd.DataFrame:
    """Agencies whose score fell by more than `tolerance` points, round to round or year to year.

    CHANGE_COLUMNS, the largest fall first.
    """
    scores = agency_scores(measures, weights)
    return _backwards(_round_changes(scores), _year_changes(scores), tolerance)


def _backwards(rounds: pd.DataFrame, years: pd.DataFrame, tolerance: float = 0.0) -> pd.DataFrame:
    both = pd.concat([rounds, years], ignore_index=True)
    down = both[(both["direction"] == "down") & (both["change"] < -tolerance)]
    return typed(down.sort_values(["change", "agency"], kind="stable").reset_index(drop=True))


def slope(changes: pd.DataFrame) -> pd.DataFrame:
    """Two rows per line (stage "from" at x=0, "to" at x=1) for a slope chart, from a changes
    frame; lines with a missing end are left out. `pair` ("2566/6 → 2566/12") tells lines of
    different comparisons apart (facet or filter on it)."""
    rows = []
    for _, r in changes[changes["direction"] != "missing"].iterrows():
        pair = f"{r['period_from']} → {r['period_to']}"
        for stage, x, period, score, grade in (
            ("from", 0.0, r["period_from"], r["score_from"], r["grade_from"]),
            ("to", 1.0, r["period_to"], r["score_to"], r["grade_to"]),
        ):
            rows.append(
                {
                    "agency": r["agency"],
                    "district": r["district"],
                    "province": r["province"],
                    "comparison": r["comparison"],
                    "pair": pair,
                    "stage": stage,
                    "x": x,
                    "period": period,
                    "score": score,
                    "grade": grade,
                    "change": r["change"],
                    "direction": r["direction"],
                }
            )
    return typed(pd.DataFrame(rows, columns=SLOPE_COLUMNS))


# ---------------------------------------------------------------- province trend
def province_trend(measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS) -> pd.DataFrame:
    """Per province and period: the pooled score of all its measures (`score_groups(by="province")`),
    the mean of its agencies' scores, and the change of the pooled score since the previous period."""
    return _province_trend(measures, agency_scores(measures, weights), weights)


def _province_trend(measures: pd.DataFrame, agencies: pd.DataFrame, weights: Sequence[float]) -> pd.DataFrame:
    m = placed(measures)
    rows = []
    for (fy, rd), part in m.groupby(["_fy", "_round"], sort=True):
        table = scoring.score_groups(part, by="province", weights=weights)
        mine = agencies[agencies["period_order"] == fy * 100 + rd]
        for _, g in table.iterrows():
            prov = g["group"]
            in_prov = mine[mine["province"].replace("", scoring.unspecified()) == prov]
            rows.append(
                {
                    "province": prov,
                    "fiscal_year": fy,
                    "round": rd or None,
                    "period": period_label(fy, rd or None),
                    "period_order": fy * 100 + rd,
                    "n_agencies": len(in_prov),
                    "n_measures": g["n_measures"],
                    "score": g["score"],
                    "grade": g["grade"],
                    "mean_agency_score": in_prov["score"].mean() if len(in_prov) else math.nan,
                }
            )
    out = pd.DataFrame(rows, columns=PROVINCE_COLUMNS[:-1])
    out = out.sort_values(["province", "period_order"], kind="stable").reset_index(drop=True)
    out["change"] = out.groupby("province")["score"].diff() if len(out) else pd.Series(dtype="float64")
    return typed(out[PROVINCE_COLUMNS])
