"""The officer corrects a measure in the data-quality editor (AppTest drives st.data_editor through
its edit state in session state, as the AppTest docs describe), sees the correction on every page,
and undoes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
THUNG = "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"
FILE = "thungmaphrao_2565.csv"


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture()
def app(fixtures_dir) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.file_uploader(key="uploader").set_value([(FILE, (fixtures_dir / FILE).read_bytes(), "text/csv")])
    at.run()
    return at.switch_page("pages/quality.py").run()


def _measure(at: AppTest, row: int):
    ds = at.session_state["dataset"]
    m = ds.measures
    return m.loc[(m["source_file"] == FILE) & (m["source_row"] == row)].iloc[0]


def test_edit_status_and_date_then_undo(app):
    at = app
    _clean(at)
    editor = at.data_editor[0]
    rows = editor.value
    assert list(rows["source_file"].unique()) == [FILE]
    # the not-started measure (CSV record 8): the officer learns it was done on 20 April 2022
    i = int(rows.index[rows["status"] == "ยังไม่ดำเนินการ"][0])
    source_row = int(rows.loc[i, "source_row"])
    before = _measure(at, source_row)
    assert before["status"] == "not_started" and before["timeliness"] == "not_due"
    at.session_state[editor.key] = {
        "edited_rows": {i: {"status": "ดำเนินการแล้ว", "completed_date": "2022-04-20"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _clean(at)
    saved = at.session_state["corrections"]
    assert saved == [
        {
            "source_file": FILE,
            "source_sheet": before["source_sheet"],
            "source_row": source_row,
            "status": "done",
            "due_date": "",
            "completed_date": "2022-04-20",
            "as_of": "",
        }
    ]
    after = _measure(at, source_row)
    assert after["status"] == "done" and after["completed_date"] == "2022-04-20"
    assert after["timeliness"] == "on_time"  # recomputed against the April deadline
    assert "corrected" in after["flags"].split(";")

    # every view uses it: the agency page shows the corrected status and the flag in words
    at.switch_page("pages/agency.py").run()
    _clean(at)
    table = next(d.value for d in at.dataframe if "ธงเตือน" in d.value.columns)
    assert table["ธงเตือน"].str.contains("แก้ไขโดยเจ้าหน้าที่").sum() == 1
    assert (table["สถานะ"] == "ดำเนินการแล้ว").sum() == 9
    assert {m.label: m.value for m in at.metric}["ดำเนินการแล้ว"] == "90.0%"

    # undo
    at.switch_page("pages/quality.py").run()
    at.multiselect(key="fix_undo").set_value([(FILE, before["source_sheet"], source_row)]).run()
    at.button(key="fix_undo_btn").click().run()
    _clean(at)
    assert at.session_state["corrections"] == []
    restored = _measure(at, source_row)
    assert restored["status"] == "not_started" and "corrected" not in restored["flags"]


def test_undo_all(app):
    at = app
    at.session_state["corrections"] = [
        {
            "source_file": FILE,
            "source_sheet": _measure(at, 4)["source_sheet"],
            "source_row": 4,
            "status": "in_progress",
            "due_date": "",
            "completed_date": "",
        }
    ]
    at.run()
    assert _measure(at, 4)["status"] == "in_progress"
    assert "รายการแก้ไข (1)" in [s.value for s in at.subheader]
    at.button(key="fix_undo_all").click().run()
    _clean(at)
    assert at.session_state["corrections"] == []
    assert _measure(at, 4)["status"] == "done"
    assert date.fromisoformat(_measure(at, 4)["completed_date"]) <= date(2022, 4, 25)
