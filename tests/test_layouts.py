"""Layout rules, each on a small workbook built for it."""

from datetime import datetime

from ita_metrics.interpret.importer import ParseOptions, parse_file
from tests.helpers import AGENCY, HEADER, TITLE, YEAR, xlsx_bytes


def parse(rows, **kw):
    return parse_file(xlsx_bytes(rows, **kw), "t.xlsx")


def test_header_found_below_title_rows_and_metadata_read():
    r = parse(
        [TITLE, YEAR, AGENCY, [], HEADER, ["จัดทำคู่มือ", "สำนักปลัด", "ภายในเดือนธันวาคม ๒๕๖๕", "ดำเนินการแล้ว ๑ ธ.ค. ๒๕๖๕"]]
    )
    m = r.measures.iloc[0]
    assert (m.source_row, m.agency, m.district, m.province, m.fiscal_year, m["round"]) == (
        6,
        "เทศบาลตำบลตัวอย่าง",
        "เมือง",
        "ขอนแก่น",
        2566,
        6,
    )
    assert (m.status, m.due_date, m.completed_date, m.timeliness) == ("done", "2022-12-31", "2022-12-01", "on_time")


def test_header_words_broken_by_spaces():
    r = parse(
        [
            TITLE,
            YEAR,
            AGENCY,
            ["มาตร การ/แนว ทาง", "ผู้รับ ผิดชอบ", "ระยะเวลา ดำเนินกา ร", "ผลการ ดำเนินงาน"],
            ["ก", "กองคลัง", "ต.ค. 65", "ยังไม่ได้ดำเนินการ"],
        ]
    )
    assert r.detected["sheets"][0]["columns"]["D"]["role"] == "result"
    assert r.measures.iloc[0].status == "not_started"


def test_two_row_header_with_check_mark_columns():
    rows = [
        TITLE,
        YEAR,
        AGENCY,
        ["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน", None, None, "วันที่ดำเนินการแล้วเสร็จ"],
        [None, None, None, "ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการแล้ว", None],
        ["ก", "สำนักปลัด", "มี.ค. 66", None, None, "✓", datetime(2566, 3, 15)],
        ["ข", "กองคลัง", "มี.ค. 66", None, "/", None, None],
        ["ค", "กองช่าง", "มี.ค. 66", "√", None, None, None],
    ]
    r = parse(rows, merges=["D4:F4", "A4:A5", "B4:B5", "C4:C5", "G4:G5"])
    m = r.measures.set_index("source_row")
    assert list(m.status) == ["done", "in_progress", "not_started"]
    assert m.loc[6, "completed_date"] == "2023-03-15"  # BE year typed into a date cell
    assert "date_be_in_gregorian_cell" in m.loc[6, "flags"]
    assert r.detected["sheets"][0]["header_rows"] == [4, 5]


def test_section_row_sets_indicator_of_rows_below():
    r = parse([TITLE, YEAR, AGENCY, HEADER, ["๒. ด้านการใช้ทรัพย์สิน"], ["ก", "สำนักปลัด", "ก.ย. 66", "ดำเนินการแล้ว"]])
    m = r.measures.iloc[0]
    assert (m.tool, m.indicator) == ("IIT", 4) and "indicator_from_section" in m["flags"]


def test_repeated_title_and_header_on_new_page_are_skipped():
    r = parse(
        [
            TITLE,
            YEAR,
            AGENCY,
            HEADER,
            ["ก", "สำนักปลัด", "ก.ย. 66", "ดำเนินการแล้ว"],
            TITLE,
            HEADER,
            ["ข", "กองคลัง", "ก.ย. 66", "อยู่ระหว่างดำเนินการ"],
        ]
    )
    assert list(r.measures.source_row) == [5, 8]
    reasons = dict(zip(r.skipped.source_row, r.skipped.reason))
    assert reasons[6] == "title" and reasons[7] == "header_repeat"


def test_row_continued_after_page_break_is_merged():
    r = parse(
        [
            TITLE,
            YEAR,
            AGENCY,
            HEADER,
            ["ก", "สำนักปลัด", "ก.ย. 66", "ดำเนินการแล้วบางส่วน"],
            [None, None, None, "ต่อ: จัดประชุมแล้ว"],
        ]
    )
    assert len(r.measures) == 1 and "ต่อ: จัดประชุมแล้ว" in r.measures.iloc[0].result
    assert r.skipped.set_index("source_row").loc[6, "reason"] == "continuation"


def test_consolidated_sheet_with_agency_and_district_columns():
    rows = [
        ["อำเภอ", "หน่วยงาน", "ข้อการประเมิน", "มาตรการ", "กำหนดแล้วเสร็จ", "สถานะ"],
        ["เมือง", "อบต. หนองบัว", "O11", "ก", datetime(2023, 3, 31), "ดำเนินการแล้ว"],
        ["บ้านไผ่", "ทต.บ้านไผ่", "E6", "ข", datetime(2023, 3, 31), "อยู่ระหว่างดำเนินการ 60%"],
    ]
    r = parse_file(xlsx_bytes(rows, sheet="รวม"), "รวม_2566_r6.xlsx", options=ParseOptions(fiscal_year=2566))
    m = r.measures
    assert list(m.agency) == ["องค์การบริหารส่วนตำบลหนองบัว", "เทศบาลตำบลบ้านไผ่"]
    assert list(m.district) == ["เมือง", "บ้านไผ่"]
    assert list(m.item_codes) == ["O11", "E6"] and list(m.progress_pct) == [100.0, 60.0]
    assert list(m["round"]) == [6] * 2  # from the file name


def test_one_sheet_per_agency_and_notes_sheet():
    a = [["รายงานผล เทศบาลตำบลหนึ่ง ประจำปีงบประมาณ 2566"], HEADER, ["ก", "สำนักปลัด", "ก.ย. 66", "ดำเนินการแล้ว"]]
    b = [["รายงานผล องค์การบริหารส่วนตำบลสอง ประจำปีงบประมาณ 2566"], HEADER, ["ข", "กองคลัง", "ก.ย. 66", "ยังไม่ดำเนินการ"]]
    notes = [["คำชี้แจง"], ["กรอกข้อมูลในชีตของแต่ละหน่วยงาน"]]
    r = parse_file(xlsx_bytes(a, sheet="หนึ่ง", extra_sheets={"สอง": b, "คำชี้แจง": notes}), "c.xlsx")
    assert list(r.measures.agency) == ["เทศบาลตำบลหนึ่ง", "องค์การบริหารส่วนตำบลสอง"]
    assert [m.code for m in r.messages if m.code == "notes_sheet"] == ["notes_sheet"]
    assert set(r.skipped[r.skipped.source_sheet == "คำชี้แจง"].reason) == {"notes_sheet"}


def test_neighbour_text_flagged():
    same = "เจ้าหน้าที่ผู้รับผิดชอบดำเนินการจัดทำแผนการจัดซื้อจัดจ้างประจำปี"
    r = parse([TITLE, YEAR, AGENCY, ["มาตรการ", "ขั้นตอน/วิธีการปฏิบัติ", "ผลการดำเนินงาน"], ["ก", same, same]])
    assert "neighbour_text" in r.measures.iloc[0]["flags"]


def test_future_completion_is_not_done():
    from datetime import date

    r = parse_file(
        xlsx_bytes([TITLE, YEAR, AGENCY, HEADER, ["ก", "สำนักปลัด", "ก.ย. 66", "ดำเนินการแล้ว 15 ส.ค. 2566"]]),
        "t.xlsx",
        as_of=date(2023, 3, 31),
    )
    m = r.measures.iloc[0]
    assert m.status == "in_progress" and "future_completion" in m["flags"] and m.completed_date == ""


def test_agency_and_year_from_file_name_when_titles_lack_them():
    r = parse_file(xlsx_bytes([HEADER, ["ก", "สำนักปลัด", "ก.ย. 66", "ดำเนินการแล้ว"]]), "ทต.ถาวร_2566_r12.xlsx")
    m = r.measures.iloc[0]
    assert (m.agency, m.fiscal_year, m["round"]) == ("เทศบาลตำบลถาวร", 2566, 12)
    assert {"agency_from_filename", "fiscal_year_from_filename"} <= {x.code for x in r.messages}


def test_user_overrides_win():
    r = parse_file(
        xlsx_bytes([TITLE, YEAR, AGENCY, HEADER, ["ก", "สำนักปลัด", "ก.ย. 66", "ดำเนินการแล้ว"]]),
        "t.xlsx",
        options=ParseOptions(fiscal_year=2567, round=12, catalog_year=2566),
    )
    m = r.measures.iloc[0]
    assert (m.fiscal_year, m["round"], m.catalog_year) == (2567, 12, 2566)


def test_fiscal_year_forms():
    from ita_metrics.reading.layout import analysis_year_in, fiscal_year_in, round_in

    assert fiscal_year_in("ประจำปีงบประมาณ พ.ศ.๒๕๖๖ รอบ ๖ เดือน") == 2566
    assert fiscal_year_in("ผลการดำเนินงาน ปีงบประมาณ 66") == 2566
    # The year of the assessment analysed is the catalog year, not the report's fiscal year.
    text = "จากการวิเคราะห์ผลการประเมิน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕"
    assert fiscal_year_in(text) is None and analysis_year_in(text) == 2565
    assert round_in("รอบ ๑๒ เดือน (เดือนตุลาคม ๒๕๖๕ ถึงเดือนกันยายน ๒๕๖๖)") == 12


def test_consolidated_sheet_takes_province_from_its_title():
    rows = [
        ["สรุปผลการดำเนินการตามมาตรการของ อปท. ในเขตอำเภอป่าน้อย จังหวัดตัวอย่าง ประจำปีงบประมาณ 2566"],
        ["อำเภอ", "หน่วยงาน", "มาตรการ", "สถานะ"],
        ["ป่าน้อย", "อบต.หนองบัว", "ก", "ดำเนินการแล้ว"],
    ]
    m = parse_file(xlsx_bytes(rows), "รวม.xlsx").measures.iloc[0]
    assert (m.agency, m.district, m.province, m.fiscal_year) == ("องค์การบริหารส่วนตำบลหนองบัว", "ป่าน้อย", "ตัวอย่าง", 2566)


def test_a_continued_line_about_staff_is_no_page_footer():
    """The word "หน้าที่" (page no.) is a footer word; the same letters ending "เจ้าหน้าที่" (staff) are not."""
    r = parse(
        [
            TITLE,
            YEAR,
            AGENCY,
            HEADER,
            ["ก", "สำนักปลัด", "ก.ย. 66", "ดำเนินการแล้วบางส่วน"],
            [None, None, None, "เจ้าหน้าที่รายงานผลต่อผู้บริหารแล้ว"],
            ["หน้าที่ 2"],
        ]
    )
    assert len(r.measures) == 1 and "เจ้าหน้าที่รายงานผลต่อผู้บริหารแล้ว" in r.measures.iloc[0].result
    reasons = dict(zip(r.skipped.source_row, r.skipped.reason))
    assert reasons[6] == "continuation" and reasons[7] == "footer"
