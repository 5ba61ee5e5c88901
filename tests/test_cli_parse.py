import csv
import io
import json
import subprocess
import sys

from ita_metrics.model import MEASURE_FIELDS
from tests.conftest import ROOT


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "ita_metrics", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_csv_header_is_the_field_list_and_several_files(fixtures_dir):
    p = run(
        "parse",
        str(fixtures_dir / "thaworn_2566_r6.xlsx"),
        str(fixtures_dir / "thungmaphrao_2565.csv"),
        "--as-of",
        "2023-04-30",
    )
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert list(rows[0].keys()) == MEASURE_FIELDS
    assert len(rows) == 53


def test_json_and_output_file(tmp_path, fixtures_dir):
    out = tmp_path / "m.json"
    p = run("parse", str(fixtures_dir / "khaohuachang_2566_r12.xlsx"), "--format", "json", "-o", str(out))
    assert p.returncode == 0 and p.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == 15 and data[0]["agency"] == "เทศบาลตำบลเขาหัวช้าง"


def test_explain_reports_detection(fixtures_dir):
    p = run("parse", str(fixtures_dir / "khaohuachang_2566_r12.xlsx"), "--explain", "--format", "table")
    assert p.returncode == 0
    assert "header rows: [7]" in p.stderr and "period" in p.stderr and "catalog year: 2565" in p.stderr
    assert "section" in p.stderr and "เทศบาลตำบลเขาหัวช้าง" in p.stdout


def test_bad_as_of_is_a_clear_usage_error():
    p = run("parse", "x.xlsx", "--as-of", "30/04/2023")
    assert p.returncode == 2 and "YYYY-MM-DD" in p.stderr and "Traceback" not in p.stderr


def test_missing_file(tmp_path):
    p = run("parse", str(tmp_path / "nope.xlsx"))
    assert p.returncode == 1 and "ไม่พบไฟล์" in p.stderr
