"""Every bad input gets a clear Thai and English message, no traceback, others unaffected."""

import csv
import io
import subprocess
import sys
import zipfile

from ita_metrics.interpret.importer import parse_file
from tests.conftest import ROOT
from tests.helpers import xlsx_bytes


def error_of(data: bytes, name: str):
    r = parse_file(data, name)
    assert r.error is not None, "expected an error"
    assert r.error.th and r.error.en and r.error.file == name
    return r.error


def test_zero_byte_file():
    assert error_of(b"", "a.xlsx").code == "empty_file"


def test_text_file_renamed_xlsx():
    assert error_of("นี่ไม่ใช่ไฟล์ Excel".encode(), "a.xlsx").code == "not_a_workbook"


def test_truncated_xlsx(fixtures_dir):
    data = (fixtures_dir / "thaworn_2566_r6.xlsx").read_bytes()
    assert error_of(data[: len(data) // 2], "t.xlsx").code == "damaged_workbook"


def test_csv_in_unknown_encoding():
    data = "締め切り,担当\n".encode("shift_jis") * 20
    assert error_of(data, "a.csv").code == "unknown_encoding"


def test_sheet_with_no_recognisable_header():
    err = error_of(xlsx_bytes([["a", "b"], [1, 2]]), "a.xlsx")
    assert err.code == "no_header" and "Sheet1" in err.th


def test_workbook_of_only_notes():
    err = error_of(xlsx_bytes([["คำชี้แจง"], ["วิธีกรอกแบบฟอร์ม"]], sheet="คำชี้แจง"), "a.xlsx")
    assert err.code == "only_notes"


def test_macro_and_encrypted_and_wrong_extension():
    assert error_of(b"PK\x03\x04xx", "a.xlsm").code == "macro_workbook"
    assert error_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xlsx").code == "encrypted_workbook"
    assert error_of(b"hello", "a.pdf").code == "not_a_document"  # a PDF reader exists: it says what is wrong
    assert error_of(b"hello", "a.pptx").code == "unsupported_extension"


def test_xlsx_with_vba_project_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/vbaProject.bin", b"x")
    assert error_of(buf.getvalue(), "a.xlsx").code == "macro_workbook"


def test_utf8_bom_and_cp874_csv_read_alike():
    text = "มาตรการ,ผู้รับผิดชอบ,ผลการดำเนินงาน\nจัดทำคู่มือ,สำนักปลัด,ดำเนินการแล้ว\n"
    for data in (text.encode("utf-8-sig"), text.encode("utf-8"), text.encode("cp874")):
        r = parse_file(data, "a.csv")
        assert r.error is None and r.measures.iloc[0].measure == "จัดทำคู่มือ"


def test_cli_reports_bad_files_and_goes_on(tmp_path, fixtures_dir):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"")
    p = subprocess.run(
        [sys.executable, "-m", "ita_metrics", "parse", str(bad), str(fixtures_dir / "thungmaphrao_2565.csv")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 1
    assert "bad.xlsx" in p.stderr and "ไฟล์ว่างเปล่า" in p.stderr and "empty" in p.stderr
    assert "Traceback" not in p.stderr
    assert len(list(csv.DictReader(io.StringIO(p.stdout)))) == 10  # the good file still read
