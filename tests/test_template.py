"""The submission template: fill it like an agency would (openpyxl), read it back with the
importer, and every field must come back exactly, with no flags."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import openpyxl
import pytest

from ita_metrics.export.template import (
    AGENCY_ROW,
    FIRST_DATA_ROW,
    ROUND_ROW,
    VALUE_COL,
    agency_line,
    code_choice,
    column_index,
    columns,
    progress_choices,
    round_choices,
    sheet_names,
    status_choices,
    template_xlsx,
)
from ita_metrics.interpret.importer import parse_file
from ita_metrics.model import MEASURE_FIELDS
from ita_metrics.reading.layout import match_role
from ita_metrics.thai import catalogs

FY, CATALOG = 2567, 2566  # FY2567 reports follow the FY2566 catalog
AGENCY, DISTRICT, PROVINCE = "เทศบาลตำบลถาวร", "เฉลิมพระเกียรติ", "บุรีรัมย์"

# code, issue, measure, responsible, steps, due, status, progress, completed, result
FILLED = [
    (
        "I7",
        "บุคลากรไม่ทราบแผนการใช้จ่ายงบประมาณ",
        "เผยแพร่แผนการใช้จ่ายงบประมาณประจำปี",
        "กองคลัง",
        "จัดทำแผน\nเสนอผู้บริหาร\nเผยแพร่บนเว็บไซต์",
        date(2024, 3, 31),
        "ดำเนินการแล้ว",
        "ร้อยละ 100",
        date(2024, 2, 15),
        "เผยแพร่แผนบนเว็บไซต์แล้ว",
    ),
    (
        "O18",
        "ระบบบริการออนไลน์ยังไม่ครบถ้วน",
        "พัฒนาระบบ E-Service",
        "สำนักปลัด",
        "ออกแบบแบบฟอร์มออนไลน์",
        date(2024, 3, 15),
        "อยู่ระหว่างดำเนินการ",
        "ร้อยละ 60",
        None,
        "ทดสอบระบบกับผู้รับบริการ",
    ),
    (
        "E6",
        "ช่องทางประชาสัมพันธ์เข้าถึงยาก",
        "ปรับปรุงหน้าเว็บไซต์ให้เข้าถึงง่าย",
        "งานประชาสัมพันธ์",
        "สำรวจความต้องการ",
        date(2024, 9, 30),
        "ยังไม่ดำเนินการ",
        "ร้อยละ 0",
        None,
        "",
    ),
    (
        "I25",
        "ผู้บริหารไม่แสดงเจตจำนงต่อต้านการทุจริต",
        "ประกาศเจตจำนงสุจริตของผู้บริหาร",
        "สำนักปลัด",
        "จัดกิจกรรมประกาศเจตจำนง",
        date(2023, 12, 31),
        "ดำเนินการแล้ว",
        None,
        date(2024, 1, 20),
        "จัดกิจกรรมแล้ว",
    ),
    (
        "O36",
        "ยังไม่มีแผนปฏิบัติการป้องกันการทุจริต",
        "จัดทำแผนปฏิบัติการป้องกันการทุจริต",
        "สำนักปลัด",
        "ประชุมคณะทำงาน",
        date(2024, 6, 30),
        "อยู่ระหว่างดำเนินการ",
        None,
        None,
        "ร่างแผนแล้ว",
    ),
    (
        "E11",
        "ขั้นตอนการให้บริการล่าช้า",
        "ลดขั้นตอนการให้บริการ",
        "กองช่าง",
        "ทบทวนขั้นตอน",
        date(2024, 1, 31),
        "ยังไม่ดำเนินการ",
        None,
        None,
        "",
    ),
]
KEYS = ("item_code", "issue", "measure", "responsible", "steps", "due", "status", "progress", "completed", "result")
STATUS = {"ดำเนินการแล้ว": "done", "อยู่ระหว่างดำเนินการ": "in_progress", "ยังไม่ดำเนินการ": "not_started"}
AS_OF = date(2024, 4, 30)  # round 6 of FY2567 is reported by 30 April: the importer's default


def fill(data: bytes, rows=FILLED, agency: str | None = None, round_text: str | None = "รอบ 6 เดือน") -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheet_names()["data"]]
    if agency is not None:
        ws.cell(AGENCY_ROW + 1, VALUE_COL + 1).value = agency
    if round_text is not None:
        ws.cell(ROUND_ROW + 1, VALUE_COL + 1).value = round_text
    for i, row in enumerate(rows):
        r = FIRST_DATA_ROW + 1 + i
        for key, value in zip(KEYS, row):
            if value is None:
                continue
            if key == "item_code":
                value = code_choice(catalogs.lookup(value, CATALOG))
            ws.cell(r, column_index(key) + 1).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def expected(i: int, row: tuple) -> dict:
    code, issue, measure, responsible, steps, due, status_th, progress, completed, result = row
    item = catalogs.lookup(code, CATALOG)
    status = STATUS[status_th]
    pct = {"done": 100.0, "not_started": 0.0}.get(status)
    if status == "in_progress" and progress:
        pct = float(progress.split()[-1])
    if status == "done":
        timeliness = "on_time" if completed <= due else "late"
    else:
        timeliness = "overdue" if due < AS_OF else "not_due"
    return {
        "source_file": "filled.xlsx",
        "source_sheet": sheet_names()["data"],
        "source_row": FIRST_DATA_ROW + 1 + i,
        "agency": AGENCY,
        "district": DISTRICT,
        "province": PROVINCE,
        "fiscal_year": FY,
        "round": 6,
        "catalog_year": CATALOG,
        "tool": item.tool,
        "indicator": item.indicator,
        "item_codes": code,
        "issue": issue,
        "measure": measure,
        "responsible": responsible,
        "steps": steps,
        "period_text": due.isoformat(),
        "result": result,
        "status": status,
        "progress_pct": pct,
        "due_date": due.isoformat(),
        "completed_date": completed.isoformat() if status == "done" else "",
        "timeliness": timeliness,
        "flags": "",
        "reported_completed_date": "",
        "as_of": AS_OF.isoformat(),
    }


def normalise(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:
        pass
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


@pytest.fixture(scope="module")
def blank() -> bytes:
    return template_xlsx(fiscal_year=FY)


def test_filled_template_reads_back_exactly(blank):
    """The key test: several measures, every status, dates, codes — every field exact, no flags."""
    data = fill(blank, agency=agency_line(AGENCY, DISTRICT, PROVINCE))
    result = parse_file(data, "filled.xlsx")
    assert result.error is None
    assert [m.code for m in result.messages if m.level != "info"] == []
    got = result.measures
    assert list(got.columns) == MEASURE_FIELDS
    assert len(got) == len(FILLED)
    assert set(got["status"]) == {"done", "in_progress", "not_started"}
    assert set(got["timeliness"]) >= {"on_time", "late", "overdue", "not_due"}
    for i, row in enumerate(FILLED):
        record = got.iloc[i].to_dict()
        want = expected(i, row)
        for field in MEASURE_FIELDS:
            assert normalise(record[field]) == normalise(want[field]), (i, field, record[field], want[field])


def test_headers_map_to_the_importers_roles():
    """A sub-header without a role of its own takes its group's (the importer reads two-row
    headers that way); an empty role means the column must stay unmapped."""
    for col in columns():
        effective = match_role(col.header) or (match_role(col.group) if col.group else None)
        assert effective == (col.role or None), col.header


def test_blank_template_is_not_mistaken_for_data(blank):
    result = parse_file(blank, "blank.xlsx")
    assert result.error is None and len(result.measures) == 0
    codes = {m.code for m in result.messages}
    assert {"notes_sheet", "hidden_sheet"} <= codes  # instructions and lists are skipped
    sheets = result.detected["sheets"]
    assert [s["sheet"] for s in sheets] == [sheet_names()["data"]]
    assert sheets[0]["header_rows"] == [6, 7]


def test_workbook_structure(blank):
    wb = openpyxl.load_workbook(io.BytesIO(blank))
    names = sheet_names()
    assert wb.sheetnames == [names["data"], names["help"], names["lists"]]
    assert wb[names["lists"]].sheet_state == "hidden"
    assert names["help"] == "คำชี้แจง"
    help_text = "\n".join(str(c.value) for c in wb[names["help"]]["A"] if c.value)
    assert "คำชี้แจง" in help_text and "ดำเนินการแล้ว" in help_text and str(CATALOG) in help_text
    ws = wb[names["data"]]
    assert f"{FY}" in ws["A2"].value
    assert ws.freeze_panes == f"B{FIRST_DATA_ROW + 1}"
    validations = ws.data_validations.dataValidation
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in validations if v.type == "list"}
    col = lambda key: openpyxl.utils.get_column_letter(column_index(key) + 1)  # noqa: E731
    assert lists[f"{col('item_code')}{FIRST_DATA_ROW + 1}"].startswith(f"'{names['lists']}'!$A$2")
    assert names["lists"] in lists[f"{col('status')}{FIRST_DATA_ROW + 1}"]
    dates = [v for v in validations if v.type == "date"]
    assert {str(v.sqref).split(":")[0] for v in dates} == {
        f"{col('due')}{FIRST_DATA_ROW + 1}",
        f"{col('completed')}{FIRST_DATA_ROW + 1}",
    }
    lists_ws = wb[names["lists"]]
    codes = [c.value for c in lists_ws["B"][1:] if c.value]
    assert codes == [it.code for it in catalogs.items(CATALOG)]
    assert [c.value for c in lists_ws["F"][1:4]] == list(status_choices())
    assert [c.value for c in lists_ws["G"][1:12]] == list(progress_choices())
    assert [c.value for c in lists_ws["H"][1:3]] == list(round_choices())
    due_cell = ws.cell(FIRST_DATA_ROW + 1, column_index("due") + 1)
    assert "107041E" in due_cell.number_format


def test_prefilled_title_block():
    data = template_xlsx(
        fiscal_year=2566, agency="องค์การบริหารส่วนตำบลทุ่งมะพร้าว", district="เมืองพังงา", province="พังงา", round=12, rows=10
    )
    row = [("I7",) + FILLED[0][1:5] + (date(2023, 3, 31), "ดำเนินการแล้ว", None, date(2023, 2, 15), "แล้วเสร็จ")]
    result = parse_file(_fill_2565(data, row), "thung.xlsx")
    m = result.measures.iloc[0]
    assert (m["agency"], m["district"], m["province"]) == ("องค์การบริหารส่วนตำบลทุ่งมะพร้าว", "เมืองพังงา", "พังงา")
    assert (m["fiscal_year"], m["round"], m["catalog_year"]) == (2566, 12, 2565)
    assert m["flags"] == "" and m["item_codes"] == "I7"


def _fill_2565(data: bytes, rows) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheet_names()["data"]]
    for i, row in enumerate(rows):
        for key, value in zip(KEYS, row):
            if value is not None:
                if key == "item_code":
                    value = code_choice(catalogs.lookup(value, 2565))
                ws.cell(FIRST_DATA_ROW + 1 + i, column_index(key) + 1).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="กรอบการประเมิน"):
        template_xlsx(fiscal_year=2567, catalog_year=2590)
    with pytest.raises(ValueError, match="round"):
        template_xlsx(fiscal_year=2567, round=3)


def test_round_trip_through_a_spreadsheet_program(blank, tmp_path):
    """Saved by LibreOffice (formulas computed and cached, as Excel does), still exact."""
    src = tmp_path / "filled.xlsx"
    src.write_bytes(fill(blank, agency=agency_line(AGENCY, DISTRICT, PROVINCE)))
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(src)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    saved = (out / "filled.xlsx").read_bytes()
    shown = openpyxl.load_workbook(io.BytesIO(saved), data_only=True)[sheet_names()["data"]]
    indicator = shown.cell(FIRST_DATA_ROW + 1, column_index("indicator") + 1).value
    assert indicator == "ตัวชี้วัดที่ 2 การใช้งบประมาณ"  # the formula worked
    result = parse_file(saved, "filled.xlsx")
    for i, row in enumerate(FILLED):
        record, want = result.measures.iloc[i].to_dict(), expected(i, row)
        for field in MEASURE_FIELDS:
            assert normalise(record[field]) == normalise(want[field]), (i, field)


def test_every_catalog_item_reads_back_without_flags(blank):
    items = catalogs.items(CATALOG)
    issues = ["ผลคะแนนข้อนี้ต่ำกว่าเกณฑ์", "ประชาชนไม่ทราบช่องทางการติดต่อ", "บุคลากรขาดความเข้าใจเรื่องนี้"]
    rows = [
        (
            it.code,
            issues[i % 3],
            f"มาตรการที่ {i + 1}",
            "สำนักปลัด",
            "ดำเนินการ",
            date(2024, 3, 31),
            "ดำเนินการแล้ว",
            None,
            date(2024, 3, 1),
            "ดำเนินการแล้ว",
        )
        for i, it in enumerate(items)
    ]
    data = fill(template_xlsx(fiscal_year=FY, rows=len(items)), rows, agency=agency_line(AGENCY, DISTRICT, PROVINCE))
    got = parse_file(data, "all.xlsx").measures
    assert list(got["item_codes"]) == [it.code for it in items]
    assert list(got["flags"]) == [""] * len(items)


# ---------------------------------------------------------------- the 2568–2570 cycle


@pytest.mark.parametrize("fy, catalog_year", [(2569, 2568), (2570, 2569)])
def test_new_cycle_template_reads_back_exactly(fy, catalog_year):
    """Drop-downs with the new OIT codes; IIT/EIT (no published codes) by indicator; every entry read
    back with its tool, indicator and code, the catalog year from the title, and no flags."""
    from ita_metrics.export.template import code_choices

    choices = code_choices(catalog_year)
    assert [c.code for c in choices if c.tool == "OIT"] == [it.code for it in catalogs.items(catalog_year)]
    assert [(c.tool, c.indicator) for c in choices if not c.code] == [("IIT", n) for n in range(1, 6)] + [
        ("EIT", n) for n in range(6, 9)
    ]
    blank = template_xlsx(fiscal_year=fy, round=12, rows=len(choices))
    wb = openpyxl.load_workbook(io.BytesIO(blank))
    ws = wb[sheet_names()["data"]]
    ws.cell(AGENCY_ROW + 1, VALUE_COL + 1).value = agency_line(AGENCY, DISTRICT, PROVINCE)
    for i, choice in enumerate(choices):
        r = FIRST_DATA_ROW + 1 + i
        for key, value in (
            ("item_code", choice.text),
            ("measure", f"มาตรการที่ {i + 1}"),
            ("responsible", "สำนักปลัด"),
            ("due", date(fy - 543, 9, 30)),
            ("status", "ดำเนินการแล้ว"),
            ("completed", date(fy - 543, 8, 1)),
            ("result", "ดำเนินการแล้ว"),
        ):
            ws.cell(r, column_index(key) + 1).value = value
    out = io.BytesIO()
    wb.save(out)
    result = parse_file(out.getvalue(), "filled.xlsx")
    assert [m.code for m in result.messages if m.level != "info"] == []
    got = result.measures
    assert len(got) == len(choices)
    assert set(got["fiscal_year"]) == {fy} and set(got["round"]) == {12} and set(got["catalog_year"]) == {catalog_year}
    read = list(zip(got["tool"], got["indicator"], got["item_codes"]))
    assert read == [(c.tool, c.indicator, c.code) for c in choices]
    assert list(got["flags"]) == [""] * len(choices)
    assert set(got["timeliness"]) == {"on_time"}
    help_text = "\n".join(str(c.value) for c in wb[sheet_names()["help"]]["A"] if c.value)
    assert "ไม่มีรหัสข้อ IIT/EIT" in help_text and str(catalog_year) in help_text


def test_template_for_an_older_year_has_no_indicator_entries(blank):
    from ita_metrics.export.template import code_choices

    assert all(c.code for c in code_choices(CATALOG))
    help_text = "\n".join(
        str(c.value) for c in openpyxl.load_workbook(io.BytesIO(blank))[sheet_names()["help"]]["A"] if c.value
    )
    assert "ไม่มีรหัสข้อ IIT/EIT" not in help_text
