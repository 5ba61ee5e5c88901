"""ita_metrics.presentation.views and ita_metrics.app.app_state: the tables the pages show, from the shared fixtures."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from ita_metrics.app.app_state import build_dataset, combine_results, select
from ita_metrics.interpret.importer import parse_path
from ita_metrics.model import to_frame
from ita_metrics.presentation import quality_views, views

THAWORN, KHAO, THUNG = "เทศบาลตำบลถาวร", "เทศบาลตำบลเขาหัวช้าง", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"
FILES = ["thaworn_2566_r6.xlsx", "khaohuachang_2566_r12.xlsx", "thungmaphrao_2565.csv"]


@pytest.fixture(scope="module")
def results(fixtures_dir):
    return [parse_path(fixtures_dir / f) for f in FILES]


@pytest.fixture(scope="module")
def dataset(results):
    return build_dataset(results)


def test_combined_measures_carry_their_as_of_date(dataset):
    m = dataset.measures
    assert len(m) == 68 and not dataset.replaced
    as_of = m.groupby("source_file")["as_of"].first().to_dict()
    assert as_of["thaworn_2566_r6.xlsx"] == "2023-04-30"  # round 6 reporting date
    assert as_of["khaohuachang_2566_r12.xlsx"] == "2023-10-31"  # round 12 reporting date
    assert as_of["thungmaphrao_2565.csv"] == "2022-04-25"  # the date the report states


def test_same_file_twice_is_reported_once(results):
    measures, replaced = combine_results(results + [results[0]])
    assert len(measures) == 68 and [r["reason"] for r in replaced] == ["same_file"]


def test_report_choices_and_latest(dataset):
    m = dataset.measures
    assert views.report_choices(m) == ["latest", "2566/12", "2566/6", "2565"]
    assert len(views.latest_reports(m)) == 68  # one report per agency here
    assert len(views.select_reports(m, "2566/6")) == 43
    assert views.report_label("2566/6") == "ปีงบประมาณ 2566 รอบ 6 เดือน"


def test_latest_keeps_each_agencys_newest_round():
    rows = [
        {"agency": "ก", "fiscal_year": 2566, "round": 6, "source_file": "a"},
        {"agency": "ก", "fiscal_year": 2566, "round": 12, "source_file": "b"},
        {"agency": "ข", "fiscal_year": 2566, "round": 6, "source_file": "c"},
        {"agency": "", "fiscal_year": 2566, "round": 6, "source_file": "d"},
    ]
    out = views.latest_reports(to_frame(rows))
    assert sorted(out["source_file"]) == ["b", "c", "d"]


def test_filters_by_district_and_kind(dataset):
    m = dataset.measures
    assert "เฉลิมพระเกียรติ" in views.district_options(m)
    assert views.kind_options(m) == ["อบต.", "เทศบาล"]
    assert set(views.filter_measures(m, kinds=["อบต."])["agency"]) == {THUNG}
    assert set(views.filter_measures(m, districts=["เฉลิมพระเกียรติ"])["agency"]) == {THAWORN}
    sel = select(dataset, "latest", ["เฉลิมพระเกียรติ"], [])
    assert sel.filtered and len(sel.scope) == 68 and len(sel.measures) == 43


def test_agency_overview_and_sorting(dataset):
    ov = views.agency_overview(dataset.measures)
    assert list(ov["short"]) == ["ทต.เขาหัวช้าง", "ทต.ถาวร", "อบต.ทุ่งมะพร้าว"]  # by rank
    assert list(ov["kind"]) == ["เทศบาล", "เทศบาล", "อบต."]
    thung = ov.set_index("agency").loc[THUNG]
    assert (round(thung["score"], 1), thung["grade"], thung["pct_done"]) == (89.5, "A", 80.0)
    assert list(views.sort_overview(ov, "name")["short"]) == sorted(ov["short"])
    shown = views.display_overview(ov)
    assert list(shown.columns[:3]) == ["อันดับ", "หน่วยงาน", "อำเภอ"] and shown["คะแนน"].iloc[2] == 89.5


def test_completion_matrix(dataset):
    mx = views.completion_matrix(dataset.measures)
    assert set(mx.values.index) == {THAWORN, KHAO}  # ทุ่งมะพร้าว's CSV names no indicator
    # judged at their reporting dates, both report every measure done (thaworn: 43 of 43, the
    # April completions included); equal completion: ordered by name
    assert mx.labels == ["ทต.ถาวร", "ทต.เขาหัวช้าง"] and (mx.values.stack().dropna() == 100).all()
    assert mx.counts.values.sum() == dataset.measures["indicator"].notna().sum()
    assert mx.values.loc[KHAO].dropna().eq(100).all()
    oit = views.completion_matrix(dataset.measures, "OIT")
    assert list(oit.values.columns) == [9, 10]


def test_indicator_summary_lagging_first(dataset):
    summary = views.indicator_summary(dataset.measures)
    assert list(summary["score"]) == sorted(summary["score"])
    assert set(summary["tool"]) == {"IIT", "EIT", "OIT"}
    assert summary["n_measures"].sum() == dataset.measures["indicator"].notna().sum()
    assert list(views.tool_summary(dataset.measures)["group"]) == ["IIT", "EIT", "OIT"]


def test_display_measures_has_words_and_source(dataset):
    rows = views.measures_of(dataset.measures, THAWORN)
    shown = views.display_measures(rows)
    assert len(shown) == 43
    assert shown["ที่มา (ไฟล์ · ชีต · แถว)"].iloc[0].startswith("thaworn_2566_r6.xlsx · ชีต ")
    assert set(shown["สถานะ"]) <= {"ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ดำเนินการ", "ไม่ทราบสถานะ"}
    assert shown["กำหนดแล้วเสร็จ"].str.contains("2566|2565").any()  # Buddhist-era dates
    assert shown["ธงเตือน"].str.contains("ระบุเพียงเดือน").any()
    en = views.display_measures(rows, "en")
    assert "Status" in en.columns and set(en["Status"]) <= {"Done", "In progress", "Not started", "Unknown"}


def test_overdue_list_days_and_exports():
    m = to_frame(
        [
            {
                "source_file": "a",
                "source_sheet": "S",
                "source_row": 3,
                "agency": "เทศบาลตำบลถาวร",
                "measure": "ม1",
                "responsible": "กองคลัง",
                "status": "in_progress",
                "due_date": "2023-01-31",
                "timeliness": "overdue",
            },
            {
                "source_file": "a",
                "source_sheet": "S",
                "source_row": 4,
                "agency": "เทศบาลตำบลถาวร",
                "measure": "ม2",
                "responsible": "สำนักปลัด",
                "status": "not_started",
                "due_date": "2023-03-01",
                "timeliness": "overdue",
            },
            {
                "source_file": "a",
                "source_sheet": "S",
                "source_row": 5,
                "agency": "เทศบาลตำบลถาวร",
                "measure": "ม3",
                "status": "done",
                "due_date": "2023-03-01",
                "completed_date": "2023-02-01",
                "timeliness": "on_time",
            },
        ]
    )
    m["as_of"] = "2023-03-31"
    od = views.overdue_list(m)
    assert list(od["measure"]) == ["ม1", "ม2"] and list(od["days_overdue"]) == [59, 30]
    shown = views.display_overdue(od)
    assert list(shown.columns[:4]) == ["หน่วยงาน", "อำเภอ", "เลยกำหนด (วัน)", "กำหนดแล้วเสร็จ"]
    assert list(shown["ผู้รับผิดชอบ"]) == ["กองคลัง", "สำนักปลัด"]
    csv = views.to_csv_bytes(shown)
    assert csv.startswith(b"\xef\xbb\xbf") and "ทต.ถาวร".encode() in csv
    back = pd.read_excel(io.BytesIO(views.to_excel_bytes(shown, "overdue")), sheet_name="overdue", engine="openpyxl")
    assert list(back["เลยกำหนด (วัน)"]) == [59, 30]
    by_unit = views.timeliness_by(m, "responsible")
    assert set(by_unit["label"]) == {"กองคลัง", "สำนักปลัด", "(ไม่ระบุ)"} and by_unit["n_overdue"].iloc[0] == 1


def test_quality_tables(results, dataset):
    flags = quality_views.flag_rows(dataset.measures)
    assert len(flags) == sum(len([f for f in s.split(";") if f]) for s in dataset.measures["flags"])
    assert flags["severity"].map({"warning": 0}).fillna(1).is_monotonic_increasing  # warnings first
    skipped = quality_views.skipped_rows(results)
    assert len(skipped) == sum(len(r.skipped) for r in results) and skipped["source_row"].notna().all()
    counts = quality_views.skip_reason_counts(skipped)
    assert counts["จำนวน"].sum() == len(skipped)
    summary = quality_views.file_summary(results)
    assert list(summary["จำนวนมาตรการ"]) == [43, 15, 10] and set(summary["ผลการอ่าน"]) == {"อ่านได้"}


def test_headline_and_helpers(dataset):
    h = views.headline(dataset.measures)
    assert (h["n_agencies"], h["n_measures"], h["grade"]) == (3, 68, "AA")
    assert h["pct_done_text"] == "97.1%"  # 66 of 68: ทุ่งมะพร้าว has 2 not done
    assert views.delta(92.2, 93.3) == -1.1 and views.delta(None, 1) is None
    assert views.district_of(dataset.measures, THAWORN) == "เฉลิมพระเกียรติ"
    assert views.indicator_label(9) == "9 การเปิดเผยข้อมูล"
