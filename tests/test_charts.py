"""ita_metrics.presentation.charts: Thai labels wrapped at word boundaries, one colour per status everywhere,
Thai legends and hover text, file text escaped, fonts from data/ui.toml."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from ita_metrics.model import to_frame
from ita_metrics.presentation import charts, time_charts, views
from ita_metrics.presentation.ui_text import keys, text

ROOT = Path(__file__).resolve().parent.parent


def _measures() -> pd.DataFrame:
    rows = []
    for i, (agency, district) in enumerate([("เทศบาลตำบลถาวร", "เฉลิมพระเกียรติ"), ("องค์การบริหารส่วนตำบลทุ่งมะพร้าว", "")]):
        for j, (status, tl) in enumerate(
            [
                ("done", "on_time"),
                ("in_progress", "overdue"),
                ("not_started", "not_due"),
                ("done", "late"),
                ("unknown", "unknown"),
            ]
        ):
            rows.append(
                {
                    "source_file": f"f{i}.xlsx",
                    "source_sheet": "S",
                    "source_row": j + 5,
                    "agency": agency,
                    "district": district,
                    "tool": "OIT" if j % 2 else "IIT",
                    "indicator": 9 if j % 2 else 1,
                    "measure": f"มาตรการ <b>ที่</b> {j} ปรับปรุงการเปิดเผยข้อมูลบนเว็บไซต์ของหน่วยงาน",
                    "responsible": "กองคลัง",
                    "status": status,
                    "timeliness": tl,
                    "due_date": "2023-03-31",
                    "completed_date": "2023-03-01" if status == "done" else "",
                }
            )
    m = to_frame(rows)
    m["as_of"] = "2023-03-31"
    return m


def _json(fig) -> str:
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)


def test_wrap_label_breaks_thai_at_word_boundaries():
    out = charts.wrap_label("องค์การบริหารส่วนตำบลทุ่งมะพร้าว", 12)
    assert out == "องค์การบริหารส่วนตำบล<br>ทุ่งมะพร้าว"
    long = charts.wrap_label("การเปิดโอกาสให้เกิดการมีส่วนร่วมของประชาชนในการดำเนินงานของหน่วยงาน", 14)
    words = long.split("<br>")
    assert len(words) > 2 and "".join(words) == "การเปิดโอกาสให้เกิดการมีส่วนร่วมของประชาชนในการดำเนินงานของหน่วยงาน"
    assert charts.wrap_label("สั้น", 14) == "สั้น"
    assert charts.wrap_label("a <script>", 40) == "a &lt;script&gt;"
    assert charts.wrap_label("ก" * 10 + " " + "ข" * 10 + " " + "ค" * 10, 10, max_lines=2).endswith("…")


def test_one_colour_per_status_defined_once():
    ui = tomllib.loads((ROOT / "data" / "ui.toml").read_text(encoding="utf-8"))
    assert set(ui["status"]) == {"done", "in_progress", "not_started", "unknown"}
    assert set(ui["timeliness"]) == {"on_time", "late", "overdue", "not_due", "unknown"}
    assert len(set(ui["status"].values())) == 4 and len(set(ui["timeliness"].values())) == 5
    ov = views.agency_overview(_measures())
    mix = charts.status_mix_chart(ov)
    assert {t.name: t.marker.color for t in mix.data} == {text(f"status.{k}"): v for k, v in ui["status"].items()}
    donut = charts.donut_chart(views.status_counts(_measures()), "status")
    assert list(donut.data[0].marker.colors) == [
        ui["status"][k] for k in ("done", "in_progress", "not_started", "unknown")
    ]
    tl = charts.timeliness_chart(views.timeliness_by(_measures()))
    assert {t.name: t.marker.color for t in tl.data} == {
        text(f"timeliness.{k}"): v for k, v in ui["timeliness"].items()
    }


def test_app_font_matches_chart_font():
    ui = tomllib.loads((ROOT / "data" / "ui.toml").read_text(encoding="utf-8"))
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["theme"]["font"] == ui["font"]["family"] == charts.font_family()
    assert "Loma" in charts.font_family() and charts.font_family().endswith("sans-serif")
    fig = charts.ranking_chart(views.agency_overview(_measures()))
    assert fig.layout.font.family == ui["font"]["family"]


def test_ranking_chart_grades_districts_and_thai_hover():
    ov = views.agency_overview(_measures())
    fig = charts.ranking_chart(ov)
    js = _json(fig)
    assert "ทต.ถาวร" in js and "อ.เฉลิมพระเกียรติ" in js and "อบต.ทุ่งมะพร้าว" in js
    assert all(t.name.startswith("เกรด ") for t in fig.data)
    assert "คะแนน" in fig.data[0].hovertemplate and "ความครบถ้วน" in fig.data[0].hovertemplate
    en = charts.ranking_chart(ov, "en")
    assert en.data[0].name.startswith("Grade ")


def test_heatmap_cells_are_clickable_and_escaped():
    m = _measures()
    fig = charts.heatmap_chart(views.completion_matrix(m))
    heat, cells = fig.data[0], fig.data[1]
    assert heat.type == "heatmap" and cells.type == "scatter"
    assert sorted(map(tuple, cells.customdata)) == sorted({(a, int(i)) for a, i in zip(m["agency"], m["indicator"])})
    assert fig.layout.clickmode == "event+select"
    assert "&lt;b&gt;" not in _json(fig)  # measure text is not in the heatmap at all
    tl = time_charts.timeline_chart(m.loc[m["agency"] == "เทศบาลตำบลถาวร"])
    js = _json(tl)
    assert "&lt;b&gt;ที่&lt;/b&gt;" in js and "<b>ที่</b>" not in js  # file text escaped, never HTML


def test_timeline_and_compare_and_indicator_charts():
    m = _measures()
    tl = time_charts.timeline_chart(m.loc[m["agency"] == "เทศบาลตำบลถาวร"])
    names = [t.name for t in tl.data if t.name]
    assert "กำหนดแล้วเสร็จ" in names and any(n.startswith("วันที่ประเมิน") for n in names)
    assert any("ต.ค." in t or "มี.ค." in t for t in tl.layout.xaxis.ticktext)  # Thai months, BE years
    cmp = charts.compare_chart(
        {"completion_pct": 90, "pct_on_time": 80, "score": 87}, {"completion_pct": 70, "pct_on_time": 60, "score": 67}
    )
    assert [t.name for t in cmp.data] == ["หน่วยงานนี้", "ทั้งจังหวัด"]
    assert list(cmp.data[0].x) == [90, 80, 87]
    ind = charts.indicator_chart(views.indicator_summary(m))
    assert any("การเปิดเผยข้อมูล" in y for y in ind.data[0].y)


def test_empty_data_gives_a_note_not_a_blank_chart():
    empty = to_frame([])
    fig = charts.ranking_chart(views.agency_overview(empty))
    assert fig.layout.annotations[0].text == text("chart.no_data")
    assert charts.heatmap_chart(views.completion_matrix(empty)).layout.annotations


def test_every_ui_key_used_in_code_exists_in_both_languages():
    used = set()
    for path in [
        ROOT / "dashboard.py",
        *ROOT.glob("pages/*.py"),
        *ROOT.glob("components/*.py"),
        ROOT / "ita_metrics" / "presentation" / "views.py",
        ROOT / "ita_metrics" / "presentation" / "charts.py",
    ]:
        src = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\b(?:t|text)\(\"([a-z_]+\.[a-zA-Z_.]+)\"", src))
        used |= (
            set(re.findall(r"page_header\(\"([a-z_.]+)\"(?:, \"([a-z_.]+)\")?", src)[0])
            if 'page_header("' in src
            else set()
        )
    used.discard("")
    known = set(keys())
    assert not used - known, sorted(used - known)
    from ita_metrics.datafiles import load_table

    for row in load_table("ui_text.csv"):
        assert row["th"].strip() and row["en"].strip(), row["key"]


@pytest.mark.parametrize("code", ["done", "in_progress", "not_started", "unknown"])
def test_status_labels_in_both_languages(code):
    assert text(f"status.{code}") != text(f"status.{code}", "en")
