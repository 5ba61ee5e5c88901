"""Raw measure (cells by role) + report metadata → one canonical measure record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ita_metrics.errors import Message, message
from ita_metrics.flags import join_flags
from ita_metrics.interpret.asof import AsOf
from ita_metrics.interpret.timeliness import after_as_of, timeliness
from ita_metrics.reading.rows import RawMeasure
from ita_metrics.thai import catalogs, dates
from ita_metrics.thai import status as status_mod
from ita_metrics.thai.agencies import normalize_agency
from ita_metrics.thai.item_codes import find_code_hits
from ita_metrics.thai.thai_text import clean, is_blank, one_line, to_arabic_digits

_TOOL_CUT = re.compile(r"เครื่องมือ|[IEO]IT|\n")
_DISTRICT_WORD = re.compile(r"^(อำเภอ|อ\.)\s*")
_PROVINCE_WORD = re.compile(r"^(จังหวัด|จ\.)\s*")


@dataclass
class ReportMeta:
    """What the title rows, sheet, file name and the user said about a report."""

    source_file: str
    source_sheet: str
    agency: str = ""
    district: str = ""
    province: str = ""
    fiscal_year: int | None = None
    round: int | None = None
    catalog_year: int | None = None
    catalog_assumed: bool = False  # the codes are read with another year's numbering (flagged)
    as_of: date | None = None
    as_of_source: AsOf | None = None
    report_date: date | None = None  # the date the report states (วันที่รายงาน, signature), if any


_INDICATOR_NO = re.compile(r"ตัวชี้วัดที่\s*(\d{1,2})")
_TOOL_WORD = re.compile(r"(?<![A-Za-z])([IEO]IT)(?![A-Za-z])")


def printed_indicator(text: str) -> tuple[int | None, tuple[str, int] | None]:
    """The indicator number written after ตัวชี้วัดที่, and the indicator its printed name names."""
    s = to_arabic_digits(text)
    m = _INDICATOR_NO.search(s)
    if not m:
        return None, None
    number = int(m.group(1)) if 1 <= int(m.group(1)) <= 10 else None
    name = s[m.end() :]
    cut = _TOOL_CUT.search(name)
    name = name[: cut.start()] if cut else name[:60]
    return number, catalogs.indicator_from_text(name) if name.strip() else None


def build_record(raw: RawMeasure, meta: ReportMeta, notes: list[Message] | None = None) -> dict:
    """One measure record; row-level messages (a code read through another year's numbering) go to `notes`."""
    flags = list(raw.flags) + (["catalog_assumed"] if meta.catalog_assumed else [])
    issue = raw.text("issue")
    measure_head = raw.text("measure").split("\n", 1)[0]  # "๑.๑ [I13] …": a code written before the measure
    code_text = "\n".join(t for t in (raw.text("item_code"), raw.text("indicator"), issue, measure_head) if t)
    rec: dict = {
        "source_file": meta.source_file,
        "source_sheet": meta.source_sheet,
        "source_row": raw.row,
        "fiscal_year": meta.fiscal_year,
        "round": meta.round,
        "catalog_year": meta.catalog_year,
        "issue": issue,
        "measure": raw.text("measure"),
        "responsible": one_line(raw.text("responsible")),
        "steps": raw.text("steps"),
        "period_text": raw.text("period") or raw.text("monitoring"),
        "result": raw.text("result") or raw.text("outcome"),
    }
    rec.update(_agency_fields(raw, meta))
    rec.update(_tool_indicator(code_text, raw, meta, flags, notes))
    rec.update(_status_and_dates(raw, rec, meta, flags))
    rec["flags"] = join_flags(flags)
    rec["as_of"] = meta.as_of.isoformat() if meta.as_of else ""
    return rec


def _agency_fields(raw: RawMeasure, meta: ReportMeta) -> dict:
    agency = normalize_agency(raw.text("agency")) or meta.agency
    district = _DISTRICT_WORD.sub("", one_line(raw.text("district"))) or meta.district
    province = _PROVINCE_WORD.sub("", one_line(raw.text("province"))) or meta.province
    return {"agency": agency, "district": district, "province": province}


def _tool_indicator(
    text: str, raw: RawMeasure, meta: ReportMeta, flags: list[str], notes: list[Message] | None = None
) -> dict:
    number, named = printed_indicator(text)
    words = _TOOL_WORD.findall(text)
    printed_tool = words[0] if words else ""
    year = meta.catalog_year

    expected = number or (raw.section.indicator if raw.section else None)

    def agrees(code: str) -> bool:
        item = catalogs.lookup(code, year) if year else None
        return item is not None and expected is not None and item.indicator == expected

    hits = find_code_hits(text, printed_tool or (raw.section.tool if raw.section else None), agrees)
    first_seen = {h.code: i for i, h in reversed(list(enumerate(hits)))}
    readings = [catalogs.resolve(hits[i].code, year, _title_after(text, hits, i)) for i in sorted(first_seen.values())]
    codes = list(dict.fromkeys(r.final_code for r in readings))
    tool, indicator = "", None
    for r in readings:
        flags.append(_RESOLUTION_FLAG.get(r.how, ""))
        if notes is not None and r.how in ("other_year", "no_counterpart"):
            notes.append(_other_year_note(r, year, meta, raw.row))
    if readings:
        first = readings[0]
        tool = catalogs.tool_of(first.code) or ""
        indicator = first.indicator
        if indicator is not None and ((number and number != indicator) or (named and named[1] != indicator)):
            flags.append("code_indicator_conflict")
        if printed_tool and printed_tool != tool:
            flags.append("tool_conflict")
        if indicator is None:  # an unresolved code: the printed indicator may still say it, never the number
            indicator = _printed_indicator_of_tool(tool, number, named)
    elif number:
        indicator, tool = number, catalogs.indicator_tool(number)
    elif named:
        tool, indicator = named
    elif raw.section and raw.section.indicator:
        tool, indicator = raw.section.tool, raw.section.indicator
        flags.append("indicator_from_section")
    elif printed_tool:
        tool = printed_tool
    if indicator is None and not codes:
        flags.append("no_indicator")
    return {"tool": tool, "indicator": indicator, "item_codes": ";".join(codes)}


# How a printed code was read (catalogs.Resolved.how) → the flag it puts on the measure.
_RESOLUTION_FLAG = {
    "title_mismatch": "code_title_mismatch",
    "other_year": "code_from_other_year",
    "no_counterpart": "code_from_other_year",
    "question_text": "indicator_from_question_text",
    "unresolved": "unknown_item_code",
}


_TITLE_CHARS = 200  # the longest catalog title (2569's O20) is 161 characters


def _title_after(text: str, hits: list, i: int) -> str:
    """The text printed after a code, up to the end of its line or the next code."""
    end = hits[i + 1].start if i + 1 < len(hits) and hits[i + 1].start > hits[i].end else len(text)
    return text[hits[i].end : end].split("\n", 1)[0][:_TITLE_CHARS]


def _printed_indicator_of_tool(tool: str, number: int | None, named: tuple[str, int] | None) -> int | None:
    """The indicator printed in the row (number, else name) when it belongs to the code's tool."""
    if number and catalogs.indicator_tool(number) == tool:
        return number
    if named and named[0] == tool:
        return named[1]
    return None


def _other_year_note(r: catalogs.Resolved, year: int | None, meta: ReportMeta, row: int) -> Message:
    """The row-level message that shows the officer both numbers (O42 of 2567 = O27 of 2568)."""
    via = r.via
    assert via is not None
    if r.item is not None:
        return message(
            "code_from_other_year",
            "warning",
            meta.source_file,
            meta.source_sheet,
            row,
            printed=r.code,
            printed_year=via.year,
            title=via.title,
            new=r.item.code,
            year=year,
        )
    return message(
        "code_no_counterpart",
        "warning",
        meta.source_file,
        meta.source_sheet,
        row,
        printed=r.code,
        printed_year=via.year,
        title=via.title,
        year=year,
    )


def _cell_date(values: list[object], fiscal_year: int | None, flags: list[str]) -> dates.DateHit | None:
    """A date cell (Excel date, possibly with a BE year) or date text in a date column."""
    hits = []
    for v in values:
        if isinstance(v, (date, datetime)):
            d, was_be = dates.excel_date(v)
            if was_be:
                flags.append("date_be_in_gregorian_cell")
            hits.append(dates.DateHit(d, "day"))
        elif not is_blank(v):
            found = dates.find_dates(clean(v), fiscal_year)
            if not found:
                flags.append("unparsed_date")
            hits.extend(found)
    chosen = dates.latest([h for h in hits if dates.in_window(h, fiscal_year)])
    _check_range(hits, chosen, fiscal_year, flags)
    return chosen


def _check_range(
    hits: list[dates.DateHit], chosen: dates.DateHit | None, fiscal_year: int | None, flags: list[str]
) -> bool:
    """Flag a date left out for lying outside the fiscal year ± 1 when it would have been the one
    used (the only date, or a later one than the date kept): a mistyped year ("มี.ค. 2556")."""
    out = [h for h in hits if not dates.in_window(h, fiscal_year)]
    if out and (chosen is None or max(h.value for h in out) > chosen.value):
        flags.append("date_out_of_range")
        return True
    return False


def _text_date(text: str, fiscal_year: int | None, chosen: dates.DateHit | None, flags: list[str]) -> bool:
    """_check_range over the dates of a text; True when a mistyped date was left out."""
    return _check_range(dates.find_dates(text, fiscal_year), chosen, fiscal_year, flags)


def _precision_flag(hit: dates.DateHit | None, month_flag: str, flags: list[str]) -> None:
    """An impossible day (31 ก.พ.) is flagged as such; a month-only date as month precision."""
    if hit is not None and hit.impossible:
        flags.append("impossible_date")
    elif hit is not None and hit.precision == "month":
        flags.append(month_flag)


def _status_and_dates(raw: RawMeasure, rec: dict, meta: ReportMeta, flags: list[str]) -> dict:
    fy = meta.fiscal_year
    reading = _status_reading(raw, rec["result"], flags)
    status, pct = reading.status, reading.progress_pct
    if reading.inferred:
        flags.append("status_inferred")

    due = _cell_date(raw.values("period"), fy, flags) if _has_date_cells(raw, "period") else None
    if due is None:
        due = dates.deadline(rec["period_text"], fy)
        mistyped = _text_date(rec["period_text"], fy, due, flags)
        if due is None and rec["period_text"] and not mistyped:
            flags.append("recurring_deadline" if dates.is_recurring(rec["period_text"]) else "no_deadline")
        elif due is None and not mistyped:
            flags.append("no_deadline")
        elif len(dates.find_dates(rec["period_text"], fy)) > 2:
            flags.append("several_deadlines")

    completed = None
    if status == "done":
        completed = _cell_date(raw.values("completed_date"), fy, flags) if raw.values("completed_date") else None
        mistyped = False
        if completed is None:
            completed = dates.completion(rec["result"], fy)
            mistyped = _text_date(rec["result"], fy, completed, flags)
        if completed is None and not mistyped:
            flags.append("done_without_date")
    as_of = meta.as_of
    reported = ""  # a completion set aside as after the as-of date, kept: a later date restores it
    if status == "done" and completed is not None and after_as_of(completed.value, completed.precision, as_of):
        flags.append("future_completion")
        _precision_flag(completed, "completed_month_precision", flags)
        status, reported, completed = "in_progress", completed.iso, None
    if completed is not None and fy and completed.value < date(fy - 544, 10, 1):
        flags.append("completed_before_fiscal_year")
    if status == "unknown":
        flags.append("status_unknown")
    _precision_flag(due, "due_month_precision", flags)
    _precision_flag(completed, "completed_month_precision", flags)
    return {
        "status": status,
        "progress_pct": 100.0 if status == "done" else (0.0 if status == "not_started" else pct),
        "due_date": due.iso if due else "",
        "completed_date": completed.iso if completed else "",
        "reported_completed_date": reported,
        "timeliness": timeliness(
            status,
            due.value if due else None,
            due.precision if due else "",
            completed.value if completed else None,
            completed.precision if completed else "",
            as_of,
        ),
    }


def _has_date_cells(raw: RawMeasure, role: str) -> bool:
    return any(isinstance(v, (date, datetime)) for v in raw.values(role))


def _status_reading(raw: RawMeasure, result: str, flags: list[str]) -> status_mod.StatusReading:
    """Check-mark columns first, then a status column, then the result text."""
    checks = [raw.values(r) for r in ("status_not_started", "status_in_progress", "status_done")]
    if any(checks) or any(raw.cells.get(r) for r in ("status_done",)):
        got = status_mod.from_check_columns(*(c[0] if c else None for c in checks))
        if got:
            if got[1]:
                flags.append("status_conflict")
            pct = status_mod.percentage(result) if got[0] == "in_progress" else None
            return status_mod.StatusReading(got[0], pct if pct is not None and 0 < pct < 100 else None)
    status_text = raw.text("status_text")
    if status_text:
        reading = status_mod.classify(status_text)
        if reading.status != "unknown":
            return status_mod.StatusReading(reading.status, reading.progress_pct)
    return status_mod.classify(result)
