"""`python -m ita_metrics store …`: import, list, delete, export, restore."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ita_metrics.cli import main
from ita_metrics.cli import store as cli_store
from ita_metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture()
def db(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("ITA_STORE_PATH", raising=False)
    return tmp_path / "ita.sqlite"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_and_already_stored(db: Path, fixtures_dir: Path, capsys):
    thaworn = str(fixtures_dir / "thaworn_2566_r6.xlsx")
    code, out, err = run(
        capsys, "store", "--store", str(db), "import", thaworn, str(SAMPLE / "consolidated_2566_r6.xlsx")
    )
    assert code == 0, err
    assert "thaworn_2566_r6.xlsx: นำเข้าแล้ว 1 รายงาน 43 มาตรการ" in out and "imported 5 report(s)" in out
    code, out, err = run(capsys, "store", "import", "--store", str(db), thaworn)  # --store after the action
    assert code == 0 and "already stored" in out
    code, out, _ = run(capsys, "store", "--store", str(db), "list", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 6 and rows[0]["agency"] == "เทศบาลตำบลถาวร"
    code, out, _ = run(capsys, "store", "--store", str(db), "list")
    assert code == 0 and "เทศบาลตำบลถาวร" in out


def test_store_path_from_the_environment(tmp_path: Path, fixtures_dir: Path, capsys, monkeypatch):
    monkeypatch.setenv("ITA_STORE_PATH", str(tmp_path / "env.sqlite"))
    code, _, err = run(capsys, "store", "import", str(fixtures_dir / "thungmaphrao_2565.csv"))
    assert code == 0, err
    with Store(tmp_path / "env.sqlite") as s:
        assert len(s.reports()) == 1


def test_failed_files_get_one_line_each_and_exit_1(db: Path, fixtures_dir: Path, tmp_path: Path, capsys):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    code, out, err = run(
        capsys,
        "store",
        "--store",
        str(db),
        "import",
        str(tmp_path / "missing.xlsx"),
        str(bad),
        str(fixtures_dir / "khaohuachang_2566_r12.xlsx"),
    )
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(" / " in ln for ln in lines)
    assert lines[0].startswith(str(tmp_path / "missing.xlsx")) and lines[1].startswith("broken.xlsx")
    assert "Traceback" not in err and "imported 1 report" in out


def _newer_copy(tmp_path: Path) -> Path:
    """The same agency, year and round as abt_dongsawan_2566_r6.csv, but other bytes."""
    src = SAMPLE / "abt_dongsawan_2566_r6.csv"
    dest = tmp_path / "abt_dongsawan_2566_r6_fixed.csv"
    dest.write_bytes(src.read_bytes() + b"\r\n")
    return dest


def test_conflicts_need_replace_or_keep(db: Path, tmp_path: Path, capsys, monkeypatch):
    first = SAMPLE / "abt_dongsawan_2566_r6.csv"
    newer = _newer_copy(tmp_path)
    assert run(capsys, "store", "--store", str(db), "import", str(first))[0] == 0
    monkeypatch.setattr(cli_store, "_interactive", lambda: False)
    code, out, err = run(capsys, "store", "--store", str(db), "import", str(newer))
    assert code == 1 and "--replace" in err and "--keep" in err and "ดงสวรรค์" in err
    code, out, err = run(capsys, "store", "--store", str(db), "import", "--keep", str(newer))
    assert code == 0 and "Kept report 1" in out
    code, out, err = run(capsys, "store", "--store", str(db), "import", "--replace", str(newer))
    assert code == 0 and "replaced by report 2" in out
    with Store(db) as s:
        assert s.reports()["status"].tolist() == ["replaced", "active"]
    with pytest.raises(SystemExit) as exit_:
        main(["store", "--store", str(db), "import", "--replace", "--keep", str(newer)])
    assert exit_.value.code == 2  # argparse: not both


def test_conflict_asked_on_a_terminal(db: Path, tmp_path: Path, capsys, monkeypatch):
    assert run(capsys, "store", "--store", str(db), "import", str(SAMPLE / "abt_dongsawan_2566_r6.csv"))[0] == 0
    monkeypatch.setattr(cli_store, "_interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": "r")
    code, out, _ = run(capsys, "store", "--store", str(db), "import", str(_newer_copy(tmp_path)))
    assert code == 0 and "replaced by report 2" in out


def test_delete_asks_on_a_terminal(db: Path, fixtures_dir: Path, capsys, monkeypatch):
    run(capsys, "store", "--store", str(db), "import", str(fixtures_dir / "thaworn_2566_r6.xlsx"))
    monkeypatch.setattr(cli_store, "_interactive", lambda: True)
    answers = iter(["n", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out, err = run(capsys, "store", "--store", str(db), "delete", "1")
    assert code == 1 and "เทศบาลตำบลถาวร" in out and "Cancelled" in err
    code, out, err = run(capsys, "store", "--store", str(db), "delete", "1")
    assert code == 0 and "Report 1 was deleted" in out
    with Store(db) as s:
        assert s.reports()["status"].tolist() == ["deleted"]
    code, out, _ = run(capsys, "store", "--store", str(db), "undelete", "1")
    assert code == 0 and "Report 1 is active again" in out


def test_delete_without_a_terminal_refuses(db: Path, fixtures_dir: Path, capsys):
    run(capsys, "store", "--store", str(db), "import", str(fixtures_dir / "thaworn_2566_r6.xlsx"))
    env = dict(os.environ, PYTHAINLP_OFFLINE="1", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "ita_metrics", "store", "--store", str(db), "delete", "1"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "--yes" in proc.stderr and "ไม่ได้ลบ" in proc.stderr and "Traceback" not in proc.stderr
    with Store(db) as s:
        assert s.reports()["status"].tolist() == ["active"]
    code, _, _ = run(capsys, "store", "--store", str(db), "delete", "1", "--yes")
    assert code == 0
    code, _, err = run(capsys, "store", "--store", str(db), "delete", "42", "--yes")
    assert code == 1 and err.strip() == "ไม่พบรายงานเลขที่ 42 / There is no report 42"


def test_export_and_restore(db: Path, fixtures_dir: Path, tmp_path: Path, capsys):
    run(capsys, "store", "--store", str(db), "import", str(fixtures_dir / "thaworn_2566_r6.xlsx"))
    backup = tmp_path / "backup.zip"
    code, out, _ = run(capsys, "store", "--store", str(db), "export", str(backup))
    assert code == 0 and "Backup written" in out and backup.exists()
    code, _, err = run(capsys, "store", "--store", str(db), "export", str(backup))
    assert code == 1 and "--force" in err
    assert run(capsys, "store", "--store", str(db), "export", str(backup), "--force")[0] == 0
    new = tmp_path / "moved" / "ita.sqlite"
    code, out, err = run(capsys, "store", "--store", str(new), "restore", str(backup))
    assert code == 0 and "Restored 1 reports, 43 measures" in out, err
    code, _, err = run(capsys, "store", "--store", str(new), "restore", str(backup))
    assert code == 1 and "empty store" in err and len(err.strip().splitlines()) == 1


def test_restore_of_a_bad_zip_is_one_clear_line(db: Path, tmp_path: Path, capsys):
    import zipfile

    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("manifest.json", "{}")
        zf.writestr("../evil", "x")
    code, _, err = run(capsys, "store", "--store", str(db), "restore", str(evil))
    assert code == 1
    assert err.strip() == (
        "evil.zip: ไฟล์สำรองมีชื่อไฟล์ที่ไม่ปลอดภัย '../evil' จึงไม่กู้คืน / "
        "the backup holds an unsafe file name '../evil', so nothing was restored"
    )


def test_a_broken_store_file_is_one_clear_line(tmp_path: Path, fixtures_dir: Path, capsys):
    broken = tmp_path / "ita.sqlite"
    shutil.copy(fixtures_dir / "thungmaphrao_2565.csv", broken)
    code, _, err = run(capsys, "store", "--store", str(broken), "list")
    assert code == 1 and "not a store" in err and "Traceback" not in err
