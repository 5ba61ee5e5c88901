"""Timeliness of one measure as of a date (DOMAIN.md "Timeliness").

>>> from datetime import date
>>> timeliness("done", date(2022, 10, 31), "month", date(2022, 10, 3), "day", date(2023, 4, 30))
'on_time'
"""

from __future__ import annotations

from datetime import date


def _on_or_before(a: date, a_prec: str, b: date, b_prec: str) -> bool:
    """a ≤ b, comparing months when either side is known only to the month."""
    if "month" in (a_prec, b_prec):
        return (a.year, a.month) <= (b.year, b.month)
    return a <= b


def timeliness(
    status: str, due: date | None, due_prec: str, completed: date | None, completed_prec: str, as_of: date | None
) -> str:
    """One of model.TIMELINESS; a measure not done cannot be judged without an as-of date."""
    if status == "done":
        if due is None or completed is None:
            return "unknown"
        return "on_time" if _on_or_before(completed, completed_prec, due, due_prec) else "late"
    if status in ("in_progress", "not_started"):
        if due is None or as_of is None:
            return "unknown"
        # A month-precise deadline runs to the month's end (due holds that last day).
        return "overdue" if as_of > due else "not_due"
    return "unknown"


def days_overdue(due: date | None, as_of: date | None) -> int | None:
    """Days from the deadline to the measure's own as-of date; None when not overdue."""
    return (as_of - due).days if due is not None and as_of is not None and as_of > due else None


def after_as_of(completed: date | None, completed_prec: str, as_of: date | None) -> bool:
    """A completion the report dates after its as-of date: a claim about the future, not counted
    as done at that date (a month-only completion in the as-of month is not after it)."""
    if completed is None or as_of is None:
        return False
    return not _on_or_before(completed, completed_prec, as_of, "day")
