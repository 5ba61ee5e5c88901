"""This year's reports: the FY2569 per-agency report and the FY2570 consolidated province sheet in
tests/fixtures (made by tools/make_cycle_fixtures.py), checked row by row against expected.csv, and
one measure followed on the history page from ITA 2566 (O42) through 2568 (O27) to 2569 (O25)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from ita_metrics.export.template import (
    AGENCY_ROW,
    FIRST_DATA_ROW,
    VALUE_COL,
    code_choice,
    column_index,
    sheet_names,
    template_xlsx,
)
from ita_metrics.interpret.importer import parse_file, parse_path
from ita_metrics.scoring import measure_match
from ita_metrics.scoring.dedupe import combine
from ita_metrics.thai import catalogs

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FILES = {
    "nonsawan_2569_r12.xlsx": (2569, 12, 2568, date(2026, 9, 30)),
    "buriram_2570_r6.xlsx": (2570, 6, 2569, date(2026, 11, 30)),
}
AGENCY = "องค์การบริหารส่วนตำบลโนนสวรรค์"
MEASURE_TEXT = "จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


def truth(name: str) -> list[dict]:
    with open(FIXTURES / "expected.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["file"] == name]


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_path(FIXTURES / name, as_of) for name, (_, _, _, as_of) in FILES.items()}


@pytest.mark.parametrize("name", list(FILES))
def test_every_row_read_with_the_right_catalog_tool_and_indicator(parsed, name):
    fy, round_, catalog_year, _ = FILES[name]
    result = parsed[name]
    assert result.error is None
    m = result.measures.set_index("source_row")
    rows = truth(name)
    assert len(m) == len(rows) >= 10
    assert set(m["fiscal_year"]) == {fy} and set(m["round"]) == {round_}
    assert set(m["catalog_year"]) == {catalog_year}
    assert not m["flags"].str.contains("catalog_assumed").any()
    for t in rows:
        got = m.loc[int(t["rows"].split("|")[0])]
        assert (got["agency"], got["tool"], int(got["indicator"])) == (t["agency"], t["tool"], int(t["indicator"])), t
        assert got["item_codes"] == t["item_codes"], t
        want = (t["status"], t["due_month"], t["timeliness"])
        assert (got["status"], got["due_date"][:7], got["timeliness"]) == want, t
        if t["completed_month"]:
            assert got["completed_date"][:7] == t["completed_month"], t


def test_fy2569_report_flags(parsed):
    result = parsed["nonsawan_2569_r12.xlsx"]
    m = result.measures.set_index("source_row")
    assert "code_from_other_year" in m.loc[23, "flags"]  # O42 printed → O27
    assert [n.row for n in result.messages if n.code == "code_from_other_year"] == [23]
    assert {r for r in m.index if "indicator_from_question_text" in m.loc[r, "flags"]} == {9, 11, 13}
    assert "date_out_of_range" in m.loc[20, "flags"] and "impossible_date" in m.loc[17, "flags"]
    assert m.loc[21, "result"].endswith("จัดอบรมบุคลากรแล้ว ๒ ครั้ง")  # the continuation row
    # read with the 2567 numbering (the bug this cycle fixes) O21–O28 would be indicator 9
    assert set(m.loc[[19, 20, 21, 23, 24], "indicator"]) == {10}


def test_fy2570_sheet_flags(parsed):
    result = parsed["buriram_2570_r6.xlsx"]
    m = result.measures.set_index("source_row")
    assert m["agency"].nunique() == 4 and set(m["district"]) == {"ปะคำ", "เมืองบุรีรัมย์", "กระสัง"}
    assert set(m["province"]) == {"บุรีรัมย์"}
    note = next(n for n in result.messages if n.code == "code_from_other_year")
    assert note.row == 7 and "O27" in note.th and "O25" in note.th and "2568" in note.th and "2569" in note.th
    assert "date_out_of_range" in m.loc[12, "flags"] and "impossible_date" in m.loc[13, "flags"]
    assert "completed_month_precision" not in m.loc[13, "flags"]
    assert "date_be_in_gregorian_cell" in m.loc[4, "flags"]
    assert "notes_sheet" in {n.code for n in result.messages}


# ---------------------------------------------------------------- one measure across the cycle


def fy2567_report() -> bytes:
    """อบต.โนนสวรรค์'s FY2567 report made with the template (ITA 2566 numbering: O42, O43)."""
    data = template_xlsx(fiscal_year=2567, round=12, rows=2)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheet_names()["data"]]
    ws.cell(AGENCY_ROW + 1, VALUE_COL + 1).value = f"{AGENCY} อำเภอปะคำ จังหวัดบุรีรัมย์"
    for i, (code, measure) in enumerate((("O42", MEASURE_TEXT), ("O43", "รายงานผลการดำเนินการตามมาตรการ"))):
        r = FIRST_DATA_ROW + 1 + i
        values = {
            "item_code": code_choice(catalogs.lookup(code, 2566)),
            "measure": measure,
            "responsible": "สำนักปลัด",
            "due": date(2023, 12, 31),
            "status": "ดำเนินการแล้ว",
            "completed": date(2023, 12, 20),
            "result": "ดำเนินการแล้ว",
        }
        for key, value in values.items():
            ws.cell(r, column_index(key) + 1).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def three_years() -> list[tuple[str, bytes]]:
    return [("nonsawan_2567_r12.xlsx", fy2567_report())] + [(name, (FIXTURES / name).read_bytes()) for name in FILES]


def test_history_follows_one_measure_2566_2568_2569():
    results = [parse_file(data, name, FILES.get(name, (0, 0, 0, None))[3]) for name, data in three_years()]
    measures = combine(results).measures
    matched = measure_match.match_measures(measures)
    mine = matched[(matched["agency"].str.contains("โนนสวรรค์")) & (matched["method"] == "item_codes")]
    steps = [
        (r.period_from, r.item_codes_from, r.period_to, r.item_codes_to)
        for r in mine.itertuples()
        if MEASURE_TEXT in r.measure_from
    ]
    assert steps == [("2567/12", "O42", "2569/12", "O27"), ("2569/12", "O27", "2570/6", "O25")]
    actions = [(r.item_codes_from, r.item_codes_to) for r in mine.itertuples() if r.item_codes_from in ("O43", "O28")]
    assert actions == [("O43", "O28"), ("O28", "O26")]


def test_history_page_shows_the_measure_across_the_renumbering(tmp_path, monkeypatch):
    monkeypatch.setenv("ITA_STORE_PATH", str(tmp_path / "ita.sqlite"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["uploads"] = {name: {"name": name, "data": data} for name, data in three_years()}
    at.run()
    at = at.switch_page("pages/history.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="history_matched_agency").set_value(AGENCY).run()
    table = next(df.value for df in at.dataframe if "จับคู่โดย" in df.value.columns)
    codes = [c for c, m in zip(table["รหัสข้อ"], table["มาตรการ (ก่อน)"]) if MEASURE_TEXT in str(m)]
    assert codes == ["O42 → O27", "O27 → O25"]
    assert set(table["จับคู่โดย"]) >= {"รหัสข้อ"}
