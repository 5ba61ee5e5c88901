"""Thai text as PDF/Word copies carry it, made standard before any rule sees it (one rule each)."""

from ita_metrics.thai.thai_text import clean, from_pua, symbol_text

# What a TH SarabunPSK PDF's text layer gives for "ผู้รับผิดชอบดำเนินการแล้ว ปัญญา ฐานข้อมูล ที่นี่":
# tone marks and upper vowels shifted into the Private Use Area, ญ and ฐ without their descenders.
PUA_SAMPLE = (
    "ผ\u0e39\uf70bรับผ\uf701ดชอบดำเน\uf701นการแล\uf70bว"
    " ป\uf710\uf70fญา \uf700านข\uf70bอม\u0e39ล ท\uf702\uf70aน\uf702\uf70a"
)
STANDARD = "ผู้รับผิดชอบดำเนินการแล้ว ปัญญา ฐานข้อมูล ที่นี่"


def test_private_use_area_marks_map_back_to_standard_thai():
    assert from_pua(PUA_SAMPLE) == STANDARD
    assert clean(PUA_SAMPLE) == STANDARD
    assert not any("\uf700" <= ch <= "\uf71f" for ch in clean(PUA_SAMPLE))


def test_tone_mark_stored_before_its_vowel_is_put_after_it():
    assert clean("ท\u0e48\u0e35") == "ที่"  # MAI EK before SARA II
    assert clean("ผ\u0e49\u0e39") == "ผู้"  # MAI THO before SARA UU


def test_sara_am_followed_by_a_stray_sara_aa():
    assert clean("ดำาเนินการ") == "ดำเนินการ"


def test_spaces_inside_a_syllable_are_removed_but_not_between_words():
    assert clean("ปั จจุบัน") == "ปัจจุบัน"
    assert clean("ผู ้รับผิดชอบ") == "ผู้รับผิดชอบ"
    assert clean("ที่ ประชุม") == "ที่ ประชุม"


def test_symbol_font_codes_read_as_what_they_show():
    assert symbol_text("Wingdings", 0xF0FC) == "✓" and symbol_text("ABCDEF+Wingdings-Regular", 0xFC) == "✓"
    assert symbol_text("Wingdings 2", 0xF050) == symbol_text("Wingdings2", 0x50) == "✓"
    assert symbol_text("Symbol", 0xF0D6) == "√"
    assert symbol_text("TH SarabunPSK", 0xF0FC) is None  # not a symbol font: left alone
