"""The officer's check of what OCR read: the cells to look at, most doubtful first, and the
correction records that confirm or correct a reading (kept by ita_metrics.scoring.corrections).

Why a list of cells and not of measures: the officer compares a picture with a reading; each
picture is one cell. Confirming a doubtful date is a correction carrying the date as read, which
removes `ocr_uncertain` and lets the date count for timeliness."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ita_metrics.scoring.corrections import KEY_FIELDS

REVIEW_BELOW = 80.0  # cells read with less confidence are listed even when not doubtful
DATE_FIELD = {
    "period": "due_date",
    "monitoring": "due_date",
    "result": "completed_date",
    "outcome": "completed_date",
    "completed_date": "completed_date",
}
_ORDER = {"year_implausible": 0, "year_corrected": 1, "": 2}


def cells_to_review(results: Iterable, measures: pd.DataFrame) -> list[dict]:
    """OCR cells worth a look (doubtful, year re-read, or read with low confidence) that have a
    picture, with the measure's current reading of the date the cell holds; most doubtful first."""
    current = {}
    for rec in measures.to_dict("records"):
        current[(str(rec["source_file"]), str(rec["source_sheet"]), int(rec["source_row"]))] = rec
    out = []
    for result in results:
        for cell in getattr(result, "ocr_cells", []):
            if not cell["image"] or not (cell["doubtful"] or cell["confidence"] < REVIEW_BELOW):
                continue
            key = (str(cell["source_file"]), str(cell["source_sheet"]), int(cell["source_row"]))
            rec = current.get(key)
            if rec is None:
                continue
            field = DATE_FIELD.get(cell["column"], "")
            out.append(
                {
                    **cell,
                    "field": field,
                    "value": str(rec.get(field, "") or "") if field else "",
                    "measure": str(rec.get("measure") or rec.get("issue") or "")[:120],
                    "agency": str(rec.get("agency") or ""),
                }
            )
    out.sort(key=lambda c: (_ORDER.get(c["doubtful"], 2), c["confidence"]))
    return out


def confirm(cell: dict) -> dict | None:
    """The correction that confirms the date as read (None when the cell gave no date)."""
    if not cell["field"] or not cell["value"]:
        return None
    return {**{k: cell[k] for k in KEY_FIELDS}, cell["field"]: cell["value"]}


def correct(cell: dict, value: str) -> dict | None:
    """The correction that replaces the date the cell gave by the officer's `value` (ISO date)."""
    if not cell["field"] or not value:
        return None
    return {**{k: cell[k] for k in KEY_FIELDS}, cell["field"]: value}
