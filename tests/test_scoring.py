"""Scoring rules (ita_metrics.scoring.scoring) and the `score` command line (ita_metrics.cli.score).

Every expectation here is computed by hand; the worked example is the one in docs/scoring.md.
"""

import argparse
import csv
import hashlib
import io
import json
import math
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_metrics import model
from ita_metrics.cli import score as cli_score
from ita_metrics.scoring import scoring
from ita_metrics.scoring.scoring import (
    BY_CHOICES,
    GROUP_COLUMNS,
    add_measure_scores,
    completion_score,
    grade_for,
    overall,
    score_groups,
    timeliness_score,
)
from ita_metrics.thai.responsible import all_units

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scoring.md"
TMP = "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"


def frame(*rows: dict) -> pd.DataFrame:
    return model.to_frame(list(rows))


# ---------------------------------------------------------------- per measure
@pytest.mark.parametrize(
    "status, pct, expected",
    [
        ("done", None, 1.0),
        ("in_progress", None, 0.5),
        ("in_progress", 40, 0.4),
        ("in_progress", 0, 0.0),
        ("in_progress", 150, 1.0),  # a percentage above 100 is capped
        ("not_started", None, 0.0),
        ("unknown", None, 0.0),
        ("", None, 0.0),  # no status at all is unknown
        ("done", 30, 1.0),  # done is done, whatever percentage was written
    ],
)
def test_completion_score(status, pct, expected):
    assert completion_score(status, pct) == expected


@pytest.mark.parametrize("timeliness, expected", [("on_time", 1.0), ("late", 0.5), ("overdue", 0.0)])
def test_timeliness_score(timeliness, expected):
    assert timeliness_score(timeliness) == expected


@pytest.mark.parametrize("timeliness", ["not_due", "unknown", ""])
def test_not_due_and_unknown_timeliness_are_left_out(timeliness):
    assert math.isnan(timeliness_score(timeliness))


def test_add_measure_scores_adds_two_columns_and_keeps_the_rest():
    m = frame(
        {"status": "done", "timeliness": "late"},
        {"status": "in_progress", "progress_pct": 25, "timeliness": "overdue"},
        {"status": "in_progress", "timeliness": "not_due"},
        {"status": "unknown", "timeliness": "unknown"},
    )
    out = add_measure_scores(m)
    assert list(out["completion_score"]) == [1.0, 0.25, 0.5, 0.0]
    assert list(out["timeliness_score"][:2]) == [0.5, 0.0]
    assert out["timeliness_score"][2:].isna().all()
    assert list(out.columns) == model.MEASURE_FIELDS + ["completion_score", "timeliness_score"]
    assert "completion_score" not in m.columns


# ---------------------------------------------------------------- per group
MIXED = [
    {"agency": "ก", "status": "done", "timeliness": "on_time"},
    {"agency": "ก", "status": "in_progress", "progress_pct": 40, "timeliness": "late"},
    {"agency": "ก", "status": "not_started", "timeliness": "overdue"},
    {"agency": "ก", "status": "unknown", "timeliness": "unknown"},
]


def test_group_columns_are_exact():
    assert (
        list(score_groups(frame(*MIXED)).columns)
        == GROUP_COLUMNS
        == [
            "group",
            "n_measures",
            "n_done",
            "n_in_progress",
            "n_not_started",
            "n_unknown",
            "n_on_time",
            "n_late",
            "n_overdue",
            "n_not_due",
            "n_timeliness_unknown",
            "completion_pct",
            "on_time_pct",
            "score",
            "grade",
            "rank",
        ]
    )


def test_group_figures_by_hand():
    row = score_groups(frame(*MIXED)).iloc[0].to_dict()
    # completion (1 + 0.4 + 0 + 0) / 4 = 35 %; timeliness (1 + 0.5 + 0) / 3 = 50 %
    # score 0.7 × 35 + 0.3 × 50 = 24.5 + 15 = 39.5 → F
    assert row["group"] == "ก"
    assert (row["n_measures"], row["n_done"], row["n_in_progress"], row["n_not_started"], row["n_unknown"]) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert (row["n_on_time"], row["n_late"], row["n_overdue"], row["n_not_due"], row["n_timeliness_unknown"]) == (
        1,
        1,
        1,
        0,
        1,
    )
    assert row["completion_pct"] == pytest.approx(35.0)
    assert row["on_time_pct"] == pytest.approx(50.0)
    assert row["score"] == pytest.approx(39.5)
    assert (row["grade"], row["rank"]) == ("F", 1)


def test_a_group_without_measurable_timeliness_scores_its_completion():
    t = score_groups(
        frame(
            {"agency": "ข", "status": "done", "timeliness": "unknown"},
            {"agency": "ข", "status": "not_started", "timeliness": "not_due"},
            {"agency": "ข", "status": "in_progress", "timeliness": "not_due"},
        )
    )
    row = t.iloc[0]
    # completion (1 + 0 + 0.5) / 3 = 50 %, no measurable timeliness → score 50 → E
    assert math.isnan(row["on_time_pct"])
    assert row["completion_pct"] == pytest.approx(50.0)
    assert row["score"] == pytest.approx(50.0)
    assert row["grade"] == "E"
    assert (row["n_not_due"], row["n_timeliness_unknown"]) == (2, 1)


@pytest.mark.parametrize(
    "weights, expected",
    [
        ((0.7, 0.3), 39.5),  # 0.7 × 35 + 0.3 × 50
        ((0.5, 0.5), 42.5),  # 0.5 × 35 + 0.5 × 50
        ((1.0, 0.0), 35.0),
        ((0.0, 1.0), 50.0),
    ],
)
def test_weights_change_the_score(weights, expected):
    assert score_groups(frame(*MIXED), weights=weights).iloc[0]["score"] == pytest.approx(expected)


@pytest.mark.parametrize("weights", [(0.6, 0.3), (-0.1, 1.1), (0.5, 0.5, 0.0), ("a", "b")])
def test_invalid_weights_are_refused(weights):
    with pytest.raises(ValueError, match="weights"):
        score_groups(frame(*MIXED), weights=weights)


@pytest.mark.parametrize("text, expected", [("0.7,0.3", (0.7, 0.3)), (" 0.5 , 0.5 ", (0.5, 0.5)), ("1,0", (1.0, 0.0))])
def test_parse_weights(text, expected):
    assert scoring.parse_weights(text) == expected


@pytest.mark.parametrize("text", ["0.7", "0.7,0.3,0", "a,b", "0.8,0.3", "", "0.7;0.3", "-1,2"])
def test_parse_weights_rejects(text):
    with pytest.raises(ValueError):
        scoring.parse_weights(text)


@pytest.mark.parametrize(
    "score, grade",
    [
        (100, "AA"),
        (95, "AA"),
        (94.99, "A"),
        (85, "A"),
        (84.99, "B"),
        (75, "B"),
        (74.9, "C"),
        (65, "C"),
        (64.9, "D"),
        (55, "D"),
        (54.9, "E"),
        (50, "E"),
        (49.9, "F"),
        (0, "F"),
    ],
)
def test_grade_boundaries(score, grade):
    assert grade_for(score) == grade


def test_grade_ignores_float_noise_and_missing_scores():
    assert grade_for(0.7 * 95 + 0.3 * 95) == "AA"
    assert grade_for(94.99999999999999) == "AA"
    assert grade_for(float("nan")) == "" and grade_for(None) == ""


def _agency(name: str, n_done: int, n_not_started: int) -> list[dict]:
    return [{"agency": name, "status": "done", "timeliness": "on_time"}] * n_done + [
        {"agency": name, "status": "not_started", "timeliness": "not_due"}
    ] * n_not_started


def test_ties_share_a_rank_and_rows_are_sorted_by_rank_then_group():
    # ค and ก: 9 of 10 done → 90 % completion, 100 % on time → 93; ข: 4 of 5 → 80 %, → 86
    m = frame(*_agency("ค", 9, 1), *_agency("ข", 4, 1), *_agency("ก", 9, 1))
    t = score_groups(m)
    assert list(t["group"]) == ["ก", "ค", "ข"]
    assert list(t["rank"]) == [1, 1, 3]
    assert list(t["score"]) == pytest.approx([93.0, 93.0, 86.0])
    assert list(t["grade"]) == ["A", "A", "A"]


def test_full_precision_is_kept_and_rounded_only_for_display():
    m = frame(*_agency("ก", 2, 1))  # completion 2/3 = 66.666…%
    t = score_groups(m)
    assert t.iloc[0]["completion_pct"] == pytest.approx(200 / 3)
    assert t.iloc[0]["score"] == pytest.approx(0.7 * 200 / 3 + 30)
    shown = scoring.for_display(t)
    assert shown.iloc[0]["completion_pct"] == 66.7
    assert shown.iloc[0]["score"] == 76.7


BY_DATA = [
    {
        "agency": "เทศบาลตำบลถาวร",
        "district": "เฉลิมพระเกียรติ",
        "province": "บุรีรัมย์",
        "fiscal_year": 2566,
        "round": 6,
        "tool": "IIT",
        "indicator": 3,
        "responsible": "สำนักปลัด กองคลัง เป็นต้น",
        "status": "done",
        "timeliness": "on_time",
    },
    {
        "agency": "เทศบาลตำบลถาวร",
        "district": "เฉลิมพระเกียรติ",
        "province": "บุรีรัมย์",
        "fiscal_year": 2566,
        "round": 6,
        "tool": "EIT",
        "indicator": 6,
        "responsible": "ทุกภารกิจงาน",
        "status": "not_started",
        "timeliness": "overdue",
    },
    {
        "agency": "เทศบาลตำบลเขาหัวช้าง",
        "district": "ตะโหมด",
        "province": "พัทลุง",
        "fiscal_year": 2566,
        "round": 12,
        "tool": "IIT",
        "indicator": 3,
        "responsible": "สำนักงานปลัด",
        "status": "in_progress",
        "timeliness": "not_due",
    },
    {
        "agency": TMP,
        "district": "",
        "province": "",
        "fiscal_year": 2565,
        "round": None,
        "tool": "",
        "indicator": None,
        "responsible": "",
        "status": "done",
        "timeliness": "late",
    },
]


@pytest.mark.parametrize(
    "by, expected",
    [
        ("agency", {"เทศบาลตำบลถาวร": 2, "เทศบาลตำบลเขาหัวช้าง": 1, TMP: 1}),
        ("district", {"เฉลิมพระเกียรติ": 2, "ตะโหมด": 1, "(ไม่ระบุ)": 1}),
        ("province", {"บุรีรัมย์": 2, "พัทลุง": 1, "(ไม่ระบุ)": 1}),
        ("tool", {"IIT": 2, "EIT": 1, "(ไม่ระบุ)": 1}),
        ("indicator", {"3": 2, "6": 1, "(ไม่ระบุ)": 1}),
        ("round", {"2566/6": 2, "2566/12": 1, "2565": 1}),
        ("responsible", {"สำนักปลัด": 2, "กองคลัง": 1, all_units(): 1, "(ไม่ระบุ)": 1}),
    ],
)
def test_grouping_by_each_choice(by, expected):
    t = score_groups(frame(*BY_DATA), by=by)
    assert dict(zip(t["group"], t["n_measures"])) == expected


def test_by_choices_are_all_covered():
    assert set(BY_CHOICES) == {"agency", "district", "province", "tool", "indicator", "responsible", "round"}
    with pytest.raises(ValueError):
        score_groups(frame(*BY_DATA), by="colour")


def test_grouping_by_tool_figures():
    t = score_groups(frame(*BY_DATA), by="tool").set_index("group")
    # IIT: done/on_time + in_progress/not_due → completion 75, on time 100 → 82.5 B
    assert t.loc["IIT", "completion_pct"] == pytest.approx(75.0)
    assert t.loc["IIT", "on_time_pct"] == pytest.approx(100.0)
    assert t.loc["IIT", "score"] == pytest.approx(82.5)
    assert t.loc["IIT", "grade"] == "B"
    # EIT: not_started/overdue → 0, 0 → F
    assert t.loc["EIT", "score"] == pytest.approx(0.0) and t.loc["EIT", "grade"] == "F"


def test_responsible_explodes_and_counts_the_all_units_group():
    m = frame(
        {"responsible": "สำนักปลัด กองคลัง กองช่าง เป็นต้น", "status": "done", "timeliness": "on_time"},
        {"responsible": "กองคลัง/งานพัสดุ", "status": "not_started", "timeliness": "overdue"},
        {"responsible": "ทุกกอง/สำนัก", "status": "done", "timeliness": "late"},
        {"responsible": "เจ้าหน้าที่ทุกภารกิจ งาน", "status": "in_progress", "timeliness": "not_due"},
    )
    t = score_groups(m, by="responsible").set_index("group")
    assert t["n_measures"].to_dict() == {"สำนักปลัด": 1, "กองช่าง": 1, "กองคลัง": 2, "งานพัสดุ": 1, all_units(): 2}
    # กองคลัง: done/on_time + not_started/overdue → completion 50, on time 50 → 50 E
    assert t.loc["กองคลัง", "score"] == pytest.approx(50.0)
    assert t.loc["กองคลัง", "grade"] == "E"
    # all units: done/late + in_progress/not_due → completion 75, on time 50 → 67.5 C
    assert t.loc[all_units(), "completion_pct"] == pytest.approx(75.0)
    assert t.loc[all_units(), "on_time_pct"] == pytest.approx(50.0)
    assert t.loc[all_units(), "score"] == pytest.approx(67.5)
    assert t.loc[all_units(), "grade"] == "C"


def test_agency_table_has_each_agencys_district():
    t = scoring.agency_table(frame(*BY_DATA))
    assert list(t.columns) == ["group", "district", "province"] + GROUP_COLUMNS[1:]
    places = {g: (d, p) for g, d, p in zip(t["group"], t["district"], t["province"])}
    assert places == {
        "เทศบาลตำบลถาวร": ("เฉลิมพระเกียรติ", "บุรีรัมย์"),
        "เทศบาลตำบลเขาหัวช้าง": ("ตะโหมด", "พัทลุง"),
        TMP: ("", ""),
    }


def test_overall_headline():
    o = overall(frame(*BY_DATA))
    # 4 measures, 2 done → 50 %; completion (1 + 0 + 0.5 + 1) / 4 = 62.5 %
    # timeliness measurable: on_time 1, overdue 0, late 0.5 → 50 %; score 0.7×62.5 + 0.3×50 = 58.75
    assert o["n_agencies"] == 3 and o["n_measures"] == 4 and o["n_overdue"] == 1
    assert o["pct_done"] == pytest.approx(50.0)
    assert o["completion_pct"] == pytest.approx(62.5)
    assert o["pct_on_time"] == pytest.approx(50.0)
    assert o["score"] == pytest.approx(58.75)
    assert o["grade"] == "D"


def test_nothing_to_score():
    empty = model.empty_measures()
    t = score_groups(empty)
    assert list(t.columns) == GROUP_COLUMNS and t.empty
    o = overall(empty)
    assert o["n_measures"] == 0 and o["grade"] == "" and math.isnan(o["score"])


# ---------------------------------------------------------------- the worked example (docs/scoring.md)
def thungmaphrao_measures() -> pd.DataFrame:
    """thungmaphrao_2565.csv as of 2022-04-25: CSV records 4–13, all due April 2022."""
    status = {
        4: ("done", "on_time", "2022-03-10"),
        5: ("done", "on_time", "2022-02-28"),
        6: ("done", "on_time", "2022-04-30"),
        7: ("done", "on_time", "2022-02-28"),
        8: ("not_started", "not_due", ""),
        9: ("done", "unknown", ""),
        10: ("in_progress", "not_due", ""),
        11: ("done", "on_time", "2022-03-31"),
        12: ("done", "on_time", "2022-03-31"),
        13: ("done", "unknown", ""),
    }
    return model.to_frame(
        [
            {
                "source_file": "thungmaphrao_2565.csv",
                "source_row": row,
                "agency": TMP,
                "fiscal_year": 2565,
                "status": s,
                "timeliness": t,
                "due_date": "2022-04-30",
                "completed_date": done_on,
                "responsible": "กองคลัง" if row == 5 else "สำนักปลัด",
            }
            for row, (s, t, done_on) in status.items()
        ]
    )


def test_worked_example_thungmaphrao():
    t = score_groups(thungmaphrao_measures())
    assert len(t) == 1
    row = t.iloc[0]
    assert row["group"] == TMP
    assert (row["n_measures"], row["n_done"], row["n_in_progress"], row["n_not_started"]) == (10, 8, 1, 1)
    assert (row["n_on_time"], row["n_not_due"], row["n_timeliness_unknown"]) == (6, 2, 2)
    assert row["completion_pct"] == pytest.approx(85.0)  # (8 × 1 + 0.5 + 0) / 10
    assert row["on_time_pct"] == pytest.approx(100.0)  # 6 / 6
    assert row["score"] == pytest.approx(89.5)  # 0.7 × 85 + 0.3 × 100
    assert row["grade"] == "A"
    assert row["rank"] == 1


def test_the_doc_states_the_same_worked_example():
    doc = DOCS.read_text(encoding="utf-8")
    th, en = doc.split("## English")
    for part in (th, en):
        assert "(8 × 1 + 0.5 + 0) ÷ 10 × 100 = 8.5 ÷ 10 × 100 = **85.0**" in part
        assert "(6 × 1) ÷ 6 × 100 = **100.0**" in part
        assert "0.7 × 85.0 + 0.3 × 100.0 = 59.5 + 30.0 = **89.5**" in part
        assert "**A**" in part
    assert doc.index("## ภาษาไทย") < doc.index("## English")  # Thai first


# ---------------------------------------------------------------- command line
@dataclass
class FakeError:
    th: str
    en: str


@dataclass
class FakeResult:
    file: str
    content_hash: str
    measures: pd.DataFrame
    error: FakeError | None = None
    skipped: pd.DataFrame = field(default_factory=pd.DataFrame)
    messages: list = field(default_factory=list)
    detected: dict = field(default_factory=dict)


@pytest.fixture
def fake_importer(monkeypatch):
    """Stands in for ita_metrics.interpret.importer: a file holds its measures as JSON records."""
    calls = []

    def parse_file(data, name, as_of=None, options=None):
        calls.append((name, as_of))
        digest = hashlib.sha256(data).hexdigest()
        if data.startswith(b"RAISE"):
            raise RuntimeError("boom")
        if not data.startswith(b"["):
            return FakeResult(
                name, digest, model.empty_measures(), FakeError("ไฟล์ Excel เสียหาย", "The Excel file is damaged")
            )
        return FakeResult(name, digest, model.to_frame(json.loads(data)))

    module = types.ModuleType("ita_metrics.interpret.importer")
    module.parse_file = parse_file
    module.ParseOptions = lambda **kw: types.SimpleNamespace(fiscal_year=None, round=None, catalog_year=None, **kw)
    monkeypatch.setitem(sys.modules, "ita_metrics.interpret.importer", module)
    return calls


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli_score.add_arguments(parser)
    return cli_score.run(parser.parse_args(argv))


def write(path: Path, records: list[dict]) -> str:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def two_agencies(tmp_path):
    a = write(tmp_path / "a.xlsx", _agency("ก", 9, 1))  # 93.0 A
    b = write(tmp_path / "b.xlsx", _agency("ข", 2, 1))  # 0.7 × 66.67 + 30 = 76.666… B
    return a, b


def test_cli_csv(fake_importer, two_agencies, capsys):
    assert run_cli([*two_agencies, "--format", "csv", "--as-of", "2023-04-30"]) == 0
    out = capsys.readouterr()
    rows = list(csv.reader(io.StringIO(out.out)))
    assert rows[0] == GROUP_COLUMNS
    assert [r[0] for r in rows[1:]] == ["ก", "ข"]
    by_name = {r[0]: dict(zip(GROUP_COLUMNS, r)) for r in rows[1:]}
    assert by_name["ข"]["completion_pct"] == "66.7" and by_name["ข"]["score"] == "76.7"
    assert by_name["ข"]["grade"] == "B" and by_name["ข"]["rank"] == "2"
    assert out.err == ""
    assert {str(d) for _, d in fake_importer} == {"2023-04-30"}


def test_cli_json_and_output_file(fake_importer, two_agencies, tmp_path):
    target = tmp_path / "scores.json"
    assert run_cli([*two_agencies, "--format", "json", "-o", str(target)]) == 0
    records = json.loads(target.read_text(encoding="utf-8"))
    assert [r["group"] for r in records] == ["ก", "ข"]
    assert records[0]["score"] == 93.0 and records[0]["rank"] == 1
    assert list(records[0]) == GROUP_COLUMNS


def test_cli_table_is_the_default(fake_importer, two_agencies, capsys):
    assert run_cli(list(two_agencies)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == GROUP_COLUMNS
    assert lines[2].split()[0] == "ก" and "93.0" in lines[2].split()


def test_cli_by_and_weights(fake_importer, two_agencies, capsys):
    assert run_cli([*two_agencies, "--by", "agency", "--weights", "1,0", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["score"] for r in rows] == ["90.0", "66.7"]


@pytest.mark.parametrize("weights", ["0.7", "0.8,0.3", "x,y", "-0.5,1.5"])
def test_cli_invalid_weights_exit_2(fake_importer, two_agencies, capsys, weights):
    assert run_cli([*two_agencies, f"--weights={weights}"]) == 2
    err = capsys.readouterr().err
    assert "--weights" in err and "น้ำหนัก" in err and "weights must be" in err
    assert "Traceback" not in err


def test_cli_bad_files_are_reported_and_the_rest_still_scored(fake_importer, two_agencies, tmp_path, capsys):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    missing = str(tmp_path / "missing.xlsx")
    crashing = tmp_path / "crash.xlsx"
    crashing.write_bytes(b"RAISE")
    code = run_cli([two_agencies[0], str(broken), missing, str(crashing), two_agencies[1], "--format", "csv"])
    assert code == 1
    out = capsys.readouterr()
    assert [r["group"] for r in csv.DictReader(io.StringIO(out.out))] == ["ก", "ข"]
    err = out.err.splitlines()
    assert len(err) == 3
    assert err[0] == f"{broken}: ไฟล์ Excel เสียหาย / The Excel file is damaged"
    assert err[1] == f"{missing}: ไม่พบไฟล์ / file not found"
    assert err[2].startswith(f"{crashing}: ") and "internal error" in err[2]
    assert "Traceback" not in out.err


def test_cli_counts_a_duplicate_file_once(fake_importer, tmp_path, capsys):
    a = write(tmp_path / "a.xlsx", _agency("ก", 9, 1))
    copy = tmp_path / "copy of a.xlsx"
    copy.write_bytes(Path(a).read_bytes())
    assert run_cli([a, str(copy), "--format", "csv"]) == 0
    out = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert [(r["group"], r["n_measures"]) for r in rows] == [("ก", "10")]
    assert "a.xlsx" in out.err and "Not counted twice" in out.err


def test_cli_bad_as_of_is_an_argument_error(fake_importer, two_agencies, capsys):
    with pytest.raises(SystemExit) as stop:
        run_cli([*two_agencies, "--as-of", "25/04/65"])
    assert stop.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


# ---------------------------------------------------------------- properties
_measure = st.fixed_dictionaries(
    {
        "agency": st.sampled_from(["ก", "ข", "ค", "ง"]),
        "status": st.sampled_from(list(model.STATUSES)),
        "progress_pct": st.one_of(st.none(), st.integers(0, 100)),
        "timeliness": st.sampled_from(list(model.TIMELINESS)),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_measure, min_size=1, max_size=30), st.sampled_from([(0.7, 0.3), (0.5, 0.5), (1.0, 0.0), (0.2, 0.8)]))
def test_group_table_invariants(records, weights):
    t = score_groups(model.to_frame(records), weights=weights)
    assert t["n_measures"].sum() == len(records)
    assert (t[["n_done", "n_in_progress", "n_not_started", "n_unknown"]].sum(axis=1) == t["n_measures"]).all()
    assert (
        t[["n_on_time", "n_late", "n_overdue", "n_not_due", "n_timeliness_unknown"]].sum(axis=1) == t["n_measures"]
    ).all()
    for row in t.itertuples():
        assert 0 <= row.completion_pct <= 100
        if math.isnan(row.on_time_pct):
            assert row.n_on_time + row.n_late + row.n_overdue == 0
            assert row.score == row.completion_pct
        else:
            low, high = sorted([row.completion_pct, row.on_time_pct])
            assert low - 1e-9 <= row.score <= high + 1e-9
        assert row.grade == grade_for(row.score)
        better = (t["score"].round(9) > round(row.score, 9)).sum()
        assert row.rank == better + 1
    assert list(t["rank"]) == sorted(t["rank"])


def test_ties_list_numbers_in_natural_order():
    m = frame(
        *[
            {"indicator": i, "round": r, "fiscal_year": 2566, "status": "done", "timeliness": "on_time"}
            for i, r in ((10, 12), (2, 6), (9, 6))
        ]
    )
    assert list(score_groups(m, by="indicator")["group"]) == ["2", "9", "10"]
    assert list(score_groups(m, by="round")["group"]) == ["2566/6", "2566/12"]
