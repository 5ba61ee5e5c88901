"""The core never reads the clock: today's date, the as-of date and timestamps are given to it.

Only `ita_metrics/clock.py` reads the wall clock (the edges take it from there), and the report
store stamps imports, deletions, corrections and backups with the clock it was given."""

from __future__ import annotations

import ast
import io
import json
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ita_metrics.interpret.importer import parse_path
from ita_metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ita_metrics"
CLOCK_READS = {("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"), ("date", "today")}
CLOCK_READS |= {("Timestamp", "now"), ("Timestamp", "today")}  # pandas' clock


def clock_reads(source: str) -> list[int]:
    """Lines that read the wall clock: `datetime.now()`, `date.today()`, `pd.Timestamp.now()` …
    (`time.time()`/`perf_counter()` measure durations and are not dates).

    >>> clock_reads("import datetime as dt\\nx = dt.date.today()\\ny = dt.date(2024, 1, 1)")
    [2]
    """
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in CLOCK_READS:
                lines.append(node.lineno)
    return sorted(lines)


def test_the_check_sees_every_way_of_reading_the_clock():
    src = "from datetime import date, datetime\nimport pandas as pd\na = datetime.now().astimezone()\n"
    src += "b = date.today()\nc = pd.Timestamp.now()\nd = datetime.datetime.utcnow()\ne = datetime(2024, 1, 1)\n"
    assert clock_reads(src) == [3, 4, 5, 6]


def test_only_the_clock_module_reads_the_clock():
    readers = {
        str(p.relative_to(ROOT)): lines
        for p in sorted(PACKAGE.rglob("*.py"))
        if (lines := clock_reads(p.read_text(encoding="utf-8")))
    }
    assert set(readers) == {"ita_metrics/clock.py"}, readers


FROZEN = datetime(2027, 1, 15, 9, 30, tzinfo=timezone(timedelta(hours=7)))


def test_the_store_stamps_with_the_clock_it_is_given(tmp_path, fixtures_dir):
    result = parse_path(fixtures_dir / "thaworn_2566_r6.xlsx")
    stamp = FROZEN.isoformat(timespec="seconds")
    with Store(tmp_path / "ita.sqlite", now=lambda: FROZEN) as store:
        outcome = store.import_result(result)
        report_id = outcome.report_ids[0]
        first = store.measures().iloc[0]
        store.add_correction(report_id, first["source_sheet"], first["source_row"], "status", "done")
        store.delete_report(report_id)
        backup = store.backup_bytes()
        reports, corrections = store.reports(), store.corrections()
    assert reports["imported_at"].tolist() == [stamp]
    assert reports["status_changed_at"].tolist() == [stamp]
    assert corrections["at"].tolist() == [stamp]
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(backup)).read("manifest.json"))
    assert manifest["created_at"] == stamp
