"""Issue 10, point 5 — clean text. With the seven reports loaded, every page in Thai and in English
(AppTest) and every meeting file (Excel report, deck, CSV downloads, chart titles) shows no
"None", "nan", "NaT"; the Thai screen no Latin-script word and the English screen no Thai, except
names from the reports themselves (file, sheet, agency, place, measure and unit text), the
phrases in data/screen_words.csv (each with a reason) and identifiers in code font. Streamlit's own
widget chrome, which the app cannot change, is listed in the README ("Clean text")."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from ita_metrics import config
from ita_metrics.app.app_state import build_dataset, select
from ita_metrics.datafiles import load_table
from ita_metrics.export.pptx import report_pptx
from ita_metrics.export.xlsx import report_xlsx
from ita_metrics.interpret.importer import ParseOptions, parse_path
from ita_metrics.presentation import charts, views
from ita_metrics.presentation.report_figures import meeting_figures
from ita_metrics.thai import gazetteer
from tests.clean_text import LATIN_WORD, MISSING, allowed_phrases, chart_texts, latin_words, screen_texts, thai_runs
from tests.test_one_truth import SEVEN, TODAY

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGES = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "pages").glob("*.py"))
THAI_ON_ENGLISH = {"ไทย"}  # the language switch names Thai in Thai


def _names() -> str:
    """Names the app knows from outside the reports: places (the gazetteer) and responsible units
    as the reports write them (data/responsible_units.csv, canonical names)."""
    places = [f"{a.province} {a.district} {a.subdistrict}" for a in gazetteer.areas()]
    units = [r["canonical"] for r in load_table("responsible_units.csv") if r["kind"] in ("unit", "all")]
    return " ".join(gazetteer.provinces() + places + units)


def _corpus(ds) -> str:
    """Everything the reports themselves say (names, texts, files, sheets, skipped rows) and the
    names of places and units."""
    m = ds.measures
    parts = [m[c].astype(str) for c in m.columns if m[c].dtype == object or str(m[c].dtype) == "str"]
    text = [" ".join(p.unique()) for p in parts]
    text.append(" ".join(views.short(a) for a in m["agency"].astype(str).unique()))
    for r in ds.results:
        text.append(r.file)
        if r.skipped is not None and len(r.skipped):
            text.append(" ".join(r.skipped["text"].astype(str)))
    text.append(_names())
    return " ".join(text)


def _visit(lang: str, page: str, fixtures_dir: Path) -> tuple[list[tuple[str, str]], str]:
    """One page with the seven reports uploaded, in one language (a new session per page: AppTest
    formats a selectbox's value outside the script, in the default language)."""
    at = AppTest.from_file(APP, default_timeout=600)
    at.session_state["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value(
        [(n, (fixtures_dir / n).read_bytes(), "application/octet-stream") for n in SEVEN]
    )
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return list(screen_texts(at._tree)), _corpus(at.session_state["dataset"])


@pytest.fixture(scope="module")
def screens(fixtures_dir, tmp_path_factory) -> dict[tuple[str, str], tuple[list[tuple[str, str]], str]]:
    store = tmp_path_factory.mktemp("store") / "ita.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ITA_STORE_PATH", str(store))
        return {(lang, page): _visit(lang, page, fixtures_dir) for lang in ("th", "en") for page in PAGES}


def _problems(items, lang: str, corpus: str) -> list[tuple[str, str, list[str]]]:
    allowed = allowed_phrases() + [config.os_user()]
    names = set(LATIN_WORD.findall(corpus))
    out = []
    for where, text in items:
        missing = MISSING.findall(text)
        wrong = latin_words(text, allowed, names) if lang == "th" else thai_runs(text, THAI_ON_ENGLISH, corpus)
        if missing or wrong:
            out.append((where, text[:120], missing + wrong))
    return out


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_speaks_one_language_without_none(screens, lang):
    found = {}
    for page in PAGES:
        items, corpus = screens[(lang, page)]
        assert len(items) > 20, page  # the page drew something
        problems = _problems(items, lang, corpus)
        if problems:
            found[page] = problems
    assert not found, "\n".join(f"{p}: {w}: {t!r} → {bad}" for p, rows in found.items() for w, t, bad in rows)


# ---------------------------------------------------------------- the meeting files
@pytest.fixture(scope="module")
def dataset(fixtures_dir):
    return build_dataset([parse_path(fixtures_dir / f, options=ParseOptions(today=TODAY)) for f in SEVEN])


def _file_problems(texts, corpus: str, thai: bool = True) -> list:
    allowed = allowed_phrases()
    names = set(LATIN_WORD.findall(corpus))
    out = []
    for text in texts:
        text = "" if text is None else str(text)
        bad = MISSING.findall(text) + (latin_words(text, allowed, names) if thai else [])
        if bad:
            out.append((text[:120], bad))
    return out


def _xlsx_texts(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = list(wb.sheetnames)
    for ws in wb.worksheets:
        out += [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    return out


def _deck_texts(data: bytes) -> list[str]:
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [c.text for row in shape.table.rows for c in row.cells]
    return out


@pytest.mark.parametrize("choice", [views.ALL, views.LATEST])
def test_meeting_files_have_no_none_and_speak_thai(dataset, choice):
    m = select(dataset, choice).measures
    corpus = _corpus(dataset)
    assert not _file_problems(_xlsx_texts(report_xlsx(m)), corpus, thai=False)  # flag codes are kept in one column
    headers = openpyxl.load_workbook(io.BytesIO(report_xlsx(m)))
    heads = [c.value for ws in headers.worksheets for row in ws.iter_rows(max_row=5) for c in row]
    assert not _file_problems(heads + headers.sheetnames, corpus)
    assert not _file_problems(_deck_texts(report_pptx(m, images=False)[0]), corpus)
    figures, notes = meeting_figures(m)
    assert not notes
    assert not _file_problems([f.title for f in figures], corpus)
    for f in figures:
        assert not _file_problems(list(chart_texts(f.fig.to_plotly_json())), corpus), f.name


@pytest.mark.parametrize("lang", ["th", "en"])
def test_csv_downloads_and_chart_images_have_no_none(dataset, lang):
    m = select(dataset, views.LATEST).measures
    corpus = _corpus(dataset)
    overview = views.sort_overview(views.agency_overview(m), "score")
    tables = [
        views.display_overview(overview, lang),
        views.display_overdue(views.overdue_list(m), lang),
        views.display_measures(m, lang, with_agency=True),
    ]
    for table in tables:
        csv = pd.read_csv(io.BytesIO(views.to_csv_bytes(table)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        texts = list(csv.columns) + [v for col in csv.columns for v in csv[col]]
        if lang == "th":
            assert not _file_problems(texts, corpus), table.columns[:3]
        else:
            assert not [t for t in texts if MISSING.search(str(t)) or thai_runs(str(t), THAI_ON_ENGLISH, corpus)]
    figs = [
        charts.ranking_chart(overview, lang, True),
        charts.donut_chart(views.status_counts(m), "status", lang, True),
        charts.heatmap_chart(views.completion_matrix(m), lang, True),
        charts.indicator_chart(views.indicator_summary(m), lang, True),
    ]
    for fig in figs:
        texts = list(chart_texts(fig.to_plotly_json()))
        if lang == "th":
            assert not _file_problems(texts, corpus)
        else:
            assert not [t for t in texts if MISSING.search(t) or thai_runs(t, THAI_ON_ENGLISH, corpus)]


def test_the_os_user_is_only_a_name():
    assert os.sep not in config.os_user()
