"""Thai dates in report text: Buddhist-era years, Thai month names, ranges, deadlines.

>>> [h.iso for h in find_dates("ดำเนินการแล้วในวันที่ ๒๔ เมษายน ๒๕๖๖")]
['2023-04-24']
>>> deadline("ภายในเดือน ตุลาคม", fiscal_year=2566).iso   # month only: last day, FY inference
'2022-10-31'
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache

from ita_metrics.datafiles import load_table
from ita_metrics.thai.thai_text import squash, to_arabic_digits

_TOKEN_NOISE = re.compile(r"[\s.]")
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2})\s*(?:เดือน\s*)?$")

BE_OFFSET = 543


@dataclass(frozen=True)
class DateHit:
    """A date found in text. Month precision stores the month's last day."""

    value: date
    precision: str  # "day" | "month"
    start: int = 0  # span in the digit-normalised text
    end: int = 0
    explicit_year: bool = True  # False when the year was inferred from the fiscal year
    impossible: bool = False  # a day the month does not have ("31 ก.พ."): only the month is kept

    @property
    def iso(self) -> str:
        return self.value.isoformat()

    @property
    def month_key(self) -> tuple[int, int]:
        return (self.value.year, self.value.month)


def _month_pattern(short: str) -> str:
    """ม.ค. -> ม\\s*\\.?\\s*ค\\s*\\.? : dots optional, spaces allowed around them (ต . ค .)."""
    letters = [ch for ch in short if ch != "."]
    body = r"\s*\.?\s*".join(re.escape(ch) for ch in letters)
    return body + r"\s*\.?"


@lru_cache(maxsize=1)
def _months() -> tuple[re.Pattern[str], dict[str, int]]:
    rows = load_table("thai_months.csv")
    by_key: dict[str, int] = {}
    alts = []
    for row in rows:
        n = int(row["month"])
        by_key[row["full"]] = n
        by_key[row["short"].replace(".", "")] = n
        alts.append((row["full"], re.escape(row["full"])))
        # A short form must not be the tail or head of a longer Thai word ("พย" in พยายาม).
        alts.append((row["short"], r"(?<![ก-ฮ])" + _month_pattern(row["short"]) + r"(?![ก-ฮะ-ู็-์])"))
    # Longest first, so มีนาคม wins over มี.ค. and full names over their prefixes.
    alts.sort(key=lambda a: -len(a[0]))
    pattern = "|".join(a[1] for a in alts)
    return re.compile(pattern), by_key


def month_number(token: str) -> int | None:
    _, by_key = _months()
    key = _TOKEN_NOISE.sub("", token)
    return by_key.get(key)


_YEAR = r"(?:(?:พ\s*\.?\s*ศ\s*\.?|ค\s*\.?\s*ศ\s*\.?)\s*)?(\d{4}|\d{2})(?!\d)"
_SEP = r"\s*(?:-|–|—|ถึง|จนถึง|ถึงเดือน|ถึงวันที่)\s*"


def _year_to_ce(raw: str, marker: str = "") -> int | None:
    y = int(raw)
    if len(raw) == 2:
        y += 2500  # two-digit years are Buddhist era 25xx
    if "ค" in marker and y < 2400:
        return y
    if 2400 <= y <= 2700:
        return y - BE_OFFSET
    if 1900 <= y <= 2200:
        return y
    return None


def fiscal_month_year(month: int, fiscal_year: int | None) -> int | None:
    """CE year of a month named without a year: Oct–Dec belong to FY−1, Jan–Sep to FY (BE)."""
    if fiscal_year is None:
        return None
    be = fiscal_year - 1 if month >= 10 else fiscal_year
    return be - BE_OFFSET


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _make(year: int | None, month: int, day: int | None) -> tuple[date, str, bool] | None:
    """(date, precision, impossible): a day the month lacks (31 ก.พ.) keeps only the month."""
    if year is None or not (1 <= month <= 12) or not (1900 <= year <= 2200):
        return None
    if day is None:
        return _last_day(year, month), "month", False
    try:
        return date(year, month, day), "day", False
    except ValueError:
        return _last_day(year, month), "month", True


def normalise(text: str) -> str:
    """Arabic digits; a stray repeated syllable after a month (ตุลาคม คม ๒๕๖๕) is harmless below."""
    return to_arabic_digits(text or "")


def find_dates(text: str, fiscal_year: int | None = None) -> list[DateHit]:
    """Every date in the text, in order. Ranges give both ends; months without a year use the FY."""
    return list(_find_dates(text or "", fiscal_year))


@lru_cache(maxsize=16384)
def _find_dates(text: str, fiscal_year: int | None) -> tuple[DateHit, ...]:
    """find_dates, memoised: a cell's dates are read for the deadline, then checked against the
    fiscal year (interpret._check_range); DateHit is frozen, so sharing the hits is safe."""
    s = normalise(text)
    month_re, _ = _months()
    hits: list[DateHit] = []
    # Numeric d/m/y (25/04/65, 3/10/2565) and ISO dates first; their spans are then masked.
    for m in re.finditer(r"(?<![\d/])(\d{1,2})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{4}|\d{2})(?![\d/])", s):
        year = _year_to_ce(m.group(3))
        made = _make(year, int(m.group(2)), int(m.group(1)))
        if made:
            hits.append(DateHit(made[0], made[1], m.start(), m.end(), impossible=made[2]))
    for m in re.finditer(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", s):
        made = _make(_year_to_ce(m.group(1)), int(m.group(2)), int(m.group(3)))
        if made:
            hits.append(DateHit(made[0], made[1], m.start(), m.end(), impossible=made[2]))
    taken = [(h.start, h.end) for h in hits]
    months = [m for m in month_re.finditer(s) if not any(a <= m.start() < b for a, b in taken)]
    parsed = [_read_month_mention(s, m) for m in months]
    # Give a yearless month the year of the next dated month it forms a range with.
    for i, item in enumerate(parsed):
        if item["year"] is not None or i + 1 >= len(parsed):
            continue
        nxt = parsed[i + 1]
        between = s[item["end"] : nxt["start"]]
        if nxt["year"] is not None and re.fullmatch(_SEP + r"(?:\d{1,2}\s*)?", between):
            item["year"] = nxt["year"] - (1 if item["month"] > nxt["month"] else 0)
    for item in parsed:
        year = item["year"] if item["year"] is not None else fiscal_month_year(item["month"], fiscal_year)
        made = _make(year, item["month"], item["day"])
        if made:
            hits.append(DateHit(made[0], made[1], item["start"], item["end"], item["year"] is not None, made[2]))
    return tuple(sorted(hits, key=lambda h: h.start))


def _read_month_mention(s: str, m: re.Match[str]) -> dict:
    """Day before the month (optional), year after it (optional, a stray short word allowed)."""
    month = month_number(m.group(0)) or 0
    start, end = m.start(), m.end()
    day = None
    before = _DAY_BEFORE.search(s[max(0, start - 12) : start])
    if before and 1 <= int(before.group(1)) <= 31:
        day = int(before.group(1))
        start = start - (len(s[max(0, start - 12) : m.start()]) - before.start())
    year = None
    after = re.match(r"\s*(?:[ก-ฮะ-ู็-์]{1,3}\s+)?" + _YEAR, s[end : end + 24])
    if after:
        marker = s[end : end + after.end()]
        year = _year_to_ce(after.group(1), marker if "ค.ศ" in marker.replace(" ", "") else "")
        if year is not None:
            end += after.end()
    return {"month": month, "day": day, "year": year, "start": start, "end": end}


def latest(hits: list[DateHit]) -> DateHit | None:
    """The latest date; at equal months a day-precise date is kept over the month's end."""
    if not hits:
        return None
    return max(hits, key=lambda h: (h.month_key, h.precision == "month", h.value))


@cache
def _recurring(kinds: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(r["phrase"] for r in load_table("recurring_words.csv") if r["kind"] in kinds)


def is_recurring(text: str, kinds: tuple[str, ...] = ("schedule", "ongoing")) -> bool:
    s = squash(text or "")
    return any(p in s for p in _recurring(kinds))


def fiscal_window(fiscal_year: int | None) -> tuple[date, date] | None:
    """The dates a report of fiscal year N may plausibly name: its year ± 1, i.e. 1 October of N−2
    to 30 September of N+1 (BE). Outside it a year was mistyped ("มี.ค. 2556" in a FY2566 report).

    >>> fiscal_window(2566)
    (datetime.date(2021, 10, 1), datetime.date(2024, 9, 30))
    """
    if fiscal_year is None:
        return None
    ce = fiscal_year - BE_OFFSET
    return date(ce - 2, 10, 1), date(ce + 1, 9, 30)


def in_window(hit: DateHit, fiscal_year: int | None) -> bool:
    """True unless the date lies outside the report's fiscal year ± 1 (see fiscal_window)."""
    window = fiscal_window(fiscal_year)
    return window is None or window[0] <= hit.value <= window[1]


def deadline(text: str, fiscal_year: int | None = None) -> DateHit | None:
    """The deadline in a period/deadline cell: the latest date named (a range's end, the latest
    ภายใน… phrase). A repeating schedule that names several months without a year (ทุก ๖ เดือน
    ภายในเดือนเมษายน และเดือนตุลาคม ของทุกปี) names its occurrences, not one deadline: none."""
    hits = find_dates(text, fiscal_year)
    yearless_months = {h.value.month for h in hits if not h.explicit_year}
    if (
        hits
        and len(yearless_months) >= 2
        and not any(h.explicit_year for h in hits)
        and is_recurring(text, ("schedule",))
    ):
        return None
    return latest([h for h in hits if in_window(h, fiscal_year)])


def completion(text: str, fiscal_year: int | None = None) -> DateHit | None:
    """The date of the work described in a result text; with several, the latest (dates outside the
    fiscal year ± 1 are typos, left out: see in_window)."""
    return latest([h for h in find_dates(text, fiscal_year) if in_window(h, fiscal_year)])


def excel_date(value: date | datetime) -> tuple[date, bool]:
    """A date cell's value, and whether its year was Buddhist era typed into a Gregorian cell."""
    d = value.date() if isinstance(value, datetime) else value
    if d.year >= 2400:
        try:
            return d.replace(year=d.year - BE_OFFSET), True
        except ValueError:  # 29 Feb of a BE year that is not a CE leap year
            return d.replace(year=d.year - BE_OFFSET, day=28), True
    return d, False
