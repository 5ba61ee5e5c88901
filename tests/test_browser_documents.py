"""A PDF report uploaded through the dashboard's real file input in Debian's chromium: it is read
like its spreadsheet twin (43 measures of ทต.ถาวร), with no error box, and the per-file report
shows what was read. Screenshot: tests/artifacts/screenshots/12_pdf_import.png (docs/screenshots
with UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import pytest

from tests.browser_app import SHOTS, home_page, idle


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    with home_page(tmp_path_factory.mktemp("store") / "ita.sqlite", "streamlit_browser_docs.log") as pg:
        yield pg


def test_pdf_upload_is_read_like_the_spreadsheet(page, fixtures_dir):
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(fixtures_dir / "thaworn_2566_r6.pdf")]
    )
    page.get_by_text("ใช้ข้อมูลจากไฟล์ที่อัปโหลด 1 ไฟล์").wait_for()
    idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert "43" in metrics, metrics  # measures in the headline and in the file's report
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    page.get_by_text("thaworn_2566_r6.pdf").first.wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "12_pdf_import.png"), full_page=True)
