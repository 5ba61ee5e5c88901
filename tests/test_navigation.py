"""The dashboard leaves Streamlit's old "pages/ folder" mode with public calls only
(components/bootstrap.py): these tests fail when Streamlit changes that behaviour.

A fresh server per test: the first run after a start is the one that runs in the old mode."""

from __future__ import annotations

from pathlib import Path

from tests.browser_app import CHROME_ARGS, CHROMIUM, ROOT, idle, running_app


def _open(url: str, path: str, wait_for: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="th-TH")
            page.set_default_timeout(90_000)
            page.goto(url + path)
            page.get_by_role("heading", name=wait_for).first.wait_for()
            idle(page)
            yield page
        finally:
            browser.close()


def test_a_deep_link_first_after_a_start_runs_through_the_entry_point(tmp_path):
    """/agencies as the very first request: the page with the sidebar, the menu and the sample data."""
    with running_app(tmp_path / "ita.sqlite", "streamlit_navigation.log") as url:
        for page in _open(url, "/agencies", "เปรียบเทียบหน่วยงาน"):
            assert page.locator('[data-testid="stSidebar"]').is_visible()
            menu = [t.split()[-1] for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]
            assert menu[:3] == ["ภาพรวมและนำเข้าข้อมูล", "เปรียบเทียบหน่วยงาน", "ตัวชี้วัด"], menu  # after its icon
            assert page.locator(".js-plotly-plot .main-svg").count() >= 2  # the sample data's charts
            assert page.locator('[data-testid="stException"]').count() == 0


def test_the_first_click_after_a_start_is_kept(tmp_path):
    """Home page first, then one click on English: the switch takes at once (not a second click)."""
    with running_app(tmp_path / "ita.sqlite", "streamlit_navigation.log") as url:
        for page in _open(url, "", "ภาพรวมจังหวัดและนำเข้าข้อมูล"):
            page.locator('[data-testid="stSidebar"] button', has_text="English").first.click()
            page.get_by_role("heading", name="Province overview & import").first.wait_for(timeout=30_000)
            idle(page)
            assert page.locator('[data-testid="stSidebarNav"] a', has_text="Agencies").count() == 1


def test_the_app_leaves_streamlits_page_machinery_alone():
    """Streamlit's page machinery (PagesManager and its `uses_pages_directory` switch) is not touched
    by the app's own code: the way out goes through `st.navigation` and `st.rerun`."""
    own = [ROOT / "dashboard.py", *ROOT.glob("components/*.py"), *ROOT.glob("pages/*.py")]
    found = [p.name for p in own if "pages_manager" in p.read_text() or "uses_pages_directory" in p.read_text()]
    assert found == []
    assert Path(ROOT / "pages").is_dir()  # the folder the brief names stays
