"""Issue 10, point 3: corrections and per-report as-of dates are kept in the store WITH WHO AND WHEN
(columns made_by / at / undone_by / undone_at), an older store is migrated without losing a row,
the record is shown in Thai (Buddhist era, Bangkok time), undo works, and backups carry it."""

from __future__ import annotations

import importlib
import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from ita_metrics import store as store_mod
from ita_metrics.interpret.importer import ParseOptions, parse_path
from ita_metrics.presentation import correction_log
from ita_metrics.scoring import corrections
from ita_metrics.store import Store
from tests.test_app_store import temporary_store  # noqa: F401 - the autouse fixture: an empty store of its own

TODAY = date(2026, 11, 30)
KHOK = "khoksanuan_2566_r6.xlsx"
APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")

STORE_PARTS = ("common", "schema", "importing", "queries", "fixes", "backup", "base")


def _result(fixtures_dir):
    return parse_path(fixtures_dir / KHOK, options=ParseOptions(today=TODAY))


MADE = datetime(2026, 11, 30, 16, 5, tzinfo=UTC)  # 23:05 in Bangkok
UNDONE = datetime(2026, 11, 30, 18, 15, tzinfo=UTC)  # 1:15 the next morning in Bangkok


def test_who_and_when_kept_undone_and_backed_up(tmp_path, fixtures_dir):
    ticks = iter([MADE] * 3 + [UNDONE])  # import, the as-of dates, the status correction; then the undo
    with Store(tmp_path / "ita.sqlite", now=lambda: next(ticks)) as store:
        store.import_result(_result(fixtures_dir), "replace")
        rid = int(store.reports()["id"].iat[0])
        m = store.measures()
        report = {(KHOK, m["agency"].iat[0], 2566, 6)}
        dates = corrections.as_of_corrections(m, report, date(2023, 5, 31))
        store.add_corrections([{**f, "report_id": rid} for f in dates], by="นางสาวสมศรี ตรวจงาน")
        sheet = str(m["source_sheet"].iat[0])
        fix = store.add_correction(rid, sheet, 8, "status", "done", note="โทรยืนยันแล้ว", by="นายสมชาย ใจดี")
        store.undo_correction(fix, by="นางสาวสมศรี ตรวจงาน")
    with Store(tmp_path / "ita.sqlite") as store:  # a restart
        log = store.corrections()
        assert len(log) == 5 + 1
        as_of = log.loc[log["field"] == "as_of"]
        assert set(as_of["made_by"]) == {"นางสาวสมศรี ตรวจงาน"} and not as_of["undone"].any()
        status = log.loc[log["field"] == "status"].iloc[0]
        assert (status["made_by"], status["note"], bool(status["undone"])) == ("นายสมชาย ใจดี", "โทรยืนยันแล้ว", True)
        assert status["undone_by"] == "นางสาวสมศรี ตรวจงาน"
        assert {datetime.fromisoformat(v) for v in log["at"]} == {MADE}
        assert datetime.fromisoformat(status["undone_at"]) == UNDONE
        shown = correction_log.display_log(log, store.measures(), "th")  # newest first
        assert set(shown["เมื่อ"]) == {"30 พ.ย. 2569 23:05 น."}
        assert shown["สถานะ"].iat[0] == "ยกเลิกแล้ว 1 ธ.ค. 2569 01:15 น. โดย นางสาวสมศรี ตรวจงาน"
        assert list(shown["ค่าใหม่"].iloc[1:]) == ["31 พ.ค. 2566"] * 5 and set(shown["หน่วยงาน"]) == {"อบต.โคกสนวน"}
        # the undone status correction is not in force; the as-of date is (28 Feb → 31 May: 92 days)
        row8 = store.measures().set_index("source_row").loc[8]
        assert (row8["status"], row8["timeliness"], row8["as_of"]) == ("in_progress", "overdue", "2023-05-31")
        backup = store.backup_bytes()
    with zipfile.ZipFile(io.BytesIO(backup)) as zf:
        table = pd.read_csv(io.BytesIO(zf.read("corrections.csv")), encoding="utf-8-sig", keep_default_na=False)
    assert list(table["made_by"]).count("นางสาวสมศรี ตรวจงาน") == 5
    assert list(table["undone_by"]).count("นางสาวสมศรี ตรวจงาน") == 1
    with Store(tmp_path / "restored.sqlite") as other:
        other.restore_zip(io.BytesIO(backup))
        pd.testing.assert_frame_equal(other.corrections(), log)


def test_an_older_store_is_migrated_without_losing_a_row(tmp_path, fixtures_dir, monkeypatch):
    """A store written before who and when had columns (schema 2: the saver in the note) keeps
    every report, measure and correction; the saver moves from the note to made_by."""
    path = tmp_path / "old.sqlite"
    with monkeypatch.context() as old:
        schema_2 = {
            "MIGRATIONS": store_mod.MIGRATIONS[:2],
            "STORED_FIELDS": [f for f in store_mod.STORED_FIELDS if f != "reported_completed_date"],
            "CORRECTION_COLUMNS": [c for c in store_mod.CORRECTION_COLUMNS if not c.endswith("_by")],
        }
        for part in (store_mod, *(importlib.import_module(f"ita_metrics.store.{m}") for m in STORE_PARTS)):
            for name, value in schema_2.items():
                if hasattr(part, name):  # every part of the store that reads the name
                    old.setattr(part, name, value)
        with Store(path) as s:
            assert s.schema_version == 2
            s.import_result(_result(fixtures_dir), "replace")
            sheet = str(s.measures()["source_sheet"].iat[0])
            for row, field, value, note in (  # as the app of schema 2 wrote them
                (8, "status", "done", "บันทึกโดย นายสมชาย ใจดี"),
                (7, "due_date", "2023-05-31", "saved by Somchai"),
                (6, "status", "in_progress", "ตามหนังสือที่ 12/2566"),
            ):
                s.conn.execute(
                    "INSERT INTO corrections (report_id, source_file, source_sheet, source_row, field, "
                    "old_value, new_value, at, note) VALUES (1, ?, ?, ?, ?, '', ?, '2026-11-30T10:00:00+07:00', ?)",
                    (KHOK, sheet, row, field, value, note),
                )
            counts = s.counts()
    with Store(path) as s:
        assert s.schema_version == store_mod.schema_version() == 4
        assert s.counts() == counts
        log = s.corrections()
        assert list(log["made_by"]) == ["นายสมชาย ใจดี", "Somchai", ""]
        assert list(log["note"]) == ["", "", "ตามหนังสือที่ 12/2566"]
        assert set(s.measures()["reported_completed_date"]) == {""}  # not known for rows stored before


def test_the_record_reads_in_thai_with_buddhist_era_and_bangkok_time():
    log = pd.DataFrame(
        {
            "id": [1, 2],
            "report_id": [1, 1],
            "source_file": [KHOK, KHOK],
            "source_sheet": ["", ""],
            "source_row": pd.array([8, 8], dtype="Int64"),
            "field": ["as_of", "status"],
            "old_value": ["2023-04-28", "in_progress"],
            "new_value": ["2023-05-31", "done"],
            "at": ["2026-11-30T16:05:00+00:00", "2026-11-30T23:40:00+07:00"],
            "made_by": ["นางสาวสมศรี ตรวจงาน", ""],
            "note": ["", ""],
            "undone": [False, True],
            "undone_at": ["", "2026-12-01T01:15:00+00:00"],
            "undone_by": ["", "นายสมชาย ใจดี"],
        }
    )
    measures = pd.DataFrame(
        {"report_id": [1], "source_sheet": [""], "source_row": [8], "agency": ["องค์การบริหารส่วนตำบลโคกสนวน"]}
    )
    th = correction_log.display_log(log, measures, "th")
    assert th.to_dict("records") == [
        {
            "เมื่อ": "30 พ.ย. 2569 23:40 น.",
            "โดย": "ไม่ทราบชื่อผู้บันทึก",
            "หน่วยงาน": "อบต.โคกสนวน",
            "ไฟล์": KHOK,
            "แถว": 8,
            "รายการที่แก้": "สถานะ",
            "ค่าเดิม": "อยู่ระหว่างดำเนินการ",
            "ค่าใหม่": "ดำเนินการแล้ว",
            "สถานะ": "ยกเลิกแล้ว 1 ธ.ค. 2569 08:15 น. โดย นายสมชาย ใจดี",
        },
        {
            "เมื่อ": "30 พ.ย. 2569 23:05 น.",  # 16:05 UTC is 23:05 in Bangkok
            "โดย": "นางสาวสมศรี ตรวจงาน",
            "หน่วยงาน": "อบต.โคกสนวน",
            "ไฟล์": KHOK,
            "แถว": 8,
            "รายการที่แก้": "ข้อมูล ณ วันที่",
            "ค่าเดิม": "28 เม.ย. 2566",
            "ค่าใหม่": "31 พ.ค. 2566",
            "สถานะ": "ใช้อยู่",
        },
    ]
    en = correction_log.display_log(log, measures, "en")
    assert list(en["When"]) == ["30 Nov 2026 23:40 (Bangkok)", "30 Nov 2026 23:05 (Bangkok)"]
    assert list(en["State"]) == ["undone 1 Dec 2026 08:15 (Bangkok) by นายสมชาย ใจดี", "in force"]


def test_the_officer_names_herself_corrects_the_store_and_undoes(fixtures_dir, temporary_store):  # noqa: F811
    """Dashboard on the store: the officer types her name, corrects a measure in the editor (stored
    at once with her name and the time), sees it in the record, undoes it there; a restart shows
    the same record."""
    with Store(temporary_store) as store:
        store.import_result(_result(fixtures_dir), "replace")
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert at.session_state["data_source"] == "store"
    at = at.switch_page("pages/quality.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.text_input(key="officer_name_fix").set_value("นางสาวสมศรี ตรวจงาน").run()
    at.selectbox(key="fix_file").set_value(KHOK).run()
    editor = at.data_editor[0]
    i = int(editor.value.index[editor.value["source_row"] == 8][0])
    at.session_state[editor.key] = {
        "edited_rows": {i: {"status": "ดำเนินการแล้ว", "completed_date": "2023-04-20"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "corrections" not in at.session_state or not at.session_state["corrections"]  # in the store, not the session
    with Store(temporary_store) as store:
        log = store.corrections()
    assert set(zip(log["field"], log["new_value"], log["made_by"])) == {
        ("status", "done", "นางสาวสมศรี ตรวจงาน"),
        ("completed_date", "2023-04-20", "นางสาวสมศรี ตรวจงาน"),
    }
    row8 = at.session_state["dataset"].measures.set_index("source_row").loc[8]
    assert (row8["status"], row8["timeliness"]) == ("done", "late")  # due 28 Feb, done 20 April
    shown = next(df.value for df in at.dataframe if "โดย" in df.value.columns)
    assert set(shown["โดย"]) == {"นางสาวสมศรี ตรวจงาน"} and set(shown["สถานะ"]) == {"ใช้อยู่"}
    assert all(v.endswith(" น.") and "25" in v for v in shown["เมื่อ"])  # Buddhist era, Bangkok time

    at.multiselect(key="log_undo").set_value([int(i) for i in log["id"]]).run()
    at.button(key="log_undo_btn").click().run()
    assert not at.exception and not at.error
    fresh = AppTest.from_file(APP, default_timeout=180).run().switch_page("pages/quality.py").run()
    row8 = fresh.session_state["dataset"].measures.set_index("source_row").loc[8]
    assert row8["status"] == "in_progress" and "corrected" not in row8["flags"]
    shown = next(df.value for df in fresh.dataframe if "โดย" in df.value.columns)
    assert all(v.startswith("ยกเลิกแล้ว ") and v.endswith("โดย นางสาวสมศรี ตรวจงาน") for v in shown["สถานะ"])


def test_an_as_of_date_set_on_the_store_says_who_and_when(fixtures_dir, temporary_store):  # noqa: F811
    """Dashboard on the store: the officer names himself and sets the report's as-of date; it is
    stored at once with his name, and the reports table says who set it and when."""
    with Store(temporary_store) as store:
        store.import_result(_result(fixtures_dir), "replace")
    at = AppTest.from_file(APP, default_timeout=180).run().switch_page("pages/quality.py").run()
    at.text_input(key="officer_name_asof").set_value("นายสมชาย ใจดี").run()
    at.date_input(key="asof_day").set_value(date(2023, 5, 31)).run()
    at.button(key="asof_apply").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Store(temporary_store) as store:
        log = store.corrections()
    assert len(log) == 5 and set(log["field"]) == {"as_of"} and set(log["made_by"]) == {"นายสมชาย ใจดี"}
    shown = next(df.value for df in at.dataframe if "ตั้งวันที่โดย" in df.value.columns)
    assert list(shown["ตั้งวันที่โดย"]) == ["นายสมชาย ใจดี"] and list(shown["ข้อมูล ณ วันที่"]) == ["31 พ.ค. 2566"]
    assert shown["ตั้งเมื่อ"].iat[0].endswith(" น.")
    row8 = at.session_state["dataset"].measures.set_index("source_row").loc[8]
    assert (row8["timeliness"], row8["as_of"]) == ("overdue", "2023-05-31")
