"""A check-mark workbook: two-row merged header with three status tick columns, merged section rows,
completion dates as Excel dates (a few with a Buddhist-era year)."""

from __future__ import annotations

import io
import random
from datetime import date, datetime

from sample_data.truth import (
    _BE,
    SynthAgency,
    SynthMeasure,
    _fy_index,
    _fy_month,
    _long_date,
    _long_month,
    _month_names,
    _short_month,
    indicators,
    thai_digits,
)
from sample_data.workbook import (
    _CODE_LABELS,
    _code_label,
    _formats,
    _new_workbook,
    _numbered,
    _round_months,
    _writer_rng,
)

# --------------------------------------------------------------------------- check-mark workbook


def write_checkmark_xlsx(agency: SynthAgency) -> tuple[str, bytes]:
    """A typed report with tick columns under a merged ``ผลการดำเนินงาน`` and section rows."""
    rng = _writer_rng(agency, "check")
    tick = rng.choice(["✓", "/", "√", "✔"])
    code_style = (rng.choice(_CODE_LABELS), rng.random() < 0.3)
    headers = _check_headers(rng)
    repeat_header = rng.random() < 0.5
    buf = io.BytesIO()
    wb = _new_workbook(buf, agency.as_of)
    fmt = _formats(wb)
    ws = wb.add_worksheet(rng.choice([f"รอบ {agency.round} เดือน", "Sheet1"]))
    for col, width in enumerate((40, 40, 16, 18, 9, 9, 9, 14, 40)):
        ws.set_column(col, col, width)
    row = 0
    for line in _check_title_lines(agency):
        ws.merge_range(row, 0, row, 8, line, fmt["title"])
        row += 1
    row = _check_header(ws, row + 1, headers, fmt)
    since_header = 0
    for k, (indicator, group) in enumerate(_sections(agency.measures), start=1):
        if repeat_header and since_header >= 5:
            row, since_header = _check_header(ws, row, headers, fmt), 0
        ws.merge_range(row, 0, row, 8, f"{thai_digits(k)}. {indicators()[indicator]['section']}", fmt["section"])
        row += 1
        for j, m in enumerate(group, start=1):
            label = _code_label(m.item_code, *code_style) if m.item_code else ""
            number = thai_digits(f"{k}.{j}")
            row = _check_measure_row(ws, row, m, f"{number} {label}{m.measure}", tick, rng, fmt)
            since_header += 1
    wb.close()
    return f"{agency.file_stem}.xlsx", buf.getvalue()


def _check_title_lines(agency: SynthAgency) -> list[str]:
    start, end = _round_months(agency.fiscal_year, agency.round)
    return [
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        f"(Integrity and Transparency Assessment : ITA) {agency.name}",
        f"ประจำปีงบประมาณ พ.ศ. {thai_digits(agency.fiscal_year)}",
        f"รอบ {thai_digits(agency.round)} เดือน (เดือน{start} ถึงเดือน{end})",
        f"{agency.name} อำเภอ{agency.district} จังหวัด{agency.province}",
    ]


def _check_headers(rng: random.Random) -> list[str]:
    """Column titles, worded (and broken) the ways real forms word them."""
    return [
        "มาตรการ/แนวทาง",
        "ขั้นตอน/วิธีการปฏิบัติ",
        rng.choice(["หน่วยงานผู้รับผิดชอบ", "หน่วยงาน ผู้รับผิดชอบ"]),
        rng.choice(["ระยะเวลาดำเนินการ", "ระยะเวลา ดำเนินการ"]),
        rng.choice(["วันที่ดำเนินการแล้วเสร็จ", "วันที่ดำเนินการแล้วเสร็จ", "วันที่แล้วเสร็จ"]),
        rng.choice(["ผลการดำเนินงาน", "สรุปผลการดำเนินงาน"]),
    ]


def _check_header(ws, row: int, headers: list[str], fmt: dict) -> int:
    """Two header rows: status ticks under a merged ``ผลการดำเนินงาน``, the rest merged down."""
    for col, text in zip((0, 1, 2, 3), headers[:4]):
        ws.merge_range(row, col, row + 1, col, text, fmt["head"])
    ws.merge_range(row, 4, row, 6, "ผลการดำเนินงาน", fmt["head"])
    ws.write_row(row + 1, 4, ["ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการแล้ว"], fmt["head"])
    ws.merge_range(row, 7, row + 1, 7, headers[4], fmt["head"])
    ws.merge_range(row, 8, row + 1, 8, headers[5], fmt["head"])
    return row + 2


def _sections(measures: list[SynthMeasure]) -> list[tuple[int, list[SynthMeasure]]]:
    """Consecutive measures of one indicator, in report order."""
    groups: list[tuple[int, list[SynthMeasure]]] = []
    for m in measures:
        if groups and groups[-1][0] == m.indicator:
            groups[-1][1].append(m)
        else:
            groups.append((m.indicator, [m]))
    return groups


def _check_period(m: SynthMeasure, rng: random.Random) -> str:
    """``ต.ค. ๒๕๖๕ – ธ.ค. ๒๕๖๕``, ``ม.ค. - มี.ค. ๒๕๖๖`` or ``ภายใน ๓๑ ธันวาคม ๒๕๖๕``."""
    if not m.due:
        return m.schedule
    due = date.fromisoformat(m.due)
    if m.due_also:
        return f"ภายในเดือน{_long_month(date.fromisoformat(m.due_also))} และ ภายในเดือน{_long_month(due)}"
    form = rng.random()
    if form < 0.2:
        return f"ภายในเดือน{_long_month(due)}"
    if form < 0.3:
        return f"ภายใน {_long_date(due)}"
    index = _fy_index(m.fiscal_year, due)
    start = date(*_fy_month(m.fiscal_year, max(0, index - rng.randint(1, 3))), 1)
    if start.month == due.month:
        return f"ภายในเดือน{_long_month(due)}"
    s_short, d_short = _month_names(start.month)[1], _month_names(due.month)[1]
    if rng.random() < 0.15:
        s_short = s_short.replace(".", " . ").strip()  # ต . ค . — spaced as in khaohuachang
    dash = rng.choice([" – ", " - ", "-"])
    if start.year == due.year and rng.random() < 0.5:
        return f"{s_short}{dash}{d_short} {thai_digits(due.year + _BE)}"
    return f"{s_short} {thai_digits(start.year + _BE)}{dash}{d_short} {thai_digits(due.year + _BE)}"


def _check_measure_row(ws, row: int, m: SynthMeasure, label: str, tick: str, rng: random.Random, fmt: dict) -> int:
    ticks = ["", "", ""]
    column = {"not_started": 0, "in_progress": 1, "done": 2}.get(m.status)
    if column is not None:
        ticks[column] = tick
    steps = _numbered(m.steps, thai=rng.random() < 0.6, sep="\n")
    result = m.result
    if m.status == "in_progress" and m.progress_pct is not None:
        result = f"{m.result} คิดเป็นร้อยละ {m.progress_pct}"
    ws.write_row(row, 0, [label, steps, m.responsible, _check_period(m, rng)], fmt["cell"])
    ws.write_row(row, 4, ticks, fmt["center"])
    _write_completion(ws, row, 7, m, rng, fmt, be_rate=0.12)
    ws.write(row, 8, result, fmt["cell"])
    return row + 1


def _write_completion(ws, row: int, col: int, m: SynthMeasure, rng: random.Random, fmt: dict, be_rate: float) -> None:
    """A real Excel date (now and then typed with a BE year), a month as text, or nothing."""
    if m.status != "done" or not m.completed:
        ws.write_blank(row, col, None, fmt["cell"])
        return
    day = date.fromisoformat(m.completed)
    if m.completed_precision == "month":
        ws.write_string(row, col, _short_month(day, rng), fmt["center"])
        return
    year = day.year + _BE if rng.random() < be_rate else day.year
    ws.write_datetime(row, col, datetime(year, day.month, day.day), fmt["date"])
