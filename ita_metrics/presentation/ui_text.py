"""Every string the dashboard shows, Thai first, from `data/ui_text.csv` (looked up by
`ita_metrics.words`, re-exported here); plus the few formatting rules (percent, Thai dates) that
tables, charts and exports must share.

Why a data file: a Thai-speaking maintainer fixes wording without touching code, and a test checks
that every key the pages use exists in both languages.

>>> text("status.done")
'ดำเนินการแล้ว'
>>> text("status.done", "en")
'Done'
>>> format_date("2023-09-30", month_only=True)
'ก.ย. 2566'
>>> format_pct(85.0)
'85.0%'
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from ita_metrics.coerce import EMPTY, is_missing
from ita_metrics.datafiles import load_table
from ita_metrics.thai.dates import BE_OFFSET
from ita_metrics.words import both as both
from ita_metrics.words import has as has
from ita_metrics.words import help_text as help_text
from ita_metrics.words import keys as keys
from ita_metrics.words import text
from ita_metrics.words import when_text as when_text

LANGS: tuple[str, ...] = ("th", "en")


GROUP_KEYS = ("group.unspecified", "units.all", "units.other")  # the groups the app names itself


def group_label(value: object, lang: str = "th") -> str:
    """A group the app names itself ("(ไม่ระบุ)", "ทุกกอง/สำนัก", "อื่น ๆ / ไม่ระบุ": keys
    GROUP_KEYS of data/ui_text.csv) in the officer's language; any other group as written."""
    name = "" if is_missing(value) else str(value)
    key = next((k for k in GROUP_KEYS if text(k) == name), None)
    return text(key, lang) if key else name


def status_label(code: str, lang: str = "th") -> str:
    return text(f"status.{code or 'unknown'}", lang)


def timeliness_label(code: str, lang: str = "th") -> str:
    return text(f"timeliness.{code or 'unknown'}", lang)


# ---------------------------------------------------------------- formatting
def format_pct(x: object, decimals: int = 1) -> str:
    """85.0 → "85.0%"; missing → "–"."""
    return EMPTY if is_missing(x) else f"{float(x):.{decimals}f}%"  # type: ignore[arg-type]


def format_score(x: object, grade: str = "") -> str:
    """89.5, "A" → "89.5 (A)"; missing → "–"."""
    if is_missing(x):
        return EMPTY
    return f"{float(x):.1f}" + (f" ({grade})" if grade else "")  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _months() -> dict[int, dict[str, str]]:
    return {int(r["month"]): r for r in load_table("thai_months.csv")}


def month_name(month: int, short: bool = False) -> str:
    """9 → "กันยายน" ("ก.ย." when short), from data/thai_months.csv."""
    return _months()[month]["short" if short else "full"]


_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(day: date, lang: str = "th", short_year: bool = False) -> str:
    """date(2023, 9, 1) → "ก.ย. 2566" (Thai officers count years in BE) or "Sep 2023"."""
    if lang == "en":
        return f"{_EN_MONTHS[day.month - 1]} {day.year}"
    year = day.year + BE_OFFSET
    return f"{month_name(day.month, short=True)} {str(year)[-2:] if short_year else year}"


def format_date(iso: object, lang: str = "th", month_only: bool = False) -> str:
    """ISO date → "30 ก.ย. 2566" ("ก.ย. 2566" when only the month is known); "" when empty."""
    if is_missing(iso) or not str(iso).strip():
        return ""
    try:
        day = date.fromisoformat(str(iso).strip()[:10])
    except ValueError:
        return str(iso)
    if month_only:
        return month_label(day, lang)
    if lang == "en":
        return day.isoformat()
    return f"{day.day} {month_label(day, lang)}"


BANGKOK = ZoneInfo("Asia/Bangkok")


def format_datetime(iso: object, lang: str = "th") -> str:
    """A stored timestamp (ISO, any zone) in Bangkok time: "30 พ.ย. 2569 23:05 น." (Buddhist era)
    or "30 Nov 2026 23:05 (Bangkok)"; a timestamp without a zone is taken as UTC; "" when empty."""
    if is_missing(iso) or not str(iso).strip():
        return ""
    try:
        moment = datetime.fromisoformat(str(iso).strip())
    except ValueError:
        return str(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(BANGKOK)
    clock = f"{local:%H:%M}"
    if lang == "en":
        return f"{local.day} {month_label(local.date(), 'en')} {clock} (Bangkok)"
    return f"{local.day} {month_label(local.date(), 'th')} {text('time.clock', clock=clock)}"
