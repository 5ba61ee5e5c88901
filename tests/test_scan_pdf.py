"""A scanned report read for real by Tesseract: tests/fixtures/scan_small.pdf (3 pages, made by
tools/make_scan_fixture.py: printed by LibreOffice, rendered at 150 dpi, turned, speckled; its
middle page holds the rest of a row broken by the page break). One OCR run for the module."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from ita_metrics.interpret.importer import parse_file
from ita_metrics.reading import tesseract
from ita_metrics.reading.tesseract import OcrCancelled

SCAN = Path(__file__).parent / "fixtures" / "scan_small.pdf"
AS_OF = date(2023, 3, 20)


@pytest.fixture(scope="module")
def scanned():
    seen: list[tuple[int, int]] = []
    result = parse_file(SCAN.read_bytes(), SCAN.name, AS_OF, progress=lambda d, n: seen.append((d, n)))
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


def test_thai_digits_misread_by_tesseract_are_read_by_shape(scanned):
    result, _ = scanned
    last = result.records[-1]  # ดำเนินการแล้วในวันที่ ๒๖ กุมภาพันธ์ ๒๕๖๖: Tesseract reads ๒๕๒๒๐
    assert last["completed_date"] == "2023-02-26"
    assert not {"ocr_year_corrected", "ocr_uncertain"} & set(last["flags"].split(";"))
    texts = [c["text"] for c in result.ocr_cells]
    assert "ดำเนินการแล้วในวันที่๒๖ กุมภาพันธ์ ๒๕๖๖" in texts  # day and year both right
    assert any("OIT๐๓๖" in t.replace(" ", "") for t in texts)  # the item code's digits too


@pytest.fixture(scope="module")
def scanned_without_shapes():
    """The scan read with Tesseract's digits only (no Thai font to draw digit templates from)."""
    from ita_metrics.reading import digit_shapes, worker_pool

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(worker_pool, "_in_worker", True)  # as the read_in_process fixture: patched here
        mp.setattr(digit_shapes, "_font_files", lambda: [])
        digit_shapes._templates.cache_clear()
        try:
            yield parse_file(SCAN.read_bytes(), SCAN.name, AS_OF)
        finally:
            digit_shapes._templates.cache_clear()


def test_without_shapes_years_are_reread_through_the_confusions_and_flagged(scanned_without_shapes):
    result = scanned_without_shapes
    assert result.detected["sheets"][0]["metadata"]["fiscal_year"] == 2566  # title read ๒๕๒๒
    last = result.records[-1]  # read ... ๒๕๒๒๐
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


def test_review_lists_rechecked_dates_and_confirm_makes_them_count(scanned_without_shapes):
    from ita_metrics.scoring.corrections import apply_corrections
    from ita_metrics.scoring.ocr_review import cells_to_review, confirm, correct

    result = scanned_without_shapes
    cells = cells_to_review([result], result.measures)
    assert cells and cells[0]["doubtful"] in ("year_implausible", "year_corrected")
    done = next(c for c in cells if c["field"] == "completed_date" and c["value"].startswith("2023-02"))
    assert done["image"].startswith(b"\x89PNG") and done["page"] == 3
    fixed = apply_corrections(result.measures, [confirm(done)], AS_OF)
    row = fixed.loc[fixed["source_row"] == done["source_row"]].iloc[0]
    assert "ocr_year_corrected" not in row["flags"] and "corrected" in row["flags"]
    moved = apply_corrections(result.measures, [correct(done, "2023-03-15")], AS_OF)
    row = moved.loc[moved["source_row"] == done["source_row"]].iloc[0]
    assert (row["completed_date"], row["timeliness"]) == ("2023-03-15", "late")  # due February


def test_dashboard_shows_the_cell_picture_and_confirms_in_one_click():
    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parent.parent / "dashboard.py")
    at = AppTest.from_file(app, default_timeout=900).run()
    at.file_uploader(key="uploader").set_value([(SCAN.name, SCAN.read_bytes(), "application/pdf")])
    at.run()
    at = at.switch_page("pages/quality.py").run()
    assert not at.exception, [e.value for e in at.exception]
    ok = [b for b in at.button if b.key and b.key.endswith("_ok") and not b.disabled]
    assert ok and len(at.get("image")) >= len(ok)  # each cell picture beside its reading
    ok[0].click().run()
    saved = at.session_state["corrections"]
    assert len(saved) == 1 and saved[0]["source_file"] == SCAN.name
