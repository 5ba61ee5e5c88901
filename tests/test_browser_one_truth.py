"""Issue 10 in a real browser: the seven reports uploaded through the file input, one as-of date
set for all of them (the officer's choice, a correction of every measure's judging date), the
overdue list, the Excel report and the deck downloaded and compared row by row; then one save, a
new session (a reload) and the same headline cards, agencies table and overdue list — with the
officer's date still in force."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ita_metrics.export.xlsx import HEADER_ROW, sheet_names
from ita_metrics.presentation import views
from ita_metrics.presentation.ui_text import BANGKOK, text
from tests.browser_app import CHROME_ARGS, CHROMIUM, SHOTS, download, go, idle, running_app
from tests.test_one_truth import SEVEN, _deck_overdue

HOME = "ภาพรวมจังหวัดและนำเข้าข้อมูล"
OFFICER = "นางสาวสมศรี ตรวจงาน"
CARDS = tuple(text(f"metric.{k}") for k in ("agencies", "measures", "pct_done", "pct_on_time", "overdue", "score"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    store = tmp_path_factory.mktemp("store") / "ita.sqlite"
    with running_app(store, "streamlit_one_truth.log") as url, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        yield chromium, url
        chromium.close()


def _open(browser) -> object:
    chromium, url = browser
    page = chromium.new_page(viewport={"width": 1400, "height": 900}, locale="th-TH", accept_downloads=True)
    page.set_default_timeout(120_000)
    page.goto(url)
    page.get_by_role("heading", name=HOME).first.wait_for()
    idle(page)
    return page


def _cards(page) -> dict[str, str]:
    out = {}
    for label in CARDS:
        box = (
            page.locator('[data-testid="stMetric"]')
            .filter(has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
            .first
        )
        out[label] = box.locator('[data-testid="stMetricValue"]').inner_text()
    return out


def _csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def _seen(page) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """Headline cards, the agencies table and the overdue list, as the officer downloads them."""
    go(page, "ภาพรวม", HOME)
    cards = _cards(page)
    go(page, "เปรียบเทียบหน่วยงาน", "เปรียบเทียบหน่วยงาน")
    agencies = _csv(download(page, "ดาวน์โหลด CSV"))
    go(page, "ความตรงเวลาและการติดตาม", "ความตรงเวลาและการติดตาม")
    overdue = _csv(download(page, "ดาวน์โหลด CSV"))
    return cards, agencies, overdue


def test_upload_set_date_download_save_reload(browser, fixtures_dir):
    page = _open(browser)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(fixtures_dir / f) for f in SEVEN]
    )
    page.get_by_text("ใช้ข้อมูลจากไฟล์ที่อัปโหลด 7 ไฟล์").wait_for()
    idle(page)

    # the officer judges every report at 31 May 2566 (all reports are picked by default)
    go(page, "คุณภาพข้อมูล", "คุณภาพข้อมูล")
    page.get_by_role("tab", name="แก้ไขข้อมูล").click()
    # the date field is three spin buttons (day, month, year) that advance as digits are typed
    page.locator('[role="spinbutton"][aria-label="day, ข้อมูล ณ วันที่"]').click()
    page.keyboard.type("31052023", delay=80)
    page.get_by_role("heading", name="วันที่ข้อมูลของรายงาน").first.click()  # leaving the field commits it
    idle(page)
    page.get_by_role("button", name="ตั้งวันที่ให้ 7 รายงาน").and_(page.locator(":enabled")).wait_for()
    page.get_by_role("button", name="ตั้งวันที่ให้ 7 รายงาน").click()
    idle(page)

    cards, agencies, overdue = _seen(page)
    assert cards["มาตรการ"] == "80" and len(agencies) == 6
    assert set(overdue["ข้อมูล ณ วันที่"]) == {"31 พ.ค. 2566"}
    rows = list(zip(overdue["หน่วยงาน"], overdue["เลยกำหนด (วัน)"].astype(int)))
    assert ("อบต.โคกสนวน", 92) in rows and ("อบต.หนองบัว", 0) not in rows

    go(page, "ส่งออกไฟล์สำหรับการประชุม", "ส่งออกไฟล์สำหรับการประชุม")
    page.get_by_role("button", name="สร้างไฟล์").first.click()
    xlsx = download(page, "ดาวน์โหลดรายงาน Excel")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))[sheet_names()["overdue"]]
    got = list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))
    sheet = pd.DataFrame(got[1:], columns=got[0])
    assert list(sheet["เลยกำหนด (วัน)"]) == list(overdue["เลยกำหนด (วัน)"])
    assert [(views.short(a), int(d)) for a, d in zip(sheet["หน่วยงาน"], sheet["เลยกำหนด (วัน)"])] == rows
    page.get_by_role("button", name="สร้างไฟล์").first.click()  # the Excel card's now holds its download
    deck = download(page, "ดาวน์โหลดสไลด์ PowerPoint")
    assert _deck_overdue(deck) == rows

    go(page, "คลังรายงาน", "คลังรายงาน")
    page.get_by_role("textbox", name="ชื่อผู้บันทึก").fill(OFFICER)
    page.get_by_role("textbox", name="ชื่อผู้บันทึก").press("Enter")  # the name is kept for the visit
    idle(page)
    page.get_by_role("button", name="บันทึกไฟล์ที่อัปโหลดลงคลัง").click()
    page.get_by_text("นำเข้าแล้ว").first.wait_for()
    page.close()

    again = _open(browser)  # a reload: a new session, nothing uploaded
    after_cards, after_agencies, after_overdue = _seen(again)
    assert after_cards == cards
    pd.testing.assert_frame_equal(after_agencies, agencies)
    pd.testing.assert_frame_equal(after_overdue, overdue)  # the officer's date is still in force
    # …and the store's record says who set it and when (Buddhist era, Bangkok time)
    go(again, "คุณภาพข้อมูล", "คุณภาพข้อมูล")
    again.get_by_role("tab", name="แก้ไขข้อมูล").click()
    idle(again)
    with again.expect_download(timeout=240_000) as info:
        again.locator(".st-key-corrections_log_csv button").click()
    log = _csv(Path(info.value.path()).read_bytes())
    assert len(log) == 83 and set(log["โดย"]) == {OFFICER} and set(log["ค่าใหม่"]) == {"31 พ.ค. 2566"}
    year = f" {datetime.now(BANGKOK).year + 543} "  # saved a moment ago, in the Buddhist era
    assert all(str(v).endswith(" น.") and year in str(v) for v in log["เมื่อ"])
    assert set(log["สถานะ"]) == {"ใช้อยู่"}
    again.locator(".st-key-corrections_log_csv").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    again.screenshot(path=str(SHOTS / "10_corrections_record.png"))
    again.close()
