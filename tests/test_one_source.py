"""One word in data/ui_text.csv is the word everywhere: on screen, in the Excel report, in the
deck and in the chart images. Changing it in the table changes it in all four."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ita_metrics import words as ui_text  # the table every layer looks words up in
from ita_metrics.export.deck_images import draw_pngs
from ita_metrics.export.pptx import report_pptx
from ita_metrics.export.xlsx import report_xlsx
from ita_metrics.interpret.importer import parse_path
from ita_metrics.presentation.report_figures import meeting_figures

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")  # openpyxl skips data bars
ROOT = Path(__file__).resolve().parent.parent
NEW_WORD = "เสร็จเรียบร้อยแล้วจ้า"  # replaces ดำเนินการแล้ว (status.done) for the test


@pytest.fixture
def reworded(monkeypatch):
    """data/ui_text.csv as if an editor had changed the Thai word for status.done."""
    table = {k: dict(v) for k, v in ui_text._table().items()}
    old = table["status.done"]["th"]
    table["status.done"]["th"] = NEW_WORD
    monkeypatch.setattr(ui_text, "_table", lambda: table)
    return old


@pytest.fixture(scope="module")
def measures(fixtures_dir):
    return parse_path(fixtures_dir / "thaworn_2566_r6.xlsx").measures


def _xlsx_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def _pptx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_the_excel_report_and_the_deck_take_the_word_from_the_table(measures, reworded):
    xlsx = _xlsx_text(report_xlsx(measures))
    assert NEW_WORD in xlsx
    deck, _ = report_pptx(measures, images=False)
    assert NEW_WORD in _pptx_text(deck)


def test_the_chart_images_take_the_word_from_the_table(measures, monkeypatch):
    def status_png() -> bytes:
        figures, _ = meeting_figures(measures)
        status = [f for f in figures if f.name == "status"]
        assert status, [f.name for f in figures]
        pngs, problem = draw_pngs(status)
        assert problem is None and pngs, problem
        return pngs["status"][0]

    before = status_png()
    table = {k: dict(v) for k, v in ui_text._table().items()}
    table["status.done"]["th"] = NEW_WORD
    monkeypatch.setattr(ui_text, "_table", lambda: table)
    figures, _ = meeting_figures(measures)
    donut = next(f.fig for f in figures if f.name == "status")
    assert NEW_WORD in json.dumps(donut.to_plotly_json(), ensure_ascii=False)
    assert status_png() != before  # the image is drawn from that figure, so it changed too


def test_the_screen_takes_the_word_from_the_table(reworded, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ITA_STORE_PATH", str(tmp_path / "ita.sqlite"))  # empty store: the sample shows
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180).run()
    assert not at.exception, [e.value for e in at.exception]
    charts = [json.dumps(json.loads(el.proto.spec), ensure_ascii=False) for el in at.get("plotly_chart")]
    assert any(NEW_WORD in c for c in charts)


def test_the_excel_sheets_and_count_columns_take_their_words_from_the_table(measures, monkeypatch):
    """Sheet names and the on-time column are table words too: the Excel says what the screen says."""
    table = {k: dict(v) for k, v in ui_text._table().items()}
    table["xlsx.sheet.summary"]["th"] = "สรุปใหม่"
    table["timeliness.on_time"]["th"] = "ตรงเวลาจ้า"
    monkeypatch.setattr(ui_text, "_table", lambda: table)
    wb = openpyxl.load_workbook(io.BytesIO(report_xlsx(measures)), read_only=True)
    assert wb.sheetnames[0] == "สรุปใหม่"
    assert "ตรงเวลาจ้า" in [c for c in next(wb["สรุปใหม่"].iter_rows(min_row=4, max_row=4, values_only=True))]


def test_the_command_line_takes_its_words_from_the_table(monkeypatch, capsys, tmp_path):
    from ita_metrics.cli import build_parser, main

    table = {k: dict(v) for k, v in ui_text._table().items()}
    table["cli.cmd.parse"]["en"] = "read them all"
    table["cli.file_not_found"]["th"] = "หาไม่เจอจ้า"
    monkeypatch.setattr(ui_text, "_table", lambda: table)
    assert "read them all" in build_parser().format_help()
    assert main(["parse", str(tmp_path / "none.xlsx")]) == 1
    assert "หาไม่เจอจ้า" in capsys.readouterr().err
