"""This year's reports in a real browser: the FY2569 and FY2570 fixtures and a FY2567 template report
of the same agency uploaded through the file input; the history page matches its measures by item
code across the 2566 → 2568 → 2569 renumbering. Screenshot: tests/artifacts/screenshots/cycle_history.png."""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser_app import CHROME_ARGS, CHROMIUM, idle, running_app
from tests.test_cycle_fixtures import three_years

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"


def test_history_page_follows_the_measures_across_the_cycle(tmp_path):
    from playwright.sync_api import sync_playwright

    files = []
    for name, data in three_years():
        path = tmp_path / name
        path.write_bytes(data)
        files.append(str(path))
    with running_app(tmp_path / "ita.sqlite", "streamlit_cycle.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="th-TH")
        page.set_default_timeout(90_000)
        page.goto(url)
        page.get_by_role("heading", name="ภาพรวมจังหวัดและนำเข้าข้อมูล").first.wait_for()
        idle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files)
        page.get_by_text("ใช้ข้อมูลจากไฟล์ที่อัปโหลด 3 ไฟล์").wait_for()
        idle(page)
        page.locator('[data-testid="stSidebarNav"] a', has_text="ประวัติและการเปรียบเทียบ").first.click()
        page.get_by_role("heading", name="ประวัติและการเปรียบเทียบ").first.wait_for()
        idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        caption = page.get_by_text(re.compile(r"รหัสข้อ: \d+")).first.inner_text()
        matched_by_code = int(re.search(r"รหัสข้อ: (\d+)", caption).group(1))
        # O42→O27 and O43→O28 (2567/12 → 2569/12), O27→O25 and O28→O26 (2569/12 → 2570/6)
        assert matched_by_code >= 4, caption
        heading = page.get_by_role("heading", name="มาตรการเดียวกันข้ามรอบ")
        assert heading.count() == 1
        heading.first.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "cycle_history.png"))
        browser.close()
