"""CSV quoting that would merge records is refused or flagged, never read as one measure in silence
(issue 11, point 4); the long-field limit says what it is."""

from __future__ import annotations

import csv
import io

import pytest

from ita_metrics.interpret.importer import parse_file
from tests.helpers import AGENCY, HEADER, TITLE, YEAR

MEASURES = [f"มาตรการที่ {i} จัดทำแผนและเผยแพร่ข้อมูลต่อสาธารณะ" for i in range(1, 7)]


def report(measures=MEASURES, result="ดำเนินการแล้ว") -> str:
    rows = [TITLE, YEAR, AGENCY, HEADER] + [[m, "สำนักปลัด", "ตุลาคม ๒๕๖๕", result] for m in measures]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def test_the_good_report_has_six_measures():
    r = parse_file(report().encode(), "good.csv")
    assert r.error is None and len(r.measures) == 6 and not [m for m in r.messages if m.code.startswith("csv_")]


def test_one_unescaped_quote_is_refused_not_read_as_one_measure():
    text = report().replace("มาตรการที่ 2", '"มาตรการที่ 2', 1)  # opens a quoted field never closed
    r = parse_file(text.encode(), "quote.csv")
    assert r.error is not None, f"read {len(r.measures)} measures in silence"
    assert r.error.code == "csv_unbalanced_quote" and r.error.row == 6
    assert "บรรทัด 6" in r.error.th and "เครื่องหมายคำพูด" in r.error.th


def test_two_stray_quotes_swallowing_records_between_are_refused():
    text = report().replace("มาตรการที่ 2", '"มาตรการที่ 2', 1).replace("มาตรการที่ 5 จัดทำ", 'มาตรการที่ 5 "จัดทำ', 1)
    r = parse_file(text.encode(), "quotes.csv")
    assert r.error is not None and r.error.code == "csv_unbalanced_quote"


def test_a_quote_inside_a_field_is_still_read():
    text = report(MEASURES[:5] + ['ติดตั้งจอ 5" ที่ศูนย์บริการ'])
    r = parse_file(text.encode(), "inch.csv")
    assert r.error is None and len(r.measures) == 6 and r.measures["measure"].iloc[-1] == 'ติดตั้งจอ 5" ที่ศูนย์บริการ'


def test_multi_line_steps_are_normal():
    steps = "\n".join(f"{i}. ขั้นตอนที่ {i}" for i in range(1, 6))
    r = parse_file(report([steps] + MEASURES[1:]).encode(), "steps.csv")
    assert r.error is None and len(r.measures) == 6 and not [m for m in r.messages if m.code.startswith("csv_")]


def test_a_field_far_taller_than_the_others_is_flagged():
    tall = "\n".join(f"บรรทัด {i}" for i in range(60))
    r = parse_file(report([tall] + MEASURES[1:]).encode(), "tall.csv")
    warn = [m for m in r.messages if m.code == "csv_tall_field"]
    assert warn and warn[0].level == "warning" and warn[0].row == 5 and "59 ครั้ง" in warn[0].th


def test_collapsed_rows_are_flagged():
    text = report(["\n".join(["x"] * 40)] * 2)
    r = parse_file(text.encode(), "collapsed.csv")
    codes = {m.code for m in r.messages}
    assert "csv_few_records" in codes


@pytest.mark.parametrize("n, refused", [(131_072, False), (131_073, True)])
def test_the_long_field_limit_is_named(n, refused):
    r = parse_file(report(MEASURES[:5] + ["ก" * n]).encode(), "long.csv")
    if refused:
        assert r.error.code == "csv_cell_too_long" and "131,072 ตัวอักษร" in r.error.th
        assert "Excel" not in r.error.th and r.error.row == 10
    else:
        assert r.error is None or r.error.code != "csv_cell_too_long"


def test_the_long_field_limit_is_configurable(monkeypatch):
    monkeypatch.setenv("ITA_MAX_CELL_CHARS", "1000")
    r = parse_file(report(MEASURES[:5] + ["ก" * 1001]).encode(), "long.csv")
    assert r.error.code == "csv_cell_too_long" and "1,000 ตัวอักษร" in r.error.th
