"""The canonical measure model: one row per measure. Field names are a public contract."""
from __future__ import annotations

import pandas as pd

MEASURE_FIELDS: list[str] = [
    "source_file", "source_sheet", "source_row", "agency", "district", "province",
    "fiscal_year", "round", "catalog_year", "tool", "indicator", "item_codes", "issue",
    "measure", "responsible", "steps", "period_text", "result", "status", "progress_pct",
    "due_date", "completed_date", "timeliness", "flags",
]

STATUSES = ("done", "in_progress", "not_started", "unknown")
TIMELINESS = ("on_time", "late", "overdue", "not_due", "unknown")
TOOLS = ("IIT", "EIT", "OIT")

# Integer-valued fields kept as pandas nullable integers so empty stays empty (not NaN floats).
INT_FIELDS = ("source_row", "fiscal_year", "round", "catalog_year", "indicator")


def empty_measures() -> pd.DataFrame:
    """A measures table with no rows and the canonical columns and dtypes."""
    return to_frame([])


def to_frame(records: list[dict]) -> pd.DataFrame:
    """Build a measures table from dicts, filling missing fields and fixing dtypes."""
    df = pd.DataFrame.from_records(records, columns=MEASURE_FIELDS)
    for col in INT_FIELDS:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    df["progress_pct"] = pd.to_numeric(df["progress_pct"], errors="coerce").astype("Float64")
    text_cols = [c for c in MEASURE_FIELDS if c not in INT_FIELDS and c != "progress_pct"]
    for col in text_cols:
        df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
    return df


def split_flags(flags: str) -> list[str]:
    """`flags` is a `;`-joined list of short codes."""
    return [f for f in (flags or "").split(";") if f]
