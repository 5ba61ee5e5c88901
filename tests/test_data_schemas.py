"""Every table in data/ fits its schema; a typo, a renamed column or a repeated key stops the
program at start-up (CLI and dashboard) with the file, the line and the value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ita_metrics import datafiles, schemas
from ita_metrics.cli import main as cli_main
from ita_metrics.model import GRADES, STATUSES, TIMELINESS, TOOLS
from ita_metrics.presentation import theme

ROOT = Path(__file__).resolve().parent.parent


def test_every_data_table_has_a_schema_and_fits_it():
    names = datafiles.table_names()
    assert {"status_words.csv", "ui_text.csv", "grades.csv", "catalogs/fy2566.csv"} <= set(names)
    assert [n for n in names if schemas.schema_for(n) is None] == []
    assert [str(p) for p in datafiles.check_all()] == []


def test_schemas_take_allowed_values_from_the_model_enums():
    assert schemas.SCHEMAS["grades.csv"].column("grade").allowed == GRADES
    assert schemas.SCHEMAS["indicators.csv"].column("tool").allowed == TOOLS
    assert set(STATUSES) - {"unknown"} <= set(schemas.SCHEMAS["status_words.csv"].column("kind").allowed or ())
    ui = theme.theme()
    assert set(ui["status"]) >= set(STATUSES) and set(ui["timeliness"]) >= set(TIMELINESS)
    assert set(ui["grade"]) >= set(GRADES)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ (vocabularies only) that the loaders read instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy, ignore=shutil.ignore_patterns("sample", "*.sqlite*"))
    monkeypatch.setattr(datafiles, "DATA_DIR", copy)
    for cached in (datafiles.load_table, datafiles._problems_at_start, theme.theme):
        cached.cache_clear()
    yield copy
    for cached in (datafiles.load_table, datafiles._problems_at_start, theme.theme):
        cached.cache_clear()


def _edit(path: Path, old: str, new: str, nth: int = 1) -> int:
    """Replace the nth line equal to or starting with `old` by `new`; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, ln in enumerate(lines) if ln == old or ln.startswith(old)]
    i = hits[nth - 1]
    lines[i] = lines[i].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return i + 1


def test_a_status_word_typo_names_file_line_and_value(data_copy):
    line = _edit(data_copy / "status_words.csv", "done,", "dnoe,")
    with pytest.raises(datafiles.DataFileError) as err:
        datafiles.load_table("status_words.csv")
    assert f"data/status_words.csv:{line}: kind 'dnoe' is not one of" in str(err.value)
    assert [p.line for p in err.value.problems] == [line]


def test_a_renamed_column_is_named_not_a_key_error(data_copy):
    _edit(data_copy / "status_words.csv", "kind,pattern", "type,pattern")
    problems = datafiles.check_table("status_words.csv")
    assert len(problems) == 1
    assert "missing column(s) kind" in str(problems[0]) and "unknown column(s) type" in str(problems[0])


def test_repeated_keys_and_bad_numbers_are_found(data_copy):
    grades = data_copy / "grades.csv"
    line = _edit(grades, "B,75", "A,7five")
    text = "\n".join(str(p) for p in datafiles.check_table("grades.csv"))
    assert f"data/grades.csv:{line}: min_score '7five' is not a number" in text
    assert f"data/grades.csv:{line}: grade 'A' repeats line {line - 1}" in text


def test_a_missing_label_or_colour_for_an_enum_value_is_found(data_copy):
    _edit(data_copy / "ui_text.csv", "timeliness.late,", "timeliness.lat,")
    _edit(data_copy / "ui.toml", 'overdue = "#', 'overdue = "red" # ')
    problems = [str(p) for p in datafiles.check_all()]
    assert "data/ui_text.csv: key timeliness.late is missing" in problems
    assert "data/ui.toml: [timeliness] overdue = 'red' is not a colour #rrggbb" in problems


def test_cli_start_up_stops_on_a_typo(data_copy, capsys, fixtures_dir):
    line = _edit(data_copy / "status_words.csv", "done,", "dnoe,")
    code = cli_main(["parse", str(fixtures_dir / "thaworn_2566_r6.xlsx")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"data/status_words.csv:{line}: kind 'dnoe'" in err and "Traceback" not in err


def test_a_table_without_a_schema_is_reported(data_copy):
    (data_copy / "new_words.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert [str(p) for p in datafiles.check_all()] == [
        "data/new_words.csv: no schema: add one to SCHEMAS in ita_metrics/schemas.py"
    ]


def test_dashboard_start_up_stops_on_a_typo(data_copy):
    from streamlit.testing.v1 import AppTest

    line = _edit(data_copy / "status_words.csv", "done,", "dnoe,")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "data/" in at.error[0].value
    assert f"data/status_words.csv:{line}: kind 'dnoe'" in at.code[0].value


def test_optional_columns_may_be_left_out_but_not_misspelt():
    schema = schemas.SCHEMAS["catalogs/fy*.csv"]
    row = {"code": "O1", "tool": "OIT", "indicator": "9", "title": "โครงสร้าง", "concept_id": "oit_structure"}
    assert datafiles.check_rows("f.csv", schema, list(row), [(2, row)]) == []
    with_source = {**row, "source": "https://example.org"}
    assert datafiles.check_rows("f.csv", schema, list(with_source), [(2, with_source)]) == []
    misspelt = {**row, "sauce": "x"}
    [problem] = datafiles.check_rows("f.csv", schema, list(misspelt), [(2, misspelt)])
    assert "unknown column(s) sauce" in str(problem)


def test_a_row_with_more_cells_than_columns_is_named(data_copy):
    line = _edit(data_copy / "check_marks.csv", "✓", "✓,extra")
    assert f"data/check_marks.csv:{line}: more cells than columns: ['extra']" in [
        str(p) for p in datafiles.check_table("check_marks.csv")
    ]


def test_a_repeated_word_key_stops_both_start_ups_with_file_and_line(data_copy, capsys, fixtures_dir):
    """The words table itself: the dashboard's title and the CLI's help come from it, so it is
    checked before either is drawn."""
    from streamlit.testing.v1 import AppTest

    line = _edit(data_copy / "ui_text.csv", "nav.agencies,", "nav.home,")
    assert cli_main(["parse", str(fixtures_dir / "thaworn_2566_r6.xlsx")]) == 2
    assert f"data/ui_text.csv:{line}: key 'nav.home' repeats line" in capsys.readouterr().err
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"data/ui_text.csv:{line}: key 'nav.home' repeats line" in at.code[0].value
