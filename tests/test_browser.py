"""The dashboard in a real browser: `streamlit run dashboard.py` as a subprocess, Debian's chromium
driven by Playwright. Uploads the three shared fixtures through the real file input, visits every
page, checks key Thai text, rendered plotly charts and the absence of error boxes, clicks a heatmap
cell, and saves a 1400×900 screenshot of each page into tests/artifacts/screenshots/ (into the
README's docs/screenshots/ with UPDATE_SCREENSHOTS=1).

Each test opens its own browser tab (its own Streamlit session) and loads the data it needs, so any
test runs alone or in any order. Chromium is installed by `make test` (scripts/ensure_system.sh).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser_app import CHROME_ARGS, CHROMIUM, idle, running_app

ROOT = Path(__file__).resolve().parent.parent
SHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1"
    else ROOT / "tests" / "artifacts" / "screenshots"
)
FIXTURES = ["thaworn_2566_r6.xlsx", "khaohuachang_2566_r12.xlsx", "thungmaphrao_2565.csv"]
VIEWPORT = {"width": 1400, "height": 900}
HOME = "ภาพรวมจังหวัดและนำเข้าข้อมูล"

# (nav label, title on the page, other Thai text expected, minimum plotly charts, screenshot name)
PAGES = [
    (
        "เปรียบเทียบหน่วยงาน",
        "เปรียบเทียบหน่วยงาน",
        ["คะแนนรายหน่วยงาน", "ทต.ถาวร", "ทต.เขาหัวช้าง", "อบต.ทุ่งมะพร้าว"],
        2,
        "2_agencies",
    ),
    ("ตัวชี้วัด", "ตัวชี้วัด", ["ความครบถ้วนรายหน่วยงาน", "ตัวชี้วัดที่ตามหลังทั้งจังหวัด"], 2, "3_indicators"),
    ("รายหน่วยงาน", "รายหน่วยงาน", ["กำหนดเสร็จเทียบกับวันที่แล้วเสร็จ", "มาตรการของหน่วยงาน"], 2, "4_agency"),
    (
        "ความตรงเวลาและการติดตาม",
        "ความตรงเวลาและการติดตาม",
        ["ความตรงเวลารายหน่วยงาน", "ไม่มีมาตรการที่เลยกำหนด"],
        2,
        "5_timeliness",
    ),
    ("คุณภาพข้อมูล", "คุณภาพข้อมูล", ["ธงเตือน", "แถวที่ข้าม", "แก้ไขข้อมูล"], 0, "6_quality"),
    ("วิธีคิดคะแนน", "วิธีคิดคะแนน", ["คะแนนความครบถ้วน"], 0, "7_method"),
]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("store") / "ita.sqlite") as url:  # empty store: the sample shows
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser, app_url):
    """A new tab on the home page: a new Streamlit session showing the sample data."""
    page = browser.new_page(viewport=VIEWPORT, locale="th-TH")
    page.set_default_timeout(60_000)
    page.goto(app_url)
    _settle(page, HOME)
    yield page
    page.close()


_idle = idle


def _settle(page, title: str) -> None:
    """Wait for the page title and for Streamlit to finish running."""
    page.get_by_role("heading", name=title).first.wait_for()
    _idle(page)


def _assert_clean(page, where: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, f"exception shown on {where}"
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, f"error box on {where}: {errors.first.inner_text() if errors.count() else ''}"


def _charts(page) -> int:
    return page.locator(".js-plotly-plot .main-svg").count()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _selected(page) -> list[str]:
    """What each select box on the page shows (label and chosen option)."""
    return page.locator('[data-testid="stSelectbox"]').evaluate_all(
        "els => els.map(e => e.innerText + ' | ' + Array.from(e.querySelectorAll('input'))"
        ".map(i => i.value || i.getAttribute('aria-label') || '').join(','))"
    )


def _go(page, nav_label: str, title: str) -> None:
    """Open a page through the menu (sidebar, or the top bar in presentation mode), keeping the session."""
    page.locator('[data-testid="stSidebarNav"] a, header a', has_text=nav_label).first.click()
    _settle(page, title)


def _upload(page, fixtures_dir: Path) -> None:
    """The three shared fixtures through the real <input type=file>, then back on the home page."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(fixtures_dir / f) for f in FIXTURES]
    )
    page.get_by_text("ใช้ข้อมูลจากไฟล์ที่อัปโหลด 3 ไฟล์").wait_for()
    _settle(page, HOME)


def test_sample_then_fixtures_every_page(browser_page, fixtures_dir):
    page = browser_page
    page.get_by_text("ข้อมูลตัวอย่าง (สังเคราะห์)").first.wait_for()
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    _assert_clean(page, "home (sample)")
    assert _charts(page) >= 2
    _shot(page, "0_home_sample")

    _upload(page, fixtures_dir)
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert "68" in metrics and "3" in metrics, metrics
    assert page.get_by_text("ข้อมูลตัวอย่าง (สังเคราะห์)").count() == 0
    _assert_clean(page, "home (fixtures)")
    assert _charts(page) >= 2
    _shot(page, "1_home")

    for nav, title, texts, n_charts, shot in PAGES:
        _go(page, nav, title)
        for text in texts:
            assert page.get_by_text(text).count() > 0, f"{text!r} not on {title}"
        assert _charts(page) >= n_charts, f"{title}: {_charts(page)} charts"
        _assert_clean(page, title)
        _shot(page, shot)


def test_heatmap_click_opens_measures(browser_page, fixtures_dir):
    """A click on a heatmap cell points the drill-down at that agency and indicator."""
    page = browser_page
    _upload(page, fixtures_dir)
    _go(page, "ตัวชี้วัด", "ตัวชี้วัด")
    before = _selected(page)
    plot = page.locator(".js-plotly-plot").first
    box = plot.locator(".nsewdrag").first.bounding_box()
    assert box is not None
    # the fixtures' heatmap: 2 agencies, both 100% done as of their reports' dates, by name (ทต.ถาวร on
    # top, ทต.เขาหัวช้าง) × indicators 2–10; click the centre of ทต.ถาวร's cell for indicator 6 (5th
    # column), not the default drill-down (first agency, first indicator)
    n_rows, n_cols, col = 2, 9, 4
    page.mouse.click(box["x"] + box["width"] * (col + 0.5) / n_cols, box["y"] + box["height"] * (0.5 / n_rows))
    _settle(page, "ตัวชี้วัด")
    after = _selected(page)
    assert after != before, (before, after)
    assert any("ตัวชี้วัด | 6 คุณภาพการดำเนินงาน" in s for s in after), after
    assert page.get_by_text("พบ").count() > 0
    _assert_clean(page, "indicators after click")


def test_presentation_mode(browser_page):
    page = browser_page
    _go(page, "เปรียบเทียบหน่วยงาน", "เปรียบเทียบหน่วยงาน")
    page.get_by_text("โหมดนำเสนอ").first.click()
    _settle(page, "เปรียบเทียบหน่วยงาน")
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()
    _assert_clean(page, "presentation mode")
    _shot(page, "8_presentation")
    _go(page, "ตัวชี้วัด", "ตัวชี้วัด")  # the menu moved to the top bar
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()
    _shot(page, "9_presentation_indicators")
    page.get_by_text("โหมดนำเสนอ").first.click()
    _settle(page, "ตัวชี้วัด")
    assert page.locator('section[data-testid="stSidebar"]').is_visible()


def test_language_switch(browser_page):
    """English on request (the first click after a server start must not be lost, see
    components/bootstrap.py), Thai again after."""
    page = browser_page
    _go(page, "ภาพรวมและนำเข้าข้อมูล", "ภาพรวมจังหวัดและนำเข้าข้อมูล")
    page.locator('[data-testid="stSidebar"] button', has_text="English").first.click()
    _settle(page, "Province overview & import")
    assert page.locator('[data-testid="stSidebarNav"] a', has_text="Agencies").count() == 1
    assert "Measures" in page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    _assert_clean(page, "English home")
    page.locator('[data-testid="stSidebar"] button', has_text="ไทย").first.click()
    _settle(page, "ภาพรวมจังหวัดและนำเข้าข้อมูล")
