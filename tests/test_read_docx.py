"""Word (.docx) reports, one rule each, on documents made here with python-docx."""

import io
import zipfile

from doc_helpers import (
    HEADER,
    add_table,
    add_text_box,
    docx_bytes,
    measure_row,
    new_document,
    symbol_marks_doc,
)
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ita_metrics.interpret.importer import parse_file
from ita_metrics.reading.read_docx import read_docx


def parse(doc):
    return parse_file(docx_bytes(doc) if not isinstance(doc, bytes) else doc, "report.docx")


def test_paragraphs_above_the_table_give_agency_year_and_round():
    doc = new_document()
    add_table(doc, [measure_row(1)])
    res = parse(doc)
    m = res.measures.iloc[0]
    assert res.error is None
    assert (m["agency"], m["district"], m["province"]) == ("เทศบาลตำบลตัวอย่าง", "เมือง", "ขอนแก่น")
    assert (int(m["fiscal_year"]), int(m["round"])) == (2566, 6)
    assert (m["item_codes"], m["status"], m["completed_date"]) == ("O1", "done", "2022-10-15")


def test_rows_trace_to_table_and_row_and_paragraphs_to_their_number():
    doc = new_document()
    add_table(doc, [measure_row(1), measure_row(2)])
    res = parse(doc)
    assert list(zip(res.measures["source_sheet"], res.measures["source_row"].astype(int))) == [
        ("ตาราง 1", 2),
        ("ตาราง 1", 3),
    ]
    titles = res.skipped[res.skipped["reason"] == "title"]
    assert list(zip(titles["source_sheet"], titles["source_row"].astype(int))) == [
        ("ย่อหน้า", 1),
        ("ย่อหน้า", 2),
        ("ย่อหน้า", 3),
    ]


def test_grid_span_is_a_horizontal_merge_and_a_heading_row():
    doc = new_document()
    table = add_table(doc, [["ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล", "", "", "", ""], measure_row(1)])
    row = table.rows[1]
    row.cells[0].merge(row.cells[4])
    sheet = read_docx(docx_bytes(doc), "r.docx")[0]
    r = len(sheet.rows) - 2  # the heading row, 0-based
    assert (r, 0, r, 4) in sheet.merged and sheet.rows[r][1:] == [None] * 4
    res = parse(doc)
    assert res.skipped[res.skipped["reason"] == "section"]["text"].str.contains("ตัวชี้วัดที่").any()
    assert len(res.measures) == 1 and res.measures.iloc[0]["indicator"] == 9


def test_vertical_merge_gives_every_measure_its_issue():
    doc = new_document()
    table = add_table(doc, [measure_row(1), measure_row(2)])
    table.cell(1, 0).merge(table.cell(2, 0))  # python-docx writes vMerge restart/continue
    table.cell(1, 0).text = "O1 ข้อมูลที่ต้องเปิดเผยร่วมกันสองมาตรการ"
    sheet = read_docx(docx_bytes(doc), "r.docx")[0]
    top = len(sheet.rows) - 2
    assert (top, 0, top + 1, 0) in sheet.merged and sheet.rows[top + 1][0] is None
    res = parse(doc)
    assert len(res.measures) == 2
    assert all("ร่วมกันสองมาตรการ" in t for t in res.measures["issue"])


def test_tables_sharing_a_header_are_one_report_and_the_second_header_is_a_repeat():
    doc = new_document()
    add_table(doc, [measure_row(1)])
    doc.add_paragraph("(ต่อ)")
    add_table(doc, [measure_row(2)])
    sheets = read_docx(docx_bytes(doc), "r.docx")
    assert len(sheets) == 1
    res = parse(doc)
    assert list(res.measures["item_codes"]) == ["O1", "O2"]
    assert list(res.measures["source_sheet"]) == ["ตาราง 1", "ตาราง 2"]
    repeat = res.skipped[res.skipped["reason"] == "header_repeat"]
    assert list(zip(repeat["source_sheet"], repeat["source_row"].astype(int))) == [("ตาราง 2", 1)]


def test_a_table_with_another_header_is_another_part():
    doc = new_document()
    add_table(doc, [measure_row(1)])
    add_table(doc, [["จัดอบรมเจ้าหน้าที่", "ดำเนินการแล้ว"]], header=["มาตรการ", "ผลการดำเนินงาน"])
    sheets = read_docx(docx_bytes(doc), "r.docx")
    assert [s.name for s in sheets] == ["เอกสาร ส่วนที่ 1", "เอกสาร ส่วนที่ 2"]


def test_text_boxes_and_page_headers_are_not_read():
    doc = new_document()
    doc.sections[0].header.paragraphs[0].text = "องค์การบริหารส่วนตำบลอื่น ปีงบประมาณ พ.ศ. ๒๕๕๙"
    add_text_box(doc.paragraphs[0], "ข้อความในกล่องข้อความ ปีงบประมาณ พ.ศ. ๒๕๖๐")
    add_table(doc, [measure_row(1)])
    res = parse(doc)
    m = res.measures.iloc[0]
    assert (m["agency"], int(m["fiscal_year"])) == ("เทศบาลตำบลตัวอย่าง", 2566)
    assert not res.skipped["text"].str.contains("กล่องข้อความ").any()


def test_deleted_text_is_not_read():
    doc = new_document()
    table = add_table(doc, [measure_row(1, result="")])
    cell = table.cell(1, 4)
    cell.paragraphs[0]._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>ดำเนินการแล้ว</w:delText></w:r></w:del>')
    )
    cell.paragraphs[0]._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:t>ยังไม่ได้ดำเนินการ</w:t></w:r>"))
    assert parse(doc).measures.iloc[0]["status"] == "not_started"


def test_password_protected_and_old_word_files_are_refused_with_their_own_message():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200
    assert parse_file(ole + "EncryptionInfo".encode("utf-16-le"), "a.docx").error.code == "encrypted_document"
    assert parse_file(ole, "a.docx").error.code == "old_word"
    assert parse_file(ole, "a.doc").error.code == "old_word"
    assert "docx" in parse_file(ole, "a.doc").error.th


def test_macro_document_and_zip_that_is_no_word_file_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/vbaProject.bin", b"x")
        z.writestr("word/document.xml", "<x/>")
    assert parse_file(buf.getvalue(), "a.docx").error.code == "macro_workbook"
    assert parse_file(b"%PDF-1.4 not a zip", "a.docx").error.code == "not_a_document"


def test_docx_gets_the_zip_checks_of_spreadsheets(monkeypatch):
    monkeypatch.setenv("ITA_MAX_UNCOMPRESSED_MB", "1")
    doc = new_document()
    add_table(doc, [measure_row(1)])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes(doc))) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, src.read(item))
        z.writestr("word/media/padding.bin", b"\0" * (3 * 1024 * 1024))
    assert parse_file(buf.getvalue(), "a.docx").error.code == "zip_bomb"


def test_entities_are_not_expanded():
    doc = new_document()
    add_table(doc, [measure_row(1)])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes(doc))) as src, zipfile.ZipFile(buf, "w") as z:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>', 1)
                data = data.replace("สำนักปลัด".encode(), b"&x;")
            z.writestr(item, data)
    res = parse_file(buf.getvalue(), "a.docx")
    assert res.error is None and res.measures.iloc[0]["responsible"] == ""
    assert HEADER[0] in " ".join(res.skipped["text"])


def test_report_framed_in_a_one_cell_table_is_read_from_inside_the_frame():
    doc = new_document(titles=[])
    frame = doc.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = "เทศบาลตำบลตัวอย่าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน"
    add_table(frame, [measure_row(1), measure_row(2)])
    res = parse(doc)
    assert list(res.measures["item_codes"]) == ["O1", "O2"]
    assert res.measures.iloc[0]["agency"] == "เทศบาลตำบลตัวอย่าง"


def test_check_marks_inserted_as_symbols_tick_their_column():
    m = parse(symbol_marks_doc()).measures
    assert list(m["status"]) == ["done", "in_progress"]
