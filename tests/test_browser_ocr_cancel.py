"""The dashboard's cancel button on a scan being read, in Debian's chromium: the 49-page scan is
uploaded, its OCR shows page by page, the officer cancels after the first pages; the file is
dropped whole (a warning says nothing was imported from it, no measure of it is shown or saved),
and the next upload is read normally (the reader worker that was ended is replaced). Screenshot:
tests/artifacts/screenshots/16_ocr_cancelled.png."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.browser_app import SHOTS, home_page, idle


@pytest.fixture(scope="module")
def store_and_page(tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "ita.sqlite"
    with home_page(store, "streamlit_browser_ocr_cancel.log") as pg:
        yield store, pg


def test_cancel_drops_the_scan_whole_and_the_next_file_reads(store_and_page, fixtures_dir):
    store, page = store_and_page
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(fixtures_dir / "thaworn_2566_r6_scan.pdf")]
    )
    page.get_by_text(re.compile(r"อ่านภาพสแกนแล้ว [1-9]\d*/49 หน้า")).first.wait_for(timeout=240_000)
    page.get_by_role("button", name="ยกเลิกการอ่านไฟล์สแกน").click()
    page.get_by_text("ยกเลิกการอ่านไฟล์สแกนแล้ว").first.wait_for(timeout=120_000)
    idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "thaworn_2566_r6_scan.pdf" in page.get_by_text("ยกเลิกการอ่านไฟล์สแกนแล้ว").first.inner_text()
    assert page.get_by_text("ใช้ข้อมูลจากไฟล์ที่อัปโหลด").count() == 0  # nothing of the scan in use
    assert "43" not in page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "16_ocr_cancelled.png"), full_page=True)
    if store.exists():  # nothing saved either
        with sqlite3.connect(store) as db:
            tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
            saved = sum(db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables if "measure" in t)
        assert saved == 0

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(fixtures_dir / "thaworn_2566_r6.pdf")]
    )
    page.get_by_text("ใช้ข้อมูลจากไฟล์ที่อัปโหลด 1 ไฟล์").wait_for(timeout=240_000)
    idle(page)
    assert "43" in page.locator('[data-testid="stMetricValue"]').all_inner_texts()
