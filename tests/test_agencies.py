"""Agency names: every written form to one canonical name, with district and province."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_metrics.thai import agencies
from ita_metrics.thai.agencies import (
    AgencyMatch,
    agency_from_filename,
    agency_kind,
    find_agency,
    normalize_agency,
    short_name,
)

# ---------------------------------------------------------------- normalize_agency


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("อบต.ทุ่งมะพร้าว", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"),
        ("ทต.ถาวร", "เทศบาลตำบลถาวร"),
        ("ทม.บ้านไผ่", "เทศบาลเมืองบ้านไผ่"),
        ("ทน.ขอนแก่น", "เทศบาลนครขอนแก่น"),
        ("อบจ.บุรีรัมย์", "องค์การบริหารส่วนจังหวัดบุรีรัมย์"),
    ],
)
def test_every_short_prefix(written, canonical):
    assert normalize_agency(written) == canonical


@pytest.mark.parametrize(
    "canonical",
    [
        "องค์การบริหารส่วนตำบลหนองบัวแดง",
        "เทศบาลตำบลถาวร",
        "เทศบาลเมืองบ้านไผ่",
        "เทศบาลนครขอนแก่น",
        "องค์การบริหารส่วนจังหวัดบุรีรัมย์",
    ],
)
def test_full_forms_are_already_canonical(canonical):
    assert normalize_agency(canonical) == canonical


@pytest.mark.parametrize(
    "written",
    [
        "ทต. ถาวร",
        "เทศบาลตำบล ถาวร",
        "เทศบาล ตำบลถาวร",
        " ทต.ถาวร ",
        "ท.ต.ถาวร",
        "ทต .ถาวร",
    ],
)
def test_spaced_and_dotted_forms(written):
    assert normalize_agency(written) == "เทศบาลตำบลถาวร"


def test_three_letter_prefix_without_dot():
    assert normalize_agency("อบต ทุ่งมะพร้าว") == "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"
    broken = "องค์การบริหาร ส่วนตำบลทุ่งมะพร้าว"  # a PDF converter's space inside the prefix
    assert normalize_agency(broken) == "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"


@pytest.mark.parametrize(
    "written",
    [
        "เทศบาลตำบลถาวร อำเภอเฉลิมพระเกียรติ จังหวัดบุรีรัมย์",
        "เทศบาลตำบลถาวรอำเภอเฉลิมพระเกียรติ",
        "ทต.ถาวร อ.เฉลิมพระเกียรติ จ.บุรีรัมย์",
        "ทต.ถาวรอ.เฉลิมพระเกียรติ",
        "เทศบาลตำบลถาวร ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "เทศบาลตำบลถาวร๒๕๖๖",
    ],
)
def test_trailing_place_words_and_digits_are_dropped(written):
    assert normalize_agency(written) == "เทศบาลตำบลถาวร"


def test_thai_digits_around_the_name():
    assert normalize_agency("อบต.ทุ่งมะพร้าว ๒๕๖๕") == "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ถาวร",
        "สำนักปลัด",
        "เทศบาลตำบล ประจำปี ๒๕๖๖",
        "ตามพ.ร.บ.สภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. ๒๕๓๗",  # the kind, not an agency
        "ผู้แทน. ชุมชน",
        "อดทน. มาก",
        "ชอบต่อการ",  # letters of a prefix inside words
    ],
)
def test_text_without_an_agency(text):
    assert normalize_agency(text) == ""


def test_names_keep_their_words():
    assert normalize_agency("เทศบาลเมืองบ้านไผ่") == "เทศบาลเมืองบ้านไผ่"
    assert normalize_agency("อบต.หนองบัวแดง") == "องค์การบริหารส่วนตำบลหนองบัวแดง"
    assert normalize_agency("เทศบาลตำบลเมืองใหม่") == "เทศบาลตำบลเมืองใหม่"


# ---------------------------------------------------------------- find_agency


def test_find_agency_with_district_and_province():
    assert find_agency("เทศบาลตำบลถาวร อำเภอเฉลิมพระเกียรติ จังหวัดบุรีรัมย์") == AgencyMatch(
        "เทศบาลตำบลถาวร", "เฉลิมพระเกียรติ", "บุรีรัมย์"
    )


def test_find_agency_with_short_place_prefixes():
    assert find_agency("อบต.ทุ่งมะพร้าว อ.เมือง จ.พังงา") == AgencyMatch("องค์การบริหารส่วนตำบลทุ่งมะพร้าว", "เมือง", "พังงา")


def test_find_agency_with_glued_place_words():
    assert find_agency("เทศบาลตำบลถาวร อำเภอ เฉลิมพระเกียรติจังหวัดบุรีรัมย์") == AgencyMatch(
        "เทศบาลตำบลถาวร", "เฉลิมพระเกียรติ", "บุรีรัมย์"
    )


def test_find_agency_after_english_text():
    assert find_agency("(Integrity and Transparency Assessment : ITA) เทศบาลตำบลเขาหัวช้าง") == (
        AgencyMatch("เทศบาลตำบลเขาหัวช้าง", "", "")
    )


def test_find_agency_name_stops_at_a_non_name_word():
    text = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ เทศบาลตำบลถาวร ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    assert find_agency(text) == AgencyMatch("เทศบาลตำบลถาวร", "", "")


def test_find_agency_after_a_unit_name():
    assert find_agency("สำนักปลัด องค์การบริหารส่วนตำบลทุ่งมะพร้าว").agency == ("องค์การบริหารส่วนตำบลทุ่งมะพร้าว")


def test_find_agency_glued_to_the_word_before():
    text = "รายงานผลการดำเนินการ ขององค์การบริหารส่วนตำบลทุ่งมะพร้าว ประจำปีงบประมาณ 2565"
    assert find_agency(text).agency == "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"
    assert find_agency("ตามคำสั่งของทต.ถาวร").agency == "เทศบาลตำบลถาวร"


def test_find_agency_first_one_wins_and_places_come_from_its_line():
    text = "เทศบาลตำบลเขาหัวช้าง\nเทศบาลตำบลถาวร อำเภอเฉลิมพระเกียรติ"
    assert find_agency(text) == AgencyMatch("เทศบาลตำบลเขาหัวช้าง", "", "")


def test_find_agency_none():
    assert find_agency("แบบรายงาน") is None
    assert find_agency("") is None


# ---------------------------------------------------------------- kind, short name, file name


@pytest.mark.parametrize(
    "agency, kind",
    [
        ("เทศบาลตำบลถาวร", "เทศบาล"),
        ("เทศบาลเมืองบ้านไผ่", "เทศบาล"),
        ("ทน.ขอนแก่น", "เทศบาล"),
        ("องค์การบริหารส่วนตำบลทุ่งมะพร้าว", "อบต."),
        ("อบจ.บุรีรัมย์", "อบจ."),
        ("สำนักปลัด", ""),
    ],
)
def test_agency_kind(agency, kind):
    assert agency_kind(agency) == kind


@pytest.mark.parametrize(
    "agency, short",
    [
        ("เทศบาลตำบลถาวร", "ทต.ถาวร"),
        ("องค์การบริหารส่วนตำบลทุ่งมะพร้าว", "อบต.ทุ่งมะพร้าว"),
        ("เทศบาลเมืองบ้านไผ่", "ทม.บ้านไผ่"),
        ("เทศบาลนครขอนแก่น", "ทน.ขอนแก่น"),
        ("องค์การบริหารส่วนจังหวัดบุรีรัมย์", "อบจ.บุรีรัมย์"),
        ("ทต. ถาวร", "ทต.ถาวร"),
        ("", ""),
    ],
)
def test_short_name(agency, short):
    assert short_name(agency) == short


@pytest.mark.parametrize(
    "file_name, agency",
    [
        ("ทต.ถาวร_รอบ6.xlsx", "เทศบาลตำบลถาวร"),
        ("uploads/อบต_ทุ่งมะพร้าว.csv", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"),
        ("รายงาน ทม.บ้านไผ่-2566.xls", "เทศบาลเมืองบ้านไผ่"),
        ("thaworn_2566_r6.xlsx", ""),
    ],
)
def test_agency_from_filename(file_name, agency):
    assert agency_from_filename(file_name) == agency


# ---------------------------------------------------------------- robustness

# Pieces of agency text glued at random, so that prefixes, dots and place words meet odd neighbours.
_pieces = st.sampled_from(list("อบตทมนจำเภลาวรถแ .๒5\n()่") + ["เทศบาล", "องค์การบริหารส่วน", "อำเภอ"])
_thaiish = st.lists(_pieces, max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), _thaiish))
def test_normalize_and_find_never_raise(text):
    name = normalize_agency(text)
    found = find_agency(text)
    assert isinstance(name, str) and " " not in name
    assert (found is None) == (name == "")
    assert short_name(name) == ("" if not name else short_name(found.agency))
    assert isinstance(agency_from_filename(text), str)


def test_docstring_examples():
    assert doctest.testmod(agencies).failed == 0


# Issue 11: invisible characters and names split by a space.
@pytest.mark.parametrize(
    "line, agency",
    [
        ("อบต.\u00adทุ่ง\u00adมะพร้าว อำเภอเมือง", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"),  # soft hyphens
        ("เทศบาลตำบล\u200eถาวร\u2060 อำเภอเฉลิม\u00adพระเกียรติ", "เทศบาลตำบลถาวร"),  # bidi mark, word joiner
        ("อบต.น้ำ ดำ", "องค์การบริหารส่วนตำบลน้ำดำ"),  # a space inside the name
        ("อบต.น้ำ ดำ อำเภอเมือง จังหวัดขอนแก่น", "องค์การบริหารส่วนตำบลน้ำดำ"),
        ("อบต.หนอง บัว ประจำปี ๒๕๖๖", "องค์การบริหารส่วนตำบลหนองบัว"),
        ("อบต.ทุ่งมะพร้าว รายงานผลการดำเนินงาน", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"),  # a sentence goes on
        ("ทต.ถาวร ได้ดำเนินการ", "เทศบาลตำบลถาวร"),  # a stop word
    ],
)
def test_invisible_characters_and_split_names(line, agency):
    assert find_agency(line).agency == agency


def test_a_split_district_name_is_joined_too():
    hit = find_agency("อบต.หนอง บัว อ.บ้าน ไผ่ จ.ขอนแก่น")
    assert (hit.agency, hit.district, hit.province) == ("องค์การบริหารส่วนตำบลหนองบัว", "บ้านไผ่", "ขอนแก่น")
