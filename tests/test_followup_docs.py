"""Reminder letters (Word), one-page agency summaries (PDF rendered and read back, Word), and
the three follow-up commands, on the bundled sample province."""

from __future__ import annotations

import io
import subprocess
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import docx
import pandas as pd
import pytest

from ita_metrics.app.app_state import build_dataset
from ita_metrics.cli import main
from ita_metrics.export import agency_page
from ita_metrics.export.letters import LetterContext, follow_up_items, letters, letters_zip
from ita_metrics.followup import roster
from ita_metrics.followup import submissions as sub
from ita_metrics.interpret.importer import parse_path
from ita_metrics.thai import gazetteer

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
THATHONG = "องค์การบริหารส่วนตำบลท่าทอง"


@pytest.fixture(scope="module")
def sample():
    results = [parse_path(p) for p in sorted(SAMPLE.iterdir()) if p.suffix in (".xlsx", ".csv")]
    ds = build_dataset(results)
    r6 = ds.measures.loc[ds.measures["round"] == 6]
    reports = sub.received_reports(ds.measures, {f: (d, "report_date") for f, d in sub.report_dates(results).items()})
    ros = roster.frame(gazetteer.roster_draft("ตัวอย่าง", ds.measures["agency"].unique()), "ตัวอย่าง", 2566)
    status = sub.submission_status(ros, reports, 2566, 6, date(2023, 4, 15))
    return r6, status, ros


def _doc_text(data: bytes) -> tuple[str, list[list[str]]]:
    d = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in d.paragraphs)
    rows = [[c.text for c in row.cells] for t in d.tables[1:] for row in t.rows]
    return text, rows


def test_letter_lists_the_agencys_overdue_measures(sample):
    r6, status, _ = sample
    items = follow_up_items(r6, status, [THATHONG])
    overdue = r6.loc[(r6["agency"] == THATHONG) & (r6["timeliness"] == "overdue")]
    assert len(items) == len(overdue) == 5
    ctx = LetterContext("ตัวอย่าง", 2566, 6, date(2023, 4, 15), date(2023, 5, 2))
    ((name, data),) = letters(items, ctx)
    assert name == "01_อบต.ท่าทอง.docx"
    text, rows = _doc_text(data)
    assert "เรื่อง  ติดตามผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม" in text
    assert "เรียน  นายกองค์การบริหารส่วนตำบลท่าทอง" in text
    assert "๒ พฤษภาคม ๒๕๖๖" in text and "จำนวน ๕ รายการ" in text  # Thai digits, as official letters
    assert "ขอแสดงความนับถือ" in text and "ท้องถิ่นจังหวัดตัวอย่าง" in text
    header, body = rows[0], rows[1:]
    assert header[:3] == ["ที่", "หน่วยงาน", "ตัวชี้วัด / มาตรการ"]
    assert len(body) == 5
    for measure in overdue["measure"]:
        assert any(measure in r[2] for r in body)
    # days overdue to the report's own date (it states 12 Apr 2566: README "As-of date")
    assert [r[4] for r in body] == ["๑๖๓", "๑๖๓", "๑๐๒", "๑๐๒", "๑๐๒"]
    # Thai is set in the complex-script slot (Word draws Thai from it)
    run = docx.Document(io.BytesIO(data)).paragraphs[2].runs[0]._element
    assert run.rPr is not None and run.rPr.rFonts is not None
    fonts = run.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cs") == "TH Sarabun New"


def test_letters_for_missing_reports_and_per_district_zip(sample):
    r6, status, _ = sample
    items = follow_up_items(r6, status)
    assert (items["kind"] == "missing").sum() == 4
    ctx = LetterContext("ตัวอย่าง", 2566, 6, date(2023, 4, 15), date(2023, 5, 2))
    per_agency = zipfile.ZipFile(io.BytesIO(letters_zip(items, ctx, "agency")))
    assert len(per_agency.namelist()) == items["agency"].nunique() == 28  # judged at each report's own date
    missing = next(n for n in per_agency.namelist() if n.endswith("อบต.นาคำ.docx"))
    text, rows = _doc_text(per_agency.read(missing))
    assert "ยังไม่ได้รับรายงานของ องค์การบริหารส่วนตำบลนาคำ" in text
    assert rows[1][2] == "ยังไม่ได้รับรายงานผลการดำเนินการ รอบ ๖ เดือน"
    per_district = zipfile.ZipFile(io.BytesIO(letters_zip(items, ctx, "district")))
    assert sorted(per_district.namelist()) == sorted(
        f"{i:02d}_อำเภอ{d}.docx" for i, d in enumerate(sorted(items["district"].unique()), start=1)
    )
    text, rows = _doc_text(per_district.read("04_อำเภอวังบัว.docx"))
    assert "เรียน  นายอำเภอวังบัว" in text
    assert len(rows) - 1 == (items["district"] == "วังบัว").sum()


def _ocr(png: Path) -> str:
    out = subprocess.run(
        ["tesseract", str(png), "-", "-l", "tha", "--psm", "3"], capture_output=True, text=True, timeout=120
    ).stdout
    return unicodedata.normalize("NFC", out.replace("\u0e4d\u0e32", "\u0e33")).replace(" ", "")


def test_one_page_pdf_renders_thai_glyphs(sample, tmp_path):
    r6, _, _ = sample
    pages = agency_page.summaries(r6)
    assert len(pages) == 30
    s = next(p for p in pages if p.agency == THATHONG)
    assert s.score is not None
    assert (s.grade, round(s.score, 1), s.rank, s.n_agencies, len(s.overdue)) == ("E", 54.7, 26, 30, 5)
    assert s.status == {"done": 8, "in_progress": 4, "not_started": 5, "unknown": 1}
    assert s.indicators[3] is None and s.indicators[2] == 100.0 and s.as_of == date(2023, 4, 12)
    pdf = agency_page.summary_pdf(pages)
    path = tmp_path / "all.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Pages:          30" in info.replace("Pages:           30", "Pages:          30")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert " yes " in fonts.splitlines()[2]  # the Thai font is embedded
    page = pages.index(s) + 1
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), str(path), str(tmp_path / "p")],
        check=True,
        timeout=120,
    )
    png = next(tmp_path.glob("p-*.png"))
    text = _ocr(png)
    # read back from the picture: Thai letters, not tofu boxes, and words whole
    assert THATHONG in text
    assert "อำเภอเมืองตัวอย่างจังหวัดตัวอย่าง" in text
    assert "สรุปผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส" in text


def test_pdf_shapes_thai_marks():
    """The PDF route shapes text: with HarfBuzz the tone mark of แล้ว (no upper vowel) is the low
    glyph and that of ที่ (above an upper vowel) the high one; without shaping both would be the
    same glyph and ที่'s mark would sit on the vowel."""
    import uharfbuzz as hb

    page = agency_page._Page()
    assert page.pdf.text_shaping
    regular, _ = agency_page.thai_font_files()
    font = hb.Font(hb.Face(hb.Blob.from_file_path(regular)))

    def glyphs(text: str) -> list[int]:
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(font, buf, {})
        return [g.codepoint for g in buf.glyph_infos]

    low, high = glyphs("แล้ว")[2], glyphs("ที่")[2]
    assert low != high


def test_summary_docx_one_page_each(sample):
    r6, _, _ = sample
    pages = agency_page.summaries(r6, [THATHONG, "เทศบาลตำบลบ้านบัว"])
    d = docx.Document(io.BytesIO(agency_page.summary_docx(pages)))
    text = "\n".join(p.text for p in d.paragraphs)
    assert THATHONG in text and "เทศบาลตำบลบ้านบัว" in text
    assert text.count(agency_page.title()) == 2
    card = [c.text for c in d.tables[0].rows[1].cells]
    assert card[:2] == ["E", "54.7"]


def _submissions_csv(tmp_path: Path, *args: str) -> pd.DataFrame:
    """`submissions ... --report 2566/6 --deadline 2023-04-15 --format csv`, read back."""
    out = tmp_path / "status.csv"
    rc = main(
        ["submissions", *args, "--report", "2566/6", "--deadline", "2023-04-15", "--format", "csv", "-o", str(out)]
    )
    assert rc == 0
    return pd.read_csv(out, dtype=str, keep_default_na=False)


def test_cli_submissions_letters_summary(sample, tmp_path, capsys):
    _, _, ros = sample
    roster_csv = tmp_path / "roster.csv"
    ros.rename(columns={"agency": "ชื่อหน่วยงาน", "district": "อำเภอ"})[["ชื่อหน่วยงาน", "อำเภอ"]].to_csv(
        roster_csv, index=False
    )
    got = _submissions_csv(tmp_path, str(SAMPLE), "--roster", str(roster_csv), "--province", "ตัวอย่าง")
    assert list(got.columns)[:4] == ["agency", "district", "status", "received_file"]
    assert got["status"].value_counts().to_dict() == {"received": 26, "late": 4, "missing": 4}
    assert got.loc[got["agency"] == "เทศบาลเมืองบึงกลาง", "received_file"].iat[0] == "tm_buengklang_2566_r6.csv"
    zip_path = tmp_path / "letters.zip"
    rc = main(
        [
            "letters",
            str(SAMPLE),
            "--roster",
            str(roster_csv),
            "--province",
            "ตัวอย่าง",
            "--report",
            "2566/6",
            "--deadline",
            "2023-04-15",
            "--date",
            "2023-05-02",
            "--out",
            str(zip_path),
        ]
    )
    assert rc == 0 and len(zipfile.ZipFile(zip_path).namelist()) == 28  # judged at each report's own date
    pdf = tmp_path / "agencies.pdf"
    rc = main(
        [
            "summary",
            str(SAMPLE),
            "--report",
            "2566/6",
            "--agency",
            "อบต.ท่าทอง",
            "--agency",
            "ทต.บ้านบัว",
            "--pdf",
            str(pdf),
            "--docx",
            str(tmp_path / "docx"),
        ]
    )
    assert rc == 0 and pdf.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in (tmp_path / "docx").iterdir()) == ["ทต.บ้านบัว.docx", "อบต.ท่าทอง.docx"]
    # bad input: one Thai line, exit codes, no traceback
    assert main(["submissions", str(SAMPLE), "--roster", str(tmp_path / "none.csv"), "--report", "2566/6"]) == 1
    assert main(["letters", str(SAMPLE), "--report", "2566/13", "--roster", str(roster_csv), "--out", "x.zip"]) == 2
    err = capsys.readouterr().err
    assert "อ่านไฟล์ไม่ได้" in err and "Traceback" not in err


def test_cli_submissions_from_the_store_and_its_roster(sample, tmp_path):
    from ita_metrics.store import Store

    _, _, ros = sample
    store_path = tmp_path / "s.sqlite"
    with Store(store_path) as store:
        for p in sorted(SAMPLE.glob("*_r6.*")):
            store.import_result(parse_path(p))
        store.save_roster(ros, "ตัวอย่าง", 2566)
    got = _submissions_csv(tmp_path, "--store", str(store_path))
    assert (got["status"] == "missing").sum() == 4 and len(got) == 34
    # received on the day it was stored (today), after the 2023 deadline: late, and said why
    assert (got["status"] == "late").sum() == 30 and set(got.loc[got["status"] == "late", "received_basis"]) == {
        "stored"
    }


def test_cli_submissions_neutralises_formula_like_file_names(sample, tmp_path):
    """A received file named like a formula is written so a spreadsheet shows it, never runs it."""
    _, _, ros = sample
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "=nongnoi.csv").write_bytes((SAMPLE / "abt_nongnoi_2566_r6.csv").read_bytes())
    roster_csv = tmp_path / "roster.csv"
    ros.rename(columns={"agency": "ชื่อหน่วยงาน", "district": "อำเภอ"})[["ชื่อหน่วยงาน", "อำเภอ"]].to_csv(
        roster_csv, index=False
    )
    got = _submissions_csv(tmp_path, str(reports), "--roster", str(roster_csv), "--province", "ตัวอย่าง")
    row = got.loc[got["agency"] == "องค์การบริหารส่วนตำบลหนองน้อย"].iloc[0]
    assert (row["status"], row["received_file"]) == ("received", "'=nongnoi.csv")
    assert (got["status"] == "missing").sum() == 33
