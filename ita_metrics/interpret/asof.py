"""The date each report is judged at ("ข้อมูล ณ วันที่"): one rule, used by parse, screen and files.

Order (README "As-of date"): the officer's date for that report (or for all) → the date the report
states (its report or signature date) → the reporting date of its round (data/round_dates.csv:
30 April for round 6, 31 October for round 12) → for a report without a round, the round-12
reporting date of its fiscal year. Never a date after `today`, and `today` is only used when the
report gives no fiscal year at all: the core never reads the clock, callers pass `today`.

>>> reporting_date(2566, 6), reporting_date(2566, 12), reporting_date(2566, None)
(datetime.date(2023, 4, 30), datetime.date(2023, 10, 31), datetime.date(2023, 10, 31))
>>> resolve(fiscal_year=2566, round_=None, stated=None, today=date(2026, 11, 30)).source
'fiscal_year'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ita_metrics.datafiles import load_table
from ita_metrics.thai import dates
from ita_metrics.thai.thai_text import to_arabic_digits

SOURCES = ("user", "stated", "round", "fiscal_year", "today", "none")


@dataclass(frozen=True)
class AsOf:
    """A report's as-of date and where it came from (one of SOURCES)."""

    value: date | None
    source: str

    @property
    def iso(self) -> str:
        return self.value.isoformat() if self.value else ""


@lru_cache(maxsize=1)
def _round_dates() -> dict[int, tuple[int, int]]:
    return {int(r["round"]): (int(r["month"]), int(r["day"])) for r in load_table("round_dates.csv")}


@lru_cache(maxsize=1)
def _date_words(kind: str) -> tuple[str, ...]:
    """Words of data/report_date_words.csv of one kind, longest first."""
    words = (r["word"] for r in load_table("report_date_words.csv") if r["kind"] == kind)
    return tuple(sorted(words, key=len, reverse=True))


def reporting_date(fiscal_year: int | None, round_: int | None) -> date | None:
    """The reporting date of a round of a fiscal year; a report without a round uses round 12's."""
    if not fiscal_year:
        return None
    table = _round_dates()
    month, day = table.get(round_ or 12, table[12])
    return date(fiscal_year - dates.BE_OFFSET, month, day)


def stated_date(lines: list[str], fiscal_year: int | None) -> date | None:
    """The date a report states for itself: after a report-date word, or on a signature line."""
    signature_words, date_words = _date_words("signature"), _date_words("date")
    for line in lines:
        text = to_arabic_digits(line)
        for word in _date_words("stated"):
            at = text.find(word)
            if at >= 0:
                found = dates.find_dates(text[at + len(word) :], fiscal_year)
                if found and found[0].precision == "day":
                    return found[0].value
        date_at = next((text.find(w) for w in date_words if w in text), -1)
        if date_at >= 0 and any(w in text for w in signature_words):
            found = dates.find_dates(text[date_at:], fiscal_year)
            if found and found[0].precision == "day":
                return found[0].value
    return None


def resolve(
    fiscal_year: int | None,
    round_: int | None,
    stated: date | None,
    today: date | None = None,
    user: date | None = None,
) -> AsOf:
    """The as-of date of one report by the rule in the module docstring."""
    if user is not None:
        return AsOf(user, "user")
    if stated is not None:
        return AsOf(stated, "stated")
    planned = reporting_date(fiscal_year, round_)
    if planned is not None:
        source = "round" if round_ in _round_dates() else "fiscal_year"
        # A report of the current year is not judged at a date still to come.
        return AsOf(min(planned, today), "today") if today and today < planned else AsOf(planned, source)
    return AsOf(today, "today") if today else AsOf(None, "none")
