"""The follow-up page in a real browser (Debian's chromium via Playwright) on the bundled sample
province: draw the roster from the gazetteer, see who has not reported, download the list, the
reminder letters and the one-page summaries and open them; then search. Screenshots go to
tests/artifacts/screenshots/ (docs/screenshots/ with UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest

from tests.browser_app import SHOTS, download, go, home_page, idle

ROOT = Path(__file__).resolve().parent.parent
MISSING = ["อบต.ทุ่งใหญ่", "อบต.นาคำ", "อบต.หนองแวง", "อบต.โพนทอง"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    with home_page(
        tmp_path_factory.mktemp("store") / "ita.sqlite", "streamlit_followup.log", accept_downloads=True
    ) as pg:
        yield pg


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_roster_not_received_letters_and_one_pagers(page, tmp_path):
    go(page, "ติดตามการส่งรายงาน", "ติดตามการส่งรายงานและหนังสือแจ้งเตือน")
    page.get_by_text("ยังไม่มีรายชื่อหน่วยงานของจังหวัดและปีนี้").first.wait_for()
    page.get_by_role("button", name="สร้างจากทำเนียบเขตการปกครอง").click()
    page.get_by_text("ร่างรายชื่อ 34 หน่วยงาน").first.wait_for()
    idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert _metric(page, "ยังไม่ส่ง") == "4" and _metric(page, "จำนวนหน่วยงาน") == "34"
    assert page.locator(".js-plotly-plot .main-svg").count() >= 1  # the chart by district
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "15_roster.png"))
    page.get_by_text("การส่งรายงานรายอำเภอ").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "16_submissions.png"))

    # the not-received list, as the officer downloads it
    listed = pd.read_csv(io.BytesIO(download(page, "ดาวน์โหลด CSV")), encoding="utf-8-sig")
    assert sorted(listed["หน่วยงาน"]) == MISSING
    assert set(listed["สถานะการส่ง"]) == {"ยังไม่ส่ง"}

    letters = zipfile.ZipFile(io.BytesIO(download(page, "ดาวน์โหลดหนังสือ (zip ไฟล์ Word)")))
    names = letters.namelist()
    assert len(names) >= 4 and all(n.endswith(".docx") for n in names)
    missing_letter = next(n for n in names if n.endswith("อบต.นาคำ.docx"))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letters.read(missing_letter))).paragraphs)
    assert "เรียน  นายกองค์การบริหารส่วนตำบลนาคำ" in text and "ยังไม่ได้รับรายงาน" in text

    pdf = download(page, "ดาวน์โหลด PDF (หน้าละหน่วยงาน)")
    assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 30 - 1
    word = zipfile.ZipFile(io.BytesIO(download(page, "ดาวน์โหลด Word (zip)")))
    assert len(word.namelist()) == 30

    page.get_by_role("button", name="บันทึกรายชื่อลงคลัง").click()
    page.get_by_text("บันทึกรายชื่อ 34 หน่วยงานแล้ว").first.wait_for()


def test_search_in_browser(page):
    go(page, "ค้นหามาตรการ", "ค้นหามาตรการ")
    box = page.get_by_label("คำค้น")
    box.fill("ร้องเรียน")
    box.press("Enter")
    page.get_by_text("พบ 26 มาตรการ จาก 19 หน่วยงาน").first.wait_for()
    idle(page)
    page.screenshot(path=str(SHOTS / "17_search.png"))
