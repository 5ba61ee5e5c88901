"""The 2568–2570 cycle: the ITA 2568 and 2569 catalogs, 2570 read with 2569's numbering, the N−1
rule for every year, codes printed in another year's numbering, and mistyped or impossible dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ita_metrics.interpret.importer import ParseOptions, parse_file
from ita_metrics.thai import catalogs
from ita_metrics.thai.catalogs import (
    available_years,
    catalog_year_for,
    concept_family,
    is_assumed,
    item_for_concept,
    items,
    lookup,
    numbering_year,
    published_years,
    resolve,
)
from ita_metrics.thai.dates import deadline, find_dates, fiscal_window
from tests.helpers import AGENCY, TITLE, xlsx_bytes

HEADER = ["ข้อการประเมิน", "มาตรการ/แนวทาง", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน"]


def report(fiscal_year: int, rows: list[list], extra_title: str = "", round_: int = 12):
    """A one-sheet report of a fiscal year; each row: item, measure, responsible, period, result."""
    title = [f"ประจำปีงบประมาณ พ.ศ. {fiscal_year} รอบ {round_} เดือน {extra_title}".strip()]
    return parse_file(xlsx_bytes([TITLE, title, AGENCY, HEADER, *rows]), f"r{fiscal_year}.xlsx")


def row(item: str, period: str = "ภายในเดือนกันยายน", result: str = "ดำเนินการแล้ว") -> list:
    return [item, "จัดทำและเผยแพร่ข้อมูลบนเว็บไซต์", "สำนักปลัด", period, result]


# ---------------------------------------------------------------- the catalogs per year


@pytest.mark.parametrize("year, n_oit, last_disclosure", [(2568, 28, 20), (2569, 26, 19)])
def test_oit_items_and_indicator_split(year, n_oit, last_disclosure):
    codes = [it.code for it in items(year)]
    assert codes == [f"O{n}" for n in range(1, n_oit + 1)]  # no I/E rows: their codes are unpublished
    assert {it.indicator for it in items(year) if int(it.code[1:]) <= last_disclosure} == {9}
    assert {it.indicator for it in items(year) if int(it.code[1:]) > last_disclosure} == {10}
    assert all(it.tool == "OIT" for it in items(year))


@pytest.mark.parametrize("year", [2568, 2569])
def test_every_item_keeps_its_confidence_and_source(year):
    for it in items(year):
        assert it.confidence in ("one page", "several pages agree", "inferred"), it.code
        assert "github.com" in it.source or it.source.startswith("https://"), it.code
    assert lookup("O25", 2568).confidence == "inferred"  # generic title inferred from an agency's own


@pytest.mark.parametrize("year", [2568, 2569])
def test_concept_ids_are_unique_and_known_in_earlier_years(year):
    ids = [it.concept_id for it in items(year)]
    assert len(ids) == len(set(ids))
    earlier = {it.concept_id for y in (2564, 2565, 2566, 2567) for it in items(y)}
    for it in items(year):
        assert it.concept_id in earlier and set(it.also) <= earlier, it.code


@pytest.mark.parametrize(
    "concept, codes",
    [
        ("oit_integrity_measures", {2565: "O42", 2566: "O42", 2567: "O42", 2568: "O27", 2569: "O25", 2570: "O25"}),
        ("oit_integrity_measures_actions", {2567: "O43", 2568: "O28", 2569: "O26"}),
        ("oit_e_service", {2565: "O17", 2567: "O18", 2568: "O10", 2569: "O10"}),
        ("oit_risk_assessment", {2567: "O34", 2568: "O23", 2569: "O21"}),
        ("oit_risk_management", {2567: "O35", 2568: "O24", 2569: "O22"}),
        ("oit_anticorruption_plan", {2567: "O36", 2568: "O25", 2569: "O23"}),
        ("oit_no_gift_declaration", {2567: "O31", 2568: "O21", 2569: "O20"}),
        ("oit_no_gift_report", {2567: "O33", 2568: "O22", 2569: "O20"}),  # 2569 merged the No Gift items
        ("oit_authority", {2567: "O3", 2568: "O1", 2569: "O1"}),  # merged into the structure item
    ],
)
def test_a_concept_followed_across_the_renumbering(concept, codes):
    assert {y: item_for_concept(concept, y).code for y in codes} == codes


def test_items_that_left_have_no_counterpart():
    for concept in ("oit_laws", "oit_social_network", "oit_personal_data_policy", "oit_satisfaction_survey"):
        assert item_for_concept(concept, 2568) is None and item_for_concept(concept, 2569) is None
    assert item_for_concept("oit_service_statistics", 2568).code == "O11"
    assert item_for_concept("oit_service_statistics", 2569) is None  # dropped in 2569


def test_merged_items_share_one_family():
    assert concept_family("oit_procurement_plan") == "oit_procurement_monthly"
    assert concept_family("oit_authority") == "oit_structure"
    assert concept_family("oit_integrity_measures") == "oit_integrity_measures"


def test_2570_is_read_with_the_2569_numbering_and_marked_assumed():
    assert published_years() == [2564, 2565, 2566, 2567, 2568, 2569]
    assert 2570 in available_years() and is_assumed(2570) and numbering_year(2570) == 2569
    assert not is_assumed(2569) and not is_assumed(2566)
    assert [i.code for i in items(2570)] == [i.code for i in items(2569)]
    assert lookup("O25", 2570).title == lookup("O25", 2569).title


# ---------------------------------------------------------------- the N−1 rule in reports


@pytest.mark.parametrize(
    "fy, catalog", [(2565, 2564), (2566, 2565), (2567, 2566), (2568, 2567), (2569, 2568), (2570, 2569), (2571, 2570)]
)
def test_catalog_year_is_fiscal_year_minus_one(fy, catalog):
    assert catalog_year_for(fy) == catalog
    m = report(fy, [row("O1 โครงสร้าง")]).measures.iloc[0]
    assert m.catalog_year == catalog
    assert ("catalog_assumed" in m["flags"]) == (catalog == 2570)


def test_fy2569_oit_items_21_to_28_are_indicator_10():
    """The bug the cycle brought: read with 2567 numbering, O21–O28 of a FY2569 report went to 9."""
    rows = [row(f"O{n} {lookup(f'O{n}', 2568).title}") for n in range(17, 29)]
    m = report(2569, rows).measures
    assert list(m.item_codes) == [f"O{n}" for n in range(17, 29)]
    assert list(m.indicator) == [9] * 4 + [10] * 8
    assert not any(m["flags"].str.contains("code_"))


def test_a_report_may_state_its_catalog_year():
    r = report(
        2570, [row("O27 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")], extra_title="(ตามผลการประเมิน ITA ปี พ.ศ. 2568)"
    )
    m = r.measures.iloc[0]
    assert (m.fiscal_year, m.catalog_year, m.item_codes, m.indicator) == (2570, 2568, "O27", 10)
    assert "catalog_assumed" not in m["flags"]


def test_the_user_may_override_the_catalog_year():
    data = xlsx_bytes([TITLE, ["ประจำปีงบประมาณ พ.ศ. 2570"], AGENCY, HEADER, row("O25 แผนปฏิบัติการป้องกันการทุจริต")])
    m = parse_file(data, "x.xlsx", options=ParseOptions(catalog_year=2568)).measures.iloc[0]
    assert (m.catalog_year, m.item_codes, m.indicator) == (2568, "O25", 10)


def test_an_assumed_catalog_is_said_once_per_sheet_with_the_numbering_used():
    r = report(2571, [row("O25 การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"), row("O1 โครงสร้าง")])
    assert r.measures["flags"].str.contains("catalog_assumed").all()
    said = [m for m in r.messages if m.code == "catalog_assumed"]
    assert len(said) == 1 and "2570" in said[0].th and "2569" in said[0].th and said[0].level == "warning"


# ---------------------------------------------------------------- codes from another year


def test_old_code_with_its_title_is_resolved_through_the_concept():
    r = report(2569, [row("O42 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"), row("O18 E-Service")])
    m = r.measures.set_index("source_row")
    assert (m.loc[5, "item_codes"], m.loc[5, "tool"], m.loc[5, "indicator"]) == ("O27", "OIT", 10)
    assert (m.loc[6, "item_codes"], m.loc[6, "indicator"]) == ("O10", 9)
    assert all("code_from_other_year" in f for f in m["flags"])
    notes = {n.row: n for n in r.messages if n.code == "code_from_other_year"}
    assert set(notes) == {5, 6}
    assert "O42" in notes[5].th and "2567" in notes[5].th and "O27" in notes[5].th and "2568" in notes[5].th
    assert "O42" in notes[5].en and "O27" in notes[5].en


def test_a_2568_code_in_a_fy2570_report_is_converted_to_2569():
    """O21 is No Gift in 2568 but the corruption-risk assessment in 2569: the title decides."""
    m = report(2570, [row("O21 ประกาศเจตนารมณ์และการสร้างวัฒนธรรม ตามนโยบาย No Gift Policy")]).measures.iloc[0]
    assert (m.item_codes, m.indicator) == ("O20", 10) and "code_from_other_year" in m["flags"]


def test_an_item_that_left_is_flagged_with_its_old_indicator():
    r = report(2569, [row("O6 กฎหมายที่เกี่ยวข้อง")])
    m = r.measures.iloc[0]
    assert (m.item_codes, m.indicator) == ("O6", 9) and "code_from_other_year" in m["flags"]
    assert [n.code for n in r.messages if n.row == 5] == ["code_no_counterpart"]


def test_an_unresolvable_code_is_flagged_never_mapped_by_number():
    m = report(2569, [row("O42"), row("O35 ข้อความที่ไม่ใช่ชื่อข้อใด ๆ เลยสักข้อ")]).measures
    assert list(m.item_codes) == ["O42", "O35"]
    assert m.indicator.isna().all()  # O42 is no 2568 item; not guessed from 42
    assert m["flags"].str.contains("unknown_item_code").all()


def test_the_right_code_with_a_renamed_title_is_kept():
    m = report(2570, [row("O10 E-Service")]).measures.iloc[0]  # 2569 calls it "ระบบ… (E-Service)"
    assert (m.item_codes, m.indicator) == ("O10", 9) and "code_" not in m["flags"]


# ---------------------------------------------------------------- IIT/EIT without published codes


def test_iit_and_eit_indicator_from_the_question_text():
    m = report(
        2569,
        [
            row("I13 ท่านได้รับมอบหมายงานอย่างเป็นธรรม"),
            row("E6 การเผยแพร่ข้อมูลของหน่วยงานเข้าถึงง่าย"),
            row("IIT I4 มีการเรียกรับเงินหรือสิ่งของเพื่อแลกกับการปฏิบัติงาน"),
        ],
    ).measures
    assert list(zip(m.tool, m.indicator, m.item_codes)) == [("IIT", 3, "I13"), ("EIT", 7, "E6"), ("IIT", 1, "I4")]
    assert m["flags"].str.contains("indicator_from_question_text").all()


def test_iit_code_without_text_gets_its_tool_but_no_indicator_from_the_number():
    m = report(2569, [row("I13"), row("I13 ตัวชี้วัดที่ 3 การใช้อำนาจ")]).measures
    assert list(m.tool) == ["IIT", "IIT"]
    assert m.indicator.iloc[0] is pd.NA and m.indicator.iloc[1] == 3
    assert "unknown_item_code" in m["flags"].iloc[0]


def test_resolve_reports_how_a_code_was_read():
    assert resolve("O27", 2568, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน").how == "code"
    r = resolve("O43", 2569, "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    assert (r.how, r.final_code, r.via.code) == ("other_year", "O26", "O43")
    assert resolve("O17", 2566, "E-Service").how == "other_year"  # older years too: O17 of 2565 is O18
    assert resolve("O17", 2566, "E-Service").final_code == "O18"


# ---------------------------------------------------------------- dates


def test_fiscal_window():
    assert fiscal_window(2569) == (date(2024, 10, 1), date(2027, 9, 30))
    assert fiscal_window(None) is None


@pytest.mark.parametrize("period", ["ภายในเดือนมีนาคม 2556", "ภายใน 31 มีนาคม 2576", "30/09/2576"])
def test_deadline_outside_the_fiscal_year_is_flagged_and_not_used(period):
    m = report(2566, [row("O1 โครงสร้าง", period, "อยู่ระหว่างดำเนินการ")]).measures.iloc[0]
    assert (m.due_date, m.timeliness) == ("", "unknown")
    assert "date_out_of_range" in m["flags"] and "no_deadline" not in m["flags"]


def test_completion_outside_the_fiscal_year_is_flagged_and_not_used():
    m = report(2566, [row("O1 โครงสร้าง", "ภายในเดือนมีนาคม 2566", "ดำเนินการแล้ว เมื่อวันที่ 10 มีนาคม 2656")]).measures.iloc[0]
    assert (m.status, m.completed_date, m.timeliness) == ("done", "", "unknown")
    assert "date_out_of_range" in m["flags"] and "done_without_date" not in m["flags"]


def test_an_old_date_beside_the_real_one_is_not_a_typo():
    m = report(2566, [row("O1 โครงสร้าง", "มี.ค. 2556 – มี.ค. 2566")]).measures.iloc[0]
    assert m.due_date == "2023-03-31" and "date_out_of_range" not in m["flags"]


def test_dates_within_the_window_are_kept():
    assert deadline("ภายในเดือนตุลาคม 2564", 2566).iso == "2021-10-31"  # FY − 1 still plausible
    assert deadline("ภายในเดือนกันยายน 2567", 2566).iso == "2024-09-30"  # FY + 1 still plausible
    assert deadline("ภายในเดือนกันยายน 2556", 2566) is None


def test_impossible_day_is_flagged_as_such():
    hit = find_dates("31 ก.พ. 2566")[0]
    assert hit.impossible and hit.iso == "2023-02-28"
    m = report(2566, [row("O1 โครงสร้าง", "ภายในวันที่ 31 ก.พ. 2566", "อยู่ระหว่างดำเนินการ")]).measures.iloc[0]
    assert m.due_date == "2023-02-28"
    assert "impossible_date" in m["flags"] and "due_month_precision" not in m["flags"]
    assert not find_dates("28 ก.พ. 2566")[0].impossible


def test_catalog_module_doctests_cover_the_cycle():
    import doctest

    assert doctest.testmod(catalogs).failed == 0


@pytest.mark.parametrize(
    "printed_year, report_year", [(2567, 2568), (2568, 2569), (2568, 2567), (2569, 2568), (2565, 2566), (2566, 2565)]
)
def test_every_title_of_one_year_is_read_right_in_another(printed_year, report_year):
    """Each item printed with its own code and title, in a report of another framework year, is read
    as the item of that year that answers the same concept (or kept when the code means the same)."""
    for it in items(printed_year):
        assert catalogs.title_agrees(it.code, printed_year, it.title) is True, it.code
        r = resolve(it.code, report_year, it.title)
        if not any(other.tool == it.tool for other in items(report_year)):  # I/E codes of 2568+
            assert (r.how, r.via.indicator) == ("question_text", it.indicator), (it.code, r)
            continue
        want = item_for_concept(it.concept_id, report_year) or item_for_concept(
            concept_family(it.concept_id), report_year
        )
        if want is not None and want.code == it.code:
            assert (r.how, r.final_code) == ("code", it.code), (it.code, r)
        elif want is not None:
            assert (r.how, r.final_code) == ("other_year", want.code), (it.code, r)
        else:
            assert r.item is None and r.how in ("no_counterpart", "unresolved"), (it.code, r)
