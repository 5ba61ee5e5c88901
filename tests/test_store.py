"""The report store: safe imports, conflicts, deletes, corrections, migrations, backup and restore."""

from __future__ import annotations

import dataclasses
import io
import json
import sqlite3
import threading
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from ita_metrics import store as store_mod
from ita_metrics.interpret.importer import parse_path
from ita_metrics.model import MEASURE_FIELDS, STORED_FIELDS, to_frame
from ita_metrics.store import Migration, Store, StoreError
from ita_metrics.store import backup as store_backup
from ita_metrics.store import importing as store_importing
from ita_metrics.store import schema as store_schema

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def parsed(fixtures_dir: Path) -> dict:
    """Real reports: two single-agency workbooks, a CSV, and a consolidated file of five agencies."""
    return {
        "thaworn": parse_path(fixtures_dir / "thaworn_2566_r6.xlsx"),
        "khaohuachang": parse_path(fixtures_dir / "khaohuachang_2566_r12.xlsx"),
        "thungmaphrao": parse_path(fixtures_dir / "thungmaphrao_2565.csv"),
        "consolidated": parse_path(SAMPLE / "consolidated_2566_r6.xlsx"),
    }


@pytest.fixture()
def store(tmp_path: Path):
    with Store(tmp_path / "ita.sqlite") as s:
        yield s


def variant(result, measures: pd.DataFrame | None = None, **changes):
    """A copy of a FileResult with other fields (file, content_hash …) and, if given, other measures."""
    out = dataclasses.replace(result, **changes)
    out.measures = result.measures.copy() if measures is None else measures
    return out


def newer_copy(result, name: str, **measure_changes):
    """The same report sent again as a different file (other bytes), optionally edited."""
    measures = result.measures.copy()
    for col, value in measure_changes.items():
        measures[col] = value
    measures["source_file"] = name
    return variant(result, measures, file=name, content_hash=f"hash-of-{name}")


def dump_of(path: Path) -> str:
    """Every table of the database file as SQL text, read through a fresh connection."""
    conn = sqlite3.connect(str(path))
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


# ---------------------------------------------------------------- basics
def test_new_store_has_schema_and_wal(tmp_path: Path):
    path = tmp_path / "sub" / "ita.sqlite"
    with Store(path) as s:
        assert s.schema_version == store_mod.schema_version() >= 1
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert s.is_empty()
    assert path.exists()


def test_measures_table_has_every_model_field(store: Store):
    cols = [r[1] for r in store.conn.execute("PRAGMA table_info(measures)")]
    # a new field in model.MEASURE_FIELDS needs a migration that adds its column
    assert cols == ["id", "report_id"] + STORED_FIELDS  # as_of is kept per report


def test_store_path_from_env(tmp_path: Path, monkeypatch):
    from ita_metrics import config

    monkeypatch.setenv("ITA_STORE_PATH", str(tmp_path / "env.sqlite"))
    assert config.store_path() == tmp_path / "env.sqlite"
    assert config.store_path(tmp_path / "flag.sqlite") == tmp_path / "flag.sqlite"
    with Store() as s:
        assert s.path == tmp_path / "env.sqlite"
    monkeypatch.delenv("ITA_STORE_PATH")
    assert config.store_path() == ROOT / "data" / "ita.sqlite"


def test_import_keeps_measures_in_the_model(store: Store, parsed):
    r = parsed["thaworn"]
    out = store.import_result(r)
    assert out.status == "imported" and out.report_ids == [1] and out.n_measures == len(r.measures)
    got = store.measures()
    assert list(got.columns) == MEASURE_FIELDS + ["report_id"]
    assert set(got["as_of"]) == {"2023-04-30"}
    pd.testing.assert_frame_equal(got[MEASURE_FIELDS], r.measures.reset_index(drop=True))
    rep = store.reports().iloc[0]
    assert (rep["file"], rep["agency"], rep["fiscal_year"], rep["round"], rep["status"]) == (
        "thaworn_2566_r6.xlsx",
        "เทศบาลตำบลถาวร",
        2566,
        6,
        "active",
    )
    assert rep["content_hash"] == r.content_hash and rep["n_measures"] == len(r.measures)
    assert rep["importer_version"] and rep["imported_at"] and rep["as_of"] == "2023-04-30"
    skipped = store.skipped()
    assert len(skipped) == len(r.skipped) and set(skipped["report_id"]) == {1}


def test_restart_shows_the_same_data(tmp_path: Path, parsed):
    path = tmp_path / "ita.sqlite"
    with Store(path) as s:
        s.import_result(parsed["thaworn"])
        s.import_result(parsed["thungmaphrao"])
        before = s.measures(), s.reports()
    with Store(path) as s:
        pd.testing.assert_frame_equal(s.measures(), before[0])
        pd.testing.assert_frame_equal(s.reports(), before[1])


def test_consolidated_file_is_one_report_per_agency(store: Store, parsed):
    r = parsed["consolidated"]
    out = store.import_result(r)
    assert out.status == "imported" and len(out.report_ids) == 5
    reports = store.reports()
    assert set(reports["content_hash"]) == {r.content_hash}
    assert sorted(reports["agency"]) == sorted(r.measures["agency"].unique())
    assert reports.set_index("agency")["n_measures"].to_dict() == r.measures["agency"].value_counts().to_dict()
    # notes-sheet rows belong to the file's first report; rows inside the table to their nearest measure
    assert len(store.skipped()) == len(r.skipped)


def test_same_file_twice_keeps_one_report(store: Store, parsed):
    r = parsed["thaworn"]
    assert store.import_result(r).status == "imported"
    before = store.dump()
    again = store.import_result(r)
    assert again.status == "already_stored" and again.report_ids == [1]
    assert "already stored" in again.summary.en and "นำเข้าไว้แล้ว" in again.summary.th
    renamed = variant(r, file="copy of thaworn.xlsx")  # same bytes, other name
    assert store.import_result(renamed).status == "already_stored"
    assert store.dump() == before
    assert len(store.reports()) == 1 and len(store.measures()) == len(r.measures)


def test_unreadable_and_empty_results_store_nothing(store: Store, tmp_path: Path, parsed):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook")
    out = store.import_result(parse_path(bad))
    assert out.status == "failed" and out.summary.level == "error"
    empty = variant(parsed["thaworn"], to_frame([]), content_hash="empty")
    assert store.import_result(empty).status == "empty"
    assert store.is_empty()
    with pytest.raises(ValueError):
        store.import_result(parsed["thaworn"], on_conflict="overwrite")


# ---------------------------------------------------------------- all or nothing
def test_failure_in_the_middle_of_an_import_leaves_the_store_unchanged(tmp_path: Path, parsed, monkeypatch):
    path = tmp_path / "ita.sqlite"
    store = Store(path)
    store.import_result(parsed["thaworn"])
    store.import_result(parsed["khaohuachang"])
    store.add_correction(1, "Sheet1", 9, "status", "in_progress", "ตรวจแล้ว")
    before, before_file = store.dump(), dump_of(path)

    real = store_mod._insert_rows
    seen = {}

    def half_then_fail(conn, table, columns, rows):
        if table == "measures":
            real(conn, table, columns, rows[: len(rows) // 2])
            seen["rows"] = len(rows)
            seen["in_transaction"] = conn.execute("SELECT count(*) FROM measures").fetchone()[0]
            raise RuntimeError("power cut")
        real(conn, table, columns, rows)

    monkeypatch.setattr(store_importing, "_insert_rows", half_then_fail)
    # a newer thaworn report (replace: the old one would be marked replaced) plus five new agencies
    newer = newer_copy(parsed["thaworn"], "thaworn_v2.xlsx")
    both = variant(
        newer, pd.concat([newer.measures, parsed["consolidated"].measures], ignore_index=True), content_hash="mixed"
    )
    with pytest.raises(StoreError) as err:
        store.import_result(both, on_conflict="replace")
    assert err.value.msg.code == "import_failed" and "power cut" in err.value.msg.en
    n_before = len(parsed["thaworn"].measures) + len(parsed["khaohuachang"].measures)
    assert seen["in_transaction"] == n_before + seen["rows"] // 2 > n_before  # rows really were written

    assert store.dump() == before
    assert dump_of(path) == before_file == before
    assert store.reports()["status"].tolist() == ["active", "active"]
    store.close()

    monkeypatch.setattr(store_importing, "_insert_rows", real)  # the store still works afterwards
    with Store(path) as s:
        assert s.import_result(both, on_conflict="replace").status == "imported"


# ---------------------------------------------------------------- conflicts
def test_conflict_ask_imports_nothing_and_lists_the_conflict(store: Store, parsed):
    store.import_result(parsed["thaworn"])
    before = store.dump()
    out = store.import_result(newer_copy(parsed["thaworn"], "thaworn_v2.xlsx"), on_conflict="ask")
    assert out.status == "conflict" and out.report_ids == []
    (c,) = out.conflicts
    assert (c.agency, c.fiscal_year, c.round, c.existing_id, c.existing_file) == (
        "เทศบาลตำบลถาวร",
        2566,
        6,
        1,
        "thaworn_2566_r6.xlsx",
    )
    assert c.existing_measures == c.new_measures == len(parsed["thaworn"].measures)
    assert "เทศบาลตำบลถาวร" in c.message.th and "replace" in c.message.en
    assert store.dump() == before


def test_conflict_replace_keeps_the_old_report_in_history(store: Store, parsed):
    store.import_result(parsed["thaworn"])
    newer = newer_copy(parsed["thaworn"], "thaworn_v2.xlsx", status="done")
    out = store.import_result(newer, on_conflict="replace")
    assert out.status == "imported" and out.report_ids == [2] and out.replaced_ids == [1]
    reports = store.reports().set_index("id")
    assert reports.loc[1, "status"] == "replaced" and reports.loc[1, "replaced_by"] == 2
    assert reports.loc[2, "status"] == "active"
    assert set(store.measures()["report_id"]) == {2}
    assert (store.measures()["status"] == "done").all()
    assert set(store.measures(active_only=False)["report_id"]) == {1, 2}
    assert store.reports(active_only=True)["id"].tolist() == [2]


def test_conflict_keep_keeps_the_old_report(store: Store, parsed):
    store.import_result(parsed["thaworn"])
    before = store.dump()
    out = store.import_result(newer_copy(parsed["thaworn"], "thaworn_v2.xlsx"), on_conflict="keep")
    assert out.status == "kept" and out.kept_ids == [1] and out.report_ids == []
    assert store.dump() == before


def test_keep_in_a_consolidated_file_imports_only_the_new_agencies(store: Store, parsed):
    cons = parsed["consolidated"]
    first_agency = cons.measures["agency"].iloc[0]
    one = variant(cons, cons.measures[cons.measures["agency"] == first_agency], file="one.xlsx", content_hash="one")
    store.import_result(one)
    asked = store.import_result(cons, on_conflict="ask")
    assert asked.status == "conflict" and [c.agency for c in asked.conflicts] == [first_agency]
    out = store.import_result(cons, on_conflict="keep")
    assert out.status == "imported" and len(out.report_ids) == 4 and out.kept_ids == [1]
    active = store.reports(active_only=True)
    assert len(active) == 5 and active.set_index("agency").loc[first_agency, "file"] == "one.xlsx"


def test_reports_without_an_agency_never_conflict(store: Store, parsed):
    anon = newer_copy(parsed["thungmaphrao"], "a.csv", agency="")
    store.import_result(anon)
    out = store.import_result(newer_copy(parsed["thungmaphrao"], "b.csv", agency=""))
    assert out.status == "imported" and len(store.reports(active_only=True)) == 2


def test_namesakes_of_two_provinces_are_two_reports_in_the_store(store: Store, parsed):
    """An agency is its place and its name: the same name in another province is another agency
    (issue 19), in the store as in the de-duplication of uploads; the same province clashes again."""
    thaworn = parsed["thaworn"]
    province = str(thaworn.measures["province"].iloc[0])
    assert province  # the fixture names its province
    store.import_result(thaworn)
    elsewhere = newer_copy(thaworn, "thaworn_elsewhere.xlsx", province="ศรีสะเกษ")
    out = store.import_result(elsewhere, on_conflict="ask")
    assert out.status == "imported" and out.conflicts == [] and out.report_ids == [2]
    active = store.reports(active_only=True).set_index("id")
    assert active.loc[[1, 2], "province"].tolist() == [province, "ศรีสะเกษ"]
    assert active.loc[1, "agency"] == active.loc[2, "agency"] == "เทศบาลตำบลถาวร"
    assert store.measures().groupby("report_id").size().to_dict() == {1: 43, 2: 43}
    again = store.import_result(newer_copy(thaworn, "thaworn_v2.xlsx", province=f"จังหวัด{province}"))
    assert again.status == "conflict" and [c.existing_id for c in again.conflicts] == [1]
    unknown = store.import_result(newer_copy(thaworn, "thaworn_noplace.xlsx", province=""))
    assert unknown.status == "imported" and unknown.conflicts == []  # never merged with a namesake


# ---------------------------------------------------------------- deleting
def test_soft_delete_then_bring_back(store: Store, parsed):
    store.import_result(parsed["thaworn"])
    store.import_result(parsed["khaohuachang"])
    text = store.describe_report(1)
    assert "เทศบาลตำบลถาวร" in text.th and "thaworn_2566_r6.xlsx" in text.th and "43 มาตรการ" in text.th
    assert "Report 1" in text.en and "43 measures" in text.en and "round 6" in text.en
    msg = store.delete_report(1)
    assert msg.code == "deleted"
    assert store.reports().set_index("id").loc[1, "status"] == "deleted"
    assert set(store.measures()["report_id"]) == {2}
    assert set(store.skipped()["report_id"]) == {2}
    assert len(store.measures(active_only=False)) == len(parsed["thaworn"].measures) + len(
        parsed["khaohuachang"].measures
    )
    assert store.delete_report(1).code == "already_deleted"
    # the same file may be imported again once its report is deleted
    assert store.import_result(parsed["thaworn"]).status == "imported"
    with pytest.raises(StoreError) as err:
        store.reactivate_report(1)  # report 3 now holds its place
    assert err.value.msg.code == "reactivate_conflict"
    store.delete_report(3, hard=True)
    assert store.reactivate_report(1).code == "reactivated"
    assert set(store.measures()["report_id"]) == {1, 2}


def test_hard_delete_removes_rows(store: Store, parsed):
    store.import_result(parsed["thaworn"])
    store.add_correction(1, "Sheet1", 9, "status", "in_progress")
    store.delete_report(1, hard=True)
    assert store.counts() == {
        "reports": 0,
        "measures": 0,
        "corrections": 0,
        "skipped_rows": 0,
        "roster": 0,
        "active_reports": 0,
    }
    with pytest.raises(StoreError) as err:
        store.describe_report(1)
    assert err.value.msg.code == "report_not_found"
    with pytest.raises(StoreError):
        store.delete_report(1)


# ---------------------------------------------------------------- corrections
def test_corrections_add_and_undo(store: Store, parsed):
    store.import_result(parsed["thaworn"])
    original = store.measures().set_index("source_row").loc[9]
    assert (original["status"], original["timeliness"]) == ("done", "on_time")

    first = store.add_correction(1, "Sheet1", 9, "status", "in_progress", note="ยังไม่ครบ")
    row = store.measures().set_index("source_row").loc[9]
    # through corrections.apply_corrections: as of 2023-04-30 the October deadline has passed
    assert (row["status"], row["timeliness"], row["completed_date"]) == ("in_progress", "overdue", "")
    assert "corrected" in row["flags"].split(";")
    second = store.add_correction(1, "Sheet1", 9, "status", "not_started")
    third = store.add_correction(1, "Sheet1", 9, "progress_pct", "๔๐")
    store.add_correction(1, "Sheet1", 9, "indicator", 9)
    row = store.measures().set_index("source_row").loc[9]
    assert (row["status"], row["progress_pct"], row["indicator"]) == ("not_started", 40.0, 9)
    assert store.measures(corrected=False).set_index("source_row").loc[9, "status"] == "done"

    table = store.corrections()
    assert table["id"].tolist()[:3] == [first, second, third]
    assert table.loc[0, ["field", "old_value", "new_value", "note"]].tolist() == [
        "status",
        "done",
        "in_progress",
        "ยังไม่ครบ",
    ]
    assert table.loc[1, ["old_value", "new_value"]].tolist() == ["in_progress", "not_started"]
    assert table.loc[0, "source_file"] == "thaworn_2566_r6.xlsx" and not table["undone"].any()

    store.undo_correction(second)
    assert store.measures().set_index("source_row").loc[9, "status"] == "in_progress"
    store.undo_correction(first)
    row = store.measures().set_index("source_row").loc[9]
    assert (row["status"], row["timeliness"], row["completed_date"]) == ("done", "on_time", original["completed_date"])
    assert store.corrections()["undone"].tolist() == [True, True, False, False]
    assert len(store.corrections(include_undone=False)) == 2
    with pytest.raises(StoreError) as err:
        store.undo_correction(first)
    assert err.value.msg.code == "correction_already_undone"
    edited = ["progress_pct", "indicator", "flags"]
    pd.testing.assert_frame_equal(
        store.measures().drop(columns=edited), store.measures(corrected=False).drop(columns=edited)
    )
    untouched = store.measures().set_index("source_row").drop(index=9)
    assert not untouched["flags"].str.contains("corrected").any()


def test_a_corrected_deadline_recomputes_timeliness(store: Store, parsed):
    store.import_result(parsed["thaworn"])
    row = store.measures().set_index("source_row").loc[51]
    # "รายงานแล้วในเดือนเมษายน ๒๕๖๖": done, as judged at the round-6 reporting date 2023-04-30
    assert (row["status"], row["due_date"], row["timeliness"], row["as_of"]) == ("done", "", "unknown", "2023-04-30")
    store.add_correction(1, "Sheet1", 51, "status", "in_progress")
    store.add_correction(1, "Sheet1", 51, "due_date", "2023-06-30")
    assert store.measures().set_index("source_row").loc[51, "timeliness"] == "not_due"  # as of 2023-04-30
    store.add_correction(1, "Sheet1", 51, "due_date", "2023-01-31")
    assert store.measures().set_index("source_row").loc[51, "timeliness"] == "overdue"
    store.add_correction(1, "Sheet1", 51, "timeliness", "late")  # an explicit timeliness has the last word
    assert store.measures().set_index("source_row").loc[51, "timeliness"] == "late"


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("agency", "x", "correction_field"),
        ("source_row", 3, "correction_field"),
        ("flags", "corrected", "correction_field"),
        ("status", "finished", "correction_value"),
        ("progress_pct", "lots", "correction_value"),
        ("progress_pct", 150, "correction_value"),
        ("indicator", "2.5", "correction_value"),
        ("due_date", "31/3/2566", "correction_value"),
    ],
)
def test_corrections_are_checked(store: Store, parsed, field, value, code):
    store.import_result(parsed["thaworn"])
    before = store.dump()
    with pytest.raises(StoreError) as err:
        store.add_correction(1, "Sheet1", 9, field, value)
    assert err.value.msg.code == code and err.value.msg.th and err.value.msg.en
    assert store.dump() == before


def test_correction_of_a_missing_measure(store: Store, parsed):
    store.import_result(parsed["thaworn"])
    with pytest.raises(StoreError) as err:
        store.add_correction(1, "Sheet1", 99999, "status", "done")
    assert err.value.msg.code == "measure_not_found"
    with pytest.raises(StoreError) as err:
        store.add_correction(7, "Sheet1", 9, "status", "done")
    assert err.value.msg.code == "report_not_found"


# ---------------------------------------------------------------- migrations
def test_migrations_run_on_a_v0_database(tmp_path: Path, parsed):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(str(path))  # a database from before the store had a schema
    conn.execute("CREATE TABLE officer_notes (note TEXT)")
    conn.execute("INSERT INTO officer_notes VALUES ('ห้ามลบ')")
    conn.commit()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    conn.close()
    with Store(path) as s:
        assert s.schema_version == store_mod.schema_version()
        assert s.import_result(parsed["thaworn"]).status == "imported"
        assert s.conn.execute("SELECT note FROM officer_notes").fetchall() == [("ห้ามลบ",)]


def test_a_new_migration_runs_once_and_keeps_the_data(tmp_path: Path, parsed, monkeypatch):
    path = tmp_path / "ita.sqlite"
    with Store(path) as s:
        s.import_result(parsed["thaworn"])
        measures = s.measures()
    v = store_mod.schema_version()
    monkeypatch.setattr(
        store_schema,
        "MIGRATIONS",
        store_schema.MIGRATIONS
        + [Migration(v + 1, "who imported", ("ALTER TABLE reports ADD COLUMN officer TEXT NOT NULL DEFAULT ''",))],
    )
    with Store(path) as s:
        assert s.schema_version == v + 1
        assert "officer" in [r[1] for r in s.conn.execute("PRAGMA table_info(reports)")]
        pd.testing.assert_frame_equal(s.measures(), measures)
    with Store(path) as s:  # ALTER TABLE again would fail: the step must not run twice
        assert s.schema_version == v + 1


def test_a_failing_migration_changes_nothing(tmp_path: Path, parsed, monkeypatch):
    path = tmp_path / "ita.sqlite"
    with Store(path) as s:
        s.import_result(parsed["thaworn"])
    before = dump_of(path)
    v = store_mod.schema_version()
    monkeypatch.setattr(
        store_schema,
        "MIGRATIONS",
        store_schema.MIGRATIONS
        + [Migration(v + 1, "broken", ("ALTER TABLE reports ADD COLUMN half_done TEXT", "NOT SQL AT ALL"))],
    )
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.msg.code == "migration_failed"
    assert dump_of(path) == before
    conn = sqlite3.connect(str(path))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == v
    conn.close()


def test_a_store_from_a_newer_program_is_refused(tmp_path: Path):
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.msg.code == "store_too_new" and "99" in err.value.msg.en


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path):
    path = tmp_path / "notes.sqlite"
    path.write_text("นี่ไม่ใช่ฐานข้อมูล " * 100, encoding="utf-8")
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.msg.code == "store_not_database"
    assert path.read_text(encoding="utf-8").startswith("นี่ไม่ใช่")


# ---------------------------------------------------------------- busy store
def test_a_busy_store_is_retried(tmp_path: Path, parsed):
    path = tmp_path / "ita.sqlite"
    Store(path).close()
    blocker = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # another officer's long write
    threading.Timer(0.6, lambda: blocker.execute("COMMIT")).start()
    with Store(path, timeout=0.1, retries=8) as s:  # SQLite gives up after 0.1 s, we retry
        t0 = time.monotonic()
        assert s.import_result(parsed["thaworn"]).status == "imported"
        assert time.monotonic() - t0 >= 0.3
    blocker.close()


def test_a_store_busy_for_too_long_says_so(tmp_path: Path, parsed):
    path = tmp_path / "ita.sqlite"
    Store(path).close()
    blocker = sqlite3.connect(str(path), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, timeout=0.05, retries=1) as s:
            with pytest.raises(StoreError) as err:
                s.import_result(parsed["thaworn"])
            assert err.value.msg.code == "store_busy"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with Store(path) as s:
        assert s.is_empty()


# ---------------------------------------------------------------- backup and restore
def _full_store(path: Path, parsed) -> Store:
    s = Store(path)
    s.import_result(parsed["thaworn"])
    s.import_result(parsed["consolidated"])
    s.import_result(parsed["thungmaphrao"])
    s.import_result(newer_copy(parsed["thaworn"], "thaworn_v2.xlsx"), on_conflict="replace")
    s.delete_report(3)
    fix = s.add_correction(1, "Sheet1", 9, "status", "in_progress")
    s.add_correction(7, "", 5, "completed_date", "2023-01-15")  # a CSV: no sheet name
    s.undo_correction(fix)
    return s


def test_export_then_restore_gives_identical_frames(tmp_path: Path, parsed):
    src = _full_store(tmp_path / "a.sqlite", parsed)
    manifest = src.export_zip(tmp_path / "backup.zip")
    assert manifest["counts"]["reports"] == 8 and manifest["schema_version"] == store_mod.schema_version()
    with Store(tmp_path / "new" / "b.sqlite") as dst:
        restored = dst.restore_zip(tmp_path / "backup.zip")
        assert restored["restored"]["reports"] == 8
        pd.testing.assert_frame_equal(dst.reports(), src.reports())
        for active in (True, False):
            pd.testing.assert_frame_equal(dst.measures(active_only=active), src.measures(active_only=active))
            pd.testing.assert_frame_equal(dst.skipped(active_only=active), src.skipped(active_only=active))
        pd.testing.assert_frame_equal(dst.corrections(), src.corrections())
        assert dst.dump() == src.dump()
        # ids go on from the backup's: a new import gets a new id
        assert dst.import_result(parsed["khaohuachang"]).report_ids == [9]
    src.close()


def test_backup_zip_holds_csvs_with_bom_and_a_sound_database(tmp_path: Path, parsed):
    src = _full_store(tmp_path / "a.sqlite", parsed)
    data = src.backup_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == sorted(store_mod.BACKUP_MEMBERS)
        for t in store_mod.BACKUP_TABLES:
            raw = zf.read(f"{t}.csv")
            assert raw.startswith(b"\xef\xbb\xbf")
            frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
            assert len(frame) == src.counts()[t]
        measures = pd.read_csv(io.BytesIO(zf.read("measures.csv")), encoding="utf-8-sig")
        assert list(measures.columns) == ["id", "report_id"] + STORED_FIELDS
        assert "เทศบาลตำบลถาวร" in set(measures["agency"])
        manifest = json.loads(zf.read("manifest.json"))
        db = tmp_path / "copy.sqlite"
        db.write_bytes(zf.read("ita.sqlite"))
    conn = sqlite3.connect(str(db))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM measures").fetchone()[0] == manifest["counts"]["measures"]
    conn.close()
    with Store(tmp_path / "c.sqlite") as dst:  # restore from an upload (file object)
        dst.restore_zip(io.BytesIO(data))
        pd.testing.assert_frame_equal(dst.measures(), src.measures())
    src.close()


def test_export_does_not_overwrite_without_asking(tmp_path: Path, parsed):
    with Store(tmp_path / "a.sqlite") as s:
        s.import_result(parsed["thaworn"])
        target = tmp_path / "backup.zip"
        target.write_bytes(b"an older backup")
        with pytest.raises(StoreError) as err:
            s.export_zip(target)
        assert err.value.msg.code == "export_exists" and target.read_bytes() == b"an older backup"
        s.export_zip(target, overwrite=True)
        assert zipfile.is_zipfile(target)


def test_restore_only_into_an_empty_store(tmp_path: Path, parsed):
    with Store(tmp_path / "a.sqlite") as s:
        s.import_result(parsed["thaworn"])
        s.export_zip(tmp_path / "backup.zip")
        before = s.dump()
        with pytest.raises(StoreError) as err:
            s.restore_zip(tmp_path / "backup.zip")
        assert err.value.msg.code == "restore_not_empty"
        assert s.dump() == before


def _rezip(
    src: bytes,
    dest: Path,
    extra: dict[str, bytes] | None = None,
    drop: tuple = (),
    replace: dict[str, bytes] | None = None,
) -> Path:
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            zout.writestr(info.filename, (replace or {}).get(info.filename, zin.read(info.filename)))
        for name, data in (extra or {}).items():
            zout.writestr(zipfile.ZipInfo(name), data)
    return dest


@pytest.mark.parametrize(
    "case, code, needle",
    [
        ("../evil", "restore_unsafe_name", "../evil"),
        ("/etc/evil", "restore_unsafe_name", "/etc/evil"),
        ("dir/../../evil", "restore_unsafe_name", "evil"),
        ("C:/evil", "restore_unsafe_name", "C:/evil"),
        ("extra.xlsx", "restore_unexpected_member", "extra.xlsx"),
        ("no database", "restore_missing_member", "ita.sqlite"),
        ("tampered database", "restore_damaged", "checksum"),
        ("tampered csv", "restore_damaged", "checksum"),
        ("bad manifest", "restore_damaged", "manifest"),
    ],
)
def test_restore_refuses_bad_zips(tmp_path: Path, parsed, case, code, needle):
    with Store(tmp_path / "a.sqlite") as s:
        s.import_result(parsed["thaworn"])
        good = s.backup_bytes()
    bad = tmp_path / "bad.zip"
    if case == "no database":
        _rezip(good, bad, drop=("ita.sqlite",))
    elif case == "tampered database":
        with zipfile.ZipFile(io.BytesIO(good)) as zf:
            db = bytearray(zf.read("ita.sqlite"))
        db[-100] ^= 0xFF
        _rezip(good, bad, replace={"ita.sqlite": bytes(db)})
    elif case == "tampered csv":
        _rezip(good, bad, replace={"reports.csv": b"\xef\xbb\xbfid\n1\n"})
    elif case == "bad manifest":
        _rezip(good, bad, replace={"manifest.json": b"{not json"})
    else:
        _rezip(good, bad, extra={case: b"owned"})
    with Store(tmp_path / "new.sqlite") as dst:
        with pytest.raises(StoreError) as err:
            dst.restore_zip(bad)
        msg = err.value.msg
        assert msg.code == code and needle in msg.line() and msg.th and msg.en
        assert msg.file == "bad.zip"
        assert dst.is_empty()
    assert not (tmp_path.parent / "evil").exists() and not (tmp_path / "evil").exists()


def test_restore_refuses_oversize_members_and_non_zips(tmp_path: Path, parsed, monkeypatch):
    with Store(tmp_path / "a.sqlite") as s:
        s.import_result(parsed["thaworn"])
        s.export_zip(tmp_path / "backup.zip")
    (tmp_path / "not.zip").write_bytes(b"PK\x03\x04 but not really a zip")
    with Store(tmp_path / "new.sqlite") as dst:
        with pytest.raises(StoreError) as err:
            dst.restore_zip(tmp_path / "not.zip")
        assert err.value.msg.code == "restore_not_zip"
        with pytest.raises(StoreError) as err:
            dst.restore_zip(tmp_path / "missing.zip")
        assert err.value.msg.code == "file_not_found"
        monkeypatch.setattr(store_backup, "MAX_MEMBER_BYTES", 10_000)
        with pytest.raises(StoreError) as err:
            dst.restore_zip(tmp_path / "backup.zip")
        assert err.value.msg.code == "restore_too_large" and "MB" in err.value.msg.en
        assert dst.is_empty()


def test_restore_refuses_a_backup_from_a_newer_program(tmp_path: Path, parsed):
    with Store(tmp_path / "a.sqlite") as s:
        s.import_result(parsed["thaworn"])
        good = s.backup_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["schema_version"] = 99
    bad = _rezip(good, tmp_path / "future.zip", replace={"manifest.json": json.dumps(manifest).encode()})
    with Store(tmp_path / "new.sqlite") as dst:
        with pytest.raises(StoreError) as err:
            dst.restore_zip(bad)
        assert err.value.msg.code == "restore_too_new"


def test_several_corrections_at_once_are_all_or_nothing(store: Store, parsed):
    store.import_result(parsed["thaworn"])
    edits = [
        {
            "report_id": 1,
            "source_file": "thaworn_2566_r6.xlsx",
            "source_sheet": "Sheet1",
            "source_row": 51,
            "status": "done",
            "due_date": "",
            "completed_date": "2023-02-01",
        },
        {"report_id": 1, "source_sheet": "Sheet1", "source_row": 9, "status": "not_started"},
    ]
    ids = store.add_corrections(edits, note="แก้จากตาราง")
    assert len(ids) == 3  # status and completed date of row 51, status of row 9; "" = unchanged
    rows = store.measures().set_index("source_row")
    assert rows.loc[51, ["status", "completed_date"]].tolist() == ["done", "2023-02-01"]
    assert rows.loc[9, "status"] == "not_started"
    before = store.dump()
    with pytest.raises(StoreError):
        store.add_corrections(
            [
                {"report_id": 1, "source_sheet": "Sheet1", "source_row": 22, "status": "done"},
                {"report_id": 1, "source_sheet": "Sheet1", "source_row": 99999, "status": "done"},
            ]
        )
    assert store.dump() == before
