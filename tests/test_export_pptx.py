"""The meeting deck, opened with python-pptx: slide count for a given number of overdue measures,
the title slide, Thai fonts in the complex-script slot of every run, real chart images (chromium)
and the fallback to native charts when no browser is there."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from ita_metrics.export import images as chart_images
from ita_metrics.export.pptx import FONT, ROWS_PER_SLIDE, report_pptx, slide_count
from ita_metrics.model import to_frame

AS_OF = date(2023, 3, 31)
THAI = re.compile("[\u0e00-\u0e7f]")
AGENCIES = ["เทศบาลตำบลถาวร", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว", "เทศบาลตำบลบ้านบัว", "เทศบาลเมืองแม่ช้าง"]


def measures(n_overdue: int, n_agencies: int = 4):
    """Each agency: a done measure on time on indicators 1–3; then `n_overdue` overdue ones."""
    recs = []
    names = (
        (AGENCIES * 10)[:n_agencies]
        if n_agencies <= 4
        else [f"เทศบาลตำบลทดสอบ{chr(0x0E01 + i)}" for i in range(n_agencies)]
    )
    for i, agency in enumerate(names):
        for k in range(3):
            recs.append(
                {
                    "source_file": f"a{i}.xlsx",
                    "source_sheet": "Sheet1",
                    "source_row": 5 + k,
                    "agency": agency,
                    "district": "เฉลิมพระเกียรติ",
                    "province": "บุรีรัมย์",
                    "fiscal_year": 2566,
                    "round": 6,
                    "indicator": k + 1 + (i % 5),
                    "tool": "IIT",
                    "measure": f"มาตรการ {k}",
                    "responsible": "สำนักปลัด",
                    "status": "done",
                    "progress_pct": 100,
                    "due_date": "2023-01-31",
                    "completed_date": "2023-01-15",
                    "timeliness": "on_time" if (i + k) % 3 else "late",
                }
            )
    for j in range(n_overdue):
        recs.append(
            {
                "source_file": "a0.xlsx",
                "source_sheet": "Sheet1",
                "source_row": 100 + j,
                "agency": names[j % len(names)],
                "district": "เฉลิมพระเกียรติ",
                "province": "บุรีรัมย์",
                "fiscal_year": 2566,
                "round": 6,
                "indicator": 9,
                "tool": "OIT",
                "item_codes": "O17",
                "measure": f"เผยแพร่ข้อมูลบนเว็บไซต์ของหน่วยงาน รายการที่ {j + 1} " + "ให้ครบถ้วน" * 8,
                "responsible": "งานประชาสัมพันธ์ สำนักปลัด",
                "status": "in_progress",
                "progress_pct": 40,
                "due_date": f"2023-01-{(j % 28) + 1:02d}",
                "timeliness": "overdue",
            }
        )
    return to_frame(recs)


def runs(prs):
    """Every run of every text frame, table cell included."""
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for tf in frames:
                for p in tf.paragraphs:
                    yield from p.runs


def texts(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(out)


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.setattr(chart_images, "find_browser", lambda: None)


@pytest.mark.parametrize("n_overdue, overdue_slides", [(0, 1), (12, 1), (13, 2), (25, 3)])
def test_slide_count_follows_the_overdue_list(no_browser, n_overdue, overdue_slides):
    data, _ = report_pptx(measures(n_overdue), as_of=AS_OF)
    prs = Presentation(io.BytesIO(data))
    # title, headline, ranking (≤ 10 agencies: one slide), heatmap, lagging, then the list
    assert len(prs.slides) == 5 + overdue_slides == slide_count(4, n_overdue)
    last = texts(prs.slides[-1])
    if n_overdue == 0:
        assert "ไม่มีมาตรการที่เลยกำหนด" in last
    else:
        assert f"({overdue_slides}/{overdue_slides})" in last
        tables = [s for s in prs.slides[-1].shapes if s.has_table]
        rows = len(tables[0].table.rows) - 1
        assert rows == n_overdue - ROWS_PER_SLIDE * (overdue_slides - 1)


def test_more_than_ten_agencies_take_two_ranking_slides(no_browser):
    prs = Presentation(io.BytesIO(report_pptx(measures(0, n_agencies=14), as_of=AS_OF)[0]))
    assert len(prs.slides) == slide_count(14, 0) == 7
    assert "อันดับแรก" in texts(prs.slides[2]) and "อันดับสุดท้าย" in texts(prs.slides[3])


def test_title_slide_and_16_9(no_browser):
    data, _ = report_pptx(measures(3), province="บุรีรัมย์", fiscal_year=2566, round=6, as_of=AS_OF)
    prs = Presentation(io.BytesIO(data))
    assert round(prs.slide_width / prs.slide_height, 2) == round(16 / 9, 2)
    title = texts(prs.slides[0])
    for words in ("มาตรการ", "จังหวัดบุรีรัมย์", "ปีงบประมาณ พ.ศ. 2566", "รอบ 6 เดือน", "31 มีนาคม 2566"):
        assert words in title
    headline = texts(prs.slides[1])
    assert "4" in headline and "15" in headline  # 4 agencies, 12 + 3 measures


def test_every_thai_run_has_the_complex_script_font(no_browser):
    prs = Presentation(io.BytesIO(report_pptx(measures(14), as_of=AS_OF)[0]))
    n = 0
    for run in runs(prs):
        if not THAI.search(run.text):
            continue
        n += 1
        rpr = run._r.find(qn("a:rPr"))
        assert rpr is not None
        cs, latin = rpr.find(qn("a:cs")), rpr.find(qn("a:latin"))
        assert cs is not None and cs.get("typeface") == FONT, run.text
        assert latin is not None and latin.get("typeface") == FONT
        assert rpr.get("lang") == "th-TH"
        children = [c.tag for c in rpr]  # schema order: latin before ea before cs
        assert children.index(qn("a:latin")) < children.index(qn("a:ea")) < children.index(qn("a:cs"))
    assert n > 50


def test_no_browser_gives_a_warning_and_native_charts(no_browser):
    data, warnings = report_pptx(measures(5), as_of=AS_OF)
    codes = [w.code for w in warnings]
    assert "chart_images_no_browser" in codes
    w = warnings[codes.index("chart_images_no_browser")]
    assert "Chromium" in w.th and "Chromium" in w.en and w.level == "warning"
    prs = Presentation(io.BytesIO(data))
    shapes = [s for slide in prs.slides for s in slide.shapes]
    assert not any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in shapes)
    charts = [s for s in shapes if s.has_chart]
    assert len(charts) == 3  # status doughnut, ranking bars, lagging indicators
    for gf in charts:  # chart text carries the Thai font in the complex-script slot too
        txpr = gf.chart._chartSpace.find(qn("c:txPr"))
        assert txpr is not None and txpr.find(".//" + qn("a:cs")).get("typeface") == FONT
    heat = [s for s in prs.slides[3].shapes if s.has_table]
    assert heat and "ตัวชี้วัด 1" in texts(prs.slides[3])


def test_browser_failure_mid_render_still_builds(monkeypatch):
    def broken(*args, **kwargs):
        raise chart_images.ChartImageUnavailable("render_failed", "TimeoutError")

    monkeypatch.setattr(chart_images, "figures_png", broken)
    data, warnings = report_pptx(measures(2), as_of=AS_OF)
    assert Presentation(io.BytesIO(data)).slides
    assert any(w.code == "chart_images_render_failed" and "TimeoutError" in w.en for w in warnings)


def test_deck_with_chart_images():
    data, warnings = report_pptx(measures(3), as_of=AS_OF)
    assert not [w for w in warnings if w.level == "warning"], warnings
    prs = Presentation(io.BytesIO(data))
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 4  # status, ranking, heatmap, lagging
    for pic in pictures:
        width, _ = Image.open(io.BytesIO(pic.image.blob)).size
        assert width >= 1600
        assert pic.left >= 0 and pic.top >= 0 and pic.left + pic.width <= prs.slide_width
        assert pic.top + pic.height <= prs.slide_height


def test_dashboard_charts_failing_falls_back_to_our_figures(no_browser, monkeypatch):
    """The deck uses the dashboard's charts.py builders; if they fail, its own builders draw
    the same four charts and an info note says so."""
    from ita_metrics.presentation import charts, report_figures

    def broken(*args, **kwargs):
        raise KeyError("chart.no_data")

    monkeypatch.setattr(charts, "ranking_chart", broken)
    figures, notes = report_figures.meeting_figures(measures(3))
    assert [f.name for f in figures] == ["ranking", "status", "heatmap", "lagging"]
    assert {f.source for f in figures} == {"report_figures"}
    assert notes and "KeyError" in notes[0]
    data, warnings = report_pptx(measures(3), as_of=AS_OF)
    assert any(w.code == "fallback_figures" and w.level == "info" for w in warnings)
    assert len(Presentation(io.BytesIO(data)).slides) == slide_count(4, 3)
