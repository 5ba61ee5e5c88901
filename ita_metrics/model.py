"""The canonical measure model: one row per measure. Field names are a public contract."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from ita_metrics.coerce import is_missing, to_float, to_int

if TYPE_CHECKING:  # pandas is imported when a table is built: the streaming CLI never needs it
    import pandas as pd

MEASURE_FIELDS: list[str] = [
    "source_file",
    "source_sheet",
    "source_row",
    "agency",
    "district",
    "province",
    "fiscal_year",
    "round",
    "catalog_year",
    "tool",
    "indicator",
    "item_codes",
    "issue",
    "measure",
    "responsible",
    "steps",
    "period_text",
    "result",
    "status",
    "progress_pct",
    "due_date",
    "completed_date",
    "timeliness",
    "flags",
    "reported_completed_date",
    "as_of",
]
# `reported_completed_date`: the completion date the report gives for a measure it calls done when
# that date is after the report's as-of date (flag future_completion: not counted as done then);
# kept so that a later as-of date (corrections.as_of) counts the measure done again.
# `as_of`: the date the measure was judged at (its report's "ข้อมูล ณ วันที่", ita_metrics.interpret.asof).
# The store keeps it per report (reports.as_of, where the officer may change it), not per measure.
STORED_FIELDS: list[str] = [f for f in MEASURE_FIELDS if f != "as_of"]


class Status(StrEnum):
    """How far a measure has got (the `status` field)."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    UNKNOWN = "unknown"


class Timeliness(StrEnum):
    """A measure against its deadline as of the report's date (the `timeliness` field)."""

    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"
    UNKNOWN = "unknown"


class Grade(StrEnum):
    """ITA grade bands, best first (the bands' scores are in data/grades.csv)."""

    AA = "AA"
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class Tool(StrEnum):
    """The three ITA assessment tools (the `tool` field)."""

    IIT = "IIT"
    EIT = "EIT"
    OIT = "OIT"


# The values as plain strings, in display order: what tables hold and what tests compare with.
STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
TIMELINESS: tuple[str, ...] = tuple(t.value for t in Timeliness)
GRADES: tuple[str, ...] = tuple(g.value for g in Grade)
TOOLS: tuple[str, ...] = tuple(t.value for t in Tool)

# Integer-valued fields kept as pandas nullable integers so empty stays empty (not NaN floats).
INT_FIELDS = ("source_row", "fiscal_year", "round", "catalog_year", "indicator")


def empty_measures() -> pd.DataFrame:
    """A measures table with no rows and the canonical columns and dtypes."""
    return to_frame([])


def to_frame(records: list[dict]) -> pd.DataFrame:
    """Build a measures table from dicts, filling missing fields and fixing dtypes.

    Built column by column from plain lists: it runs once per file, so it must stay cheap.
    """
    import pandas as pd

    columns: dict[str, object] = {}
    for f in MEASURE_FIELDS:
        values = [r.get(f) for r in records]
        if f in INT_FIELDS:
            columns[f] = pd.array([to_int(v) for v in values], dtype="Int64")
        elif f == "progress_pct":
            columns[f] = pd.array([to_float(v) for v in values], dtype="Float64")
        else:
            columns[f] = pd.array(["" if is_missing(v) else str(v) for v in values], dtype="str")
    return pd.DataFrame(columns, columns=MEASURE_FIELDS)


def split_flags(flags: str) -> list[str]:
    """`flags` is a `;`-joined list of short codes."""
    return [f for f in (flags or "").split(";") if f]
