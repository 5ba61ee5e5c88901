"""Small workbook builders for one-rule tests."""

from __future__ import annotations

import io

import openpyxl


def xlsx_bytes(
    rows: list[list[object]], sheet: str = "Sheet1", extra_sheets: dict | None = None, merges: list[str] | None = None
) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for m in merges or []:
        ws.merge_cells(m)
    for name, srows in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for r in srows:
            other.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


TITLE = ["รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"]
YEAR = ["ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน"]
AGENCY = ["เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดขอนแก่น"]
HEADER = ["มาตรการ/แนวทาง", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน"]
