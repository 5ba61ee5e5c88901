"""The "stored reports" page and the store as the dashboard's data source, run with AppTest.

Every test gets its own empty store in a temporary folder through ITA_STORE_PATH (autouse
fixture), so no test ever writes data/ita.sqlite. "A restart" is a fresh AppTest run: a new
session with no uploads, reading the same store file.
"""

from __future__ import annotations

import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import store_ui
from ita_metrics.config import DEFAULT_STORE_PATH
from ita_metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
FIXTURE_FILES = ["thaworn_2566_r6.xlsx", "khaohuachang_2566_r12.xlsx", "thungmaphrao_2565.csv"]
STORED_LABEL = "ข้อมูลจากคลัง"


@pytest.fixture(autouse=True)
def temporary_store(tmp_path, monkeypatch) -> Path:
    """An empty store of this test's own; the repository's data/ita.sqlite is never touched."""
    existed = DEFAULT_STORE_PATH.exists()
    path = tmp_path / "store" / "ita.sqlite"
    monkeypatch.setenv("ITA_STORE_PATH", str(path))
    yield path
    assert DEFAULT_STORE_PATH.exists() == existed, "a test wrote data/ita.sqlite"


# ---------------------------------------------------------------- helpers
def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=180).run()


def upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    at.file_uploader(key="uploader").set_value([(n, b, "application/octet-stream") for n, b in files])
    return at.run()


def fixture_files(fixtures_dir: Path, names=FIXTURE_FILES) -> list[tuple[str, bytes]]:
    return [(n, (fixtures_dir / n).read_bytes()) for n in names]


def goto(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"pages/{page}.py").run()


def assert_no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def shown(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def save(at: AppTest) -> AppTest:
    at = goto(at, "store")
    at.button(key="store_save").click()
    return at.run()


def stored(path: Path) -> Store:
    return Store(path)


def table(at: AppTest, *columns: str):
    """The first table with these column headers (read-only tables carry no key in AppTest)."""
    for df in at.dataframe:
        if all(c in df.value.columns for c in columns):
            return df.value
    raise AssertionError(f"no table with columns {columns}")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def saved_app(fixtures_dir: Path) -> AppTest:
    return save(upload(new_app(), fixture_files(fixtures_dir)))


# ---------------------------------------------------------------- (a) a restart shows the same data
def test_saved_uploads_come_back_after_a_restart(fixtures_dir, temporary_store):
    at = saved_app(fixtures_dir)
    assert_no_errors(at)
    assert shown(at, "success").count("นำเข้าแล้ว") == 3
    with stored(temporary_store) as s:
        reports = s.reports()
    assert set(reports["status"]) == {"active"} and reports["n_measures"].sum() == 68
    assert sorted(reports["file"].unique()) == sorted(FIXTURE_FILES)
    shown_reports = table(at, "เลขที่", "สถานะ")
    assert len(shown_reports) == len(reports) and set(shown_reports["สถานะ"]) == {"ใช้งาน"}

    fresh = goto(new_app(), "home")  # a new session: nothing uploaded
    assert_no_errors(fresh)
    assert fresh.session_state["data_source"] == "store"
    ds = fresh.session_state["dataset"]
    assert not ds.is_sample and len(ds.measures) == 68
    assert metrics(fresh)["หน่วยงาน"] == "3" and metrics(fresh)["มาตรการ"] == "68"
    assert any(STORED_LABEL in m.value and "badge[" in m.value for m in fresh.markdown)
    assert STORED_LABEL in shown(fresh, "caption")  # the sidebar's "Data: …" line
    assert not any("ข้อมูลตัวอย่าง" in m.value for m in fresh.markdown)
    for page in ("agencies", "history"):
        assert_no_errors(goto(fresh, page))


def test_sample_when_the_store_is_empty_and_uploads_win_over_the_store(fixtures_dir):
    at = goto(new_app(), "home")
    assert at.session_state["data_source"] == "sample" and at.session_state["dataset"].is_sample
    at = saved_app(fixtures_dir)
    fresh = upload(goto(new_app(), "home"), fixture_files(fixtures_dir, FIXTURE_FILES[:1]))
    assert fresh.session_state["data_source"] == "uploads"
    assert metrics(fresh)["มาตรการ"] == "43"


# ---------------------------------------------------------------- (b) the same files again
def test_saving_the_same_files_twice_says_already_stored(fixtures_dir, temporary_store):
    at = saved_app(fixtures_dir)
    at.button(key="store_save").click()
    at = at.run()
    assert_no_errors(at)
    assert shown(at, "info").count("นำเข้าไว้แล้ว") == 3
    with stored(temporary_store) as s:
        assert len(s.reports()) == 3


# ---------------------------------------------------------------- (c) conflicts: replace and keep
def _conflicting_upload(at: AppTest, fixtures_dir: Path, extra: bytes) -> AppTest:
    """Another file (other bytes) with the same agency, year and round as a stored one."""
    name = "thungmaphrao_2565_new.csv"
    at = upload(goto(at, "home"), [(name, (fixtures_dir / "thungmaphrao_2565.csv").read_bytes() + extra)])
    at = goto(at, "store")
    at.button(key="store_save").click()
    at = at.run()
    assert_no_errors(at)
    assert "ยังไม่ได้บันทึก" in shown(at, "warning")
    assert shown(at, "warning").count("ยังไม่ได้บันทึก") == 1  # one question for the whole batch
    conflicts = table(at, "ไฟล์ใหม่", "รายงานที่มีอยู่")  # the stored report, its time in Bangkok (BE)
    assert list(conflicts["ไฟล์ใหม่"]) == ["thungmaphrao_2565_new.csv"]
    assert conflicts["นำเข้าเมื่อ"].str.contains(r"25[6-9]\d \d\d:\d\d น\.", regex=True).all()
    radio = at.radio(key="store_batch_choice")
    labels = radio.options
    assert len(set(labels)) == 3 and sum("คง" in o for o in labels) == 1 and sum("แทน" in o for o in labels) == 1
    resolve = at.button(key="store_resolve")
    assert radio.value is None and resolve.disabled  # the officer must choose first
    return at


def _choose(at: AppTest, choice: str) -> AppTest:
    at.radio(key="store_batch_choice").set_value(choice)
    at = at.run()
    at.button(key="store_resolve").click()
    return at.run()


def test_conflict_replace(fixtures_dir, temporary_store):
    at = _conflicting_upload(saved_app(fixtures_dir), fixtures_dir, b"\n")
    at = _choose(at, "replace_all")
    assert_no_errors(at)
    assert "แทนที่รายงานเลขที่" in shown(at, "info")
    assert not at.radio  # nothing waits for a choice any more
    with stored(temporary_store) as s:
        r = s.reports()
    assert list(r["status"]).count("replaced") == 1 and list(r["status"]).count("active") == 3
    assert "thungmaphrao_2565_new.csv" in set(r.loc[r["status"] == "active", "file"])
    assert "ถูกแทนที่" in set(table(at, "เลขที่", "สถานะ")["สถานะ"])


def test_conflict_keep(fixtures_dir, temporary_store):
    at = _conflicting_upload(saved_app(fixtures_dir), fixtures_dir, b"\n\n")
    at = _choose(at, "keep_all")
    assert_no_errors(at)
    assert "เก็บรายงานเดิม" in shown(at, "info")
    with stored(temporary_store) as s:
        r = s.reports()
    assert len(r) == 3 and set(r["status"]) == {"active"}
    assert "thungmaphrao_2565_new.csv" not in set(r["file"])


# ---------------------------------------------------------------- (d) delete needs a confirmation, undo
def test_delete_needs_confirmation_and_can_be_undone(fixtures_dir, temporary_store):
    at = saved_app(fixtures_dir)
    with stored(temporary_store) as s:
        rid = int(s.reports()["id"].iloc[0])
        description = s.describe_report(rid).th
    at.selectbox(key="store_delete_pick").set_value(rid)
    at = at.run()
    assert description in shown(at, "info").replace("\\", "")  # what will be deleted, before deleting
    assert at.button(key="store_delete").disabled  # no deleting without the confirmation
    with stored(temporary_store) as s:
        assert s.report(rid)["status"] == "active"

    at.checkbox(key="store_delete_confirm").check()
    at = at.run()
    assert not at.button(key="store_delete").disabled
    at.button(key="store_delete").click()
    at = at.run()
    assert_no_errors(at)
    assert f"ลบรายงานเลขที่ {rid} แล้ว" in shown(at, "success")
    with stored(temporary_store) as s:
        assert s.report(rid)["status"] == "deleted"
    assert at.session_state["data_source"] == "uploads"  # this session still shows its uploads …
    at.button(key="store_show").click()  # … until the officer switches to the store
    at = at.run()
    assert at.session_state["data_source"] == "store"
    assert at.session_state["dataset"].measures["report_id"].nunique() == 2  # the deleted one is gone

    at.button(key="store_undo").click()
    at = at.run()
    assert_no_errors(at)
    assert f"นำรายงานเลขที่ {rid} กลับมาใช้งานแล้ว" in shown(at, "success")
    with stored(temporary_store) as s:
        assert s.report(rid)["status"] == "active"
    assert len(at.session_state["dataset"].measures) == 68 and not at.get("download_button")[0].proto.disabled


# ---------------------------------------------------------------- (e) backup and restore
def test_backup_button_and_restore_into_another_empty_store(fixtures_dir, temporary_store, tmp_path, monkeypatch):
    at = saved_app(fixtures_dir)
    button = at.get("download_button")
    assert [b.proto.label for b in button] == ["ดาวน์โหลดไฟล์สำรอง"] and not button[0].proto.disabled
    assert store_ui.backup_file_name(date(2026, 1, 31)) == "ita-backup-20260131.zip"
    with stored(temporary_store) as s:
        backup = s.backup_bytes()
        n_reports = len(s.reports())
    assert "manifest.json" in zipfile.ZipFile(BytesIO(backup)).namelist()

    # the same store is not empty: restoring is not offered, with a clear message
    assert "กู้คืนไม่ได้" in shown(at, "info") and "มีรายงานอยู่แล้ว" in shown(at, "info")
    with pytest.raises(KeyError):
        at.file_uploader(key="store_restore_file")
    assert not [b for b in at.button if b.key == "store_restore"]

    other = tmp_path / "other" / "ita.sqlite"
    monkeypatch.setenv("ITA_STORE_PATH", str(other))
    at = goto(new_app(), "store")
    assert at.session_state["data_source"] == "sample"
    at.file_uploader(key="store_restore_file").set_value([("ita-backup-20260131.zip", backup, "application/zip")])
    at = at.run()
    at.button(key="store_restore").click()
    at = at.run()
    assert_no_errors(at)
    assert f"กู้คืนแล้ว {n_reports} รายงาน 68 มาตรการ" in shown(at, "success")
    with stored(other) as s:
        assert len(s.reports()) == n_reports
    assert at.session_state["data_source"] == "store"


def test_a_damaged_backup_is_refused_in_thai(tmp_path):
    at = goto(new_app(), "store")
    at.file_uploader(key="store_restore_file").set_value([("x.zip", b"not a zip", "application/zip")])
    at = at.run()
    at.button(key="store_restore").click()
    at = at.run()
    assert not at.exception
    assert "ไม่ใช่ไฟล์สำรองข้อมูล" in shown(at, "error")
