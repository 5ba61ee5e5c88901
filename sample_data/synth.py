"""Synthetic agency measure reports in the layouts of the real ones, with the truth of each measure.

Why: three real fixtures cannot show every way a province's reports differ, and the import
benchmark needs thousands of files. This package invents a province of agencies (fictitious names,
real ITA items, a realistic spread of good and weak reporters), remembers the truth of every
measure, and writes each agency's report the way real agencies do:

- ``write_pdf_style_xlsx``  — converted from PDF: title and header repeated every page, indicator
  headings in column A, OCR-mangled item codes (``1๑๓``, ``l๒๓``, ``๐๓๕``), Thai digits, deadlines
  as ``ภายในเดือน …`` phrases, completion dates inside the result text, page-break continuations.
- ``write_checkmark_xlsx``  — two-row merged header with three status tick columns, merged section
  rows (``๑. ด้านการใช้งบประมาณ``), completion dates as Excel dates (a few with a BE year).
- ``write_csv_cp874``       — CSV saved by Thai Excel (CP874), ranges like ``กุมภาพันธ์ – เมษายน 2566``,
  short dates such as ``10 มี.ค.66``.
- ``write_consolidated_xlsx`` — an officer's workbook: a notes sheet and one row per measure.

Everything is deterministic: the same seed gives the same agencies, truth and bytes. This module is
the public face; the parts: `truth` (what each measure is, vocabularies, Thai dates), `province`
(agencies and their measures), `workbook` (what writers share), `writers_pdf`, `writers_check`,
`writers_csv`.

>>> agencies = make_province(3, seed=7)
>>> name, data = write_pdf_style_xlsx(agencies[0])
>>> name.endswith("_2566_r6.xlsx")
True
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path

from sample_data.province import make_province, timeliness
from sample_data.truth import (
    LAYOUTS,
    STATUS_WORDS,
    TRUTH_FIELDS,
    SynthAgency,
    SynthMeasure,
    indicators,
    items_for_catalog,
    thai_digits,
)
from sample_data.writers_check import write_checkmark_xlsx
from sample_data.writers_csv import write_consolidated_xlsx, write_csv_cp874
from sample_data.writers_pdf import write_pdf_style_xlsx

__all__ = [
    "LAYOUTS",
    "STATUS_WORDS",
    "TRUTH_FIELDS",
    "WRITERS",
    "SynthAgency",
    "SynthMeasure",
    "indicators",
    "items_for_catalog",
    "layout_for",
    "make_province",
    "thai_digits",
    "timeliness",
    "truth_csv",
    "truth_rows",
    "write_checkmark_xlsx",
    "write_consolidated_xlsx",
    "write_csv_cp874",
    "write_pdf_style_xlsx",
    "write_province",
]

# --------------------------------------------------------------------------- province on disk

WRITERS: dict[str, Callable[[SynthAgency], tuple[str, bytes]]] = {
    "pdf": write_pdf_style_xlsx,
    "check": write_checkmark_xlsx,
    "csv": write_csv_cp874,
}


def layout_for(index: int, layouts: Sequence[str] = LAYOUTS) -> str:
    """The layout the ``index``-th agency gets when layouts rotate."""
    return layouts[index % len(layouts)]


def write_province(
    agencies: Sequence[SynthAgency], out_dir: str | Path, layouts: Sequence[str] = LAYOUTS
) -> list[Path]:
    """One file per agency into ``out_dir``, layouts rotating across agencies."""
    unknown = set(layouts) - set(WRITERS)
    if unknown:
        raise ValueError(f"unknown layouts: {sorted(unknown)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, agency in enumerate(agencies):
        name, data = WRITERS[layout_for(i, layouts)](agency)
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def truth_rows(agencies: Iterable[SynthAgency], as_of: date | None = None) -> list[dict[str, object]]:
    """One dict per measure with the ``TRUTH_FIELDS``; ``as_of`` (not before any report date)
    judges timeliness at one date for all, as a parser run with ``--as-of`` does."""
    rows = []
    for agency in agencies:
        for m in agency.measures:
            row = asdict(m)
            row["file_stem"] = agency.file_stem
            if as_of is not None:
                row["as_of"] = as_of.isoformat()
                row["timeliness"] = timeliness(m.status, m.due, m.completed, as_of)
            row["progress_pct"] = "" if m.progress_pct is None else m.progress_pct
            row["due_month"] = m.due[:7]
            row["completed_month"] = m.completed[:7]
            rows.append({k: row[k] for k in TRUTH_FIELDS})
    return rows


def truth_csv(agencies: Iterable[SynthAgency], as_of: date | None = None) -> str:
    """The truth as CSV text (UTF-8 when written), one line per measure, keyed by file stem and
    ``seq`` (the measure's order in its report)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TRUTH_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(truth_rows(agencies, as_of))
    return out.getvalue()
