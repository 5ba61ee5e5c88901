"""PDF reports, one rule each, on PDFs made here: Word documents (python-docx) printed to PDF by
LibreOffice, and pages drawn with pypdfium2."""

import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from doc_helpers import add_table, docx_bytes, measure_row, new_document, symbol_marks_doc, to_pdf
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from ita_metrics.interpret.importer import parse_file
from ita_metrics.reading import read_pdf
from ita_metrics.reading.pdf_page import Cell, PageRow

LONG_STEPS = "\n".join(f"{i}. ขั้นตอนที่ {i} ของมาตรการ" for i in range(1, 19))
PUA_RESULT = "ดำเนินการแล\uf70bว ผ\u0e39\uf70bรับผิดชอบรายงานแล\uf70bว"  # แล้ว, ผู้ with the tone mark in the PUA


def _ruled():
    doc = new_document()
    add_table(doc, [measure_row(1), measure_row(2, result="อยู่ระหว่างดำเนินการ")])
    return doc


def _split():
    doc = new_document()
    long_row = measure_row(1)
    long_row[1] = LONG_STEPS
    add_table(doc, [long_row, measure_row(2)])
    return doc


def _kept_whole():
    doc = new_document()
    long_row = measure_row(2)
    long_row[1] = "\n".join(LONG_STEPS.split("\n")[:8])
    table = add_table(doc, [measure_row(1)] * 4 + [long_row])
    for row in table.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    return doc


def _borderless():
    doc = new_document()
    add_table(doc, [measure_row(1), measure_row(2, result="ยังไม่ได้ดำเนินการ"), measure_row(3)], borders=False)
    return doc


def _tight():
    """No ruling lines and no space between rows: cell margins and paragraph spacing at zero."""
    doc = new_document()
    doc.styles["Normal"].paragraph_format.space_after = Pt(0)
    doc.styles["Normal"].paragraph_format.space_before = Pt(0)
    rows = [measure_row(1), measure_row(2, result="ยังไม่ได้ดำเนินการ"), measure_row(3)]
    rows[0][1] = "เผยแพร่ข้อมูลข้อที่ 1 บนเว็บไซต์ของหน่วยงาน และปิดประกาศที่สำนักงานให้ประชาชนทราบ"
    table = add_table(doc, rows, borders=False)
    table._tbl.tblPr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:top w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/></w:tblCellMar>'
        )
    )
    return doc


def _footer():
    doc = new_document()
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = "แบบรายงานผลตามมาตรการ ITA เทศบาลตำบลตัวอย่าง หน้า "
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    add_table(doc, [measure_row(n) for n in range(1, 13)])
    return doc


def _check_marks():
    """A two-row header: the result column's merged parent over three check-mark columns."""
    doc = new_document()
    head1 = ["ที่", "มาตรการ/กิจกรรม", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน", "", ""]
    head2 = ["", "", "", "", "ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ดำเนินการ"]
    marks = (["✓", "", ""], ["", "✓", ""], ["", "", "✓"])
    rows = [[str(i), f"O{i} เผยแพร่ข้อมูลข้อที่ {i} บนเว็บไซต์", "สำนักปลัด", "ตุลาคม ๒๕๖๕"] + marks[i % 3] for i in range(1, 7)]
    table = add_table(doc, [head2] + rows, header=head1)
    table.cell(0, 4).merge(table.cell(0, 6))
    for c in range(4):
        table.cell(0, c).merge(table.cell(1, c))
    return doc


def _pua():
    doc = new_document()
    add_table(doc, [measure_row(1, result=PUA_RESULT)])
    return doc


@pytest.fixture(scope="module")
def pdfs():
    builders = {
        "ruled": _ruled,
        "split": _split,
        "kept": _kept_whole,
        "borderless": _borderless,
        "footer": _footer,
        "pua": _pua,
        "checks": _check_marks,
        "tight": _tight,
        "symbols": symbol_marks_doc,
    }
    return to_pdf({name: docx_bytes(build()) for name, build in builders.items()})


def parse(data, name="report.pdf"):
    return parse_file(data, name)


def pages_of(data):
    return len(pdfium.PdfDocument(data))


def test_ruled_table_reads_cells_and_traces_to_page_and_row(pdfs):
    res = parse(pdfs["ruled"])
    assert res.error is None
    m = res.measures
    assert list(m["item_codes"]) == ["O1", "O2"] and list(m["status"]) == ["done", "in_progress"]
    assert list(m["source_sheet"]) == ["หน้า 1", "หน้า 1"]
    assert list(m["source_row"].astype(int)) == [5, 6]  # 3 title lines, the header, then the rows
    assert m.iloc[0]["agency"] == "เทศบาลตำบลตัวอย่าง" and int(m.iloc[0]["fiscal_year"]) == 2566
    assert m.iloc[0]["responsible"] == "สำนักปลัด" and m.iloc[0]["completed_date"] == "2022-10-15"


def test_row_broken_across_pages_is_one_measure(pdfs):
    assert pages_of(pdfs["split"]) >= 2
    res = parse(pdfs["split"])
    m = res.measures
    assert list(m["item_codes"]) == ["O1", "O2"]
    first = m.iloc[0]
    assert "continued_row" in first["flags"]
    assert "18. ขั้นตอนที่ 18" in first["measure"] and "1. ขั้นตอนที่ 1" in first["measure"]
    sk = res.skipped
    cont = sk[sk["reason"] == "continuation"]
    assert list(cont["source_sheet"]) == ["หน้า 2"]


def test_header_repeated_on_the_next_page_is_skipped_there(pdfs):
    sk = parse(pdfs["split"]).skipped
    rep = sk[sk["reason"] == "header_repeat"]
    n = pages_of(pdfs["split"])
    assert list(zip(rep["source_sheet"], rep["source_row"].astype(int))) == [(f"หน้า {p}", 1) for p in range(2, n + 1)]


def test_row_moved_whole_to_the_next_page_is_not_joined(pdfs):
    assert pages_of(pdfs["kept"]) >= 2
    m = parse(pdfs["kept"]).measures
    assert len(m) == 5 and "continued_row" not in ";".join(m["flags"])
    assert m.iloc[4]["source_sheet"] == "หน้า 2"


def test_table_without_ruling_lines_is_read_by_column_positions(pdfs):
    res = parse(pdfs["borderless"])
    m = res.measures
    assert list(m["item_codes"]) == ["O1", "O2", "O3"]
    assert list(m["status"]) == ["done", "not_started", "done"]
    assert list(m["responsible"]) == ["สำนักปลัด"] * 3


def test_table_without_lines_or_space_between_rows_is_cut_where_a_column_starts_again(pdfs):
    m = parse(pdfs["tight"]).measures
    assert list(m["item_codes"]) == ["O1", "O2", "O3"]
    assert list(m["status"]) == ["done", "not_started", "done"]
    assert "ประชาชนทราบ" in m.iloc[0]["measure"] and m.iloc[0]["issue"].replace("\n", "").endswith("ข้อที่ 1")


def test_running_footer_and_page_numbers_are_not_rows(pdfs):
    assert pages_of(pdfs["footer"]) >= 2
    res = parse(pdfs["footer"])
    assert len(res.measures) == 12
    footer = res.skipped[res.skipped["text"].str.contains("แบบรายงานผลตามมาตรการ ITA")]
    assert list(footer["source_sheet"]) == ["หน้า 1"]  # kept once (it may name the agency), not per page
    assert not res.skipped["reason"].eq("orphan").any()


def test_two_row_header_with_check_marks_reads_as_from_the_word_file(pdfs):
    from_word = parse_file(docx_bytes(_check_marks()), "report.docx").measures
    from_pdf = parse(pdfs["checks"]).measures
    assert list(from_pdf["status"]) == ["in_progress", "not_started", "done"] * 2
    cols = ["item_codes", "status", "due_date", "responsible"]
    assert from_pdf[cols].values.tolist() == from_word[cols].values.tolist()


def _rotated(data: bytes) -> bytes:
    """The same pages stored portrait with their content turned, shown landscape by /Rotate 90
    (how some "print to PDF" drivers store landscape pages)."""
    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        w, h = page.get_size()
        for obj in list(page.get_objects(max_depth=0)):
            obj.transform(pdfium.PdfMatrix(0, 1, -1, 0, h, 0))
        page.gen_content()
        pdfium_c.FPDFPage_SetMediaBox(page.raw, 0, 0, h, w)
        page.set_rotation(90)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_page_rotated_for_display_reads_as_shown(pdfs):
    rotated = _rotated(pdfs["ruled"])
    assert pdfium.PdfDocument(rotated)[0].get_rotation() == 90
    cols = ["source_sheet", "source_row", "item_codes", "status", "responsible", "completed_date"]
    assert parse(rotated).measures[cols].values.tolist() == parse(pdfs["ruled"]).measures[cols].values.tolist()


def test_symbol_font_check_marks_tick_their_column(pdfs):
    """Wingdings codes reach the PDF's text layer as U+F0xx; they read as the mark they show."""
    assert list(parse(pdfs["symbols"]).measures["status"]) == ["done", "in_progress"]


def test_private_use_area_marks_become_standard_thai(pdfs):
    res = parse(pdfs["pua"])
    m = res.measures.iloc[0]
    assert "\uf70b" not in m["result"]
    assert "แล้ว" in m["result"] and "ผู้รับผิดชอบ" in m["result"]
    assert m["status"] == "done"


def test_encrypted_pdf_is_refused_with_its_own_message(pdfs):
    options = (
        '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    data = to_pdf({"locked": docx_bytes(_ruled())}, options)["locked"]
    err = parse(data).error
    assert err.code == "encrypted_pdf" and "รหัสผ่าน" in err.th


def test_page_limit(pdfs, monkeypatch):
    monkeypatch.setenv("ITA_MAX_PAGES", "1")
    err = parse(pdfs["split"]).error
    assert err.code == "too_many_pages" and "สูงสุด 1 หน้า" in err.th


def test_not_a_pdf_and_damaged_pdf(pdfs):
    assert parse(b"<html>hello</html>").error.code == "not_a_document"
    assert parse(pdfs["ruled"][:400]).error.code == "damaged_document"


def _image_pdf(pages: int = 1, text_first: bytes | None = None) -> bytes:
    """Pages holding only a picture, as a scanner makes them (after a text PDF's pages if given)."""
    pdf = pdfium.PdfDocument(text_first) if text_first else pdfium.PdfDocument.new()
    for _ in range(pages):
        page = pdf.new_page(595, 842)
        image = pdfium.PdfImage.new(pdf)
        bitmap = pdfium.PdfBitmap.new_native(40, 40, pdfium_c.FPDFBitmap_BGR)
        bitmap.fill_rect((200, 200, 200, 255), 0, 0, 40, 40)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(500, 700).translate(40, 60))
        page.insert_obj(image)
        page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_scan_is_recognised_and_refused_when_no_ocr_is_installed(monkeypatch):
    monkeypatch.setenv("ITA_TESSERACT", "/nonexistent/tesseract")  # a scan is read by OCR (issue 16)
    data = _image_pdf(2)
    assert read_pdf.scanned_pages(pdfium.PdfDocument(data)) == [1, 2]
    err = parse(data).error
    assert err.code == "tesseract_missing" and "สแกน" in err.th and "ทุกหน้า 2 หน้า" in err.th


def test_scanned_page_inside_a_text_pdf_is_named_in_a_warning_without_tesseract(pdfs, monkeypatch):
    monkeypatch.setenv("ITA_TESSERACT", "/nonexistent/tesseract")
    res = parse(_image_pdf(1, text_first=pdfs["ruled"]))
    assert len(res.measures) == 2
    warn = [w for w in res.messages if w.code == "scanned_pages"]
    assert warn and "หน้า 2" in warn[0].th


def test_scanned_page_inside_a_text_pdf_is_read_by_ocr(pdfs):
    """A report exported to PDF with a page printed, signed and scanned back in (here the first
    page of tests/fixtures/scan_small.pdf): the text pages read as text, the scanned page by OCR,
    its measures flagged read_by_ocr with their cells kept for checking."""
    from pathlib import Path

    mixed = pdfium.PdfDocument(pdfs["ruled"])
    text_pages = len(mixed)
    mixed.import_pages(pdfium.PdfDocument(Path(__file__).parent / "fixtures" / "scan_small.pdf"), [0])
    buf = io.BytesIO()
    mixed.save(buf)
    seen: list[tuple[int, int]] = []
    res = parse_file(buf.getvalue(), "mixed.pdf", progress=lambda d, n: seen.append((d, n)))
    assert res.error is None and not [w for w in res.messages if w.code == "scanned_pages"]
    text = [r for r in res.records if "read_by_ocr" not in r["flags"]]
    ocr = [r for r in res.records if "read_by_ocr" in r["flags"]]
    assert [r["item_codes"] for r in text] == ["O1", "O2"]
    assert ocr and {r["source_sheet"] for r in ocr} == {f"หน้า {text_pages + 1}"}
    assert ocr[0]["completed_date"] == "2022-12-16" and ocr[0]["item_codes"] == "I3"
    assert {c["page"] for c in res.ocr_cells} == {text_pages + 1} and seen[-1] == (1, 1)


def test_scanned_pages_go_to_the_ocr_reader_when_one_is_installed(monkeypatch, read_in_process):
    """The hook issue 16's OCR plugs into: it returns the page's rows in PDF points."""
    header = ["มาตรการ", "ผู้รับผิดชอบ", "ผลการดำเนินงาน"]
    values = ["O1 เผยแพร่ข้อมูลบนเว็บไซต์", "สำนักปลัด", "ดำเนินการแล้ว ๑๕ ตุลาคม ๒๕๖๕"]

    def fake_ocr(page, number):
        title = PageRow(40, 60, [Cell(40, 500, "เทศบาลตำบลตัวอย่าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")], in_table=False)
        return [title] + [
            PageRow(100 + 40 * i, 140 + 40 * i, [Cell(40 + 150 * k, 190 + 150 * k, v) for k, v in enumerate(row)])
            for i, row in enumerate([header, values])
        ]

    monkeypatch.setattr(read_pdf, "scan_reader", lambda: fake_ocr)
    res = parse(_image_pdf(1))
    m = res.measures.iloc[0]
    assert (m["source_sheet"], int(m["source_row"]), m["status"]) == ("หน้า 1", 3, "done")
    assert m["agency"] == "เทศบาลตำบลตัวอย่าง"


def test_filled_template_printed_to_pdf_reads_back_like_the_workbook():
    """The submission template an agency filled in and saved as PDF (LibreOffice Calc)."""
    from ita_metrics.export.template import template_xlsx
    from tests.test_template import FY, fill

    workbook = fill(template_xlsx(fiscal_year=FY))
    pdf = to_pdf({"filled": workbook}, ext="xlsx")["filled"]
    cols = [
        "agency",
        "fiscal_year",
        "round",
        "item_codes",
        "status",
        "progress_pct",
        "due_date",
        "completed_date",
        "responsible",
        "result",
    ]
    from_pdf = parse(pdf).measures
    assert len(from_pdf) == 6 and set(from_pdf["source_sheet"]) == {"หน้า 1"}
    from_workbook = parse_file(workbook, "filled.xlsx").measures
    assert from_pdf[cols].astype(str).values.tolist() == from_workbook[cols].astype(str).values.tolist()
