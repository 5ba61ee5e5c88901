"""The vocabularies and catalogs are package data: an installed package (no data/ beside it) finds
them inside itself as ita_metrics/data, loaded by name; pyproject ships every table of data/."""

from __future__ import annotations

import fnmatch
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_every_table_of_data():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert cfg["package-dir"]["ita_metrics.data"] == "data"
    assert "ita_metrics.data" in cfg["packages"]
    patterns = cfg["package-data"]["ita_metrics.data"]
    tables = [p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()]
    tables = [t for t in tables if not t.startswith("ita.sqlite")]  # the store a checkout may hold
    missed = [t for t in tables if not any(fnmatch.fnmatch(t, p) for p in patterns)]
    assert missed == []
    found = {p.name for p in (ROOT / "ita_metrics").iterdir() if (p / "__init__.py").is_file()}
    assert {f"ita_metrics.{n}" for n in found} <= set(cfg["packages"])  # no subpackage left out


def test_an_installed_package_finds_its_tables_inside_itself(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "ita_metrics", site / "ita_metrics", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "data", site / "ita_metrics" / "data", ignore=shutil.ignore_patterns("sample", "ita.sqlite*")
    )
    probe = (
        "import json; from ita_metrics import datafiles; from ita_metrics.thai import catalogs;"
        "print(json.dumps([str(datafiles.DATA_DIR), datafiles.check_all() == [],"
        " datafiles.load_table('grades.csv')[0]['grade'], catalogs.available_years()[:1]]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PYTHAINLP_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    where, valid, grade, years = json.loads(done.stdout.strip().splitlines()[-1])
    assert where == str(site / "ita_metrics" / "data")
    assert valid and grade == "AA" and years == [2564]
