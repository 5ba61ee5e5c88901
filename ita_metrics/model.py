"""The canonical measure model: one row per measure. Field names are a public contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported when a table is built: the streaming CLI never needs it
    import pandas as pd

MEASURE_FIELDS: list[str] = [
    "source_file", "source_sheet", "source_row", "agency", "district", "province",
    "fiscal_year", "round", "catalog_year", "tool", "indicator", "item_codes", "issue",
    "measure", "responsible", "steps", "period_text", "result", "status", "progress_pct",
    "due_date", "completed_date", "timeliness", "flags", "as_of",
]
# `as_of`: the date the measure was judged at (its report's "ข้อมูล ณ วันที่", ita_metrics.asof).
# The store keeps it per report (reports.as_of, where the officer may change it), not per measure.
STORED_FIELDS: list[str] = [f for f in MEASURE_FIELDS if f != "as_of"]

STATUSES = ("done", "in_progress", "not_started", "unknown")
TIMELINESS = ("on_time", "late", "overdue", "not_due", "unknown")
TOOLS = ("IIT", "EIT", "OIT")

# Integer-valued fields kept as pandas nullable integers so empty stays empty (not NaN floats).
INT_FIELDS = ("source_row", "fiscal_year", "round", "catalog_year", "indicator")


def empty_measures() -> pd.DataFrame:
    """A measures table with no rows and the canonical columns and dtypes."""
    return to_frame([])


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or type(v).__name__ in ("NAType", "NaTType")


def _int(v: object) -> int | None:
    if _missing(v) or v == "":
        return None
    try:
        return int(float(v))
    except (TypeError, ValueError, OverflowError):
        return None


def _float(v: object) -> float | None:
    if _missing(v) or v == "":
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def to_frame(records: list[dict]) -> pd.DataFrame:
    """Build a measures table from dicts, filling missing fields and fixing dtypes.

    Built column by column from plain lists: it runs once per file, so it must stay cheap.
    """
    import pandas as pd

    columns: dict[str, object] = {}
    for f in MEASURE_FIELDS:
        values = [r.get(f) for r in records]
        if f in INT_FIELDS:
            columns[f] = pd.array([_int(v) for v in values], dtype="Int64")
        elif f == "progress_pct":
            columns[f] = pd.array([_float(v) for v in values], dtype="Float64")
        else:
            columns[f] = pd.array(["" if _missing(v) else str(v) for v in values], dtype="str")
    return pd.DataFrame(columns, columns=MEASURE_FIELDS)


def split_flags(flags: str) -> list[str]:
    """`flags` is a `;`-joined list of short codes."""
    return [f for f in (flags or "").split(";") if f]
