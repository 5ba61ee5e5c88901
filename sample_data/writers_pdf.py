"""A report converted from PDF: title and header repeated every page, indicator headings in column A,
OCR-mangled item codes, Thai digits, deadlines as phrases, page-break continuations."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date

from sample_data.truth import SynthAgency, SynthMeasure, _long_date, _long_month, _month_names, indicators, thai_digits
from sample_data.workbook import _formats, _new_workbook, _numbered, _round_months, _writer_rng

# --------------------------------------------------------------------------- PDF-style workbook

_PDF_HEADER = (
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "การดำเนินการ",
)


def write_pdf_style_xlsx(agency: SynthAgency) -> tuple[str, bytes]:
    """A report converted from PDF, like thaworn: every page repeats two title lines and the header."""
    rng = _writer_rng(agency, "pdf")
    style = _OcrStyle.pick(rng)
    buf = io.BytesIO()
    wb = _new_workbook(buf, agency.as_of)
    fmt = _formats(wb)
    ws = wb.add_worksheet(rng.choice(["Sheet1", "Sheet1", "Table 1"]))
    for col, width in enumerate((34, 18, 42, 42, 30)):
        ws.set_column(col, col, width)
    row = 0
    for line in _pdf_title_lines(agency):
        ws.merge_range(row, 0, row, 4, line, fmt["title"])
        row += 1
    row += 1
    carry: list[str] | None = None
    pages = _paginate(rng, len(agency.measures))
    for p, page in enumerate(pages):
        row = _pdf_page_top(ws, row, agency, fmt)
        if carry:
            ws.write_row(row, 0, carry, fmt["cell"])
            row, carry = row + 1, None
        previous_indicator = None
        for i, m in enumerate(agency.measures[page[0] : page[1]]):
            heading = i == 0 or m.indicator != previous_indicator or not m.item_code
            split = i == page[1] - page[0] - 1 and p < len(pages) - 1 and rng.random() < 0.07
            row, carry = _pdf_measure_rows(ws, row, m, rng, style, fmt, heading, split)
            previous_indicator = m.indicator
    wb.close()
    return f"{agency.file_stem}.xlsx", buf.getvalue()


def _pdf_title_lines(agency: SynthAgency) -> list[str]:
    start, end = _round_months(agency.fiscal_year, agency.round)
    return [
        "แบบรายงาน",
        "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        f"ประจำปีงบประมาณ พ.ศ.{thai_digits(agency.fiscal_year)} รอบ {thai_digits(agency.round)} "
        f"เดือน (เดือน{start} - {end})",
        f"{agency.name} อำเภอ{agency.district} จังหวัด{agency.province}",
    ]


def _paginate(rng: random.Random, n: int) -> list[tuple[int, int]]:
    """(start, stop) of the measures on each page: mostly two or three a page."""
    pages, start = [], 0
    while start < n:
        size = rng.choices((1, 2, 3), (1, 4, 3))[0]
        pages.append((start, min(n, start + size)))
        start += size
    return pages


def _pdf_page_top(ws, row: int, agency: SynthAgency, fmt: dict) -> int:
    """The two title lines and the header every converted page starts with."""
    fy = thai_digits(agency.fiscal_year)
    lines = [
        f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ {agency.name} ประจำปีงบประมาณ พ.ศ. {fy}",
        "จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. "
        f"{thai_digits(agency.fiscal_year - 1)} นำมาสู่ข้อเสนอแนะในการกำหนดมาตรการในการส่งเสริม"
        f"คุณธรรมและความโปร่งใสภายในหน่วยงานของ {agency.name} ดังนี้",
    ]
    for line in lines:
        ws.merge_range(row, 0, row, 4, line, fmt["title"])
        row += 1
    ws.write_row(row, 0, _PDF_HEADER, fmt["head"])
    return row + 1


@dataclass
class _OcrStyle:
    """How one converted file garbles item codes: the same OCR makes the same mistakes."""

    i_letter: str
    o_letter: str
    e_letter: str

    @classmethod
    def pick(cls, rng: random.Random) -> _OcrStyle:
        return cls(
            i_letter=rng.choice(["I", "1", "1", "l", ""]),
            o_letter=rng.choice(["O", "๐", "0"]),
            e_letter=rng.choice(["E", "E", "e"]),
        )

    def render(self, code: str, with_tool: bool, rng: random.Random) -> str:
        """``I13`` → ``1๑๓``; a bare number only where the tool is named in the same cell."""
        letter = {"I": self.i_letter, "O": self.o_letter, "E": self.e_letter}[code[0]]
        if rng.random() < 0.15:
            letter = code[0]
        if letter == "" and not with_tool:
            letter = "1"
        digits = code[1:]
        return letter + (thai_digits(digits) if rng.random() < 0.9 else digits)


def _pdf_column_a(
    m: SynthMeasure, rng: random.Random, style: _OcrStyle, heading: bool, stranded: bool
) -> tuple[str, str]:
    """(heading text, item text) for column A: ``ตัวชี้วัดที่ ๓ การใช้อำนาจ เครื่องมือการประเมิน IIT``
    and ``1๑๓ ท่านได้รับมอบหมายงาน…``. A wrong indicator name or tool word now and then is a
    typo the real files have; the number and the printed code still tell the truth."""
    info = indicators()
    name, tool = info[m.indicator]["name"], m.tool
    if m.item_code and rng.random() < 0.03:  # typos only where the code can outvote them
        name = info[rng.choice([k for k in info if k != m.indicator])]["name"]
    if m.item_code and m.tool == "EIT" and rng.random() < 0.1:
        tool = "OIT"
    head = f"ตัวชี้วัดที่ {thai_digits(m.indicator)} {name} เครื่องมือการประเมิน {tool}" if heading else ""
    code = style.render(m.item_code, heading and not stranded, rng) + " " if m.item_code else ""
    return head, f"{code}{m.item_title}"


def _pdf_deadline(m: SynthMeasure, rng: random.Random) -> str:
    """``ภายในเดือน ธันวาคม ๒๕๖๕`` — sometimes without the year, sometimes two deadlines."""
    if not m.due:
        return m.schedule
    due = date.fromisoformat(m.due)
    if m.due_also:
        first = date.fromisoformat(m.due_also)
        return f"ภายในเดือน{_long_month(first)} และรายงานผลภายในเดือน{_long_month(due)}"
    month = _month_names(due.month)[0]
    return rng.choice(
        [
            f"ภายในเดือน {_long_month(due)}",
            f"ให้แล้วเสร็จภายในเดือน{_long_month(due)}",
            f"ภายในเดือน {month}",
            f"ภายใน {_long_month(due)}",
            f"ภายในเดือน{_long_month(due)}",
        ]
    )


def _pdf_result(m: SynthMeasure, rng: random.Random) -> str:
    """The result cell: narrative plus the completion date or percentage in Thai digits."""
    if m.status == "done" and m.completed:
        day = date.fromisoformat(m.completed)
        if m.completed_precision == "day":
            when = rng.choice(["ในวันที่ ", "เมื่อวันที่ ", "วันที่ "]) + _long_date(day)
        else:
            when = rng.choice(["ในเดือน", "ในเดือน ", "เมื่อเดือน"]) + _long_month(day)
        joiner = "" if m.result.endswith("แล้ว") and when.startswith("ใน") else " "
        return f"{m.result}{joiner}{when}"
    if m.status == "in_progress" and m.progress_pct is not None:
        return rng.choice([f"{m.result} ร้อยละ {thai_digits(m.progress_pct)}", f"{m.result} ({m.progress_pct}%)"])
    return m.result


def _pdf_measure_rows(
    ws, row: int, m: SynthMeasure, rng: random.Random, style: _OcrStyle, fmt: dict, heading: bool, split: bool
) -> tuple[int, list[str] | None]:
    """Write one measure; return the next row and, when a page break cuts it, the continuation
    row that opens the next page (column A repeated or empty, result cells empty)."""
    stranded = heading and rng.random() < 0.06
    head, item = _pdf_column_a(m, rng, style, heading, stranded)
    if stranded:
        ws.write(row, 0, head, fmt["cell"])  # heading stranded in a row of its own
        row, head = row + 1, ""
    col_a = (head + rng.choice(["  ", "\n", " "]) + item) if head else item
    sep = rng.choice([" ", "\n"])
    parts = [m.measure, *m.steps]
    steps_text = _numbered(parts, thai=True, sep=sep)
    deadline = f"{thai_digits(1)}.{m.monitoring} {_pdf_deadline(m, rng)}"
    carry = None
    if split and len(parts) >= 2:
        cut = rng.randint(1, len(parts) - 1)
        steps_text = _numbered(parts[:cut], thai=True, sep=sep)
        rest = sep.join(f"{thai_digits(i)}.{p}" for i, p in enumerate(parts[cut:], start=cut + 1))
        keep_a = rng.random() < 0.5
        carry = [col_a if keep_a else "", m.responsible if keep_a else "", rest, "", ""]
    ws.write_row(row, 0, [col_a, m.responsible, steps_text, deadline, _pdf_result(m, rng)], fmt["cell"])
    return row + 1, carry
