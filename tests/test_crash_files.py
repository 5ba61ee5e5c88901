"""Named regressions for the files that took the reader down (issue 11, points 1 and 7).

Each ran on the old code as: `parse` exit 134 (abort) or a Python traceback from a Rust panic; a
batch of 16+ files or `store import` of a folder hung. The CLI cases run in a subprocess, so that on
the old code the abort is a failed assertion here, not a dead pytest.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys

import pytest

from ita_metrics.errors import ReadError
from ita_metrics.interpret.importer import parse_file
from ita_metrics.reading.readers import read_sheets
from tests.conftest import ROOT
from tests.crash_files import date_xlsx, far_cell_xlsx

GOOD = "thaworn_2566_r6.xlsx"
NO_SCAN = {"ITA_MAX_ROWS": "100000000", "ITA_MAX_CELLS": "100000000000000"}  # the file reaches calamine


def cli(*args: str, env: dict | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "ita_metrics", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize("part", ["sheet1.dat", "sheet1.XML", "sheet1.bin"])
def test_far_cell_in_a_part_of_any_name_is_refused_before_the_reader(part, tmp_path):
    data = far_cell_xlsx(part)
    assert len(data) < 6000
    path = tmp_path / f"crash_{part.replace('.', '_')}.xlsx"
    path.write_bytes(data)
    p = cli("parse", str(path))
    assert p.returncode == 1, p.stderr[-300:]
    assert "มีแถวมากเกินกำหนด (1,048,576 แถว สูงสุด 20,000)" in p.stderr and "Traceback" not in p.stderr
    err = parse_file(data, path.name).error
    assert err.code == "too_many_rows" and err.sheet == "Sheet1"


def test_a_reader_abort_costs_one_file_only(tmp_path):
    """With the scan out of the way the reader itself aborts on the file: the worker dies, not us."""
    (tmp_path / "crash.xlsx").write_bytes(far_cell_xlsx("sheet1.dat"))
    shutil.copy(ROOT / "tests" / "fixtures" / GOOD, tmp_path / "good.xlsx")
    p = cli("parse", str(tmp_path / "crash.xlsx"), str(tmp_path / "good.xlsx"), env=NO_SCAN)
    assert p.returncode == 1
    assert "crash.xlsx: ไฟล์นี้ทำให้โปรแกรมอ่านไฟล์หยุดทำงาน" in p.stderr and "Traceback" not in p.stderr
    assert "panicked" not in p.stderr and "RUST_BACKTRACE" not in p.stderr  # the worker's noise stays out
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert len(rows) == 43 and {r["source_file"] for r in rows} == {"good.xlsx"}


def test_a_negative_date_cell_is_a_message_not_a_panic(tmp_path):
    path = tmp_path / "negative_date.xlsx"
    path.write_bytes(date_xlsx(-1e12))
    p = cli("parse", str(path))
    assert p.returncode == 1 and "Traceback" not in p.stderr and "PanicException" not in p.stderr
    assert "ไฟล์มีค่าในเซลล์ที่อ่านไม่ได้ (เช่น วันที่ติดลบ" in p.stderr
    assert parse_file(date_xlsx(-1e12), "d.xlsx").error.code == "unreadable_cell_value"


@pytest.mark.parametrize("value", [1e308, -1.0, 2958466.0, float("inf"), -0.0])
def test_other_odd_date_values_never_escape(value):
    try:
        sheets = read_sheets(date_xlsx(value), "d.xlsx")
    except ReadError as exc:
        assert exc.msg.code == "unreadable_cell_value"
    else:
        assert sheets[0].rows[0] == ["มาตรการ"]


def batch(tmp_path, n_good: int = 16):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(n_good):
        shutil.copy(ROOT / "tests" / "fixtures" / GOOD, folder / f"good{i:02d}.xlsx")
    (folder / "zz_negative_date.xlsx").write_bytes(date_xlsx(-1e12))
    (folder / "zz_far_cell.xlsx").write_bytes(far_cell_xlsx("sheet1.dat"))
    return folder


def test_a_batch_of_16_with_crash_files_finishes(tmp_path):
    folder = batch(tmp_path)
    p = cli("parse", str(folder), env=NO_SCAN, timeout=300)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert "zz_negative_date.xlsx: ไฟล์มีค่าในเซลล์ที่อ่านไม่ได้" in p.stderr
    assert "zz_far_cell.xlsx: ไฟล์นี้ทำให้โปรแกรมอ่านไฟล์หยุดทำงาน" in p.stderr
    assert len(list(csv.DictReader(io.StringIO(p.stdout)))) == 16 * 43


def test_store_import_of_a_folder_with_crash_files_finishes(tmp_path):
    folder = batch(tmp_path)
    store = tmp_path / "s.sqlite"
    p = cli("store", "--store", str(store), "import", str(folder), "--replace", env=NO_SCAN, timeout=300)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert "zz_far_cell.xlsx" in p.stderr and "zz_negative_date.xlsx" in p.stderr
    listed = cli("store", "--store", str(store), "list", "--format", "csv")
    assert listed.returncode == 0 and "เทศบาลตำบลถาวร" in listed.stdout
