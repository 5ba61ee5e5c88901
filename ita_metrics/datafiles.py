"""Vocabularies and catalogs live in `data/` as CSV; this is the one place that loads them, and
every table is checked against its schema (`ita_metrics/schemas.py`) as it is loaded.

`check_all()` runs at start-up (dashboard, CLI) and in one test: a typo in any table stops the
program with the file, the line and the value instead of changing what is read.

>>> load_table("grades.csv")[0]["grade"]
'AA'
>>> check_all()
[]
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import IO

from ita_metrics.schemas import Schema, check_value, schema_for

_PACKAGE = Path(__file__).resolve().parent
# a checkout keeps the tables in data/ beside the package; an installed package carries them inside
# it as ita_metrics/data (pyproject.toml [tool.setuptools.package-dir])
DATA_DIR = next(
    (d for d in (_PACKAGE.parent / "data", _PACKAGE / "data") if (d / "ui_text.csv").is_file()), _PACKAGE / "data"
)
EXTRA_CELLS = "\0extra"  # row key of cells beyond the header (never a column name)
NOT_TABLES = ("sample",)  # folders under data/ whose CSV files are reports, not vocabularies


def data_path(*parts: str) -> Path:
    return DATA_DIR.joinpath(*parts)


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in a data table: where, and what."""

    file: str  # relative to the repository, e.g. data/status_words.csv
    line: int  # 1-based line in the file (0: the file as a whole)
    problem: str  # English; the value is quoted inside

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.problem}"


class DataFileError(ValueError):
    """A data table does not fit its schema; the message names the file, line and value
    (Thai first) so the person who edited the file can mend it."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__("ไฟล์ข้อมูลในโฟลเดอร์ data/ ไม่ถูกต้อง / a data table is not valid:\n" + lines + more)


def _rel(path: Path) -> str:
    try:
        return path.relative_to(DATA_DIR.parent).as_posix()
    except ValueError:
        return str(path)


def _numbered(fh: IO[str], where: list[int]) -> Iterator[str]:
    """The file's lines without comments and blanks; `where[0]` = physical number of the last one."""
    for number, line in enumerate(fh, 1):
        if line.strip() and not line.lstrip().startswith("#"):
            where[0] = number
            yield line


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the (line number, row) pairs of a CSV table; lines starting with # are comments."""
    where = [0]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(_numbered(fh, where))
        header = [h.strip() for h in next(reader, [])]
        rows = []
        for cells in reader:
            row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
            if len(cells) > len(header):
                row[EXTRA_CELLS] = repr(cells[len(header) :])  # kept to report it
            rows.append((where[0], row))
    return header, rows


def check_rows(
    file: str, schema: Schema, header: list[str], rows: list[tuple[int, dict[str, str]]]
) -> list[DataProblem]:
    """Every way the rows break the schema: missing or unknown columns, bad values, repeated keys."""
    problems = []
    missing = [c for c in schema.needed if c not in header]
    unknown = [c for c in header if c not in schema.names]
    if missing or unknown:
        detail = "; ".join(
            p
            for p in (
                f"missing column(s) {', '.join(missing)}" if missing else "",
                f"unknown column(s) {', '.join(unknown)}" if unknown else "",
            )
            if p
        )
        return [DataProblem(file, 0, f"{detail} (expected: {', '.join(schema.names)})")]
    seen: dict[tuple[str, ...], dict[tuple[str, ...], int]] = {key: {} for key in schema.unique}
    for line, row in rows:
        if EXTRA_CELLS in row:
            problems.append(DataProblem(file, line, f"more cells than columns: {row[EXTRA_CELLS]}"))
        for col in schema.columns:
            if col.optional and col.name not in header:
                continue
            value = (row.get(col.name) or "").strip()
            why = check_value(col, value)
            if why:
                problems.append(DataProblem(file, line, f"{col.name} {value!r} {why}"))
        for key, first in seen.items():
            values = tuple((row.get(c) or "").strip() for c in key)
            if values in first:
                problems.append(
                    DataProblem(file, line, f"{'/'.join(key)} {'/'.join(values)!r} repeats line {first[values]}")
                )
            else:
                first[values] = line
    return problems


def check_table(name: str, require_schema: bool = True) -> list[DataProblem]:
    """Problems of `data/<name>` (a table without a schema is one, when `require_schema`)."""
    path = data_path(name)
    schema = schema_for(name)
    if schema is None:
        return (
            [DataProblem(_rel(path), 0, "no schema: add one to SCHEMAS in ita_metrics/schemas.py")]
            if require_schema
            else []
        )
    try:
        header, rows = read_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return [DataProblem(_rel(path), 0, f"cannot be read ({exc})")]
    return check_rows(_rel(path), schema, header, rows)


def table_names() -> list[str]:
    """Every vocabulary table under data/ (names relative to data/)."""
    paths = [*DATA_DIR.glob("*.csv"), *(p for p in DATA_DIR.glob("*/*.csv") if p.parent.name not in NOT_TABLES)]
    return sorted(p.relative_to(DATA_DIR).as_posix() for p in paths)


def check_all(require_schema: bool = True) -> list[DataProblem]:
    """Every problem in every table of data/, then the tables that must agree with each other.
    A table without a schema fails the test (tests/test_data_schemas.py), not the start-up."""
    problems = [p for name in table_names() for p in check_table(name, require_schema)]
    if not problems:
        from ita_metrics.data_checks import cross_checks  # imports the model and theme

        problems = cross_checks()
    return problems


@lru_cache(maxsize=1)
def _problems_at_start() -> tuple[DataProblem, ...]:
    return tuple(check_all(require_schema=False))


def require_valid() -> None:
    """Raise DataFileError listing every problem; called at start-up by the dashboard (each rerun:
    the check itself runs once per process) and by the CLI."""
    problems = _problems_at_start()
    if problems:
        raise DataFileError(list(problems))


@cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `data/<name>` as dicts, checked against the table's schema (DataFileError names
    the file, line and value when a row does not fit)."""
    path = data_path(name)
    header, rows = read_rows(path)
    schema = schema_for(name)
    problems = check_rows(_rel(path), schema, header, rows) if schema else []
    if problems:
        raise DataFileError(problems)
    return tuple(row for _, row in rows)
