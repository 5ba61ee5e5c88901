"""The 5 KB crash file in a real browser (issue 11, acceptance): uploaded together with a good file
through the dashboard's file input, the good one is read, the bad ones get their Thai messages, and a
second officer's browser session stays connected and working throughout.

On the old code the crash file (a worksheet part named sheet1.dat with a cell at XFD1048576) made
the reader allocate ~550 GB and abort the whole server: every session showed "Connection error".
Run twice: with the default limits (the scan before the reader refuses it) and with the scan's row
and cell limits lifted, so that the file reaches the native reader, which aborts inside its worker.
"""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

from tests.browser_app import CHROME_ARGS, CHROMIUM, idle, running_app
from tests.crash_files import date_xlsx, far_cell_xlsx

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1"
    else ROOT / "tests" / "artifacts" / "screenshots"
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOME = "ภาพรวมจังหวัดและนำเข้าข้อมูล"


def upload_files() -> list[dict]:
    crash = far_cell_xlsx("sheet1.dat")
    assert len(crash) < 6000
    return [
        {"name": "crash_5kb.xlsx", "mimeType": XLSX, "buffer": crash},
        {"name": "negative_date.xlsx", "mimeType": XLSX, "buffer": date_xlsx(-1e12)},
        {"name": "thaworn_2566_r6.xlsx", "mimeType": XLSX, "buffer": (FIXTURES / "thaworn_2566_r6.xlsx").read_bytes()},
    ]


def connected(page) -> bool:
    lost = ("Connection error", "Is Streamlit still running")
    return all(page.get_by_text(text).count() == 0 for text in lost)


@pytest.mark.parametrize(
    "scan, crash_message",
    [
        ("on", "มีแถวมากเกินกำหนด"),  # refused by the scan before the reader
        ("off", "ไฟล์นี้ทำให้โปรแกรมอ่านไฟล์หยุดทำงาน"),  # the reader aborts in its worker
    ],
)
def test_crash_file_with_a_good_file_and_a_second_session(scan, crash_message, tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    if scan == "off":
        monkeypatch.setenv("ITA_MAX_ROWS", "100000000")
        monkeypatch.setenv("ITA_MAX_CELLS", "100000000000000")
    with running_app(tmp_path / "ita.sqlite", f"streamlit_crash_{scan}.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        try:
            other = browser.new_context(locale="th-TH", viewport={"width": 1200, "height": 800}).new_page()
            other.set_default_timeout(90_000)
            other.goto(url)
            other.get_by_role("heading", name=HOME).first.wait_for()
            idle(other)

            page = browser.new_context(locale="th-TH", viewport={"width": 1400, "height": 1000}).new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            page.get_by_role("heading", name=HOME).first.wait_for()
            idle(page)
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(upload_files())
            page.get_by_text("ใช้ข้อมูลจากไฟล์ที่อัปโหลด 3 ไฟล์").wait_for()
            idle(page)
            for exp in page.locator('[data-testid="stExpander"] summary').all():  # the per-file report
                exp.click()
            idle(page)
            body = page.locator("body").inner_text()
            assert page.locator('[data-testid="stException"]').count() == 0
            assert crash_message in body, body[:2000]
            assert "ไฟล์มีค่าในเซลล์ที่อ่านไม่ได้" in body  # the negative date: a message, not a panic
            assert "43" in page.locator('[data-testid="stMetricValue"]').all_inner_texts()  # the good file
            assert connected(page)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"13_crash_file_scan_{scan}.png"), full_page=True)

            # the other officer's session never lost the server: it still answers and navigates
            assert connected(other)
            other.locator('[data-testid="stSidebarNav"] a', has_text="วิธีคิดคะแนน").first.click()
            other.get_by_role("heading", name="วิธีคิดคะแนน").first.wait_for()
            idle(other)
            assert connected(other) and other.locator('[data-testid="stException"]').count() == 0
            with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as r:
                assert r.status == 200
        finally:
            browser.close()
