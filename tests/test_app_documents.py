"""The dashboard (AppTest) on Word and PDF uploads: the PDF reads as its spreadsheet twin, a scan
gets its Thai message in the per-file report, and skipped rows name their page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
FILES = ["thaworn_2566_r6.pdf", "thaworn_2566_r6_scan.pdf"]


@pytest.fixture(scope="module")
def app(fixtures_dir, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ITA_STORE_PATH", str(tmp_path_factory.mktemp("store") / "ita.sqlite"))
        mp.setenv("ITA_TESSERACT", "/nonexistent/tesseract")  # as on a machine without Tesseract
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240).run()
        at.file_uploader(key="uploader").set_value(
            [(n, (fixtures_dir / n).read_bytes(), "application/pdf") for n in FILES]
        )
        yield at.run()


def _table(at: AppTest, *columns: str):
    return next(df.value for df in at.dataframe if all(c in df.value.columns for c in columns))


def test_pdf_is_read_and_the_scan_is_named(app):
    assert not app.exception, [e.value for e in app.exception]
    assert {m.label: m.value for m in app.metric}["มาตรการ"] == "43"
    errors = [e.value for e in app.error]
    assert (
        len(errors) == 1 and "thaworn\\_2566\\_r6\\_scan" in errors[0] and "ภาพสแกน" in errors[0]
    )  # markdown-escaped name
    summary = _table(app, "ไฟล์", "จำนวนมาตรการ")
    assert dict(zip(summary["ไฟล์"], summary["จำนวนมาตรการ"]))["thaworn_2566_r6.pdf"] == 43


def test_skipped_rows_name_their_page(app):
    at = app.switch_page("pages/quality.py").run()
    assert not at.exception, [e.value for e in at.exception]
    skipped = _table(at, "ไฟล์", "เหตุผล", "ข้อความในแถว")
    pdf_rows = skipped[skipped["ไฟล์"] == "thaworn_2566_r6.pdf"]
    sheet_col = next(c for c in skipped.columns if c in ("ชีต", "ชีต/หน้า", "หน้า/ชีต"))
    assert pdf_rows[sheet_col].astype(str).str.startswith("หน้า ").all()
    assert len(pdf_rows) > 100
