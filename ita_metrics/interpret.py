"""Raw measure (cells by role) + report metadata → one canonical measure record."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ita_metrics import catalogs, dates, status as status_mod
from ita_metrics.agencies import normalize_agency
from ita_metrics.asof import AsOf
from ita_metrics.flags import join_flags
from ita_metrics.item_codes import find_code_hits
from ita_metrics.rows import RawMeasure
from ita_metrics.thai_text import clean, is_blank, one_line, to_arabic_digits
from ita_metrics.timeliness import timeliness


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
    as_of: date | None = None
    as_of_source: AsOf | None = None
    report_date: date | None = None   # the date the report states (วันที่รายงาน, signature), if any


_INDICATOR_NO = re.compile(r"ตัวชี้วัดที่\s*(\d{1,2})")
_TOOL_WORD = re.compile(r"(?<![A-Za-z])([IEO]IT)(?![A-Za-z])")


def printed_indicator(text: str) -> tuple[int | None, tuple[str, int] | None]:
    """The indicator number written after ตัวชี้วัดที่, and the indicator its printed name names."""
    s = to_arabic_digits(text)
    m = _INDICATOR_NO.search(s)
    if not m:
        return None, None
    number = int(m.group(1)) if 1 <= int(m.group(1)) <= 10 else None
    name = s[m.end():]
    cut = re.search(r"เครื่องมือ|[IEO]IT|\n", name)
    name = name[: cut.start()] if cut else name[:60]
    return number, catalogs.indicator_from_text(name) if name.strip() else None


def build_record(raw: RawMeasure, meta: ReportMeta) -> dict:
    flags = list(raw.flags)
    issue = raw.text("issue")
    measure_head = raw.text("measure").split("\n", 1)[0]  # "๑.๑ [I13] …": a code written before the measure
    code_text = "\n".join(t for t in (raw.text("item_code"), raw.text("indicator"), issue, measure_head) if t)
    rec: dict = {
        "source_file": meta.source_file, "source_sheet": meta.source_sheet, "source_row": raw.row,
        "fiscal_year": meta.fiscal_year, "round": meta.round, "catalog_year": meta.catalog_year,
        "issue": issue, "measure": raw.text("measure"), "responsible": one_line(raw.text("responsible")),
        "steps": raw.text("steps"), "period_text": raw.text("period") or raw.text("monitoring"),
        "result": raw.text("result") or raw.text("outcome"),
    }
    rec.update(_agency_fields(raw, meta))
    rec.update(_tool_indicator(code_text, raw, meta, flags))
    rec.update(_status_and_dates(raw, rec, meta, flags))
    rec["flags"] = join_flags(flags)
    rec["as_of"] = meta.as_of.isoformat() if meta.as_of else ""
    return rec


def _agency_fields(raw: RawMeasure, meta: ReportMeta) -> dict:
    agency = normalize_agency(raw.text("agency")) or meta.agency
    district = re.sub(r"^(อำเภอ|อ\.)\s*", "", one_line(raw.text("district"))) or meta.district
    province = re.sub(r"^(จังหวัด|จ\.)\s*", "", one_line(raw.text("province"))) or meta.province
    return {"agency": agency, "district": district, "province": province}


def _tool_indicator(text: str, raw: RawMeasure, meta: ReportMeta, flags: list[str]) -> dict:
    number, named = printed_indicator(text)
    words = _TOOL_WORD.findall(text)
    printed_tool = words[0] if words else ""
    year = meta.catalog_year

    expected = number or (raw.section.indicator if raw.section else None)

    def agrees(code: str) -> bool:
        item = catalogs.lookup(code, year) if year else None
        return item is not None and expected is not None and item.indicator == expected

    hits = find_code_hits(text, printed_tool or (raw.section.tool if raw.section else None), agrees)
    codes = list(dict.fromkeys(h.code for h in hits))
    tool, indicator = "", None
    if codes:
        item = catalogs.lookup(codes[0], year) if year else None
        tool = catalogs.tool_of(codes[0]) or ""
        if item is None:
            flags.append("unknown_item_code")
        else:
            indicator = item.indicator
            title = text[hits[0].end:].split("\n", 1)[0][:80]  # the code's own line, not the next column
            if catalogs.title_agrees(codes[0], year, title) is False:
                flags.append("code_title_mismatch")
        if indicator is not None and ((number and number != indicator) or (named and named[1] != indicator)):
            flags.append("code_indicator_conflict")
        if printed_tool and printed_tool != tool:
            flags.append("tool_conflict")
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
    return dates.latest(hits)


def _status_and_dates(raw: RawMeasure, rec: dict, meta: ReportMeta, flags: list[str]) -> dict:
    fy = meta.fiscal_year
    reading = _status_reading(raw, rec["result"], flags)
    status, pct = reading.status, reading.progress_pct
    if reading.inferred:
        flags.append("status_inferred")

    due = _cell_date(raw.values("period"), fy, flags) if _has_date_cells(raw, "period") else None
    if due is None:
        due = dates.deadline(rec["period_text"], fy)
        if due is None and rec["period_text"]:
            flags.append("recurring_deadline" if dates.is_recurring(rec["period_text"]) else "no_deadline")
        elif due is None:
            flags.append("no_deadline")
        elif len(dates.find_dates(rec["period_text"], fy)) > 2:
            flags.append("several_deadlines")

    completed = None
    if status == "done":
        completed = _cell_date(raw.values("completed_date"), fy, flags) if raw.values("completed_date") else None
        if completed is None:
            completed = dates.completion(rec["result"], fy)
        if completed is None:
            flags.append("done_without_date")
    as_of = meta.as_of
    if status == "done" and completed is not None and as_of is not None and completed.value > as_of and not (
            completed.precision == "month" and (completed.value.year, completed.value.month) == (as_of.year, as_of.month)):
        flags.append("future_completion")
        status, completed = "in_progress", None
    if completed is not None and fy and completed.value < date(fy - 544, 10, 1):
        flags.append("completed_before_fiscal_year")
    if status == "unknown":
        flags.append("status_unknown")
    if due is not None and due.precision == "month":
        flags.append("due_month_precision")
    if completed is not None and completed.precision == "month":
        flags.append("completed_month_precision")
    return {
        "status": status,
        "progress_pct": 100.0 if status == "done" else (0.0 if status == "not_started" else pct),
        "due_date": due.iso if due else "",
        "completed_date": completed.iso if completed else "",
        "timeliness": timeliness(status, due.value if due else None, due.precision if due else "",
                                 completed.value if completed else None,
                                 completed.precision if completed else "", as_of),
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
