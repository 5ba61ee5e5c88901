"""The synthetic province's truth: what every invented measure really is (status, dates,
timeliness), the vocabularies it is drawn from (data/synth_*.csv), and Thai text and dates."""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from ita_metrics.datafiles import load_table

LAYOUTS = ("pdf", "check", "csv")
STATUS_WORDS = {  # consolidated sheets write the status as text
    "done": "ดำเนินการแล้ว",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "not_started": "ยังไม่ได้ดำเนินการ",
    "unknown": "",
}
TRUTH_FIELDS = [
    "file_stem",
    "seq",
    "agency",
    "district",
    "province",
    "fiscal_year",
    "round",
    "as_of",
    "tool",
    "indicator",
    "item_code",
    "item",
    "status",
    "progress_pct",
    "due",
    "due_month",
    "completed",
    "completed_month",
    "completed_precision",
    "timeliness",
    "responsible",
    "measure",
    "result",
]
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_BE = 543


# --------------------------------------------------------------------------- the truth


@dataclass
class SynthMeasure:
    """What one measure really is; writers render it, tests compare the parser's reading with it.

    ``item_code`` is the code as the report states it ("" when the report prints none), ``item``
    the item the measure answers. Deadlines are months, so ``due`` is a month end; "" means the
    report gives a recurring schedule (``schedule``) and no deadline. ``completed`` is a month end
    when the report gives only the month (``completed_precision`` "month"). ``timeliness`` is as
    of ``as_of`` (the report date) and "" when the status is unknown (nothing to judge).
    ``result`` is the narrative; each layout adds the date and percentage in its own style.
    """

    agency: str
    district: str
    province: str
    fiscal_year: int
    round: int
    seq: int
    tool: str
    indicator: int
    item_code: str
    item: str
    item_title: str
    status: str
    progress_pct: int | None
    due: str
    due_also: str
    schedule: str
    completed: str
    completed_precision: str
    timeliness: str
    as_of: str
    responsible: str
    measure: str
    steps: tuple[str, ...]
    monitoring: str
    result: str
    suggestion: str = ""


@dataclass
class SynthAgency:
    """One agency's report for one fiscal year and round, and the seed its writers render with."""

    name: str  # canonical full form, e.g. องค์การบริหารส่วนตำบลหนองบัว
    kind: str  # องค์การบริหารส่วนตำบล | เทศบาลตำบล | เทศบาลเมือง | เทศบาลนคร
    short_name: str  # อบต.หนองบัว — how officers abbreviate it
    code: str  # romanised, for file names: abt_nongbua
    district: str
    province: str
    fiscal_year: int
    round: int
    as_of: str  # report date (ISO)
    seed: int
    measures: list[SynthMeasure] = field(default_factory=list)

    @property
    def file_stem(self) -> str:
        """``abt_nongbua_2566_r6`` — the fixtures' naming: agency, fiscal year, round."""
        return f"{self.code}_{self.fiscal_year}_r{self.round}"


@dataclass
class _Traits:
    """How an agency reports: the knobs that make some agencies strong and others weak."""

    silent: bool
    p_done: float
    p_not_started: float
    late_rate: float
    month_rate: float
    nodate_rate: float
    code_rate: float
    shuffled_order: bool


# --------------------------------------------------------------------------- vocabularies


@cache
def _names(part: str) -> tuple[dict[str, str], ...]:
    return tuple(r for r in load_table("synth_names.csv") if r["part"] == part)


@cache
def _phrases(kind: str) -> tuple[str, ...]:
    return tuple(r["text"] for r in load_table("synth_phrases.csv") if r["kind"] == kind)


@cache
def indicators() -> dict[int, dict[str, str]]:
    """Indicator number → its tool, printed name and section-row wording."""
    return {int(r["indicator"]): r for r in load_table("synth_indicators.csv")}


@cache
def items_for_catalog(catalog_year: int) -> tuple[dict[str, str], ...]:
    """The ITA items of one catalog year (BE), in catalog order.

    >>> [r["title"] for r in items_for_catalog(2565) if r["code"] == "O17"]
    ['E-Service']
    """
    rows = [r for r in load_table("synth_items.csv") if int(r["first_year"]) <= catalog_year <= int(r["last_year"])]
    if not rows:
        raise ValueError(f"no ITA item catalog for {catalog_year}")
    order = {"I": 0, "E": 1, "O": 2}
    return tuple(sorted(rows, key=lambda r: (order[r["code"][0]], int(r["code"][1:]))))


@cache
def _month_names(number: int) -> tuple[str, str]:
    """Month number → (full Thai name, short form with dots)."""
    row = next(r for r in _names("month") if int(r["code"]) == number)
    return row["th"], row["short"]


# --------------------------------------------------------------------------- Thai text and dates


def thai_digits(value: object) -> str:
    """Arabic digits to Thai ones, as most reports print them.

    >>> thai_digits("พ.ศ. 2566")
    'พ.ศ. ๒๕๖๖'
    """
    return str(value).translate(_THAI_DIGITS)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fy_month(fiscal_year: int, index: int) -> tuple[int, int]:
    """Month ``index`` of a fiscal year (0 = October of the year before) → (CE year, month)."""
    ce_start = fiscal_year - _BE - 1
    month = (index + 9) % 12 + 1
    return (ce_start if month >= 10 else ce_start + 1), month


def _fy_index(fiscal_year: int, day: date) -> int:
    """Inverse of ``_fy_month``: −1 for September before the fiscal year."""
    ce_start = fiscal_year - _BE - 1
    return (day.year - ce_start) * 12 + day.month - 10


def _long_date(day: date) -> str:
    """``๓ ตุลาคม ๒๕๖๕``"""
    return thai_digits(f"{day.day} {_month_names(day.month)[0]} {day.year + _BE}")


def _long_month(day: date, thai: bool = True) -> str:
    """``ตุลาคม ๒๕๖๕`` (or with Arabic digits)."""
    text = f"{_month_names(day.month)[0]} {day.year + _BE}"
    return thai_digits(text) if thai else text


def _short_date(day: date, rng: random.Random) -> str:
    """``10 มี.ค.66`` / ``10 มี.ค. 66`` — the CSV reports' shorthand with a two-digit BE year."""
    sep = rng.choice(["", " "])
    return f"{day.day} {_month_names(day.month)[1]}{sep}{(day.year + _BE) % 100:02d}"


def _short_month(day: date, rng: random.Random) -> str:
    """``ก.พ. 66``, ``มี.ค. 2566`` or ``เม.ย.๖6`` (digits mixed, as typed)."""
    short = _month_names(day.month)[1]
    yy = f"{(day.year + _BE) % 100:02d}"
    form = rng.choice(["short", "short", "long", "mixed"])
    if form == "long":
        return f"{short} {day.year + _BE}"
    if form == "mixed":
        return f"{short}{thai_digits(yy[0])}{yy[1]}"
    return f"{short} {yy}"
