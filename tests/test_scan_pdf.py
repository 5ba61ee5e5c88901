"""A scanned report read for real by Tesseract: tests/fixtures/scan_small.pdf (3 pages, made by
tools/make_scan_fixture.py: printed by LibreOffice, rendered at 150 dpi, turned, speckled; its
middle page holds the rest of a row broken by the page break). One OCR run for the module."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ita_metrics import tesseract
from ita_metrics.importer import parse_file
from ita_metrics.tesseract import OcrCancelled

SCAN = Path(__file__).parent / "fixtures" / "scan_small.pdf"


@pytest.fixture(scope="module")
def scanned():
    seen: list[tuple[int, int]] = []
    result = parse_file(SCAN.read_bytes(), SCAN.name, progress=lambda d, n: seen.append((d, n)))
    return result, seen


def test_tesseract_with_thai_is_installed():
    tesseract.check_available()  # make test installs it (scripts/debian-packages.txt): no skipping


def test_report_metadata_read_from_the_scanned_title(scanned):
    result, _ = scanned
    assert result.error is None
    meta = result.detected["sheets"][0]["metadata"]
    # ๒๕๖๖ is read ๒๕๒๒ by Tesseract: the year comes from the confusions and the table's dates
    assert (meta["agency"], meta["province"], meta["fiscal_year"], meta["round"]) == (
        "องค์การบริหารส่วนตำบลหนองหิน",
        "บุรีรัมย์",
        2566,
        6,
    )


def test_measures_statuses_and_dates(scanned):
    result, _ = scanned
    got = [(r["status"], (r["due_date"] or "")[:7], (r["completed_date"] or "")[:7]) for r in result.records]
    assert got == [
        ("done", "2022-12", "2022-12"),  # ธันวาคม is read ธั้นวาคม: respelled (data/ocr_words.csv)
        ("in_progress", "2023-03", ""),
        ("not_started", "2023-01", ""),
        ("done", "2023-02", "2023-02"),
    ]
    assert [r["timeliness"] for r in result.records] == ["on_time", "not_due", "overdue", "on_time"]


def test_every_measure_is_flagged_read_by_ocr_with_cell_confidences(scanned):
    result, _ = scanned
    assert all("read_by_ocr" in r["flags"].split(";") for r in result.records)
    cells = result.ocr_cells
    starts = {r["source_row"] for r in result.records}
    assert {c["source_row"] for c in cells} == starts
    assert all(0 < c["confidence"] <= 100 for c in cells if c["text"])
    dated = [c for c in cells if c["column"] in ("period", "result") and "๒๕" in c["text"]]
    assert dated and all(c["image"].startswith(b"\x89PNG") for c in dated)  # the picture is kept


def test_row_broken_by_the_page_break_joins_its_measure(scanned):
    result, _ = scanned
    broken = result.records[2]
    assert "continued_row" in broken["flags"]
    assert "เผยแพร่ทางเว็บไซต์" in broken["steps"] + broken["measure"]  # the part printed on page 2
    pages = {c["page"] for c in result.ocr_cells if c["source_row"] == broken["source_row"]}
    assert pages == {1, 2}


def test_years_misread_by_ocr_are_reread_and_flagged(scanned):
    result, _ = scanned
    last = result.records[-1]  # ดำเนินการแล้วในวันที่ ๒๖ กุมภาพันธ์ ๒๕๖๖, read ... ๒๕๒๒๐
    assert last["completed_date"].startswith("2023-02")
    assert "ocr_year_corrected" in last["flags"]


def test_progress_is_reported_per_page(scanned):
    _, seen = scanned
    assert seen[-1] == (3, 3)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_drops_the_whole_file():
    cancel = threading.Event()

    def stop_after_first_page(done: int, total: int) -> None:
        if done >= 1:
            cancel.set()

    with pytest.raises(OcrCancelled):
        parse_file(SCAN.read_bytes(), SCAN.name, progress=stop_after_first_page, cancel=cancel)


def test_missing_tesseract_is_said_clearly(monkeypatch):
    monkeypatch.setenv("ITA_TESSERACT", "/nonexistent/tesseract")
    result = parse_file(SCAN.read_bytes(), SCAN.name)
    assert result.error is not None and result.error.code == "tesseract_missing"
    assert "tesseract-ocr-tha" in result.error.th and "Tesseract" in result.error.en
