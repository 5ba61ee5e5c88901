"""The Word and PDF copies of a real report read as its spreadsheet twin, and every figure traces
back to a page (PDF) or a table (Word) and a row there."""

from datetime import date

import pytest

from ita_metrics.interpret.importer import parse_path

AS_OF = date(2023, 4, 30)
COMPARED = [
    "agency",
    "fiscal_year",
    "round",
    "tool",
    "indicator",
    "item_codes",
    "status",
    "due_date",
    "completed_date",
    "timeliness",
]


@pytest.fixture(scope="module")
def parsed(fixtures_dir):
    names = ("thaworn_2566_r6.xlsx", "thaworn_2566_r6.docx", "thaworn_2566_r6.pdf")
    return {n.rsplit(".", 1)[1]: parse_path(fixtures_dir / n, AS_OF) for n in names}


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_document_reads_like_its_spreadsheet_twin(parsed, kind):
    sheet, doc = parsed["xlsx"], parsed[kind]
    assert doc.error is None
    assert len(doc.measures) == len(sheet.measures) == 43
    assert doc.measures[COMPARED].astype(str).values.tolist() == sheet.measures[COMPARED].astype(str).values.tolist()


def test_pdf_rows_trace_to_page_and_row(parsed):
    m = parsed["pdf"].measures
    first = m.iloc[0]
    assert (first["source_sheet"], int(first["source_row"])) == ("หน้า 1", 14)
    assert set(m["source_sheet"]) <= {f"หน้า {n}" for n in range(1, 50)}
    assert m["source_sheet"].nunique() > 30  # measures are spread over the 49 pages, each on its own


def test_pdf_rows_broken_across_pages_are_joined(parsed):
    res = parsed["pdf"]
    first = res.measures.iloc[0]
    # Item I13's issue ends "อย่างน้อยเพียงใด": "เพียงใด" is on page 2, the rest on page 1.
    assert "continued_row" in first["flags"] and "อย่างน้อยเพียงใด" in first["issue"].replace("\n", "")
    cont = res.skipped[(res.skipped["source_sheet"] == "หน้า 2") & (res.skipped["reason"] == "continuation")]
    assert list(cont["source_row"].astype(int)) == [2]


def test_pdf_header_repeated_on_every_page_is_skipped_with_its_page(parsed):
    sk = parsed["pdf"].skipped
    repeats = sk[sk["reason"] == "header_repeat"]
    assert set(repeats["source_sheet"]) == {f"หน้า {n}" for n in range(2, 50)}
    assert set(repeats["source_row"].astype(int)) == {1}


def test_docx_rows_trace_to_table_and_row(parsed):
    m = parsed["docx"].measures
    assert (m.iloc[0]["source_sheet"], int(m.iloc[0]["source_row"])) == ("ตาราง 1", 2)
    titles = parsed["docx"].skipped
    assert {"ย่อหน้า"} <= set(titles["source_sheet"])  # the paragraphs above the table are title rows


def test_scan_without_ocr_installed_is_refused_with_a_thai_message_naming_the_scan(fixtures_dir, monkeypatch):
    monkeypatch.setenv("ITA_TESSERACT", "/nonexistent/tesseract")  # as on a machine without Tesseract
    res = parse_path(fixtures_dir / "thaworn_2566_r6_scan.pdf", AS_OF)
    assert res.error is not None and res.error.code == "tesseract_missing"
    assert "สแกน" in res.error.th and "ทุกหน้า 49 หน้า" in res.error.th and "all 49 pages" in res.error.en


def test_store_and_cli_take_documents_and_keep_page_and_row(fixtures_dir, tmp_path, capsys, monkeypatch):
    from ita_metrics.cli import main
    from ita_metrics.store import Store

    monkeypatch.delenv("ITA_STORE_PATH", raising=False)
    db = tmp_path / "ita.sqlite"
    code = main(["store", "--store", str(db), "import", str(fixtures_dir / "thaworn_2566_r6.pdf")])
    out = capsys.readouterr().out
    assert code == 0 and "thaworn_2566_r6.pdf: นำเข้าแล้ว 1 รายงาน 43 มาตรการ" in out
    stored = Store(db).measures()
    assert len(stored) == 43 and stored["source_sheet"].str.startswith("หน้า ").all()
    code = main(["parse", str(fixtures_dir / "thaworn_2566_r6.docx"), "--format", "csv"])
    assert code == 0 and "ตาราง 1" in capsys.readouterr().out
