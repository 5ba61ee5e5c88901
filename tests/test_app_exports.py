"""The "ส่งออกไฟล์สำหรับการประชุม" page (pages/exports.py) with AppTest, on the bundled sample:
every download is offered, the Excel report built on click opens in openpyxl with the four sheets,
the deck is built (native charts when no browser, with the Thai warning shown) and a chart image
that cannot be drawn gives a Thai message instead of a crash."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from ita_metrics.export import images as chart_images
from ita_metrics.export.xlsx import sheet_names

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
PNG_CHARTS = ["ranking", "status", "heatmap", "lagging"]


@pytest.fixture()
def at() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=180).run()
    return app.switch_page("pages/exports.py").run()


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _downloads(at: AppTest) -> dict[str, str]:
    return {b.key: b.label for b in at.get("download_button")}


def test_page_renders_with_every_download(at):
    _clean(at)
    assert not at.warning, [w.value for w in at.warning]
    assert at.title[0].value == "ส่งออกไฟล์สำหรับการประชุม"
    keys = {b.key for b in at.button}
    assert {"build_xlsx", "build_pptx"} <= keys
    assert {f"png_{c}_build" for c in PNG_CHARTS} <= keys  # one button per main chart
    assert "download_template" in _downloads(at)  # template: straight download
    assert at.selectbox(key="tpl_fy").value and at.selectbox(key="tpl_catalog").value is None
    assert any("กรอบการประเมินปี" in c.value for c in at.caption)


def test_build_xlsx_gives_a_workbook_with_the_report_sheets(at):
    assert "download_xlsx" not in _downloads(at)  # nothing built before the click
    at.button(key="build_xlsx").click().run()
    _clean(at)
    assert _downloads(at)["download_xlsx"] == "ดาวน์โหลดรายงาน Excel"
    # the download took the build button's place; the other cards keep theirs
    keys = {b.key for b in at.button}
    assert "build_xlsx" not in keys and "build_pptx" in keys
    data = at.session_state["_export_xlsx"][1]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == list(sheet_names().values())
    ws = wb[sheet_names()["measures"]]
    assert ws.max_row > 100  # every measure of the sample


def test_template_choice_changes_the_file(at):
    at.selectbox(key="tpl_catalog").set_value(2567).run()
    _clean(at)
    assert any("กรอบการประเมินปี 2567" in c.value for c in at.caption)
    assert "download_template" in _downloads(at)


def test_deck_without_browser_builds_and_warns_in_thai(at, monkeypatch):
    def no_browser(*args, **kwargs):
        raise chart_images.ChartImageUnavailable("no_browser")

    monkeypatch.setattr(chart_images, "figures_png", no_browser)
    at.button(key="build_pptx").click().run()
    _clean(at)
    assert "download_pptx" in _downloads(at)
    data = at.session_state["_export_pptx"][1]
    assert data[:2] == b"PK"
    assert any("ไม่พบเบราว์เซอร์ Chromium" in w.value for w in at.warning), [w.value for w in at.warning]


def test_chart_png_unavailable_is_a_thai_message_not_a_crash(at, monkeypatch):
    def no_font(*args, **kwargs):
        raise chart_images.ChartImageUnavailable("no_thai_font")

    monkeypatch.setattr(chart_images, "figure_png", no_font)
    at.button(key="png_heatmap_build").click().run()
    _clean(at)
    assert any("สร้างภาพกราฟที่เครื่องนี้ไม่ได้" in w.value and "ฟอนต์ภาษาไทย" in w.value for w in at.warning)
    assert "png_heatmap_download" not in _downloads(at)
    assert "png_heatmap_build" in {b.key for b in at.button}  # still there to try again


def test_chart_png_is_at_least_1600_px_wide(at):
    from PIL import Image

    at.button(key="png_status_build").click().run()
    _clean(at)
    assert "png_status_download" in _downloads(at)
    keys = {b.key for b in at.button}  # no stale "build image" beside the download
    assert "png_status_build" not in keys and {"png_ranking_build", "png_heatmap_build"} <= keys
    png = at.session_state["_png_png_status"][1]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).size[0] >= 1600
