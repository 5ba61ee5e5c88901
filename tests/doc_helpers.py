"""Word documents built with python-docx, and their PDFs made by LibreOffice, for one-rule tests."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

TITLES = [
    "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน",
    "เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดขอนแก่น",
]
HEADER = ["ประเด็นที่ต้องพัฒนา", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน"]


def measure_row(n: int, result: str = "ดำเนินการแล้วเมื่อ ๑๕ ตุลาคม ๒๕๖๕") -> list[str]:
    """A measure of indicator 9 (OIT) with item code O{n}."""
    return [
        f"O{n} ข้อมูลที่ต้องเปิดเผยข้อที่ {n}",
        f"เผยแพร่ข้อมูลข้อที่ {n} บนเว็บไซต์ของหน่วยงาน",
        "สำนักปลัด",
        "ภายในเดือนตุลาคม ๒๕๖๕",
        result,
    ]


def new_document(landscape: bool = True, titles: list[str] | None = None) -> Document:
    doc = Document()
    sec = doc.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    style = doc.styles["Normal"]
    style.font.name = "Laksaman"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:cs"), "Laksaman")
    for t in TITLES if titles is None else titles:
        doc.add_paragraph(t)
    return doc


def add_table(
    doc: Document,
    rows: list[list[str]],
    header: list[str] | None = HEADER,
    borders: bool = True,
    repeat_header: bool = True,
):
    """A table with `header` (marked as Word's repeated header row) and `rows`."""
    head = [header] if header else []
    width = len((head or rows)[0])
    table = doc.add_table(rows=0, cols=width)
    if borders:
        table.style = "Table Grid"
    for i, values in enumerate(head + rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = value
        if i == 0 and header and repeat_header:
            tr_pr = table.rows[i]._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")} w:val="true"/>'))
    return table


def add_text_box(paragraph, text: str) -> None:
    """A VML text box inside a paragraph (what Word writes as the fallback of a drawing)."""
    xml = (
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml">'
        '<w:pict><v:shape style="width:200pt;height:40pt">'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
        f"</v:textbox></v:shape></w:pict></w:r>"
    )
    paragraph._p.append(parse_xml(xml))


def docx_bytes(doc: Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_pdf(docs: dict[str, bytes], options: str = "", ext: str = "docx") -> dict[str, bytes]:
    """Several .docx (or .xlsx) converted by one LibreOffice run (a private profile, so runs never
    collide)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (Debian libreoffice-writer-nogui) is needed: scripts/debian-packages.txt"
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for name, data in docs.items():
            (d / f"{name}.{ext}").write_bytes(data)
        target = "pdf" + (f":writer_pdf_Export:{options}" if options else "")
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{d}/profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(d / "out"),
        ] + [str(d / f"{n}.{ext}") for n in docs]
        subprocess.run(cmd, check=True, capture_output=True, timeout=240, env={**os.environ, "HOME": str(d)})
        return {n: (d / "out" / f"{n}.pdf").read_bytes() for n in docs}


def symbol_marks_doc() -> Document:
    """Check-mark columns ticked with Insert > Symbol: Wingdings ✓ (F0FC) and Wingdings 2 ✓ (F050)."""
    doc = new_document()
    head = ["มาตรการ", "ผู้รับผิดชอบ", "ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ดำเนินการ"]
    table = add_table(
        doc, [["O1 เผยแพร่ข้อมูล", "สำนักปลัด", "", "", ""], ["O2 เผยแพร่ข้อมูล", "สำนักปลัด", "", "", ""]], header=head
    )
    for row, col, font, code in ((1, 2, "Wingdings", "F0FC"), (2, 3, "Wingdings 2", "F050")):
        table.cell(row, col).paragraphs[0]._p.append(
            parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="{font}" w:char="{code}"/></w:r>')
        )
    return doc
