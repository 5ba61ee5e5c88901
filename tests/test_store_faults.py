"""Store faults are said out loud (issue 11, point 5): `store check`, the dashboard's error page, a
backup that refuses a damaged store, a restore that never inflates a bomb into memory, and a data
caption that always says where the figures come from."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ita_metrics.interpret.importer import parse_path
from ita_metrics.store import Store, StoreError
from ita_metrics.store.check import check_store
from tests.conftest import FIXTURES, ROOT

APP = str(ROOT / "dashboard.py")
FILES = ["thaworn_2566_r6.xlsx", "khaohuachang_2566_r12.xlsx", "thungmaphrao_2565.csv"]


def stored(path: Path) -> Path:
    with Store(path) as s:
        for name in FILES:
            s.import_result(parse_path(FIXTURES / name), "replace")
    return path


def damage(path: Path) -> None:
    """Garbage in one page in the middle of the file (the header still says SQLite)."""
    data = bytearray(path.read_bytes())
    page = len(data) // 2 // 4096 * 4096
    data[page + 100 : page + 3000] = bytes((i * 37 + 11) % 251 for i in range(2900))
    path.write_bytes(bytes(data))


@pytest.fixture()
def damaged(tmp_path) -> Path:
    path = stored(tmp_path / "ita.sqlite")
    damage(path)
    return path


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ita_metrics", *args], capture_output=True, text=True, cwd=ROOT, timeout=180
    )


def test_a_sound_store_checks_ok(tmp_path):
    path = stored(tmp_path / "ita.sqlite")
    with Store(path) as s:
        health = check_store(s, thorough=True)
    assert health.ok and health.counts["reports"] == 3 and health.counts["measures"] == 43 + 15 + 10
    p = cli("store", "--store", str(path), "check")
    assert p.returncode == 0 and "ปกติ" in p.stdout and "รายงาน 3" in p.stdout


def test_store_check_finds_a_damaged_page(damaged):
    with Store(damaged) as s:
        assert s.counts()["active_reports"] == 3  # it still opens and counts: that misled before
        health = check_store(s)
    assert not health.ok and health.problems[0].code == "store_damaged"
    p = cli("store", "--store", str(damaged), "check")
    assert p.returncode == 1 and "เสียหาย" in p.stderr and "restore" in p.stderr and "Traceback" not in p.stderr


def test_store_list_says_the_store_is_damaged(damaged):
    p = cli("store", "--store", str(damaged), "list")
    assert p.returncode == 1 and "คลังข้อมูล" in p.stderr and "เสียหาย" in p.stderr


def test_a_damaged_store_is_not_backed_up_in_silence(damaged):
    with Store(damaged) as s, pytest.raises(StoreError) as refused:
        s.backup_bytes()
    assert refused.value.msg.code == "backup_refused_damaged"
    p = cli("store", "--store", str(damaged), "export", str(damaged.with_suffix(".zip")))
    assert p.returncode == 1 and "ไม่สำรองข้อมูล" in p.stderr and not damaged.with_suffix(".zip").exists()


def test_a_schema_that_lost_a_column_is_found(tmp_path):
    import sqlite3

    path = stored(tmp_path / "ita.sqlite")
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE skipped_rows DROP COLUMN reason_en")
    conn.commit()
    conn.close()
    with Store(path) as s:
        health = check_store(s)
    assert [p.code for p in health.problems] == ["store_schema"] and "reason_en" in health.problems[0].en


def test_the_dashboard_shows_an_error_page_for_a_damaged_store(damaged, monkeypatch):
    monkeypatch.setenv("ITA_STORE_PATH", str(damaged))
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "คลังข้อมูลรายงานเสียหาย"
    assert any("เสียหาย" in e.value and "restore" in e.value for e in at.error)
    assert "สิ่งที่ควรทำ" in " ".join(m.value for m in at.markdown)
    assert not at.get("plotly_chart") and not at.metric, "no figures from a damaged store"


def test_the_caption_follows_the_data_that_was_loaded(tmp_path, monkeypatch):
    """The sidebar caption used to be computed apart from the data: a count that failed once (a
    busy store) labelled real stored figures as the fictitious sample province."""
    path = stored(tmp_path / "ita.sqlite")
    monkeypatch.setenv("ITA_STORE_PATH", str(path))
    from components import data

    calls = {"n": 0}
    real = data.n_stored_reports

    def busy_once() -> int:
        calls["n"] += 1
        return 0 if calls["n"] == 1 else real()

    monkeypatch.setattr(data, "n_stored_reports", busy_once)
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    captions = [c.value for c in at.sidebar.caption]
    assert any("ข้อมูลจากคลัง (3 รายงาน)" in c for c in captions), captions
    assert not any("จังหวัดสมมติ" in c for c in captions), captions


def backup_with(tmp_path: Path, member: str, write) -> Path:
    """A real backup of three reports with `member` rewritten by `write(fh)`."""
    src = stored(tmp_path / "src.sqlite")
    good = tmp_path / "good.zip"
    with Store(src) as s:
        s.export_zip(good)
    bad = tmp_path / f"bad_{member}.zip"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info.filename, zin.read(info.filename))
        with zout.open(member, "w", force_zip64=True) as fh:
            write(fh)
    return bad


def zeros(mb: int):
    """`mb` MB of zeros: a few hundred KB zipped."""

    def write(fh) -> None:
        for _ in range(mb):
            fh.write(b"\0" * (1 << 20))

    return write


def test_a_backup_bomb_is_refused_without_inflating_it(tmp_path):
    bomb = backup_with(tmp_path, "measures.csv", zeros(150))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    target = Store(tmp_path / "new.sqlite")
    tracemalloc.start()
    try:
        with pytest.raises(StoreError) as refused:
            target.restore_zip(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        target.close()
    assert refused.value.msg.code in ("restore_damaged", "restore_too_large")
    assert peak < 30 * 1024 * 1024, f"restore held {peak / 2**20:.0f} MB in memory"


def test_a_readme_member_has_its_own_small_cap(tmp_path):
    bad = backup_with(tmp_path, "README.txt", lambda fh: fh.write(b"x" * (1 << 20)))
    with Store(tmp_path / "new.sqlite") as target, pytest.raises(StoreError) as refused:
        target.restore_zip(bad)
    assert refused.value.msg.code == "restore_too_large" and "README.txt" in refused.value.msg.th
