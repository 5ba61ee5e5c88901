"""History: round 6 → 12 and year → year changes, backwards agencies, province trend, matched measures.

The synthetic reports below are small enough to score by hand (score = 0.7 × completion + 0.3 ×
timeliness; done 1, in progress ½, not started 0; on time 1, late ½, overdue 0, not due left out):

agency  period   measures                                   completion  on time  score
A       2566/6   I13 done on_time, O17 not_started overdue  50          50       50    E
A       2566/12  I13 done on_time, O17 done late            100         75       92.5  A
A       2567/12  O18 done on_time, (no code) not_started    50          50       50    E
                 overdue  — FY2567 uses the FY2566 catalog, where E-Service is O18
B       2566/6   I1 done on_time, in_progress not_due       75          100      82.5  B
B       2566/12  I1 done on_time, in_progress overdue       75          50       67.5  C
C       2566/6   done on_time                               100         100      100   AA
D       2566/6   done on_time (another province)            100         100      100   AA
D       2566/12  done on_time                               100         100      100   AA
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest

from ita_metrics.interpret.importer import parse_path
from ita_metrics.model import to_frame
from ita_metrics.scoring import history, measure_match, periods_frame, scoring
from ita_metrics.store import Store

A, B, C, D = ("เทศบาลตำบลถาวร", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว", "เทศบาลตำบลเขาหัวช้าง", "องค์การบริหารส่วนตำบลนาดี")
BURIRAM, SURIN = "บุรีรัมย์", "สุรินทร์"


def rec(agency, fy, rd, row, status, timeliness, codes="", text="", province=BURIRAM, catalog=None):
    return {
        "source_file": f"{agency}_{fy}_{rd}.xlsx",
        "source_sheet": "Sheet1",
        "source_row": row,
        "agency": agency,
        "district": "เมือง",
        "province": province,
        "fiscal_year": fy,
        "round": rd,
        "catalog_year": catalog or fy - 1,
        "item_codes": codes,
        "measure": text,
        "status": status,
        "timeliness": timeliness,
    }


E_SERVICE_2566 = "เผยแพร่ข้อมูลบริการ E-Service บนเว็บไซต์ของหน่วยงาน"
E_SERVICE_2567 = "เผยแพร่ข้อมูลบริการ E-Service บนเว็บไซต์หน่วยงาน"
MEETING = "ประชุมชี้แจงขั้นตอนการปฏิบัติงานให้บุคลากรทุกคน"
TRAINING = "จัดอบรมคุณธรรมจริยธรรมให้พนักงานจ้าง"
SERVICE = "ปฏิบัติงานตามคู่มือมาตรฐานการให้บริการ"


@pytest.fixture(scope="module")
def measures() -> pd.DataFrame:
    return to_frame(
        [
            rec(A, 2566, 6, 5, "done", "on_time", "I13", MEETING),
            rec(A, 2566, 6, 6, "not_started", "overdue", "O17", E_SERVICE_2566),
            rec(A, 2566, 12, 5, "done", "on_time", "I13", MEETING),
            rec(A, 2566, 12, 6, "done", "late", "O17", E_SERVICE_2566),
            rec(A, 2567, 12, 7, "done", "on_time", "O18", E_SERVICE_2567),
            rec(A, 2567, 12, 8, "not_started", "overdue", "", TRAINING),
            rec(B, 2566, 6, 5, "done", "on_time", "I1", SERVICE),
            rec(B, 2566, 6, 6, "in_progress", "not_due", "", "๑. จัดทำคู่มือการปฏิบัติงาน ให้ครบทุกกอง"),
            rec(B, 2566, 12, 5, "done", "on_time", "I1", SERVICE),
            rec(B, 2566, 12, 6, "in_progress", "overdue", "", "1.จัดทำคู่มือการปฏิบัติงานให้ครบทุกกอง"),
            rec(C, 2566, 6, 5, "done", "on_time", "", "ติดตั้งกล่องรับเรื่องร้องเรียน"),
            rec(D, 2566, 6, 5, "done", "on_time", "", "ประกาศเจตนารมณ์ไม่รับของขวัญ", province=SURIN),
            rec(D, 2566, 12, 5, "done", "on_time", "", "ประกาศเจตนารมณ์ไม่รับของขวัญ", province=SURIN),
        ]
    )


def by(frame: pd.DataFrame, *keys: str) -> dict:
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for _, r in frame.iterrows()}


# ---------------------------------------------------------------- per period
def test_agency_scores_per_period(measures):
    scores = history.agency_scores(measures)
    assert list(scores.columns) == history.AGENCY_SCORE_COLUMNS
    got = {(r.agency, r.period): (r.score, r.grade, r.n_measures) for r in scores.itertuples()}
    assert got == {
        (A, "2566/6"): (50.0, "E", 2),
        (A, "2566/12"): (92.5, "A", 2),
        (A, "2567/12"): (50.0, "E", 2),
        (B, "2566/6"): (82.5, "B", 2),
        (B, "2566/12"): (67.5, "C", 2),
        (C, "2566/6"): (100.0, "AA", 1),
        (D, "2566/6"): (100.0, "AA", 1),
        (D, "2566/12"): (100.0, "AA", 1),
    }
    assert by(scores, "agency", "period")[(D, "2566/6")]["province"] == SURIN
    # the same figures as the score page: score_groups of that round
    r6 = measures[(measures["fiscal_year"] == 2566) & (measures["round"] == 6)]
    expected = scoring.score_groups(r6).set_index("group")["score"]
    mine = scores[scores["period"] == "2566/6"].set_index("agency")["score"]
    pd.testing.assert_series_equal(mine.sort_index(), expected.sort_index(), check_names=False)


def test_period_labels_and_order():
    assert history.period_label(2566, 6) == "2566/6"
    assert history.period_label(2565, pd.NA) == "2565"
    assert (
        periods_frame.period_order(2566, 6) < periods_frame.period_order(2566, 12) < periods_frame.period_order(2567, 6)
    )
    assert periods_frame.period_order(2565, None) < periods_frame.period_order(2565, 6)


# ---------------------------------------------------------------- changes
def test_round_6_to_12_changes(measures):
    changes = history.round_changes(measures)
    assert list(changes.columns) == history.CHANGE_COLUMNS
    got = by(changes, "agency", "fiscal_year_from", "fiscal_year_to")
    a = got[(A, 2566, 2566)]
    assert (a.score_from, a.score_to, a.change, a.direction, a.grade_from, a.grade_to) == (
        50.0,
        92.5,
        42.5,
        "up",
        "E",
        "A",
    )
    b = got[(B, 2566, 2566)]
    assert (b.score_from, b.score_to, b.change, b.direction) == (82.5, 67.5, -15.0, "down")
    d = got[(D, 2566, 2566)]
    assert (d.change, d.direction) == (0.0, "same")
    c = changes[changes["agency"] == C].iloc[0]
    assert c.direction == "missing" and c.score_from == 100.0 and math.isnan(c.score_to) and math.isnan(c.change)
    a67 = changes[(changes["agency"] == A) & (changes["fiscal_year_to"] == 2567)].iloc[0]
    assert a67.direction == "missing" and a67.period_from == "" and a67.score_to == 50.0
    assert len(changes) == 5


def test_year_to_year_changes(measures):
    changes = history.year_changes(measures)
    got = by(changes, "agency")
    a = got[A]
    assert (a.period_from, a.period_to, a.score_from, a.score_to, a.change, a.direction) == (
        "2566/12",
        "2567/12",
        92.5,
        50.0,
        -42.5,
        "down",
    )
    assert got[C].round_from == 6 and got[C].direction == "missing"  # C's latest 2566 round is 6
    assert {got[x].direction for x in (B, C, D)} == {"missing"}
    assert history.year_changes(measures, round_=6).empty  # only FY2566 has a round 6
    twelve = by(history.year_changes(measures, round_=12), "agency")
    assert sorted(twelve) == sorted([A, B, D]) and twelve[A].change == -42.5  # C has no round 12


def test_agencies_that_went_backwards(measures):
    back = history.went_backwards(measures)
    assert back[["agency", "comparison", "change"]].values.tolist() == [[A, "year", -42.5], [B, "round", -15.0]]
    assert history.went_backwards(measures, tolerance=20)["agency"].tolist() == [A]


def test_slope_frame_is_ready_for_a_chart(measures):
    frame = history.slope(history.round_changes(measures))
    assert list(frame.columns) == history.SLOPE_COLUMNS
    assert sorted(set(frame["agency"])) == sorted([A, B, D])  # C and A 2567 have one end only
    a = frame[frame["agency"] == A]
    assert a[["stage", "x", "period", "score"]].values.tolist() == [
        ["from", 0.0, "2566/6", 50.0],
        ["to", 1.0, "2566/12", 92.5],
    ]
    assert set(frame["pair"]) == {"2566/6 → 2566/12"}
    assert frame["x"].dtype == "float64" and frame["score"].dtype == "float64"


def test_province_trend(measures):
    trend = history.province_trend(measures)
    assert list(trend.columns) == history.PROVINCE_COLUMNS
    got = {(r.province, r.period): r for r in trend.itertuples()}
    first = got[(BURIRAM, "2566/6")]  # completion (1+0+1+½+1)/5 = 70, on time 3/4 = 75
    assert (first.n_agencies, first.n_measures, first.score, first.grade) == (3, 5, 71.5, "C")
    assert first.mean_agency_score == pytest.approx((50 + 82.5 + 100) / 3) and math.isnan(first.change)
    second = got[(BURIRAM, "2566/12")]  # completion 3.5/4 = 87.5, on time (1+½+1+0)/4 = 62.5
    assert (second.n_agencies, second.score, second.mean_agency_score) == (2, 80.0, 80.0)
    assert second.change == pytest.approx(8.5)
    assert got[(BURIRAM, "2567/12")].change == pytest.approx(-30.0)
    assert (got[(SURIN, "2566/12")].score, got[(SURIN, "2566/12")].change) == (100.0, 0.0)


# ---------------------------------------------------------------- measures followed across rounds
def test_matched_measures(measures):
    matched = measure_match.match_measures(measures)
    assert list(matched.columns) == measure_match.MATCH_COLUMNS
    rows = {
        (
            r.agency,
            r.period_from,
            r.source_row_from if not pd.isna(r.source_row_from) else None,
            r.source_row_to if not pd.isna(r.source_row_to) else None,
        ): r
        for r in matched.itertuples()
    }
    # A: the same item codes in both rounds
    assert rows[(A, "2566/6", 5, 5)].method == "item_codes" and rows[(A, "2566/6", 5, 5)].progress == "same"
    assert rows[(A, "2566/6", 6, 6)].method == "item_codes" and rows[(A, "2566/6", 6, 6)].progress == "better"
    # A, year to year: O17 (FY2565 catalog) and O18 (FY2566 catalog) are both E-Service
    e_service = rows[(A, "2566/12", 6, 7)]
    assert (e_service.method, e_service.item_codes_from, e_service.item_codes_to) == ("item_codes", "O17", "O18")
    assert rows[(A, "2566/12", 5, None)].method == "from_only"  # the meeting was not reported in 2567
    assert rows[(A, "2566/12", None, 8)].method == "to_only"  # the training is new
    # B: no item codes, the same text once Thai digits, spaces and dots are normalised
    b = rows[(B, "2566/6", 6, 6)]
    assert (b.method, b.similarity, b.progress) == ("text", 1.0, "same")
    assert rows[(B, "2566/6", 5, 5)].method == "item_codes"
    assert not (matched["agency"] == C).any()  # one period only: nothing to follow
    assert len(matched) == 8


def test_text_match_threshold_is_difflib_ratio_0_8():
    # "abcdefghij" vs "abcdefghxy": 8 common of 20 characters → ratio 2·8/20 = 0.8 (matched)
    # "abcdefghij" vs "abcdefgxyz": 7 common → 0.7 (not matched)
    m = to_frame(
        [
            rec(A, 2566, 6, 1, "done", "on_time", "", "ABCDEFGHIJ"),
            rec(A, 2566, 12, 1, "done", "on_time", "", "abcdefgh-xy"),
            rec(B, 2566, 6, 1, "done", "on_time", "", "abcdefghij"),
            rec(B, 2566, 12, 1, "done", "on_time", "", "abcdefgxyz"),
        ]
    )
    matched = measure_match.match_measures(m)
    a = matched[matched["agency"] == A].iloc[0]
    assert (a.method, a.similarity) == ("text", 0.8)
    assert sorted(matched.loc[matched["agency"] == B, "method"]) == ["from_only", "to_only"]
    assert measure_match.similarity("abcdefghij", "abcdefgxyz") == pytest.approx(0.7)


def test_several_measures_on_the_same_items_are_paired_by_text():
    m = to_frame(
        [
            rec(A, 2566, 6, 1, "done", "on_time", "I13", "จัดประชุมประจำเดือนเพื่อติดตามงาน"),
            rec(A, 2566, 6, 2, "not_started", "overdue", "I13", "ติดประกาศขั้นตอนการให้บริการ"),
            rec(A, 2566, 12, 1, "done", "on_time", "I13", "ติดประกาศขั้นตอนการให้บริการ ณ สำนักงาน"),
            rec(A, 2566, 12, 2, "done", "on_time", "I13", "จัดประชุมประจำเดือนเพื่อติดตามงาน"),
        ]
    )
    matched = measure_match.match_measures(m)
    pairs = sorted(zip(matched["source_row_from"], matched["source_row_to"], matched["method"]))
    assert pairs == [(1, 2, "item_codes"), (2, 1, "item_codes")]


# ---------------------------------------------------------------- on real reports, through the store
def test_history_on_stored_real_reports(tmp_path: Path, fixtures_dir: Path):
    r6 = parse_path(fixtures_dir / "thaworn_2566_r6.xlsx")
    r12 = r6.measures.assign(
        round=12, status="done", timeliness="on_time", progress_pct=pd.NA, source_file="thaworn_2566_r12.xlsx"
    )
    with Store(tmp_path / "ita.sqlite") as s:
        s.import_result(r6)
        round12 = dataclasses.replace(r6, file="thaworn_2566_r12.xlsx", content_hash="r12")
        round12.measures = r12
        s.import_result(round12)
        s.import_result(parse_path(fixtures_dir / "khaohuachang_2566_r12.xlsx"))
        s.import_result(parse_path(fixtures_dir / "thungmaphrao_2565.csv"))
        stored = s.measures()

    six = scoring.score_groups(r6.measures).iloc[0]["score"]
    changes = by(history.round_changes(stored), "agency")
    thaworn = changes["เทศบาลตำบลถาวร"]
    assert thaworn.score_from == pytest.approx(six) and thaworn.score_to == 100.0
    assert thaworn.change == pytest.approx(100.0 - six) and thaworn.direction == "up"
    assert changes["เทศบาลตำบลเขาหัวช้าง"].direction == "missing"
    assert "องค์การบริหารส่วนตำบลทุ่งมะพร้าว" not in changes  # FY2565 without a round: not a round pair

    years = by(history.year_changes(stored), "agency")
    assert years["องค์การบริหารส่วนตำบลทุ่งมะพร้าว"].period_from == "2565"
    assert years["เทศบาลตำบลถาวร"].period_to == "2566/12" and years["เทศบาลตำบลถาวร"].direction == "missing"

    matched = measure_match.match_measures(stored)
    mine = matched[matched["agency"] == "เทศบาลตำบลถาวร"]
    assert len(mine) == len(r6.measures)
    assert set(mine["method"]) <= {"item_codes", "text"}  # every measure followed to round 12
    assert (mine["source_row_from"] == mine["source_row_to"]).all()
    assert set(mine["report_id_from"]) == {1} and set(mine["report_id_to"]) == {2}
    assert (mine["progress"] != "worse").all()


def test_overview_bundles_the_same_frames(measures):
    h = history.overview(measures)
    pd.testing.assert_frame_equal(h.round_changes, history.round_changes(measures))
    pd.testing.assert_frame_equal(h.year_changes, history.year_changes(measures))
    pd.testing.assert_frame_equal(h.backwards, history.went_backwards(measures))
    pd.testing.assert_frame_equal(h.province_trend, history.province_trend(measures))
    pd.testing.assert_frame_equal(h.matched, measure_match.match_measures(measures))
    pd.testing.assert_frame_equal(h.round_slope, history.slope(history.round_changes(measures)))
    assert history.overview(measures, match=False).matched.empty


def test_empty_measures_give_empty_frames():
    h = history.overview(to_frame([]))
    for frame, columns in (
        (h.agency_scores, history.AGENCY_SCORE_COLUMNS),
        (h.round_changes, history.CHANGE_COLUMNS),
        (h.province_trend, history.PROVINCE_COLUMNS),
        (h.matched, measure_match.MATCH_COLUMNS),
        (h.round_slope, history.SLOPE_COLUMNS),
    ):
        assert frame.empty and list(frame.columns) == columns
