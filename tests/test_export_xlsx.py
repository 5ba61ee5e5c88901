"""The Excel report, opened with openpyxl: sheets, headers, a known agency's figures, frozen
panes, filters, fonts, dates — and no cell that Excel would run as a formula."""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from ita_metrics.export.xlsx import DANGEROUS_STARTS, FONT_NAME, HEADER_ROW, report_xlsx, safe_text, sheet_names
from ita_metrics.model import MEASURE_FIELDS, to_frame

AS_OF = date(2023, 3, 31)
THAWORN = "เทศบาลตำบลถาวร"
THUNG = "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")  # openpyxl skips data bars


def measure(agency: str, status: str, timeliness: str, row: int, **kw) -> dict:
    base = {
        "source_file": "thaworn_2566_r6.xlsx",
        "source_sheet": "Sheet1",
        "source_row": row,
        "agency": agency,
        "district": "เฉลิมพระเกียรติ",
        "province": "บุรีรัมย์",
        "fiscal_year": 2566,
        "round": 6,
        "catalog_year": 2565,
        "tool": "IIT",
        "indicator": 2,
        "item_codes": "I7",
        "issue": "บุคลากรไม่ทราบแผนการใช้จ่ายงบประมาณ",
        "measure": f"มาตรการที่ {row}",
        "responsible": "กองคลัง",
        "steps": "จัดทำแผน",
        "period_text": "ภายในเดือนมกราคม 2566",
        "result": "",
        "status": status,
        "progress_pct": None,
        "due_date": "2023-01-31",
        "completed_date": "",
        "timeliness": timeliness,
        "flags": "",
    }
    base.update(kw)
    return base


def sample_measures():
    """ถาวร: done on time, done late, in progress 50 % overdue, not started not due →
    completion (1 + 1 + 0.5 + 0) / 4 = 62.5, timeliness (1 + 0.5 + 0) / 3 = 50,
    score 0.7 × 62.5 + 0.3 × 50 = 58.75 → D, rank 2. ทุ่งมะพร้าว: 2 done on time → 100, AA, rank 1."""
    return to_frame(
        [
            measure(THAWORN, "done", "on_time", 5, completed_date="2023-01-20", progress_pct=100),
            measure(THAWORN, "done", "late", 6, completed_date="2023-02-10", progress_pct=100),
            measure(THAWORN, "in_progress", "overdue", 7, progress_pct=50, flags="due_month_precision"),
            measure(THAWORN, "not_started", "not_due", 8, due_date="2023-09-30", progress_pct=0),
            measure(
                THUNG,
                "done",
                "on_time",
                3,
                completed_date="2023-01-05",
                source_file="thung.csv",
                source_sheet="",
                progress_pct=100,
                tool="OIT",
                indicator=9,
                item_codes="O17",
            ),
            measure(
                THUNG,
                "done",
                "on_time",
                4,
                completed_date="2023-01-06",
                source_file="thung.csv",
                source_sheet="",
                progress_pct=100,
            ),
        ]
    )


@pytest.fixture(scope="module")
def workbook():
    data = report_xlsx(sample_measures(), AS_OF)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl does not read the data-bar extension; harmless
        return data, openpyxl.load_workbook(io.BytesIO(data))


def header(ws) -> list:
    return [c.value for c in ws[HEADER_ROW] if c.value is not None]


def rows(ws) -> list[list]:
    return [[c.value for c in r] for r in ws.iter_rows(min_row=HEADER_ROW + 1)]


def test_sheets_headers_frozen_panes_and_filters(workbook):
    _, wb = workbook
    assert wb.sheetnames == list(sheet_names().values())
    assert wb.sheetnames[0] == "สรุปคะแนนหน่วยงาน"
    for ws in wb.worksheets:
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith(str(HEADER_ROW + 1))
        assert (
            ws.auto_filter.ref
            and ws.auto_filter.ref.startswith("A")
            and ws.auto_filter.ref.split(":")[0][1:] == str(HEADER_ROW)
        )
        assert ws.column_dimensions["A"].width and ws.column_dimensions["B"].width >= 6
        assert ws.page_setup.orientation == "landscape"
    summary = wb[sheet_names()["summary"]]
    assert header(summary)[:4] == ["อันดับ", "หน่วยงาน", "อำเภอ", "จังหวัด"]
    assert header(summary)[-3:] == ["ความตรงเวลา (ร้อยละ)", "คะแนน", "เกรด"]
    assert summary.freeze_panes == f"C{HEADER_ROW + 1}"
    assert "31 มีนาคม 2566" in summary["A2"].value and "บุรีรัมย์" in summary["A2"].value


def test_known_agency_score_grade_rank(workbook):
    _, wb = workbook
    ws = wb[sheet_names()["summary"]]
    heads = header(ws)
    table = {r[heads.index("หน่วยงาน")]: dict(zip(heads, r)) for r in rows(ws)}
    thaworn = table[THAWORN]
    assert thaworn["คะแนน"] == pytest.approx(58.75)
    assert thaworn["เกรด"] == "D"
    assert thaworn["อันดับ"] == 2
    assert thaworn["ความครบถ้วน (ร้อยละ)"] == pytest.approx(62.5)
    assert thaworn["ความตรงเวลา (ร้อยละ)"] == pytest.approx(50.0)
    assert thaworn["เลยกำหนด"] == 1 and thaworn["จำนวนมาตรการ"] == 4
    assert table[THUNG]["อันดับ"] == 1 and table[THUNG]["เกรด"] == "AA"
    assert "6 มาตรการ" in ws["A3"].value  # the province-wide headline


def test_grade_colours_and_data_bars(workbook):
    _, wb = workbook
    ws = wb[sheet_names()["summary"]]
    kinds = {rule.type for rng in ws.conditional_formatting for rule in rng.rules}
    assert {"dataBar", "cellIs"} <= kinds
    grades = {rule.formula[0] for rng in ws.conditional_formatting for rule in rng.rules if rule.type == "cellIs"}
    assert grades == {f'"{g}"' for g in ("AA", "A", "B", "C", "D", "E", "F")}


def test_thai_default_font(workbook):
    data, wb = workbook
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()
    first_font = styles.split("<font>", 1)[1].split("</font>", 1)[0]
    assert f'<name val="{FONT_NAME}"/>' in first_font and '<charset val="222"/>' in first_font
    assert wb[sheet_names()["summary"]]["B5"].font.name == FONT_NAME


def test_overdue_follow_up(workbook):
    _, wb = workbook
    ws = wb[sheet_names()["overdue"]]
    heads = header(ws)
    for h in ("หน่วยงาน", "มาตรการ", "ผู้รับผิดชอบ", "กำหนดแล้วเสร็จ", "เลยกำหนด (วัน)"):
        assert h in heads
    body = rows(ws)
    assert len(body) == 1
    rec = dict(zip(heads, body[0]))
    assert rec["หน่วยงาน"] == THAWORN and rec["มาตรการ"] == "มาตรการที่ 7"
    assert rec["เลยกำหนด (วัน)"] == (AS_OF - date(2023, 1, 31)).days == 59
    assert isinstance(rec["กำหนดแล้วเสร็จ"], datetime) and rec["กำหนดแล้วเสร็จ"].date() == date(2023, 1, 31)
    assert "107041E" in ws.cell(HEADER_ROW + 1, heads.index("กำหนดแล้วเสร็จ") + 1).number_format  # BE dates


def test_every_measure_with_its_source(workbook):
    _, wb = workbook
    ws = wb[sheet_names()["measures"]]
    heads = header(ws)
    assert heads[-3:] == ["ไฟล์ต้นฉบับ", "ชีต", "แถว"]
    body = rows(ws)
    assert len(body) == 6
    # every model field has a column (status/timeliness in Thai words, flags both ways)
    assert len(heads) == len(MEASURE_FIELDS) + 1
    first = dict(zip(heads, body[0]))
    assert (first["ไฟล์ต้นฉบับ"], first["ชีต"], first["แถว"]) == ("thaworn_2566_r6.xlsx", "Sheet1", 5)
    assert (
        first["สถานะ"] == "ดำเนินการแล้ว" and first["ความตรงเวลา"] == "ทันเวลา"
    )  # the words of data/ui_text.csv, as on screen
    third = dict(zip(heads, body[2]))
    assert third["รหัสข้อสังเกต"] == "due_month_precision" and "เดือน" in third["ข้อสังเกต"]


@pytest.mark.parametrize(
    "text", ["=1+1", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")']
)
def test_safe_text(text):
    assert safe_text(text) == "'" + text.replace("\r", "\n")
    assert safe_text("ปกติ " + text) == "ปกติ " + text.replace("\r", "\n")


def test_formula_looking_text_never_becomes_a_formula():
    evil = {
        "agency": '=HYPERLINK("http://evil.example","click")',
        "measure": "+SUM(1,2)",
        "result": "@cmd|' /C calc'!A0",
        "responsible": "-2+3",
        "issue": "\t=1+1",
        "steps": "\r=2",
        "district": "=A1",
        "province": "+1",
        "item_codes": "-O1",
        "source_file": "=evil.xlsx",
        "source_sheet": "@sheet",
    }
    fields = {k: v for k, v in evil.items() if k != "agency"}
    m = to_frame(
        [
            measure(evil["agency"], "in_progress", "overdue", 9, **fields),
            measure(THAWORN, "done", "on_time", 10, completed_date="2023-01-02"),
        ]
    )
    data = report_xlsx(m, AS_OF, meta={"province": "=cmd"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(data))
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    assert not cell.value.startswith(DANGEROUS_STARTS), (ws.title, cell.coordinate)
    for original in evil.values():
        kept = "'" + original.replace("\r", "\n")  # the text is kept, behind an apostrophe
        assert kept in texts, original
    for part in zipfile.ZipFile(io.BytesIO(data)).namelist():
        if part.startswith("xl/worksheets/"):
            assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read(part)


def test_empty_measures_still_make_a_workbook():
    data = report_xlsx(to_frame([]), AS_OF)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == list(sheet_names().values())
