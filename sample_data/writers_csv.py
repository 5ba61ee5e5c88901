"""A CSV saved by Thai Excel (CP874) and an officer's consolidated workbook (a notes sheet, one row
per measure)."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sample_data.truth import (
    _BE,
    STATUS_WORDS,
    SynthAgency,
    SynthMeasure,
    _fy_index,
    _fy_month,
    _long_month,
    _month_names,
    _phrases,
    _short_date,
    _short_month,
    indicators,
    thai_digits,
)
from sample_data.workbook import _CODE_LABELS, _code_label, _formats, _new_workbook, _numbered, _writer_rng
from sample_data.writers_check import _sections, _write_completion

# --------------------------------------------------------------------------- CP874 CSV

_CSV_HEADER = ("มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน", "ข้อเสนอแนะ")


def write_csv_cp874(agency: SynthAgency) -> tuple[str, bytes]:
    """A report saved as CSV by Thai Windows Excel (CP874, CRLF), like thungmaphrao."""
    rng = _writer_rng(agency, "csv")
    code_style = rng.choice(_CODE_LABELS[:3])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in _csv_rows(agency, rng, code_style):
        writer.writerow(line)
    return f"{agency.file_stem}.csv", out.getvalue().encode("cp874")


def _csv_rows(agency: SynthAgency, rng: random.Random, code_style: str) -> Iterable[list[str]]:
    """Two title rows (agency, district, year, round; report date), the header, then section
    rows and measures; every row padded to six fields as Excel saves them."""
    width = len(_CSV_HEADER)
    pad = [""] * (width - 1)
    reported = date.fromisoformat(agency.as_of)
    yield [
        f"รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของ{agency.name} "
        f"อำเภอ{agency.district} จังหวัด{agency.province} ประจำปีงบประมาณ {agency.fiscal_year} "
        f"รอบ {agency.round} เดือน",
        *pad,
    ]
    yield [
        f"สำนักปลัด {agency.name}",
        "",
        "",
        "",
        "วันที่รายงาน",
        f"{reported.day:02d}/{reported.month:02d}/{(reported.year + _BE) % 100:02d}",
    ]
    yield list(_CSV_HEADER)
    thai_numbers = rng.random() < 0.5
    for k, (indicator, group) in enumerate(_sections(agency.measures), start=1):
        number = thai_digits(k) if thai_numbers else str(k)
        yield [f"{number}. {indicators()[indicator]['section']}", *pad]
        for j, m in enumerate(group, start=1):
            label = _code_label(m.item_code, code_style, thai=False) if m.item_code else ""
            sub = thai_digits(f"{k}.{j}") if thai_numbers else f"{k}.{j}"
            yield [
                f"{sub} {label}{m.measure}",
                _numbered(m.steps, thai_numbers, "\n"),
                m.responsible,
                _csv_period(m, rng),
                _csv_result(m, rng),
                m.suggestion,
            ]


def _csv_period(m: SynthMeasure, rng: random.Random) -> str:
    """``กุมภาพันธ์ – เมษายน 2566`` (years in Arabic digits, as typed in Excel)."""
    if not m.due:
        return m.schedule
    due = date.fromisoformat(m.due)
    if m.due_also:
        return f"{_long_month(date.fromisoformat(m.due_also), thai=False)} และ {_long_month(due, thai=False)}"
    index = _fy_index(m.fiscal_year, due)
    start = date(*_fy_month(m.fiscal_year, max(0, index - rng.randint(1, 3))), 1)
    if start.month == due.month:
        return _long_month(due, thai=False)
    if start.year == due.year:
        return f"{_month_names(start.month)[0]} – {_long_month(due, thai=False)}"
    return f"{_long_month(start, thai=False)} – {_long_month(due, thai=False)}"


def _csv_result(m: SynthMeasure, rng: random.Random) -> str:
    if m.status == "done" and m.completed:
        day = date.fromisoformat(m.completed)
        when = _short_date(day, rng) if m.completed_precision == "day" else _short_month(day, rng)
        return f"{rng.choice(['', '- ', '1. '])}{m.result} {when}"
    if m.status == "in_progress" and m.progress_pct is not None:
        return f"{m.result} {m.progress_pct}%"
    return m.result


# --------------------------------------------------------------------------- consolidated workbook

_CONSOLIDATED_HEADER = (
    "ลำดับ",
    "อำเภอ",
    "หน่วยงาน",
    "ตัวชี้วัด/ข้อการประเมิน",
    "มาตรการ",
    "ผู้รับผิดชอบ",
    "กำหนดแล้วเสร็จ",
    "สถานะ",
    "วันที่แล้วเสร็จ",
    "หมายเหตุ",
)


def write_consolidated_xlsx(agencies: Sequence[SynthAgency]) -> tuple[str, bytes]:
    """An officer's compiled workbook: a notes sheet, then one row per measure of every agency."""
    if not agencies:
        raise ValueError("no agencies to consolidate")
    first = agencies[0]
    if any((a.fiscal_year, a.round) != (first.fiscal_year, first.round) for a in agencies):
        raise ValueError("a consolidated workbook holds one fiscal year and round")
    rng = random.Random(f"{first.seed}:consolidated:{len(agencies)}")
    buf = io.BytesIO()
    wb = _new_workbook(buf, max(a.as_of for a in agencies))
    fmt = _formats(wb)
    _notes_sheet(wb.add_worksheet("คำชี้แจง"), fmt)
    ws = wb.add_worksheet("สรุปผลรายหน่วยงาน")
    for col, width in enumerate((7, 16, 26, 20, 50, 20, 14, 24, 14, 16)):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, 9, _consolidated_title(first), fmt["title"])
    ws.write_row(2, 0, _CONSOLIDATED_HEADER, fmt["head"])
    row, number = 3, 1
    for agency in agencies:
        abbreviate = rng.random() < 0.5
        for m in agency.measures:
            _consolidated_row(ws, row, number, agency, m, abbreviate, rng, fmt)
            row, number = row + 1, number + 1
    wb.close()
    return f"consolidated_{first.fiscal_year}_r{first.round}.xlsx", buf.getvalue()


def _consolidated_title(agency: SynthAgency) -> str:
    return (
        "สรุปผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        f"ประจำปีงบประมาณ พ.ศ. {agency.fiscal_year} รอบ {agency.round} เดือน "
        f"จังหวัด{agency.province}"
    )


def _notes_sheet(ws, fmt: dict) -> None:
    ws.set_column(0, 0, 100)
    ws.write(0, 0, "คำชี้แจงการกรอกข้อมูล", fmt["title"])
    for i, note in enumerate(_phrases("note"), start=2):
        ws.write(i, 0, f"{i - 1}. {note}", fmt["text"])


def _consolidated_row(
    ws, row: int, number: int, agency: SynthAgency, m: SynthMeasure, abbreviate: bool, rng: random.Random, fmt: dict
) -> None:
    district = agency.district if rng.random() < 0.7 else f"อ.{agency.district}"
    item = f"ตัวชี้วัดที่ {m.indicator}" + (f" ({m.item_code})" if m.item_code else "")
    if m.item_code and rng.random() < 0.5:
        item = m.item_code
    status = STATUS_WORDS[m.status]
    if m.status == "in_progress" and m.progress_pct is not None:
        status = f"{status} {m.progress_pct}%"
    ws.write_row(
        row,
        0,
        [number, district, agency.short_name if abbreviate else agency.name, item, m.measure, m.responsible],
        fmt["cell"],
    )
    if m.due:
        due = date.fromisoformat(m.due)
        ws.write_datetime(row, 6, datetime(due.year, due.month, due.day), fmt["date"])
    else:
        ws.write(row, 6, m.schedule, fmt["cell"])
    ws.write(row, 7, status, fmt["cell"])
    _write_completion(ws, row, 8, m, rng, fmt, be_rate=0.05)
    ws.write_blank(row, 9, None, fmt["cell"])
