"""One test per status rule in DOMAIN.md ("Status")."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_metrics.thai.status import classify, from_check_columns, is_check_mark, percentage


@pytest.mark.parametrize(
    "text",
    ["ดำเนินการแล้ว", "จัดทำคู่มือแล้ว", "รายงานแล้ว", "แล้วเสร็จ", "เรียบร้อย", "ครบถ้วน 100%", "ดำเนินการแล้วในเดือนตุลาคม ๒๕๖๕"],
)
def test_done_words(text):
    assert classify(text).status == "done"
    assert not classify(text).inferred


@pytest.mark.parametrize("mark", ["√", "✓", "✔", "/"])
def test_check_mark_alone_is_done(mark):
    assert classify(mark).status == "done"


@pytest.mark.parametrize("text", ["อยู่ระหว่างดำเนินการ", "กำลังดำเนินการ"])
def test_in_progress_words(text):
    assert classify(text).status == "in_progress"


def test_percentage_below_100_is_in_progress_with_pct():
    r = classify("ดำเนินการไปแล้ว 60%")
    assert (r.status, r.progress_pct) == ("in_progress", 60.0)
    assert classify("ร้อยละ ๗๐").progress_pct == 70.0


def test_partial_result_is_in_progress():
    r = classify("มีการจัดประชุมพนักงาน แต่ไม่ได้เผยแพร่ผลการประชุม")
    assert r.status == "in_progress"


@pytest.mark.parametrize("text", ["ยังไม่ดำเนินการ", "ยังไม่ได้ดำเนินการ", "- ยังไม่ได้ดำเนินการโครงการพัฒนาบุคลากรฯ"])
def test_negation_decides_not_substring(text):
    # Both phrases contain ดำเนินการ; naive matching would call them done.
    assert classify(text).status == "not_started"


def test_nothing_reported_is_unknown():
    assert classify("").status == "unknown"
    assert classify(" - ").status == "unknown"


def test_described_result_is_done_and_marked_inferred():
    r = classify("มีการเผยแพร่ประชาสัมพันธ์ผ่านเว็บไซต์และเฟสบุ๊ค")
    assert r.status == "done" and r.inferred


def test_check_columns():
    assert from_check_columns(None, None, "✓") == ("done", False)
    assert from_check_columns("/", None, None) == ("not_started", False)
    assert from_check_columns(None, "√", "√") == ("done", True)
    assert from_check_columns(None, None, None) is None
    assert is_check_mark(True) and not is_check_mark("ดำเนินการ")


def test_percentage_reader():
    assert percentage("ความก้าวหน้า 45 %") == 45.0
    assert percentage("ไม่มีตัวเลข") is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_status_reader_never_raises(text):
    r = classify(text)
    assert r.status in ("done", "in_progress", "not_started", "unknown")
