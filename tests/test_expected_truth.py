"""The hand-labelled truth is the test: every value in tests/fixtures/expected.csv, checked through
the `parse` command line exactly as tools/evalparse.py scores it (same matching by sheet and row,
same normalisation), so a regression on any labelled field of any measure fails CI.

One test per labelled value: the test id names the file, the rows and the field.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from tools.evalparse import codes, month, norm_agency

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = FIXTURES.parent.parent


def _read(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


TRUTH = _read("expected.csv")
AS_OF = {r["file"]: r["as_of"] for r in _read("asof.csv")}

# field -> (truth value, parsed value), normalised as tools/evalparse.py does
FIELDS = {
    "agency": lambda t, r: (norm_agency(t["agency"]), norm_agency(r.get("agency"))),
    "fiscal_year": lambda t, r: (t["fiscal_year"], (r.get("fiscal_year") or "").split(".")[0]),
    "round": lambda t, r: (t["round"], (r.get("round") or "").split(".")[0]),
    "tool": lambda t, r: (t["tool"], r.get("tool", "")),
    "indicator": lambda t, r: (t["indicator"], (r.get("indicator") or "").split(".")[0]),
    "item_codes": lambda t, r: (codes(t["item_codes"]), codes(r.get("item_codes"))),
    "status": lambda t, r: (t["status"], r.get("status", "")),
    "due_month": lambda t, r: (t["due_month"], month(r.get("due_date"))),
    "completed_month": lambda t, r: (t["completed_month"], month(r.get("completed_date"))),
    "timeliness": lambda t, r: (t["timeliness"], r.get("timeliness", "")),
}


def _cases() -> list:
    cases = []
    for t in TRUTH:
        where = f"{t['file']}:{t['sheet'] or '-'}:{t['rows']}"
        cases.append(pytest.param(t, "found", id=f"{where}:found"))
        cases += [pytest.param(t, field, id=f"{where}:{field}") for field in FIELDS if t[field]]
    return cases


@cache
def parsed(file: str) -> tuple[dict[str, str], ...]:
    """`python -m ita_metrics parse FILE --as-of DATE --format csv`, as evalparse runs it."""
    cmd = [
        sys.executable,
        "-m",
        "ita_metrics",
        "parse",
        str(FIXTURES / file),
        "--as-of",
        AS_OF[file],
        "--format",
        "csv",
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return tuple(csv.DictReader(io.StringIO(done.stdout)))


def _row(t: dict[str, str]) -> dict[str, str] | None:
    rows = set(t["rows"].split("|"))
    return next(
        (
            r
            for r in parsed(t["file"])
            if r.get("source_row", "").strip() in rows and (not t["sheet"] or r.get("source_sheet", "") == t["sheet"])
        ),
        None,
    )


def test_every_file_of_the_truth_has_an_as_of_date():
    assert {t["file"] for t in TRUTH} <= set(AS_OF)
    assert len(TRUTH) >= 68 and len(_cases()) >= 600


@pytest.mark.parametrize(("truth", "field"), _cases())
def test_labelled_value(truth, field):
    row = _row(truth)
    assert row is not None, f"no measure read at {truth['file']} sheet {truth['sheet']!r} rows {truth['rows']}"
    if field != "found":
        want, got = FIELDS[field](truth, row)
        assert got == want, f"{field}: parse gives {got!r}, the report says {want!r} ({truth['note']})"


def test_no_measure_is_read_where_the_truth_has_none():
    """Rows the truth does not list as measures are not read as measures (evalparse's 'extra')."""
    for file in sorted({t["file"] for t in TRUTH}):
        labelled = {(t["sheet"], r) for t in TRUTH if t["file"] == file for r in t["rows"].split("|")}
        extra = [
            r["source_row"]
            for r in parsed(file)
            if (r.get("source_sheet", ""), r["source_row"]) not in labelled and ("", r["source_row"]) not in labelled
        ]
        assert extra == [], f"{file}: rows read as measures that the truth does not list: {extra}"
