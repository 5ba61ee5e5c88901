"""Issue 10 through the app (AppTest): the seven reports uploaded, an as-of date set for every
round-6 report of FY2566, a correction, one save, then a new session: every headline figure, the
agencies table and the overdue list are the same, the correction and the dates still there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from ita_metrics.presentation.ui_text import text
from tests.test_app_store import temporary_store  # noqa: F401 - the autouse fixture: an empty store of its own
from tests.test_one_truth import SEVEN

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")


def goto(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"pages/{page}.py").run()


def clean(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def table(at: AppTest, *columns: str):
    for df in at.dataframe:
        if all(c in df.value.columns for c in columns):
            return df.value
    raise AssertionError(f"no table with columns {columns}")


def seen(at: AppTest) -> dict:
    """What the officer reads on the overview, agencies and timeliness pages."""
    home = clean(goto(at, "home"))
    headline = {text(f"metric.{k}") for k in ("agencies", "measures", "pct_done", "pct_on_time", "overdue", "score")}
    cards = {m.label: m.value for m in home.metric if m.label in headline}
    assert len(cards) == 6
    agencies = clean(goto(at, "agencies"))
    ranking = table(agencies, "อันดับ", "หน่วยงาน", "คะแนน").reset_index(drop=True)
    follow = clean(goto(at, "timeliness"))
    overdue = table(follow, "หน่วยงาน", "เลยกำหนด (วัน)", "ข้อมูล ณ วันที่").reset_index(drop=True)
    return {"cards": cards, "ranking": ranking, "overdue": overdue}


def test_set_dates_correct_save_restart_same_figures(fixtures_dir):
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.file_uploader(key="uploader").set_value(
        [(n, (fixtures_dir / n).read_bytes(), "application/octet-stream") for n in SEVEN]
    )
    at = clean(at.run())
    assert {m.label: m.value for m in at.metric}["มาตรการ"] == "80"  # latest report per agency
    caption = "\n".join(c.value for c in at.caption)
    assert "หลายจังหวัด" in caption and "ข้อมูล ณ วันที่" in caption

    # every round-6 report of FY2566 judged at 31 May 2566 instead of its own date
    at = clean(goto(at, "quality"))
    at.multiselect(key="asof_fy").set_value([2566]).run()
    at.multiselect(key="asof_round").set_value([6]).run()
    at.date_input(key="asof_day").set_value(date(2023, 5, 31)).run()
    assert at.button(key="asof_apply").label == "ตั้งวันที่ให้ 2 รายงาน"
    at.button(key="asof_apply").click()
    at = clean(at.run())
    fixes = list(at.session_state["corrections"])
    assert len(fixes) == 48 and {f["as_of"] for f in fixes} == {"2023-05-31"}
    # and the officer's correction (the editor's record, as tests/test_app_corrections.py makes it)
    at.session_state["corrections"] = [
        *fixes,
        {
            "source_file": "nongbua_2566.csv",
            "source_sheet": "",
            "source_row": 4,
            "status": "done",
            "due_date": "",
            "completed_date": "2023-06-20",
            "as_of": "",
        },
    ]
    at = clean(at.run())
    before = seen(at)
    days = dict(zip(before["overdue"]["หน่วยงาน"], before["overdue"]["เลยกำหนด (วัน)"]))
    assert len(before["overdue"]) == 3 and len(before["ranking"]) == 6
    assert days["อบต.โคกสนวน"] == 92  # 28 Feb → 31 May 2566
    assert days["อบต.หนองบัว"] == 31  # its June measure corrected to done; September's left
    assert "31 พ.ค. 2566" in set(before["overdue"]["ข้อมูล ณ วันที่"])

    at = clean(goto(at, "store"))
    at.button(key="store_save").click()
    at = clean(at.run())
    assert "นำเข้าแล้ว" in "\n".join(str(s.value) for s in at.success)

    fresh = AppTest.from_file(APP, default_timeout=300).run()  # a restart: a new session
    assert fresh.session_state["data_source"] == "store"
    after = seen(fresh)
    assert after["cards"] == before["cards"]
    pd.testing.assert_frame_equal(after["ranking"], before["ranking"])
    pd.testing.assert_frame_equal(after["overdue"], before["overdue"])
    m = fresh.session_state["dataset"].measures.set_index(["source_file", "source_row"])
    assert "corrected" in m.loc[("nongbua_2566.csv", 4), "flags"]  # the correction survived
    assert set(m.loc["khoksanuan_2566_r6.xlsx", "as_of"]) == {"2023-05-31"}  # and the officer's date
