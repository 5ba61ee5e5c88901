"""The follow-up and search pages under Streamlit's AppTest, on the bundled sample province:
roster drawn from the gazetteer and saved, the not-received list, the letters and one-pager
downloads offered, search hits counted."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ita_metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("ITA_STORE_PATH", str(tmp_path / "store.sqlite"))
    at = AppTest.from_file(APP, default_timeout=240).run()
    return at.switch_page("pages/followup.py").run()


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_followup_roster_submissions_letters(app, tmp_path):
    at = app
    _clean(at)
    assert at.title[0].value == "ติดตามการส่งรายงานและหนังสือแจ้งเตือน"
    assert at.selectbox(key="fu_province").value == "ตัวอย่าง"
    assert any("ยังไม่มีรายชื่อหน่วยงาน" in i.value for i in at.info)
    at.selectbox(key="fu_round").set_value((2566, 6)).run()
    at.button(key="fu_gazetteer").click().run()
    _clean(at)
    assert any("ร่างรายชื่อ 34 หน่วยงาน" in i.value for i in at.info)
    m = _metrics(at)
    assert (m["ส่งแล้ว"], m["ส่งช้า"], m["ยังไม่ส่ง"], m["จำนวนหน่วยงาน"]) == ("26", "4", "4", "34")
    table = next(d.value for d in at.dataframe if "สถานะการส่ง" in d.value.columns)
    assert sorted(table["หน่วยงาน"]) == ["อบต.ทุ่งใหญ่", "อบต.นาคำ", "อบต.หนองแวง", "อบต.โพนทอง"]
    assert set(table["สถานะการส่ง"]) == {"ยังไม่ส่ง"}
    assert at.get("download_button")  # letters, PDF, Word, the list
    at.button(key="fu_save").click().run()
    _clean(at)
    with Store(tmp_path / "store.sqlite") as store:
        assert len(store.roster("ตัวอย่าง", 2566)) == 34
    assert any("บันทึกรายชื่อที่" in c.value or "รายชื่อที่บันทึกไว้ในคลัง 34" in c.value for c in at.caption)


def test_search_page_counts_hits(tmp_path, monkeypatch):
    monkeypatch.setenv("ITA_STORE_PATH", str(tmp_path / "store.sqlite"))
    at = AppTest.from_file(APP, default_timeout=240).run()
    at = at.switch_page("pages/search.py").run()
    at.selectbox(key="f_report").set_value("2566/6").run()
    at.text_input(key="search_q").set_value("ร้องเรียน").run()
    _clean(at)
    assert any("พบ 26 มาตรการ จาก 19 หน่วยงาน" in md.value for md in at.markdown)  # 52 over both rounds
    table = next(d.value for d in at.dataframe if "พบใน" in d.value.columns)
    assert len(table) == 26 and "พบใน" in table.columns
    at.text_input(key="search_q").set_value("เรียน").run()
    assert any("ไม่พบมาตรการที่มีคำว่า เรียน" in i.value for i in at.info)
