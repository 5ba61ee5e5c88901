"""Framework catalogs: renumbering, concept ids, catalog year, title checks, indicator headings."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_metrics.thai import catalogs
from ita_metrics.thai.catalogs import (
    available_years,
    best_catalog_year,
    catalog_year_for,
    indicator_from_text,
    indicator_name,
    indicator_tool,
    items,
    lookup,
    title_agrees,
    tool_of,
)

# ---------------------------------------------------------------- catalogs as data


def test_every_year_has_every_item():
    assert available_years() == [2564, 2565, 2566, 2567, 2568, 2569, 2570]
    expected = [f"I{n}" for n in range(1, 31)] + [f"E{n}" for n in range(1, 16)] + [f"O{n}" for n in range(1, 44)]
    for year in (2564, 2565, 2566, 2567):
        assert [it.code for it in items(year)] == expected


@pytest.mark.parametrize("year, last_disclosure_item", [(2564, 33), (2565, 33), (2566, 30), (2567, 30)])
def test_oit_indicator_split_moved_in_2566(year, last_disclosure_item):
    assert lookup(f"O{last_disclosure_item}", year).indicator == 9
    assert lookup(f"O{last_disclosure_item + 1}", year).indicator == 10


def test_iit_and_eit_indicators_follow_the_item_number():
    assert [lookup(f"I{n}", 2566).indicator for n in (1, 6, 7, 12, 13, 18, 19, 24, 25, 30)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]
    assert [lookup(f"E{n}", 2565).indicator for n in (1, 5, 6, 10, 11, 15)] == [6, 6, 7, 7, 8, 8]


def test_lookup_returns_the_year_and_title():
    item = lookup("O17", 2565)
    assert (item.code, item.tool, item.indicator, item.title, item.year) == ("O17", "OIT", 9, "E-Service", 2565)


def test_renumbering_between_2565_and_2566():
    assert lookup("O10", 2565).title == "แผนดำเนินงานประจำปี"
    assert lookup("O10", 2566).title == "นโยบายคุ้มครองข้อมูลส่วนบุคคล"
    assert lookup("O17", 2566).title == "รายงานผลการสำรวจความพึงพอใจการให้บริการ"
    assert lookup("O39", 2565).title == "แผนปฏิบัติการป้องกันการทุจริต"
    assert lookup("O39", 2566).title == "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ"
    assert lookup("O41", 2566).title == "การประเมินจริยธรรมเจ้าหน้าที่ของรัฐ"


def test_2567_kept_the_2566_numbering_and_2564_the_2565_one():
    assert [(i.code, i.title) for i in items(2567)] == [(i.code, i.title) for i in items(2566)]
    assert [(i.code, i.title) for i in items(2564)] == [(i.code, i.title) for i in items(2565)]


@pytest.mark.parametrize(
    "old, new, concept",
    [
        ("O17", "O18", "oit_e_service"),
        ("O21", "O19", "oit_procurement_plan"),
        ("O29", "O27", "oit_complaint_guideline"),
        ("O33", "O30", "oit_participation"),
        ("O36", "O34", "oit_risk_assessment"),
        ("O39", "O36", "oit_anticorruption_plan"),
        ("O41", "O38", "oit_anticorruption_annual_report"),
        ("O1", "O1", "oit_structure"),
        ("O43", "O43", "oit_integrity_measures_actions"),
    ],
)
def test_moved_items_keep_their_concept_id(old, new, concept):
    assert lookup(old, 2565).concept_id == concept
    assert lookup(new, 2566).concept_id == concept


def test_iit_and_eit_concept_ids_are_the_same_in_every_year():
    for year in (2564, 2565, 2566, 2567):
        assert lookup("I13", year).concept_id == "iit_13"
        assert lookup("E6", year).concept_id == "eit_6"


def test_every_moved_title_keeps_its_concept_id():
    """Any title present in both frameworks has one concept id, whatever its codes."""
    by_title_2565 = {i.title: i.concept_id for i in items(2565)}
    for item in items(2566):
        if item.title in by_title_2565:
            assert item.concept_id == by_title_2565[item.title], item.code


def test_concept_ids_are_unique_within_a_year():
    for year in available_years():
        ids = [i.concept_id for i in items(year)]
        assert len(ids) == len(set(ids))


def test_lookup_unknown_code_or_year():
    assert lookup("O44", 2566) is None
    assert lookup("I13", 2550) is None
    assert lookup("I13", None) is None
    assert items(2550) == []


def test_lookup_tidies_a_recognised_code():
    assert lookup("o๓๕", 2565).code == "O35"
    assert lookup("O035", 2565).code == "O35"


@pytest.mark.parametrize(
    "code, tool", [("I13", "IIT"), ("E6", "EIT"), ("O35", "OIT"), ("e6", "EIT"), ("X1", None), ("", None)]
)
def test_tool_of(code, tool):
    assert tool_of(code) == tool


# ---------------------------------------------------------------- which catalog


@pytest.mark.parametrize(
    "fiscal_year, catalog_year",
    [
        (2566, 2565),
        (2565, 2564),
        (2567, 2566),
        (2568, 2567),
        (2569, 2568),
        (2570, 2569),
        (2571, 2570),  # no ITA 2570 item list: 2570 is read with 2569's numbering (assumed)
        (2575, 2570),  # later than every known year: the latest
        (2560, 2564),  # older than every catalog: the oldest
        (None, None),
    ],
)
def test_catalog_year_for(fiscal_year, catalog_year):
    assert catalog_year_for(fiscal_year) == catalog_year


# ---------------------------------------------------------------- titles


def test_title_agrees_with_the_printed_title():
    assert title_agrees("O17", 2565, "E-Service") is True
    assert title_agrees("O39", 2565, "แผนปฏิบัติการป้องกันการทุจริต") is True


def test_title_disagrees_with_another_years_title():
    assert title_agrees("O17", 2566, "E-Service") is False
    assert title_agrees("O39", 2566, "แผนปฏิบัติการป้องกันการทุจริต") is False


def test_title_agrees_despite_spaces_thai_digits_and_typos():
    assert title_agrees("O11", 2565, "รายงานการกำกับติดตาม การดำเนินงานประจำปี รอบ ๖ เดือน") is True
    assert title_agrees("O18", 2565, "แผนการใช้จ่าย งบประมาณประจำปี") is True
    assert title_agrees("O17", 2565, "E-service") is True
    assert title_agrees("O25", 2565, "นโยบายการบริหารทรัพยากรบุคคลล") is True


def test_title_with_extra_words_names_the_more_specific_item():
    text = "การดำเนินการตาม นโยบายการบริหารทรัพยากร บุคคล"
    assert title_agrees("O26", 2565, text) is True
    assert title_agrees("O25", 2565, text) is False


def test_similar_but_different_title_disagrees():
    assert title_agrees("O14", 2566, "คู่มือหรือมาตรฐานการให้บริการ") is False


def test_title_agrees_with_a_questionnaire_question():
    assert title_agrees("I13", 2566, "ท่านได้รับมอบหมายงานจาก ผู้บังคับบัญชา อย่างเป็นธรรม อย่างน้อยเพียงใด") is True


def test_title_cannot_be_judged():
    assert title_agrees("O17", 2565, "") is None
    assert title_agrees("O17", 2565, " - ") is None
    assert title_agrees("O2", 2565, "ข้อมูลพื้นฐาน") is None  # a topic name, not a title
    assert title_agrees("O44", 2565, "E-Service") is None  # no such code
    assert title_agrees("O17", 2550, "E-Service") is None  # no such catalog


def test_every_catalog_title_agrees_with_itself_only():
    """No title of one framework is taken for a different title under the same code in the other."""
    for year, other in [(2565, 2566), (2566, 2565)]:
        for item in items(year):
            assert title_agrees(item.code, year, item.title) is True
            if lookup(item.code, other).title != item.title:
                assert title_agrees(item.code, other, item.title) is False, (item.code, other)


def test_best_catalog_year_real_fy2566_report():
    pairs = [("O17", "E-Service"), ("O39", "แผนปฏิบัติการป้องกันการทุจริต")]
    assert best_catalog_year(pairs, [2565, 2566]) == 2565
    assert best_catalog_year(pairs, [2566, 2565]) == 2565


def test_best_catalog_year_picks_the_new_numbering():
    pairs = [("O18", "E-Service"), ("O10", "นโยบายคุ้มครองข้อมูลส่วนบุคคล")]
    assert best_catalog_year(pairs, [2565, 2566]) == 2566


def test_best_catalog_year_without_evidence():
    assert best_catalog_year([], [2565, 2566]) is None
    assert best_catalog_year([("O1", "โครงสร้าง")], [2565, 2566]) is None  # same in both years
    assert best_catalog_year([("O17", "")], [2565, 2566]) is None
    assert best_catalog_year([("O17", "E-Service")], []) is None


def test_best_catalog_year_tie_goes_to_the_first_candidate():
    assert best_catalog_year([("O17", "E-Service")], [2565, 2564, 2566]) == 2565


# ---------------------------------------------------------------- indicators


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("๑. ด้านการใช้งบประมาณ", ("IIT", 2)),
        ("๒. ด้านการใช้ทรัพย์สิน", ("IIT", 4)),
        ("๓.ด้านประสิทธิภาพการสื่อสาร", ("EIT", 7)),
        ("๔. ด้านการปรับปรุงการทำงาน", ("EIT", 8)),
        ("๕. ด้านแผนการดำเนินงาน", ("OIT", 9)),
        ("๖.ด้านการจัดซื้อจัดจ้างและการจัดหาพัสดุ", ("OIT", 9)),
        ("๗. ด้านการบริหารและพัฒนาทรัพยากรบุคคล", ("OIT", 9)),
        ("๘. ด้านการดำเนินการเพื่อป้องกันการทุจริต", ("OIT", 10)),
        ("๙. ด้านมาตรการส่งเสริมความโปร่งใสและป้องกันการทุจริตภายในหน่วยงาน", ("OIT", 10)),
    ],
)
def test_indicator_from_section_heading(heading, expected):
    assert indicator_from_text(heading) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ตัวชี้วัดที่ ๕ การแก้ไขปัญหา การทุจริต", ("IIT", 5)),  # not OIT 10 "ป้องกันการทุจริต"
        ("แผนปฏิบัติการป้องกันการทุจริต", ("OIT", 10)),
        ("การใช้งบประมาณ", ("IIT", 2)),
        ("แผนการใช้จ่ายงบประมาณประจำปี", ("OIT", 9)),  # not IIT 2
        ("การบริหารเงินงบประมาณ", ("OIT", 9)),
        ("การเปิดเผยข้อมูล", ("OIT", 9)),
        ("การจัดการเรื่องร้องเรียนการทุจริต", ("OIT", 9)),  # not 5 or 10
        ("ตัวชี้วัดที่ ๗ ประสิทธิภาพของ การสื่อสาร", ("EIT", 7)),  # word broken by a space
        ("ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของทางราชการ", ("IIT", 4)),
        ("คุณภาพการ ดำเนินงาน", ("EIT", 6)),
        ("การปฏิบัติหน้าที่", ("IIT", 1)),
        ("การใช้อำนาจ", ("IIT", 3)),
        ("ข้อมูลพื้นฐาน", ("OIT", 9)),
        ("เจตจำนงสุจริต", ("OIT", 10)),
    ],
)
def test_indicator_from_overlapping_phrases(text, expected):
    assert indicator_from_text(text) == expected


def test_indicator_from_text_without_a_phrase():
    assert indicator_from_text("ท่านได้รับมอบหมายงานจากผู้บังคับบัญชา") is None
    assert indicator_from_text("") is None


def test_indicator_names_and_tools():
    assert indicator_name(4) == "การใช้ทรัพย์สินของราชการ"
    assert indicator_name(10, "en") == "Corruption prevention"
    assert [indicator_tool(n) for n in range(1, 11)] == ["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2
    assert indicator_name(11) == "" and indicator_tool(11) == ""


def test_every_indicator_name_is_recognised_as_its_indicator():
    for n in range(1, 11):
        assert indicator_from_text(indicator_name(n)) == (indicator_tool(n), n)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_indicator_from_text_never_raises(text):
    result = indicator_from_text(text)
    assert result is None or result[1] in range(1, 11)


def test_docstring_examples():
    assert doctest.testmod(catalogs).failed == 0


@settings(max_examples=100, deadline=None)
@given(st.text(), st.sampled_from(["O17", "I13", "E6", "O99", ""]))
def test_title_agrees_never_raises(text, code):
    assert title_agrees(code, 2565, text) in (True, False, None)
