"""The importer on the real fixtures: values from expected.csv and accounting for every row."""

import csv
from datetime import date

import pytest

from ita_metrics.interpret.importer import parse_path
from ita_metrics.model import MEASURE_FIELDS


@pytest.fixture(scope="module")
def parsed(fixtures_dir):
    with open(fixtures_dir / "asof.csv", encoding="utf-8") as fh:
        asof = {r["file"]: date.fromisoformat(r["as_of"]) for r in csv.DictReader(fh)}
    return {f: parse_path(fixtures_dir / f, asof[f]) for f in asof}


def test_measure_counts_and_no_errors(parsed):
    counts = {f: len(r.measures) for f, r in parsed.items()}
    assert counts == {
        "thaworn_2566_r6.xlsx": 43,
        "khaohuachang_2566_r12.xlsx": 15,
        "thungmaphrao_2565.csv": 10,
        "nonsawan_2569_r12.xlsx": 11,
        "buriram_2570_r6.xlsx": 10,
    }
    assert all(r.error is None for r in parsed.values())


def test_fields_are_exactly_the_model(parsed):
    for r in parsed.values():
        assert list(r.measures.columns) == MEASURE_FIELDS


def test_every_row_is_a_measure_or_a_skipped_row_with_a_reason(parsed, fixtures_dir):
    import openpyxl

    for name in ("thaworn_2566_r6.xlsx", "khaohuachang_2566_r12.xlsx", "nonsawan_2569_r12.xlsx"):
        ws = openpyxl.load_workbook(fixtures_dir / name).active
        nonblank = {r for r in range(1, ws.max_row + 1) if any(c.value not in (None, "") for c in ws[r])}
        res = parsed[name]
        measure_rows = set(res.measures["source_row"].astype(int))
        skipped_rows = set(res.skipped["source_row"].astype(int))
        assert nonblank <= measure_rows | skipped_rows
        assert not (measure_rows & skipped_rows)
        assert res.skipped["reason"].notna().all()


def test_thaworn_rules(parsed):
    m = parsed["thaworn_2566_r6.xlsx"].measures.set_index("source_row")
    # 1๑๓ is I13; the printed indicator name contradicts (flagged), the code wins.
    assert (m.loc[9, "item_codes"], m.loc[9, "indicator"], m.loc[9, "tool"]) == ("I13", 3, "IIT")
    assert "code_indicator_conflict" in m.loc[9, "flags"]
    # Text says OIT, code E6 says EIT: the code wins and the conflict is flagged.
    assert (m.loc[69, "tool"], m.loc[69, "indicator"]) == ("EIT", 7)
    assert "tool_conflict" in m.loc[69, "flags"]
    # A measure split by a page break: rows 94 and 98 are one measure.
    assert 98 not in m.index and "continued_row" in m.loc[94, "flags"]
    # Completion after the deadline is late.
    assert (m.loc[43, "due_date"][:7], m.loc[43, "completed_date"][:7], m.loc[43, "timeliness"]) == (
        "2022-10",
        "2023-01",
        "late",
    )
    assert m.loc[9, "agency"] == "เทศบาลตำบลถาวร" and m.loc[9, "district"] == "เฉลิมพระเกียรติ"
    assert m.loc[9, "province"] == "บุรีรัมย์"
    assert set(m["fiscal_year"]) == {2566} and set(m["round"]) == {6} and set(m["catalog_year"]) == {2565}


def test_khaohuachang_sections_and_continuation(parsed):
    res = parsed["khaohuachang_2566_r12.xlsx"]
    m = res.measures.set_index("source_row")
    assert (m.loc[9, "tool"], m.loc[9, "indicator"]) == ("IIT", 2)  # ๑. ด้านการใช้งบประมาณ
    assert (m.loc[36, "tool"], m.loc[36, "indicator"]) == ("OIT", 10)  # ๘. ด้านการดำเนินการเพื่อป้องกันการทุจริต
    assert "มีการติดตามข้อคิดเห็น" in m.loc[20, "result"]  # row 21 merged into row 20
    reasons = res.skipped.set_index("source_row")["reason"]
    assert reasons[8] == "section" and reasons[11] == "header_repeat" and reasons[21] == "continuation"
    assert m.loc[9, "due_date"] == "2023-09-30" and "due_month_precision" in m.loc[9, "flags"]


def test_thungmaphrao_csv_cp874(parsed):
    res = parsed["thungmaphrao_2565.csv"]
    m = res.measures.set_index("source_row")
    assert list(m.index) == list(range(4, 14))  # record numbers, title and header records counted
    assert m.loc[4, "agency"] == "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"
    assert (m.loc[8, "status"], m.loc[8, "timeliness"]) == ("not_started", "not_due")
    assert m.loc[10, "status"] == "in_progress"  # "…แต่ไม่ได้เผยแพร่…"
    assert m.loc[4, "completed_date"] == "2022-03-10"
    assert m.loc[4, "source_sheet"] == ""
    assert (res.skipped["reason"].tolist()) == ["title", "title", "header"]
