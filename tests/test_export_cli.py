"""`python -m ita_metrics export` and `template`: outputs written, failures as one Thai / English
line each, exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation

from ita_metrics.cli import main
from ita_metrics.export import images as chart_images
from ita_metrics.export.template import (
    AGENCY_ROW,
    FIRST_DATA_ROW,
    ROUND_ROW,
    VALUE_COL,
    code_choice,
    column_index,
    sheet_names,
)
from ita_metrics.thai import catalogs

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")  # openpyxl skips data bars


def filled_report(path: Path, agency: str) -> Path:
    """A template made by the CLI, filled like an agency would."""
    assert main(["template", str(path), "--fiscal-year", "2567"]) == 0
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet_names()["data"]]
    ws.cell(AGENCY_ROW + 1, VALUE_COL + 1).value = agency
    ws.cell(ROUND_ROW + 1, VALUE_COL + 1).value = "รอบ 6 เดือน"
    from datetime import date

    rows = [
        ("I7", "เผยแพร่แผนการใช้จ่ายงบประมาณ", "ดำเนินการแล้ว", date(2024, 1, 31), date(2024, 1, 10)),
        ("O18", "พัฒนาระบบ E-Service", "อยู่ระหว่างดำเนินการ", date(2024, 2, 28), None),
        ("E6", "ปรับปรุงหน้าเว็บไซต์", "ยังไม่ดำเนินการ", date(2024, 9, 30), None),
    ]
    for i, (code, measure, status, due, done) in enumerate(rows):
        r = FIRST_DATA_ROW + 1 + i
        ws.cell(r, column_index("item_code") + 1).value = code_choice(catalogs.lookup(code, 2566))
        ws.cell(r, column_index("measure") + 1).value = measure
        ws.cell(r, column_index("status") + 1).value = status
        ws.cell(r, column_index("due") + 1).value = due
        if done:
            ws.cell(r, column_index("completed") + 1).value = done
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[Path]:
    d = tmp_path_factory.mktemp("reports")
    return [
        filled_report(d / "thaworn.xlsx", "เทศบาลตำบลถาวร อำเภอเฉลิมพระเกียรติ จังหวัดบุรีรัมย์"),
        filled_report(d / "thung.xlsx", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว อำเภอเมือง จังหวัดบุรีรัมย์"),
    ]


def test_template_command(tmp_path, capsys):
    out = tmp_path / "sub" / "template.xlsx"
    assert main(["template", str(out), "--fiscal-year", "2567", "--catalog-year", "2566", "--round", "6"]) == 0
    assert out.exists() and "written" in capsys.readouterr().out
    assert main(["template", str(tmp_path / "x.xlsx"), "--catalog-year", "2590"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "2590" in err[0] and " / " in err[0]


def test_export_without_browser_and_with_a_bad_file(reports, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(chart_images, "find_browser", lambda: None)
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"this is not a workbook")
    xlsx, pptx = tmp_path / "out" / "report.xlsx", tmp_path / "out" / "deck.pptx"
    code = main(
        [
            "export",
            *map(str, reports),
            str(bad),
            str(tmp_path / "missing.xlsx"),
            "--as-of",
            "2024-03-31",
            "--xlsx",
            str(xlsx),
            "--pptx",
            str(pptx),
        ]
    )
    captured = capsys.readouterr()
    assert code == 1  # a file failed; the rest was exported
    lines = captured.err.strip().splitlines()
    assert any(line.startswith(f"{bad.name}:") and " / " in line for line in lines)
    assert any("missing.xlsx" in line and "file not found" in line for line in lines)
    assert any("Chromium" in line for line in lines)  # the deck fell back to native charts
    assert "Traceback" not in captured.err
    wb = openpyxl.load_workbook(xlsx)
    summary = wb.worksheets[0]
    names = {c.value for c in summary["B"]}
    assert {"เทศบาลตำบลถาวร", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"} <= names
    prs = Presentation(pptx)
    assert len(prs.slides) == 6  # 1 overdue measure per agency → one list slide


def test_export_needs_an_output(reports, capsys):
    assert main(["export", str(reports[0])]) == 2
    assert "--xlsx" in capsys.readouterr().err


def test_export_with_nothing_readable(tmp_path, capsys):
    bad = tmp_path / "notes.csv"
    bad.write_bytes(b"")
    assert main(["export", str(bad), "--xlsx", str(tmp_path / "r.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and not (tmp_path / "r.xlsx").exists()


def test_export_everything_for_real(reports, tmp_path):
    """As an officer runs it: a subprocess, real chromium, deck and PNGs from one browser start."""
    pngs = tmp_path / "png"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "ita_metrics",
            "export",
            *map(str, reports),
            "--pptx",
            str(tmp_path / "deck.pptx"),
            "--png-dir",
            str(pngs),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={"PYTHAINLP_OFFLINE": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    files = sorted(p.name for p in pngs.glob("*.png"))
    assert files == ["heatmap.png", "lagging.png", "ranking.png", "status.png"]
    for f in pngs.glob("*.png"):
        assert Image.open(f).size[0] >= 1600
    prs = Presentation(tmp_path / "deck.pptx")
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 4
