"""Small hostile workbooks, built on the fly: each one once took the reader (and so the server) down.

- `far_cell_xlsx(part)`: a 5 KB .xlsx with cells at A1 and XFD1048576 whose worksheet part is named
  `part` (`sheet1.dat`, `sheet1.XML`): the reader follows the relationships whatever the name, and
  the dense grid it builds would need ~550 GB.
- `date_xlsx(value)`: a date-formatted cell holding `value` (−1e12 made calamine panic).
"""

from __future__ import annotations

import io
import zipfile

import openpyxl


def _workbook(cells: list[tuple[str, object, str | None]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for ref, value, number_format in cells:
        ws[ref] = value
        if number_format:
            ws[ref].number_format = number_format
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rename_part(data: bytes, old: str, new: str) -> bytes:
    """The same workbook with one part renamed and every reference to it (rels, content types) kept."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    old_ref, new_ref = old.split("/", 1)[1].encode(), new.split("/", 1)[1].encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename).replace(old_ref, new_ref)
            dst.writestr(new if info.filename == old else info.filename, body)
    return out.getvalue()


def far_cell_xlsx(part: str = "sheet1.dat") -> bytes:
    """Cells at A1 and XFD1048576; the worksheet stored as xl/worksheets/`part`."""
    data = _workbook([("A1", "มาตรการ", None), ("XFD1048576", 1, None)])
    return rename_part(data, "xl/worksheets/sheet1.xml", f"xl/worksheets/{part}")


def date_xlsx(value: float = -1e12, number_format: str = "yyyy-mm-dd") -> bytes:
    """One text cell and one date-formatted number."""
    return _workbook([("A1", "มาตรการ", None), ("A2", value, number_format)])
