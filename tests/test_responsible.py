"""Responsible-unit cells → canonical unit names (ita_metrics.thai.responsible)."""

import pytest

from ita_metrics.datafiles import load_table
from ita_metrics.thai.responsible import all_units, other_units, split_units

LISTED = {r["canonical"] for r in load_table("responsible_units.csv") if r["kind"] == "unit"}

SIX = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองสาธารณสุข", "กองสวัสดิการ"]


@pytest.mark.parametrize(
    "text",
    [
        "สำนักปลัด กองคลัง กองช่าง กองการศึกษา กองสาธารณสุข กองสวัสดิการ เป็นต้น",
        "สำนักปลัด กองคลัง กองช่าง กอง การศึกษา กอง สาธารณสุข กอง สวัสดิการ",
        "สำนักปลัด กองคลัง กองช่าง กอง การศึกษา กอง สาธารณสุข กอง สวัสดิการ เป็นต้น",
        "สำนักปลัด กองคลัง กองช่าง กองการศึกษา กองสาธารณสุข กอง สวัสดิการ เป็นต้น",
        "สำนักปลัด\nกองคลัง\nกองช่าง\nกองการศึกษา\nกองสาธารณสุข\nกองสวัสดิการ ฯลฯ",
    ],
)
def test_lists_of_units_are_split_in_order(text):
    assert split_units(text) == SIX


def test_slash_and_dashes_separate_units():
    assert split_units("กองคลัง/งานพัสดุ") == ["กองคลัง", "งานพัสดุ"]
    assert split_units("- ผู้บริหาร - งานประชาสัมพันธ์ สำนักปลัด") == ["ผู้บริหาร", "งานประชาสัมพันธ์", "สำนักปลัด"]


@pytest.mark.parametrize("variant", ["สำนักงานปลัด", "สำนักปลัดเทศบาล", "สป.", "สำนักปลัดฯ", "สำนักงาน ปลัด", "หัวหน้าสำนักปลัด"])
def test_variants_of_the_office_of_the_clerk_unify(variant):
    assert split_units(variant) == ["สำนักปลัด"]


@pytest.mark.parametrize(
    "variant, canonical",
    [
        ("ส่วนการคลัง", "กองคลัง"),
        ("ส่วนโยธา", "กองช่าง"),
        ("กองการศึกษาฯ", "กองการศึกษา"),
        ("กองการศึกษา ศาสนาและวัฒนธรรม", "กองการศึกษา"),
        ("กองสาธารณสุขและสิ่งแวดล้อม", "กองสาธารณสุข"),
        ("กองสวัสดิการสังคม", "กองสวัสดิการ"),
        ("งานการ เจ้าหน้าที่", "งานการเจ้าหน้าที่"),
    ],
)
def test_variants_unify(variant, canonical):
    assert split_units(variant) == [canonical]


def test_variants_of_one_unit_count_once():
    assert split_units("สำนักงานปลัด สป. กองคลัง ส่วนการคลัง") == ["สำนักปลัด", "กองคลัง"]


@pytest.mark.parametrize(
    "text", ["ทุกกอง/สำนัก", "ทุกกอง", "ทุกสำนัก/กอง", "ทุกภารกิจงาน", "เจ้าหน้าที่ทุกภารกิจ งาน", "ทุก ภารกิจงาน"]
)
def test_all_units_markers(text):
    assert split_units(text) == [all_units()]
    assert all_units() == "ทุกกอง/สำนัก"


def test_all_units_alongside_named_units():
    assert split_units("สำนักปลัด งาน ประชาสัมพันธ์ ทุก ภารกิจงาน") == ["สำนักปลัด", "งานประชาสัมพันธ์", all_units()]


def test_fillers_are_dropped():
    assert split_units("กองคลัง และ กองช่าง เป็นต้น") == ["กองคลัง", "กองช่าง"]
    assert split_units("เป็นต้น") == []


def test_unrecognised_units_are_kept_as_cleaned_text():
    assert split_units("1. สำนักปลัด 2. ฝ่ายอำนวยการ  ฝ่ายปกครอง") == ["สำนักปลัด", "ฝ่ายอำนวยการ", "ฝ่ายปกครอง"]
    assert split_units("งานรับเรื่องร้องทุกข์") == ["งานรับเรื่องร้องทุกข์"]  # ทุก inside a word stays
    assert split_units("สำนักปลัดงานกิจการสภา") == ["สำนักปลัด", "งานกิจการสภา"]


@pytest.mark.parametrize(
    "text",
    [
        "หน่วยงานอาจกำหนดเป็นตำแหน่งหรือชื่อบุคคลก็ได้",  # the form's instruction, copied into the cell
        "2.นักทรัพยากร บุคคล",  # a position, broken by PDF conversion
        "นาย สมชาย  ใจดี",  # a person
    ],
)
def test_fragments_that_are_not_units_count_as_other(text):
    assert split_units(text) == [other_units()]
    assert split_units(f"กองคลัง {text}") == ["กองคลัง", other_units()]


def test_seed_reports_name_units_only(fixtures_dir):
    """Every responsible cell of the fixtures and the sample province splits into listed units,
    names that read like units (prefix, no sentence word), or other_units()."""
    from pathlib import Path

    from ita_metrics.interpret.importer import parse_path
    from ita_metrics.thai.responsible import _looks_like_unit

    sample = Path(__file__).resolve().parent.parent / "data" / "sample"
    files = [p for p in [*fixtures_dir.iterdir(), *sample.iterdir()] if p.suffix in (".xlsx", ".csv")]
    units = {u for f in files for cell in parse_path(f).measures["responsible"] for u in split_units(cell)}
    assert len(files) >= 60 and other_units() in units
    odd = {u for u in units if u not in (all_units(), other_units()) and not _looks_like_unit(u) and u not in LISTED}
    assert odd == set()


def test_thai_digits_and_blank_cells():
    assert split_units("๑.สำนักปลัด ๒.กองคลัง") == ["สำนักปลัด", "กองคลัง"]
    assert split_units("") == []
    assert split_units(None) == []
    assert split_units("  \n ") == []
