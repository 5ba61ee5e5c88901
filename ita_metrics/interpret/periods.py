"""Which fiscal years and rounds to offer, and which to pre-select, from today's date.

`today` is always a parameter: the core never reads the clock; the dashboard, the template page and
the CLI pass `clock.today()` at their edge. Reporting dates are data (`data/round_dates.csv`, the
same dates the as-of rule uses).

>>> from datetime import date
>>> fiscal_year_of(date(2026, 11, 30)), default_period(date(2026, 11, 30))
(2570, (2569, 12))
>>> offered_fiscal_years(date(2026, 11, 30))[:3]
[2570, 2569, 2568]
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ita_metrics.datafiles import load_table
from ita_metrics.thai import catalogs

BE_OFFSET = 543


def fiscal_year_of(today: date) -> int:
    """Buddhist-era fiscal year of a day: 1 October starts the next one."""
    return today.year + BE_OFFSET + (1 if today.month >= 10 else 0)


@lru_cache(maxsize=1)
def _rounds() -> dict[int, tuple[int, int]]:
    """round → (month, day) its report is due, in the calendar year the fiscal year ends in."""
    return {int(r["round"]): (int(r["month"]), int(r["day"])) for r in load_table("round_dates.csv")}


def rounds() -> list[int]:
    """The reporting rounds of a year, in order (6, 12)."""
    return sorted(_rounds())


def reporting_date(fiscal_year: int, round_: int) -> date:
    """Day a round's report is due (round 6: 30 April, round 12: 31 October after the year ends)."""
    return date(fiscal_year - BE_OFFSET, *_rounds()[round_])


def first_fiscal_year() -> int:
    """Oldest fiscal year offered: the year before the oldest catalog's (what the tool always offered)."""
    years = catalogs.published_years()
    return years[0] - 1 if years else 2563


def offered_fiscal_years(today: date) -> list[int]:
    """Fiscal years to offer, newest first: up to the current one, never a future year."""
    return list(range(fiscal_year_of(today), first_fiscal_year() - 1, -1))


def default_period(today: date) -> tuple[int, int]:
    """(fiscal year, round) of the latest round whose reporting date has passed by `today`."""
    if not rounds():
        raise ValueError("data/round_dates.csv names no round")
    fy = fiscal_year_of(today)
    while True:
        for round_ in reversed(rounds()):
            if reporting_date(fy, round_) <= today:
                return fy, round_
        fy -= 1
