"""Officers' corrections in the store: checked, recorded with who and when, undone, applied over the
measures."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date

import pandas as pd

from ita_metrics.coerce import is_missing, to_int
from ita_metrics.model import STATUSES, TIMELINESS, TOOLS
from ita_metrics.store.base import _StoreBase
from ita_metrics.store.common import (
    CORRECTABLE_FIELDS,
    CORRECTION_COLUMNS,
    TIMED_FIELDS,
    StoreError,
    _kind,
    store_message,
)
from ita_metrics.thai.thai_text import to_arabic_digits
from ita_metrics.words import both


# ---------------------------------------------------------------- correction values
def _to_text(value: object, field_name: str) -> str | None:
    """A corrected value checked against the model and stored as text (None for an empty number)."""
    kind = _kind(field_name)
    if is_missing(value) or (isinstance(value, str) and not value.strip() and kind != "text"):
        return None if kind != "text" else ""

    def bad(detail: str) -> StoreError:
        return StoreError(store_message("correction_value", value=value, field=field_name, detail=detail))

    text = to_arabic_digits(str(value)).strip()
    if kind == "int":
        try:
            number = float(text)
        except ValueError:
            raise bad(both("store.need_whole_number")) from None
        if number != int(number):
            raise bad(both("store.need_whole_number"))
        return str(int(number))
    if kind == "real":
        try:
            number = float(text.rstrip("%"))
        except ValueError:
            raise bad(both("store.need_percent")) from None
        if not 0 <= number <= 100:
            raise bad(both("store.need_percent"))
        return repr(number)
    allowed = {"status": STATUSES, "timeliness": TIMELINESS, "tool": TOOLS + ("",)}.get(field_name)
    if allowed is not None and text not in allowed:
        raise bad(" / ".join(a for a in allowed if a))
    if field_name in ("due_date", "completed_date", "as_of") and text:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise bad(both("store.need_iso_date")) from None
    return (
        str(value)
        if field_name not in ("status", "timeliness", "tool", "due_date", "completed_date", "as_of")
        else text
    )


def _checked_edit(
    report_id: object, source_sheet: object, source_row: object, field_name: str, new_value: object
) -> tuple[int, str, int, str, str | None]:
    """(report_id, sheet, row, field, value as stored) of a correction, or StoreError."""
    if field_name not in CORRECTABLE_FIELDS:
        raise StoreError(store_message("correction_field", field=field_name, allowed=", ".join(CORRECTABLE_FIELDS)))
    value = _to_text(new_value, field_name)
    sheet = "" if is_missing(source_sheet) else str(source_sheet)
    row = to_int(source_row)
    if row is None:
        raise StoreError(store_message("measure_not_found", sheet=sheet or "-", row="-", id=report_id))
    return to_int(report_id) or 0, sheet, row, field_name, value


def _insert_correction(
    c: sqlite3.Connection,
    report_id: int,
    sheet: str,
    row: int,
    field_name: str,
    value: str | None,
    note: str,
    at: str,
    by: str = "",
) -> int:
    if c.execute("SELECT 1 FROM reports WHERE id = ?", (report_id,)).fetchone() is None:
        raise StoreError(store_message("report_not_found", id=report_id))
    column = "r.as_of" if field_name == "as_of" else f'm."{field_name}"'  # as_of is kept per report
    hit = c.execute(
        f"SELECT m.source_file, {column} FROM measures m JOIN reports r ON r.id = m.report_id "
        "WHERE m.report_id = ? AND m.source_sheet = ? AND m.source_row = ? ORDER BY m.id LIMIT 1",
        (report_id, sheet, row),
    ).fetchone()
    if hit is None:
        raise StoreError(store_message("measure_not_found", sheet=sheet or "-", row=row, id=report_id))
    source_file, original = hit
    last = c.execute(
        "SELECT new_value FROM corrections WHERE report_id = ? AND source_sheet = ? "
        "AND source_row = ? AND field = ? AND undone = 0 ORDER BY id DESC LIMIT 1",
        (report_id, sheet, row, field_name),
    ).fetchone()
    old = (
        last[0]
        if last
        else (None if original is None else repr(original) if isinstance(original, float) else str(original))
    )
    cur = c.execute(
        """INSERT INTO corrections (report_id, source_file, source_sheet, source_row, field,
                       old_value, new_value, at, made_by, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (report_id, source_file, sheet, row, field_name, old, value, at, str(by or ""), str(note or "")),
    )
    return int(cur.lastrowid or 0)


def _apply_fixes(df: pd.DataFrame, fixes: list[tuple]) -> pd.DataFrame:
    """Officers' corrections over the measures (rows of report_id, sheet, row, field, new value;
    the later of two corrections of one field wins)."""
    effective: dict[tuple, dict[str, object]] = {}
    for report_id, sheet, row, field_name, value in fixes:
        effective.setdefault((report_id, sheet, row), {})[field_name] = value
    positions = _row_positions(df)
    out = df.copy()
    timed: dict[int, list[dict]] = {}
    for key, fields in effective.items():
        where = positions.get(key, [])
        if where:
            _set_plain_fields(out, where, fields)
            _add_timed_record(out, timed, key, where, fields)
    _recount_timed(out, timed)
    for key, fields in effective.items():  # an explicit timeliness correction has the last word
        if "timeliness" in fields:
            for pos in positions.get(key, []):
                out.iat[pos, out.columns.get_loc("timeliness")] = fields["timeliness"] or ""
    return out


def _row_positions(df: pd.DataFrame) -> dict[tuple, list[int]]:
    """(report id, sheet, row) → the frame positions of that source row."""
    positions: dict[tuple, list[int]] = {}
    keys = zip(df["report_id"], df["source_sheet"], df["source_row"])
    for pos, (report_id, sheet, row) in enumerate(keys):
        if not is_missing(row):
            positions.setdefault((int(report_id), str(sheet), int(row)), []).append(pos)
    return positions


def _set_plain_fields(out: pd.DataFrame, where: list[int], fields: dict[str, object]) -> None:
    """Fields that need no recount are set as typed; every corrected row is flagged."""
    from ita_metrics.flags import join_flags
    from ita_metrics.model import split_flags
    from ita_metrics.scoring import corrections as officer

    for field_name, value in fields.items():
        if field_name in TIMED_FIELDS or field_name == "timeliness":
            continue
        typed = _from_text(None if value is None else str(value), field_name)
        for pos in where:
            out.iat[pos, out.columns.get_loc(field_name)] = pd.NA if typed is None else typed
    flags_col = out.columns.get_loc("flags")
    for pos in where:
        out.iat[pos, flags_col] = join_flags(split_flags(out.iat[pos, flags_col]) + [officer.CORRECTED])


def _add_timed_record(
    out: pd.DataFrame, timed: dict[int, list[dict]], key: tuple, where: list[int], fields: dict[str, object]
) -> None:
    """Date and status corrections are kept per report, to be recounted with the report's as-of date."""
    timing = {f: fields[f] or "" for f in TIMED_FIELDS if f in fields}
    if timing:
        report_id, sheet, row = key
        timed.setdefault(report_id, []).append(
            {"source_file": out["source_file"].iat[where[0]], "source_sheet": sheet, "source_row": row, **timing}
        )


def _recount_timed(out: pd.DataFrame, timed: dict[int, list[dict]]) -> None:
    """Completion and timeliness recounted, one report at a time, from its corrected dates and status."""
    from ita_metrics.scoring import corrections as officer

    changed = list(TIMED_FIELDS) + ["reported_completed_date", "progress_pct", "timeliness", "flags"]
    for report_id, records in timed.items():
        mask = (out["report_id"] == report_id).to_numpy()
        fixed = officer.apply_corrections(out.loc[mask], records)
        for col in changed:
            out.loc[mask, col] = fixed[col].to_numpy()


def _from_text(value: str | None, field_name: str) -> object:
    kind = _kind(field_name)
    if value is None or (kind != "text" and value == ""):
        return None
    return int(value) if kind == "int" else float(value) if kind == "real" else value


class Fixes(_StoreBase):
    """The `Store` methods for this part (see `ita_metrics.store.Store`)."""

    # ------------------------------------------------------------ corrections
    def add_correction(
        self,
        report_id: int,
        source_sheet: str,
        source_row: int,
        field: str,
        new_value: object,
        note: str = "",
        by: str = "",
    ) -> int:
        """Record an officer's correction of one field of one measure; returns the correction id.

        The measure is found by report, sheet and row (its source_file is the report's). The
        value shown before the correction is kept as `old_value`; `undo_correction` reverses it.
        `by` is who made it (kept in `made_by`, with the time in `at`); `note` says why.
        """
        edit = _checked_edit(report_id, source_sheet, source_row, field, new_value)
        return self._write(lambda c: _insert_correction(c, *edit, note, self._now(), by))

    def add_corrections(self, records: Iterable[dict], note: str = "", by: str = "") -> list[int]:
        """Several corrections in one transaction (all or none), e.g. from an edited table.

        Each record holds `report_id`, `source_sheet`, `source_row` and the corrected fields
        (as `corrections.edits_to_corrections` gives them, plus `report_id`); a field that is
        absent, None or "" is left unchanged. Returns the new correction ids.
        """
        edits = []
        for rec in records:
            for name in CORRECTABLE_FIELDS:
                value = rec.get(name)
                if name in rec and not is_missing(value) and str(value).strip() != "":
                    edits.append(_checked_edit(rec["report_id"], rec["source_sheet"], rec["source_row"], name, value))
        at = self._now()
        return self._write(lambda c: [_insert_correction(c, *edit, note, at, by) for edit in edits])

    def undo_correction(self, correction_id: int, by: str = "") -> None:
        """Mark a correction undone (by whom, when): the measure shows the value it had before it again."""
        correction_id = int(correction_id)

        def run(c: sqlite3.Connection) -> None:
            row = c.execute("SELECT undone FROM corrections WHERE id = ?", (correction_id,)).fetchone()
            if row is None:
                raise StoreError(store_message("correction_not_found", id=correction_id))
            if row[0]:
                raise StoreError(store_message("correction_already_undone", id=correction_id))
            c.execute(
                "UPDATE corrections SET undone = 1, undone_at = ?, undone_by = ? WHERE id = ?",
                (self._now(), str(by or ""), correction_id),
            )

        self._write(run)

    def corrections(self, include_undone: bool = True) -> pd.DataFrame:
        """Every correction (CORRECTION_COLUMNS), oldest first; `undone` is a bool."""
        where = "" if include_undone else "WHERE undone = 0"
        rows = self._read(
            lambda c: c.execute(
                f"SELECT {', '.join(CORRECTION_COLUMNS)} FROM corrections {where} ORDER BY id"
            ).fetchall()
        )
        df = pd.DataFrame.from_records(rows, columns=CORRECTION_COLUMNS)
        for col in ("id", "report_id"):
            df[col] = df[col].astype("int64")
        df["source_row"] = pd.to_numeric(df["source_row"], errors="coerce").astype("Int64")
        df["undone"] = df["undone"].astype(bool)
        return df
