"""Item codes in their printed and OCR forms (DOMAIN.md "What real files look like")."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_metrics.thai.item_codes import find_codes


@pytest.mark.parametrize(
    "text,codes",
    [
        ("เครื่องมือการประเมิน IIT  1๑๓ ท่านได้รับมอบหมายงาน", ["I13"]),  # ASCII 1 for I, Thai digits
        ("IIT l๒๓ ท่านรู้แนวปฏิบัติ", ["I23"]),  # lower-case L for I
        ("OIT  ๐๓๕ การมีส่วนร่วมของผู้บริหาร", ["O35"]),  # Thai zero for O
        ("0๓๐ ช่องทางแจ้งเรื่องร้องเรียน", ["O30"]),  # ASCII zero for O
        ("035 การมีส่วนร่วมของผู้บริหาร", ["O35"]),
        ("e๖ การเผยแพร่ข้อมูล", ["E6"]),
        ("O๑๗ E-Service", ["O17"]),  # E-Service is not a code
        ("011 ... 023 ... 024", ["O11", "O23", "O24"]),  # several codes in one cell
        ("O11, O23, O24", ["O11", "O23", "O24"]),
    ],
)
def test_ocr_forms(text, codes):
    assert find_codes(text) == codes


def test_bare_number_after_tool_word_uses_printed_indicator_to_choose():
    def in_indicator_2(c: str) -> bool:
        return c in {f"I{n}" for n in range(7, 13)}

    # ๑๘ could be I18 or I8 with the I misread as ๑; indicator 2 holds I7–I12.
    assert find_codes("ตัวชี้วัดที่ ๒ การใช้งบประมาณ เครื่องมือการประเมิน IIT  ๑๘ หน่วยงาน", prefer=in_indicator_2) == ["I8"]
    assert find_codes("เครื่องมือการประเมิน IIT  ๑๑ หน่วยงาน", prefer=in_indicator_2) == ["I11"]


@pytest.mark.parametrize(
    "text",
    [
        "ตัวชี้วัดที่ ๒ การใช้งบประมาณ เครื่องมือการประเมิน IIT",
        "๑. จัดทำแผนผัง ๒. เผยแพร่",
        "๑.๑ แผนการใช้จ่าย",
        "ITA 2566",
        "รอบ ๖ เดือน",
        "O99 ไม่มีข้อนี้",
    ],
)
def test_numbers_that_are_not_codes(text):
    assert find_codes(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_code_reader_never_raises(text):
    for code in find_codes(text, "IIT"):
        assert code[0] in "IEO" and code[1:].isdigit()


@pytest.mark.parametrize(
    "text,codes",
    [
        ("๑.๑ (I๖) ประชาสัมพันธ์", ["I6"]),
        ("๒.๑ [E7] เผยแพร่", ["E7"]),
        ("ข้อ O18 E-Service", ["O18"]),
        ("1) จัดทำ 2) เผยแพร่", []),
    ],
)
def test_codes_written_before_the_measure(text, codes):
    assert find_codes(text) == codes
