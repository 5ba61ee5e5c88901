"""Missing values, numbers and dates coerced one way everywhere.

Why one module: a cell arrives as None, "", "nan", float NaN, pandas NA or NaT depending on the
reader, the table or the store it came through; each must mean "no value" in every table, chart and
file, never the word "nan" or "None" on screen. Pandas is not imported here (the streaming CLI
never loads it); its missing markers are recognised by type name.

>>> [is_missing(v) for v in (None, "", " ", "nan", "NaT", float("nan"), 0, "0", "ทต.")]
[True, True, True, True, True, True, False, False, False]
>>> to_int("2566.0"), to_int("x"), to_int(None), to_int(7.9)
(2566, None, None, 7)
>>> to_float("85.5"), to_float("")
(85.5, None)
>>> to_date("2023-09-30T00:00:00"), to_date("30/09/2566")
(datetime.date(2023, 9, 30), None)
>>> to_text(None), to_text(" ก "), to_text(float("nan"))
('', 'ก', '')
>>> format_number(89.46), format_number(None)
('89.5', '–')
"""

from __future__ import annotations

import math
from datetime import date, datetime

EMPTY = "–"  # shown where a number does not exist (no score, no percentage)

# What a missing value looks like once something has turned it into text.
MISSING_TEXT = frozenset({"", "nan", "NaN", "NAN", "NaT", "None", "none", "<NA>", "null", "NULL"})
_MISSING_TYPES = frozenset({"NAType", "NaTType"})


def is_missing(value: object) -> bool:
    """True for None, NaN (float or numpy), pandas NA/NaT and text that only says "nothing"."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in MISSING_TEXT
    if isinstance(value, float):
        return math.isnan(value)
    if type(value).__name__ in _MISSING_TYPES:
        return True
    try:  # numpy numbers, Decimal
        return math.isnan(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return False


def to_int(value: object) -> int | None:
    """A whole number (truncated) or None; text such as "2566.0" counts."""
    if is_missing(value) or isinstance(value, bool):
        return None
    try:
        return int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def to_float(value: object) -> float | None:
    """A finite-or-infinite float, or None when missing or not a number."""
    if is_missing(value) or isinstance(value, bool):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def to_date(value: object) -> date | None:
    """A date from a date, a datetime (pandas Timestamps are datetimes) or ISO text (its first 10
    characters); None otherwise."""
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def to_text(value: object) -> str:
    """Text with surrounding space removed; "" for a missing value; dates as ISO."""
    if is_missing(value):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def format_number(value: object, decimals: int = 1) -> str:
    """89.46 → "89.5"; missing or not a number → "–"."""
    number = to_float(value)
    return EMPTY if number is None or math.isnan(number) else f"{number:.{decimals}f}"
