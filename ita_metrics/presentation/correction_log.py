"""The store's record of officers' corrections and as-of dates, for people: who, when (Thai date in
the Buddhist era, Bangkok time), which measure, what changed, and whether it was undone (by whom,
when). The store keeps the record (ita_metrics.store, columns made_by / at / undone_by /
undone_at); this module only words it."""

from __future__ import annotations

import pandas as pd

from ita_metrics.presentation import views
from ita_metrics.presentation.ui_text import format_date, format_datetime, status_label, text

_FIELD_KEYS = {
    "status": "col.status",
    "due_date": "col.due_date",
    "completed_date": "col.completed_date",
    "as_of": "col.as_of",
}


def value_text(field: str, value: object, lang: str) -> str:
    """A corrected value as the screen shows it: a status in words, a date in the officer's form."""
    if value is None or (isinstance(value, float) and value != value) or str(value) in ("", "None"):
        return ""
    if field == "status":
        return status_label(str(value), lang)
    if field in ("due_date", "completed_date", "as_of"):
        return format_date(value, lang)
    return str(value)


def display_log(log: pd.DataFrame, measures: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """One row per stored correction (store.corrections()), newest first, in the officer's words."""
    agency = (
        {
            (int(r), str(s), int(n)): views.short(str(a))
            for r, s, n, a in zip(
                measures["report_id"], measures["source_sheet"], measures["source_row"], measures["agency"]
            )
            if not pd.isna(n)
        }
        if "report_id" in measures
        else {}
    )
    rows = log.iloc[::-1]

    def state(undone: bool, at: object, by: object) -> str:
        if not undone:
            return text("log.in_force", lang)
        return text(
            "log.undone", lang, at=format_datetime(at, lang), who=str(by or "") or text("officer.unknown", lang)
        )

    return pd.DataFrame(
        {
            text("log.col_at", lang): [format_datetime(v, lang) for v in rows["at"]],
            text("log.col_by", lang): [str(v or "") or text("officer.unknown", lang) for v in rows["made_by"]],
            text("col.agency", lang): [
                agency.get((int(r), str(s), int(n)), "") if not pd.isna(n) else ""
                for r, s, n in zip(rows["report_id"], rows["source_sheet"], rows["source_row"])
            ],
            text("col.file", lang): rows["source_file"].astype(str).to_numpy(),
            text("col.row", lang): rows["source_row"].astype("Int64").to_numpy(),
            text("log.col_field", lang): [text(_FIELD_KEYS.get(f, "log.other_field"), lang) for f in rows["field"]],
            text("log.col_old", lang): [value_text(f, v, lang) for f, v in zip(rows["field"], rows["old_value"])],
            text("log.col_new", lang): [value_text(f, v, lang) for f, v in zip(rows["field"], rows["new_value"])],
            text("log.col_state", lang): [
                state(bool(u), a, b) for u, a, b in zip(rows["undone"], rows["undone_at"], rows["undone_by"])
            ],
        }
    )


def as_of_setters(log: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """file → (who, when) of the as-of date in force that an officer set for its report(s): the
    latest stored `as_of` correction not undone."""
    live = log.loc[(log["field"] == "as_of") & ~log["undone"].astype(bool)]
    return {str(f): (str(b or ""), str(a or "")) for f, b, a in zip(live["source_file"], live["made_by"], live["at"])}
