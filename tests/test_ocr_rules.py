"""The OCR's rules that need no OCR: table grid from rulings, cell text from words, years held
against the fiscal year, header words repaired. Fast; the real Tesseract runs in test_scan_pdf.py."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from ita_metrics.reading import scan_grid, scan_image
from ita_metrics.reading.ocr_text import (
    check_indicator,
    check_title,
    check_years,
    dates_agree,
    fiscal_year_candidates,
    header_phrase,
    normalise,
    read_cell,
)
from ita_metrics.reading.tesseract import Word


def ruled_page(angle: float) -> np.ndarray:
    """A white page with a 3-column table: header, one data row, a heading row across the table,
    another data row; turned by `angle` degrees like a scanner does."""
    import cv2

    page = np.full((1200, 900), 255, np.uint8)
    xs, ys = (60, 300, 560, 840), (200, 300, 520, 580, 800)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        for y0, y1 in itertools.pairwise(ys):
            if (y0, y1) != (520, 580) or x in (xs[0], xs[-1]):  # the heading row has no inner rulings
                cv2.line(page, (x, y0), (x, y1), 0, 2)
    cv2.putText(page, "TITLE OF THE REPORT", (150, 120), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    return scan_image.rotate(page, angle)


@pytest.mark.parametrize("angle", [0.0, 0.8, -1.2])
def test_skew_is_measured_and_undone(angle):
    _, found = scan_image.deskew(ruled_page(angle))
    assert found == pytest.approx(-angle, abs=0.15)


def test_grid_rows_columns_and_heading_span_from_rulings():
    gray, _ = scan_image.deskew(ruled_page(0.8))
    grid = scan_grid.find_grid(gray)
    assert grid.n_columns == 3 and grid.n_rows == 4
    spans = {(c.row, c.col0, c.col1) for c in grid.cells}
    assert (2, 0, 2) in spans  # the heading row: one cell across the table
    assert {(1, 0, 0), (1, 1, 1), (1, 2, 2)} <= spans
    assert grid.text_above is not None and grid.text_above[3] < 210  # the title is above the table


def test_a_page_without_rulings_is_all_free_text():
    page = np.full((400, 300), 255, np.uint8)
    grid = scan_grid.find_grid(page)
    assert grid.cells == [] and grid.text_above == (0, 0, 300, 400)


def test_clean_for_ocr_drops_specks_and_empty_cells():
    cell = np.full((60, 200), 250, np.uint8)
    cell[30, 40] = 0  # one speck of dust
    assert scan_image.clean_for_ocr(cell, 128) is None
    cell[0:3, :] = 0  # what is left of the ruling above
    assert scan_image.clean_for_ocr(cell, 128) is None
    cell[20:40, 100:110] = 0  # a letter
    out = scan_image.clean_for_ocr(cell, 128)
    assert out is not None and out.min() == 0 and out.shape == (20 + 12, 10 + 12)  # cut to the ink + 6 px


def w(text, conf, left, line=(1, 1, 1), top=0, width=10, height=20):
    return Word(text, conf, left, top, width, height, line)


def test_cell_text_joins_thai_letters_keeps_real_gaps_and_drops_dust():
    words = [
        w("ด", 93, 0),
        w("ำ", 93, 11),
        w("เนิน", 93, 22, width=30),
        w("ay", 40, 60),
        w("IIT", 60, 100, width=25),
        w("ต", 93, 145),
        w("ุ", 90, 155),
    ]
    reading = read_cell(words)
    assert reading.text == "ดำเนิน IIT ตุ"
    assert reading.confidence == 83.7  # weighted by letters: (7 × 93 + 3 × 60 + 90) / 11; dust not counted


def test_a_line_of_loose_marks_is_not_text():
    words = [
        w("a", 50, 0, line=(1, 1, 1)),
        w("ว", 55, 20, line=(1, 1, 1)),
        w("กอง", 95, 0, line=(1, 1, 2), width=30),
        w("คลัง", 95, 31, line=(1, 1, 2), width=30),
    ]
    assert read_cell(words).text == "กองคลัง"


def test_sara_am_and_words_misspelt_by_a_mark_are_respelled():
    assert normalise("ดําเนินการ") == "ดำเนินการ"
    assert normalise("ภายในเดือนธั้นวาคม ตัวชีวัดที๑๐") == "ภายในเดือนธันวาคม ตัวชี้วัดที่๑๐"
    assert normalise("กองคลัง") == "กองคลัง"
    # an indicator name with a mark lost and a space put inside it (data/indicator_keywords.csv)
    assert normalise("ตัวชี้วัดที่ประสิทธิภาพของ การสือสารเครื่องมือ") == "ตัวชี้วัดที่ประสิทธิภาพของการสื่อสารเครื่องมือ"
    assert normalise("ประสิทธิภาพของงาน การสื่อ") == "ประสิทธิภาพของงาน การสื่อ"  # other letters: left


@pytest.mark.parametrize(
    "text, fixed, why",
    [
        ("ดำเนินการแล้วในเดือนตุลาคม ๒๕๒๐๕", "ดำเนินการแล้วในเดือนตุลาคม ๒๕๖๕", "year_corrected"),  # ๖ read as ๒๐
        ("ภายในเดือนมีนาคม ๒๕๒๒", "ภายในเดือนมีนาคม ๒๕๖๖", "year_corrected"),  # ๖๖ read as ๒๒
        ("แล้วเสร็จเดือนกันยายน ๒๕๒๕", "แล้วเสร็จเดือนกันยายน ๒๕๖๕", "year_corrected"),  # Sep 2565: FY−1, fits
        ("ภายในเดือนมีนาคม ๒๕๖๖", "ภายในเดือนมีนาคม ๒๕๖๖", ""),  # right as read
        ("ภายในเดือนมีนาคม ๒๕๓๓", "ภายในเดือนมีนาคม ๒๕๓๓", "year_implausible"),  # nothing explains it
    ],
)
def test_years_are_held_against_the_fiscal_year(text, fixed, why):
    assert check_years(text, 2566) == (fixed, why)


def test_title_round_and_year_reread_through_the_confusions():
    text, why = check_title("ประจำปีงบประมาณ พ.ศ.๒๕๒๒ รอบ ๒ เดือน", 2566)
    assert text == "ประจำปีงบประมาณ พ.ศ.๒๕๖๖ รอบ ๖ เดือน" and why == "year_corrected"
    assert check_title("รอบ ๑๒ เดือน ปีงบประมาณ ๒๕๖๖", 2566) == ("รอบ ๑๒ เดือน ปีงบประมาณ ๒๕๖๖", "")


def test_fiscal_year_candidates_and_the_dates_that_decide_between_them():
    assert fiscal_year_candidates("ประจำปีงบประมาณ พ.ศ.๒๕๒๒ รอบ ๖ เดือน") == {2562, 2566}
    assert fiscal_year_candidates("จากการวิเคราะห์ผลการประเมิน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕") == set()
    text = "ภายในเดือนธันวาคม ๒๕๒๕ แล้วเสร็จมีนาคม ๒๕๒๒"
    assert dates_agree(text, 2566) == 2 and dates_agree(text, 2562) == 1


def test_header_words_with_lost_marks_are_repaired_from_the_vocabulary():
    assert header_phrase("ขันตอนหรือวิธีการ/มาตรการ") == "ขั้นตอนหรือวิธีการมาตรการ"
    assert (
        header_phrase("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ของเจ้าหน้าที่ในหน่วยงาน") == "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ของเจ้าหน้าที่ในหน่วยงาน"
    )  # data, not a header: left as read


@pytest.mark.parametrize(
    "read, fixed",
    [
        # ๔ read as ๕ and I23 as "IT เ๒๓": the name says indicator 4, and I23 is an item of 4
        (
            "ตัวชี้วัดที่๕การใช้ทรัพย์สินของทางราชการเครื่องมือการประเมินIT เ๒๓ ท่านรู้",
            "ตัวชี้วัดที่๔ การใช้ทรัพย์สินของทางราชการเครื่องมือการประเมินIIT I23 ท่านรู้",
        ),
        # E15 read as "6๑๕" under indicator 8 read as ๕
        (
            "ตัวชี้วัดที่๕ การปรับปรุงการทำงาน เครื่องมอการประเมิน EIT6๑๕ หน่วยงาน",
            "ตัวชี้วัดที่๘ การปรับปรุงการทำงาน เครื่องมอการประเมิน EIT E15 หน่วยงาน",
        ),
        # the report prints indicator 9's name with number 3 and I13 (an item of 3): the number wins
        ("ตัวชี้วัดที่๓ การเปิดเผยข้อมูลเครื่องมือการประเมิน 1 ๑๓ท่านได้รับ", "ตัวชี้วัดที่๓ การเปิดเผยข้อมูลเครื่องมือการประเมิน IIT I13 ท่านได้รับ"),
    ],
)
def test_indicator_number_and_item_code_reread_from_the_printed_name(read, fixed):
    assert check_indicator(read, 2565) == (fixed, "indicator_reread")
    assert check_indicator("ผู้รับผิดชอบ สำนักปลัด", 2565) == ("ผู้รับผิดชอบ สำนักปลัด", "")


@pytest.mark.parametrize(
    "read, fixed",
    [
        # no number read (EIT E๗ read as "0"): the question printed after it names E7's gist
        (
            "ตัวชี้วัดที่๗ ประสิทธิภาพของการสื่อสารเครื่องมือการประเมิน0 หน่วยงานที่ท่านติดต่อมีการเผยแพร่ผลงานหรือข้อมูล",
            "ตัวชี้วัดที่๗ ประสิทธิภาพของการสื่อสารเครื่องมือการประเมินEIT E7 หน่วยงานที่ท่านติดต่อมีการเผยแพร่ผลงานหรือข้อมูล",
        ),
        # the number read (๐๑ for O๑๙, its ๙ lost) means O1 "โครงสร้าง": the title printed says O19
        (
            "ตัวชี้วัดที่๙ การเปิดเผยข้อมูลเครื่องมือการประเมิน0 ๐๑รายงานการกำกับติดตามการใช้จ่ายงบประมาณ",
            "ตัวชี้วัดที่๙ การเปิดเผยข้อมูลเครื่องมือการประเมินOIT O19 รายงานการกำกับติดตามการใช้จ่ายงบประมาณ",
        ),
        # OIT read as ๐07 before the code: the misread tool is no item O7
        (
            "ตัวชี้วัดที่๙ การเปิดเผยข้อมูลเครื่องมือการประเมิน๐07 ๐๒๙แนวปฏิบัติการ",
            "ตัวชี้วัดที่๙ การเปิดเผยข้อมูลเครื่องมือการประเมินOIT O29 แนวปฏิบัติการ",
        ),
        # I read as ๑ (๑๘ for I8): I18 is no item of indicator 2, I8 is
        (
            "ตัวชี้วัดที่๒ การใช้งบประมาณเครื่องมือการประเมิน ๑๘หน่วยงานของท่านใช้จ่ายงบประมาณ",
            "ตัวชี้วัดที่๒ การใช้งบประมาณเครื่องมือการประเมิน IIT I8 หน่วยงานของท่านใช้จ่ายงบประมาณ",
        ),
        # the heading's first words cut off by the page above: the rest of the name says indicator 9
        (
            "เปิดเผยข้อมูลเครื่องมือการประเมิน07 แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน",
            "เปิดเผยข้อมูลเครื่องมือการประเมินOIT O4 แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน",
        ),
    ],
)
def test_item_code_reread_from_the_catalog_title_printed_after_it(read, fixed):
    assert check_indicator(read, 2565) == (fixed, "indicator_reread")


def test_a_heading_cut_by_the_page_break_lends_its_number_to_the_next_page():
    # "ตัวชี้วัดที่๖ คุณภาพการ" ends page 9; "ดำเนินงานเครื่องมือการประเมินEIT E๕ ..." opens page 10
    rest = "ดำเนินงานเครื่องมือการประเมินEIT 5๕หน่วยงานที่ท่านติดต่อมีการดำเนินงาน"
    assert check_indicator(rest, 2565) == (rest, "")  # alone: no indicator to read ๕ against
    fixed = "ดำเนินงานเครื่องมือการประเมินEIT E5 หน่วยงานที่ท่านติดต่อมีการดำเนินงาน"
    assert check_indicator(rest, 2565, heading="ตัวชี้วัดที่๖ คุณภาพการ") == (fixed, "indicator_reread")


def test_a_title_that_names_no_single_item_leaves_the_cell():
    # an EIT question that matches several terse gists, no number: nothing is guessed
    text = "ตัวชี้วัดที่๖ คุณภาพการดำเนินงานเครื่องมือการประเมินEIT เจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อปฏิบัติงาน"
    assert check_indicator(text, 2565)[0].count("E") == 1  # only the EIT as read: no code added
    assert check_indicator("ดำเนินการแล้วเครื่องมือการประเมิน ๑๒", 2565) == ("ดำเนินการแล้วเครื่องมือการประเมิน ๑๒", "")


def test_page_folders_left_by_a_killed_worker_are_removed(tmp_path, monkeypatch):
    import os
    import tempfile
    import time

    from ita_metrics.reading import tesseract

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old, fresh = tmp_path / "ita_ocr_old", tmp_path / "ita_ocr_fresh"
    old.mkdir()
    fresh.mkdir()
    (old / "0000.png").write_bytes(b"x")
    past = time.time() - 3 * tesseract.PAGE_TIMEOUT_S
    os.utime(old, (past, past))
    tesseract.remove_stale_dirs()
    assert not old.exists() and fresh.exists()  # a running OCR's folder is kept
