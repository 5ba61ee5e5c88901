"""The history page (ประวัติและการเปรียบเทียบ) with AppTest on the bundled sample (rounds 6 and 12 of
2566), with a temporary, empty store so the sample is what is shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ita_metrics.config import DEFAULT_STORE_PATH
from ita_metrics.presentation import charts, time_charts
from ita_metrics.scoring import history

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")


@pytest.fixture(autouse=True)
def temporary_store(tmp_path, monkeypatch):
    existed = DEFAULT_STORE_PATH.exists()
    monkeypatch.setenv("ITA_STORE_PATH", str(tmp_path / "ita.sqlite"))
    yield
    assert DEFAULT_STORE_PATH.exists() == existed, "a test wrote data/ita.sqlite"


@pytest.fixture()
def history_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    return at.switch_page("pages/history.py").run()


def table(at: AppTest, *columns: str):
    """The first table with these column headers (read-only tables carry no key in AppTest)."""
    for df in at.dataframe:
        if all(c in df.value.columns for c in columns):
            return df.value
    raise AssertionError(f"no table with columns {columns}")


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def test_history_page_on_the_sample(history_app):
    at = history_app
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "ประวัติและการเปรียบเทียบ"
    ds = at.session_state["dataset"]
    assert ds.is_sample
    expected = history.overview(ds.measures)

    figs = figures(at)
    assert len(figs) == 2  # round slope chart, province trend
    slope = figs[0]
    agencies_drawn = {t["customdata"][0][0] for t in slope["data"]}
    assert len(agencies_drawn) == expected.round_slope["agency"].nunique() >= 24
    ticks = slope["layout"]["xaxis"]["ticktext"]
    assert ticks == ["ปีงบ 2566 รอบ 6 เดือน", "ปีงบ 2566 รอบ 12 เดือน"]
    names = {t["name"] for t in slope["data"]}
    assert names <= {"คะแนนเพิ่มขึ้น", "เท่าเดิม", "คะแนนลดลง"}
    trend = figs[1]
    assert any("คะแนนรวม" in t["name"] for t in trend["data"])

    captions = "\n".join(c.value for c in at.caption)
    assert "ปีงบประมาณเดียว" in "\n".join(i.value for i in at.info)  # one year only: said, not drawn
    assert "เพิ่มขึ้น" in captions

    backwards = table(at, "เปรียบเทียบ", "ก่อน")
    assert list(backwards.columns)[:3] == ["หน่วยงาน", "อำเภอ", "เปรียบเทียบ"]
    assert len(backwards) == len(expected.backwards)
    matched = table(at, "จับคู่โดย")
    assert len(matched) == len(expected.matched) > 0
    assert set(matched["จับคู่โดย"]) <= {"รหัสข้อ", "ข้อความ", "มีเฉพาะรอบก่อน", "มีเฉพาะรอบหลัง"}


def test_history_page_in_english(history_app):
    at = history_app
    at.session_state["lang"] = "en"
    at = at.run()
    assert not at.exception
    assert at.title[0].value == "History & comparison"


def test_slope_chart_marks_falls_in_the_not_started_colour():
    import pandas as pd

    from ita_metrics.model import to_frame

    m = to_frame(
        [
            {"agency": "เทศบาลตำบลก", "fiscal_year": 2566, "round": 6, "status": "done", "timeliness": "on_time"},
            {
                "agency": "เทศบาลตำบลก",
                "fiscal_year": 2566,
                "round": 12,
                "status": "not_started",
                "timeliness": "overdue",
            },
        ]
    )
    h = history.overview(m)
    assert list(h.backwards["agency"]) == ["เทศบาลตำบลก"]
    fig = time_charts.slope_chart(h.round_slope)
    down = [t for t in fig.data if t.name == "คะแนนลดลง"]
    assert down and down[0].line.color == charts.status_colors()["not_started"]
    assert isinstance(time_charts.province_trend_chart(h.province_trend), type(fig))
    assert time_charts.slope_chart(pd.DataFrame(columns=history.SLOPE_COLUMNS)).layout.annotations
