"""One test per date rule in DOMAIN.md ("Dates")."""

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from ita_metrics.thai import dates


def iso(text, fy=2566):
    return [(h.iso, h.precision) for h in dates.find_dates(text, fy)]


def test_full_month_with_be_year_and_thai_digits():
    assert iso("๓ ตุลาคม ๒๕๖๕") == [("2022-10-03", "day")]


def test_day_phrase_with_wanthi():
    assert iso("วันที่ ๓๐ มกราคม ๒๕๖๖") == [("2023-01-30", "day")]


def test_month_and_year_keeps_month_precision():
    assert iso("ในเดือนตุลาคม ๒๕๖๕") == [("2022-10-31", "month")]


def test_short_month_two_digit_year():
    assert iso("10 มี.ค.65") == [("2022-03-10", "day")]
    assert iso("ก.พ. 65") == [("2022-02-28", "month")]


def test_mixed_thai_and_arabic_digits_in_one_number():
    assert iso("เม.ย.๖5") == [("2022-04-30", "month")]


def test_spaced_short_month():
    assert iso("ต . ค . ๒๕๖๕") == [("2022-10-31", "month")]


def test_short_month_without_dots():
    assert iso("มค 66") == [("2023-01-31", "month")]


def test_numeric_date_with_two_digit_be_year():
    assert iso("25/04/65") == [("2022-04-25", "day")]


def test_ce_year_is_kept():
    assert iso("3 ตุลาคม 2022") == [("2022-10-03", "day")]


def test_range_gives_both_ends_and_start_takes_year_from_end():
    assert iso("กุมภาพันธ์ – เมษายน 2565") == [("2022-02-28", "month"), ("2022-04-30", "month")]


def test_fiscal_range_wraps_year():
    assert iso("ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖") == [("2022-10-31", "month"), ("2023-09-30", "month")]
    assert iso("ม.ค.-ก.ย. พ.ศ.2566") == [("2023-01-31", "month"), ("2023-09-30", "month")]


def test_month_without_year_takes_fiscal_year():
    # FY2566 runs Oct 2565 – Sep 2566: Oct–Dec belong to 2565, Jan–Sep to 2566.
    assert iso("ภายในเดือน ตุลาคม", 2566) == [("2022-10-31", "month")]
    assert iso("ภายในเดือนมกราคม", 2566) == [("2023-01-31", "month")]


def test_month_without_year_and_no_fiscal_year_is_not_a_date():
    assert iso("ภายในเดือน ตุลาคม", None) == []


def test_deadline_is_the_latest_of_several_phrases():
    hit = dates.deadline("ภายในเดือนตุลาคม ๒๕๖๕ และรายงานภายในเดือนเมษายน ๒๕๖๖", 2566)
    assert hit.iso == "2023-04-30"


def test_period_end_is_deadline():
    assert dates.deadline("ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖", 2566).iso == "2023-09-30"


def test_recurring_wording_gives_no_deadline():
    text = "รายงานผลทุกเดือน ไตรมาสละ ๑ ครั้ง"
    assert dates.deadline(text, 2566) is None
    assert dates.is_recurring(text)
    assert dates.is_recurring("ของทุกปี")
    assert not dates.is_recurring("ภายในเดือนตุลาคม")


def test_completion_latest_date_in_result():
    text = "ดำเนินการแล้วในวันที่ ๒๔ เมษายน ๒๕๖๖ และ ๓ ตุลาคม ๒๕๖๕"
    assert dates.completion(text, 2566).iso == "2023-04-24"


def test_order_number_with_slash_is_not_a_date():
    assert iso("ตามคำสั่งที่ ๙๖๗/๒๕๖๔ ลงวันที่ ๓๐ ธันวาคม ๒๕๖๔") == [("2021-12-30", "day")]


def test_stray_syllable_between_month_and_year():
    assert iso("ดำเนินการแล้วเดือน ตุลาคม คม ๒๕๖๕") == [("2022-10-31", "month")]


def test_short_form_inside_a_word_is_not_a_month():
    assert iso("พยายามดำเนินการ", 2566) == []


def test_excel_date_with_be_year_is_converted():
    d, was_be = dates.excel_date(datetime(2566, 3, 15))
    assert d == date(2023, 3, 15) and was_be
    assert dates.excel_date(date(2023, 3, 15)) == (date(2023, 3, 15), False)


def test_invalid_day_falls_back_to_month():
    assert iso("31 กุมภาพันธ์ 2566") == [("2023-02-28", "month")]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_date_reader_never_raises(text):
    dates.find_dates(text, 2566)
    dates.deadline(text, None)
    dates.is_recurring(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="๐๑๒๓๔๕๖๗๘๙0123456789 ./-–มกราคมต.ค.ก.ย.พ.ศ.ภายในเดือน"))
def test_date_reader_never_raises_on_date_like_text(text):
    for h in dates.find_dates(text, 2566):
        assert 1900 <= h.value.year <= 2200


def test_schedule_naming_several_yearless_months_has_no_deadline():
    assert dates.deadline("รายงานทุก ๖ เดือน ภายในเดือนเมษายน และเดือนตุลาคม ของทุกปี", 2566) is None


def test_single_within_month_stays_a_deadline_despite_recurring_words_elsewhere():
    text = "รายงานผู้บริหาร ภายในเดือนมกราคม ๒.ผู้บริหารติดตามการดำเนินการทุกเดือน"
    assert dates.deadline(text, 2566).iso == "2023-01-31"
