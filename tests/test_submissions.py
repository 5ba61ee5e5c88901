"""Submission status by deadline, on the bundled sample province, and word search."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from ita_metrics.app.app_state import build_dataset
from ita_metrics.followup import roster
from ita_metrics.followup import submissions as sub
from ita_metrics.followup.search import search
from ita_metrics.interpret.importer import parse_path
from ita_metrics.thai import gazetteer

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


@pytest.fixture(scope="module")
def sample():
    results = [parse_path(p) for p in sorted(SAMPLE.iterdir()) if p.suffix in (".xlsx", ".csv")]
    return results, build_dataset(results)


def _rep(agency, district, file, on, fy=2570, rnd=6):
    return {
        "agency": agency,
        "district": district,
        "province": "พังงา",
        "fiscal_year": fy,
        "round": rnd,
        "file": file,
        "received_on": on,
        "received_basis": "report_date" if on else "unknown",
        "n_measures": 3,
    }


def test_status_by_deadline_one_rule_each():
    r = roster.frame(
        [{"agency": a, "district": "ท้ายเหมือง", "province": "พังงา"} for a in ("อบต.ก", "อบต.ข", "อบต.ค", "อบต.ง")],
        fiscal_year=2570,
    )
    reports = pd.DataFrame(
        [
            _rep("องค์การบริหารส่วนตำบลก", "ท้ายเหมือง", "a.xlsx", date(2027, 4, 15)),  # on the deadline
            _rep("องค์การบริหารส่วนตำบลข", "ท้ายเหมือง", "b.xlsx", date(2027, 4, 18)),  # three days after
            _rep("องค์การบริหารส่วนตำบลค", "", "c.xlsx", None),  # no date: received
            _rep("องค์การบริหารส่วนตำบลง", "ท้ายเหมือง", "d12.xlsx", date(2027, 1, 1), rnd=12),  # other round
            _rep("องค์การบริหารส่วนตำบลจ", "ท้ายเหมือง", "e.xlsx", date(2027, 4, 1)),  # not on the roster
        ]
    )
    got = sub.submission_status(r, reports, 2570, 6, date(2027, 4, 15)).set_index("agency")
    assert got["status"].to_dict() == {
        "องค์การบริหารส่วนตำบลก": "received",
        "องค์การบริหารส่วนตำบลข": "late",
        "องค์การบริหารส่วนตำบลค": "received",
        "องค์การบริหารส่วนตำบลง": "missing",
        "องค์การบริหารส่วนตำบลจ": "not_in_roster",
    }
    assert got.at["องค์การบริหารส่วนตำบลข", "days_late"] == 3
    assert got.at["องค์การบริหารส่วนตำบลค", "received_basis"] == "unknown"
    assert got.at["องค์การบริหารส่วนตำบลข", "received_file"] == "b.xlsx"
    assert got.at["องค์การบริหารส่วนตำบลง", "received_file"] == ""
    # the same report with no deadline set is just received
    none = sub.submission_status(r, reports, 2570, 6, None)
    assert (none["status"] == "late").sum() == 0


def test_sample_province_against_gazetteer_roster(sample):
    results, ds = sample
    dates = {f: (d, "report_date") for f, d in sub.report_dates(results).items()}
    assert dates["abt_raichang_2566_r6.csv"][0] == date(2023, 4, 19)  # "วันที่รายงาน 19/04/66"
    reports = sub.received_reports(ds.measures, dates)
    assert len(reports) == 60  # 30 agencies × 2 rounds
    r = roster.frame(gazetteer.roster_draft("ตัวอย่าง", ds.measures["agency"].unique()), "ตัวอย่าง", 2566)
    assert len(r) == 34
    deadline = sub.default_deadline(2566, 6)
    assert deadline == date(2023, 4, 15)
    status = sub.submission_status(r, reports, 2566, 6, deadline)
    assert sub.counts(status) == {"received": 26, "late": 4, "missing": 4, "not_in_roster": 0}
    assert sorted(status.loc[status["status"] == "missing", "agency"]) == [
        "องค์การบริหารส่วนตำบลทุ่งใหญ่",
        "องค์การบริหารส่วนตำบลนาคำ",
        "องค์การบริหารส่วนตำบลหนองแวง",
        "องค์การบริหารส่วนตำบลโพนทอง",
    ]
    late = status.loc[status["status"] == "late"].set_index("agency")["days_late"].to_dict()
    assert late == {
        "เทศบาลเมืองบึงกลาง": 8,
        "องค์การบริหารส่วนตำบลทุ่งยาว": 1,
        "องค์การบริหารส่วนตำบลไร่ช้าง": 4,
        "เทศบาลตำบลหนองเตยเหนือ": 14,
    }
    table = sub.by_district(status).set_index("district")
    assert table.loc["วังบัว", ["received", "late", "missing", "total"]].tolist() == [3, 1, 1, 5]
    assert table["total"].sum() == 34


def test_search_thai_words_and_latin(sample):
    _, ds = sample
    m = ds.measures
    hits = search(m, "ร้องเรียน")
    assert len(hits) == 52
    assert search(m, "เรียน").empty  # a piece of ร้องเรียน is not a word of it
    assert len(search(m, "no gift")) == len(search(m, "NO GIFT")) == 4
    assert len(search(m, "ช่องทาง ร้องเรียน")) <= len(hits)
    assert set(hits["matched_in"]) <= {
        "issue",
        "measure",
        "steps",
        "result",
        "issue;measure",
        "issue;steps",
        "issue;result",
        "measure;steps",
        "measure;result",
        "steps;result",
        "issue;measure;steps",
        "issue;measure;result",
        "issue;steps;result",
        "measure;steps;result",
        "issue;measure;steps;result",
    }
    small = pd.DataFrame(
        {"issue": ["การร้องเรียนการทุจริต", "จัดให้มีการเรียนรู้"], "measure": ["", ""], "steps": ["", ""], "result": ["", ""]}
    )
    assert search(small, "ร้องเรียน").index.tolist() == [0]  # "การร้องเรียน" is one newmm word
    assert search(small, "เรียนรู้").index.tolist() == [1]
    assert search(small, "  ").empty


def test_unresolved_district_is_shown_as_such():
    from ita_metrics.presentation.followup_view import display_submissions

    status = pd.DataFrame(
        [
            {
                "agency": "องค์การบริหารส่วนตำบลวังทอง",
                "district": "",
                "province": "",
                "status": "not_in_roster",
                "received_file": "w.xlsx",
                "received_on": None,
                "received_basis": "unknown",
                "days_late": pd.NA,
                "n_measures": 3,
            },
            {
                "agency": "องค์การบริหารส่วนตำบลไม่มีจริง",
                "district": "",
                "province": "",
                "status": "missing",
                "received_file": "",
                "received_on": None,
                "received_basis": "",
                "days_late": pd.NA,
                "n_measures": 0,
            },
        ]
    )
    shown = display_submissions(status, "th")
    assert shown["อำเภอ"].tolist() == ["ไม่ทราบอำเภอ (ชื่อตรงกับ 9 ตำบล)", "ไม่ทราบอำเภอ"]
    # within the roster's province the same name is one subdistrict: its district is shown
    assert display_submissions(status, "th", "พิษณุโลก")["อำเภอ"].tolist()[0] == "วังทอง (จากทำเนียบเขตการปกครอง)"
