"""The as-of rule (ita_metrics.interpret.asof, README "As-of date"): each report has its own date."""

from __future__ import annotations

from datetime import date

import pytest

from ita_metrics.interpret import asof
from ita_metrics.interpret.importer import ParseOptions, parse_file, parse_path
from tests.helpers import xlsx_bytes

TODAY = date(2026, 11, 30)  # FY2570: the clock is a parameter, never read by the core


def _meta(result):
    return result.detected["sheets"][0]["metadata"]


@pytest.mark.parametrize(
    "name, as_of, source",
    [
        ("thaworn_2566_r6.xlsx", "2023-04-30", "round"),  # round 6 → 30 April 2566
        ("khaohuachang_2566_r12.xlsx", "2023-10-31", "round"),  # round 12 → 31 October 2566
        ("thungmaphrao_2565.csv", "2022-04-25", "stated"),  # "วันที่รายงาน 25/04/65", no round
    ],
)
def test_fixture_reports_get_their_own_date(fixtures_dir, name, as_of, source):
    r = parse_path(fixtures_dir / name, options=ParseOptions(today=TODAY))
    assert (_meta(r)["as_of"], _meta(r)["as_of_source"]) == (as_of, source)
    assert set(r.measures["as_of"]) == {as_of}


def test_user_date_overrides_everything(fixtures_dir):
    r = parse_path(fixtures_dir / "thungmaphrao_2565.csv", date(2022, 9, 30), ParseOptions(today=TODAY))
    assert (_meta(r)["as_of"], _meta(r)["as_of_source"]) == ("2022-09-30", "user")


def test_round_dates_come_from_the_data_file():
    assert asof.reporting_date(2566, 6) == date(2023, 4, 30)
    assert asof.reporting_date(2566, 12) == date(2023, 10, 31)
    assert asof.reporting_date(2566, None) == date(2023, 10, 31)  # no round: round 12's date
    assert asof.reporting_date(None, 6) is None


def test_a_past_year_without_round_is_never_judged_at_today():
    got = asof.resolve(2566, None, None, today=TODAY)
    assert (got.value, got.source) == (date(2023, 10, 31), "fiscal_year")


def test_the_current_year_is_not_judged_at_a_date_still_to_come():
    got = asof.resolve(2570, 6, None, today=TODAY)  # 30 Apr 2027 is ahead
    assert (got.value, got.source) == (TODAY, "today")
    assert asof.resolve(None, None, None, today=TODAY).value == TODAY
    assert asof.resolve(None, None, None).value is None  # no clock given: no date


@pytest.mark.parametrize(
    "line, expected",
    [
        ("วันที่รายงาน ๓๐ เมษายน ๒๕๖๖", date(2023, 4, 30)),
        ("ข้อมูล ณ วันที่ 15 ต.ค. 2566", date(2023, 10, 15)),
        ("(ลงชื่อ) สมชาย ใจดี ผู้รายงาน วันที่ 2 พฤษภาคม 2566", date(2023, 5, 2)),
        ("รายงานผลการดำเนินงาน ประจำปีงบประมาณ 2566 รอบ 6 เดือน", None),
        ("ณ เดือนเมษายน 2566", None),  # a month is not a stated day
    ],
)
def test_stated_date(line, expected):
    assert asof.stated_date([line], 2566) == expected


HEADER = ["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน"]


def test_signature_date_below_the_table_is_the_report_date():
    rows = [
        ["รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ 2566 รอบ 6 เดือน"],
        ["องค์การบริหารส่วนตำบลโคกสนวน อำเภอชำนิ จังหวัดบุรีรัมย์"],
        HEADER,
        ["จัดทำคู่มือ", "สำนักปลัด", "ภายในเดือนมีนาคม 2566", "ดำเนินการแล้วเมื่อวันที่ 20 เมษายน 2566"],
        ["ลงชื่อ นายสมชาย ใจดี ผู้รายงาน วันที่ 28 เมษายน 2566"],
    ]
    r = parse_file(xlsx_bytes(rows), "r.xlsx", options=ParseOptions(today=TODAY))
    assert (_meta(r)["as_of"], _meta(r)["as_of_source"]) == ("2023-04-28", "stated")
    m = r.measures.iloc[0]
    # done on 20 April: counts as done when judged at the report's own date (not at 31 March)
    assert (m.status, m.completed_date, m.timeliness) == ("done", "2023-04-20", "late")
