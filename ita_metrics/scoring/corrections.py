"""Officer corrections of a measure's status or dates, applied on top of the imported measures.

Why a separate layer: the import is never edited in place. A correction is a small record keyed by
where the measure came from (source_file + source_sheet + source_row), so it survives a re-import of
the same file, shows in every view (the measure carries the flag `corrected`) and is undone by
deleting the record.

>>> from ita_metrics.model import to_frame
>>> m = to_frame([{"source_file": "a.xlsx", "source_sheet": "S", "source_row": 5,
...                "status": "in_progress", "due_date": "2023-03-31", "timeliness": "overdue"}])
>>> m["as_of"] = "2023-04-30"
>>> fixed = apply_corrections(m, [{"source_file": "a.xlsx", "source_sheet": "S", "source_row": 5,
...                                "status": "done", "completed_date": "2023-03-20"}])
>>> fixed.loc[0, ["status", "timeliness", "flags"]].tolist()
['done', 'on_time', 'corrected']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd

from ita_metrics.coerce import to_date, to_float, to_int, to_text
from ita_metrics.flags import join_flags
from ita_metrics.interpret import asof
from ita_metrics.interpret.timeliness import after_as_of, timeliness
from ita_metrics.model import STATUSES, split_flags
from ita_metrics.words import both

KEY_FIELDS: tuple[str, ...] = ("source_file", "source_sheet", "source_row")
FIELDS: tuple[str, ...] = ("status", "due_date", "completed_date", "as_of")
# `as_of` is the officer's as-of date for the measure's report (set for a whole report at once,
# as_of_corrections): timeliness is judged again at it; it does not mark the measure corrected.
CORRECTED = "corrected"

Key = tuple[str, str, int]

# Flags a correction makes obsolete: they described the value the officer has replaced.
_STALE_FLAGS = {
    "status": {"status_unknown", "status_inferred", "status_conflict", "future_completion"},
    "due_date": {
        "due_month_precision",
        "no_deadline",
        "recurring_deadline",
        "several_deadlines",
        "unparsed_date",
        "ocr_uncertain",
        "ocr_year_corrected",
    },
    "completed_date": {
        "completed_month_precision",
        "done_without_date",
        "future_completion",
        "completed_before_fiscal_year",
        "unparsed_date",
        "ocr_uncertain",
        "ocr_year_corrected",
    },
    "as_of": set(),
}


class CorrectionError(ValueError):
    """A correction that cannot be applied; the message is Thai / English for the officer."""


def key_of(record: Mapping) -> Key:
    """(file, sheet, row) of a measure or a correction."""
    return (str(record["source_file"]), str(record["source_sheet"]), int(record["source_row"]))


def normalise(record: Mapping) -> dict:
    """A correction as a plain dict: key fields plus the corrected fields only ("" = unchanged).

    Raises CorrectionError for an unknown status or a date that is not a date.
    """
    out: dict = dict(zip(KEY_FIELDS, key_of(record)))
    for field in FIELDS:
        value = record.get(field, "")
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            value = ""
        if isinstance(value, (date, pd.Timestamp)):
            value = value.isoformat()[:10]
        value = str(value).strip()
        if field == "status" and value and value not in STATUSES:
            raise CorrectionError(both("fix.bad_status", value=value))
        if field != "status" and value:
            try:
                value = date.fromisoformat(value[:10]).isoformat()
            except ValueError:
                raise CorrectionError(both("fix.bad_date", value=value)) from None
        out[field] = value
    return out


def upsert(corrections: Iterable[Mapping], record: Mapping) -> list[dict]:
    """The corrections with `record` added; a second correction of the same measure is merged into
    the first (its non-empty fields win), so one measure has at most one correction record."""
    new = normalise(record)
    out, merged = [], False
    for old in corrections:
        old = normalise(old)
        if key_of(old) == key_of(new):
            old.update({f: new[f] for f in FIELDS if new[f]})
            merged = True
        out.append(old)
    if not merged:
        out.append(new)
    return [c for c in out if any(c[f] for f in FIELDS)]


def remove(corrections: Iterable[Mapping], keys: Iterable[Key]) -> list[dict]:
    """Undo: the corrections without those of the given measures."""
    drop = {(str(f), str(s), int(r)) for f, s, r in keys}
    return [normalise(c) for c in corrections if key_of(c) not in drop]


def _as_of_for(row: pd.Series, default: date | None) -> date | None:
    """The row's own as-of date (column `as_of`, set at import), else the given default, else the
    reporting date of its round (ita_metrics.interpret.asof)."""
    own = to_date(row.get("as_of", ""))
    if own is not None or default is not None:
        return own or default
    fy, rd = row.get("fiscal_year"), row.get("round")
    return asof.reporting_date(None if pd.isna(fy) else int(fy), None if pd.isna(rd) else int(rd))


def _corrected_row(row: pd.Series, fix: dict, as_of: date | None) -> dict:
    """The row's new status, dates, progress, timeliness and flags under one correction.

    The completion the report gives is judged again at the as-of date that now applies: one after
    it is set aside (kept in `reported_completed_date`, flag future_completion), one set aside at an
    earlier as-of date counts again when the date moves past it."""
    flags = split_flags(row["flags"])
    for field in (f for f in FIELDS if fix[f]):
        flags = [f for f in flags if f not in _STALE_FLAGS[field]]
    status = fix["status"] or str(row["status"])
    due = fix["due_date"] or str(row["due_date"])
    completed = fix["completed_date"] or str(row["completed_date"])
    reported = "" if fix["status"] or fix["completed_date"] else to_text(row.get("reported_completed_date"))
    if reported and not completed and "future_completion" in flags and not fix["status"]:
        status, completed = "done", reported  # the report's own claim, judged again below
        flags = [f for f in flags if f != "future_completion"]
    due_prec = "month" if "due_month_precision" in flags else "day"
    done_prec = "month" if "completed_month_precision" in flags else "day"
    when = to_date(fix["as_of"]) or _as_of_for(row, as_of)
    due_d, done_d = to_date(due), to_date(completed)
    progress = row.get("progress_pct")
    if status == "done" and after_as_of(done_d, done_prec, when):
        status, reported, completed, done_d = "in_progress", completed, "", None  # a claim about the future
        flags.append("future_completion")
        progress = pd.NA if to_float(progress) == 100 else progress
    elif status == "done":
        progress, reported = 100.0, ""
    if status == "done" and done_d is None:
        flags.append("done_without_date")
    if status != "done" and fix["status"]:
        completed = "" if not fix["completed_date"] else completed
        done_d = to_date(completed)
    if any(fix[f] for f in FIELDS if f != "as_of"):
        flags.append(CORRECTED)
    return {
        "status": status,
        "due_date": due,
        "completed_date": completed,
        "reported_completed_date": reported,
        "progress_pct": progress,
        "timeliness": timeliness(status, due_d, due_prec, done_d, done_prec, when),
        "flags": join_flags(list(dict.fromkeys(flags))),
        "as_of": when.isoformat() if when else str(row.get("as_of", "")),
    }


def as_of_corrections(
    measures: pd.DataFrame, reports: Iterable[tuple[str, object, object, object]], day: date
) -> list[dict]:
    """Corrections that set the as-of date of whole reports: one per measure of each report
    (file, agency, fiscal year, round) named — one report, a selection (every round-6 report of
    FY2566) or all. Timeliness of those measures is then judged at `day`."""
    wanted = {(str(f), str(a), to_int(y), to_int(r)) for f, a, y, r in reports}
    keys = zip(
        measures["source_file"].astype(str),
        measures["agency"].astype(str),
        [to_int(v) for v in measures["fiscal_year"]],
        [to_int(v) for v in measures["round"]],
    )
    rows = measures.loc[[k in wanted for k in keys]]
    return [
        {"source_file": f, "source_sheet": s, "source_row": int(r), "as_of": day.isoformat()}
        for f, s, r in zip(rows["source_file"], rows["source_sheet"], rows["source_row"])
        if not pd.isna(r)
    ]


def apply_corrections(
    measures: pd.DataFrame, corrections: Iterable[Mapping], as_of: date | None = None
) -> pd.DataFrame:
    """A copy of the measures with each correction applied: corrected fields replaced, timeliness
    recomputed for the corrected rows (as of the row's `as_of`, else `as_of`, else the end of its
    round) and the flag `corrected` added. Corrections of measures not present are ignored."""
    fixes = {key_of(c): normalise(c) for c in corrections}
    if not fixes or measures.empty:
        return measures
    out = measures.copy()
    rows = [i for i, key in zip(out.index, _keys(out)) if key in fixes]
    for i in rows:
        row = out.loc[i]
        for field, value in _corrected_row(row, fixes[key_of(row)], as_of).items():
            out.at[i, field] = value
    return out


def _keys(measures: pd.DataFrame) -> list[Key | None]:
    keys: list[Key | None] = []
    for f, s, r in measures[list(KEY_FIELDS)].itertuples(index=False):
        keys.append(None if pd.isna(r) else (str(f), str(s), int(r)))
    return keys


def is_corrected(measures: pd.DataFrame) -> pd.Series:
    """Which measures carry a correction (their flags hold `corrected`)."""
    return measures["flags"].map(lambda f: CORRECTED in split_flags(f)).astype(bool)


def edits_to_corrections(before: pd.DataFrame, after: pd.DataFrame) -> list[dict]:
    """Corrections from a table the officer edited: one per row whose status or dates differ.

    Both tables carry the key fields and the editable fields; rows are matched by position.
    """
    out = []
    for (_, b), (_, a) in zip(before.iterrows(), after.iterrows()):
        record = {k: b[k] for k in KEY_FIELDS}
        changed = False
        for field in FIELDS:
            old, new = to_text(b.get(field)), to_text(a.get(field))
            if new != old:
                record[field] = new
                changed = True
        if changed:
            out.append(record)
    return out
