"""Importing parsed files into the store: one report per agency/year/round, conflicts with the
reports already kept, replace or keep, all in one transaction."""

from __future__ import annotations

import bisect
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ita_metrics import __version__
from ita_metrics.coerce import is_missing, to_int
from ita_metrics.errors import Message
from ita_metrics.model import STORED_FIELDS
from ita_metrics.store.base import _StoreBase
from ita_metrics.store.common import ON_CONFLICT, SKIPPED_COLUMNS, StoreError, _agency_key, _kind, _py, store_message
from ita_metrics.store.schema import _detail, _insert_rows, _transaction
from ita_metrics.words import when_text


# ---------------------------------------------------------------- import outcome
@dataclass
class Conflict:
    """A stored active report of the same agency, fiscal year and round as one in the new file."""

    agency: str
    fiscal_year: int | None
    round: int | None
    existing_id: int
    existing_file: str
    existing_imported_at: str
    existing_measures: int
    new_measures: int
    message: Message


@dataclass
class ImportOutcome:
    """What one import did. status:
    imported        new reports stored (`report_ids`); some may have replaced (`replaced_ids`) or
                    been left out in favour of stored ones (`kept_ids`, with on_conflict="keep")
    already_stored  the same file (content hash) is stored and active: nothing done (`report_ids`)
    conflict        on_conflict="ask" and `conflicts` is not empty: nothing done; ask the officer
    kept            on_conflict="keep" and every report conflicted: nothing done
    empty           the file holds no measures: nothing to store
    failed          the file could not be read (`messages[0]` is the reader's error)
    """

    file: str
    content_hash: str
    status: str
    report_ids: list[int] = field(default_factory=list)
    replaced_ids: list[int] = field(default_factory=list)
    kept_ids: list[int] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    n_measures: int = 0
    messages: list[Message] = field(default_factory=list)

    @property
    def summary(self) -> Message:
        return self.messages[0]

    @property
    def changed(self) -> bool:
        return self.status == "imported"


@dataclass
class _Group:
    agency: str
    fiscal_year: int | None
    round: int | None
    positions: list[int]
    catalog_year: int | None = None
    district: str = ""
    province: str = ""
    as_of: str = ""

    @property
    def key(self) -> tuple[str, int | None, int | None]:
        return self.agency, self.fiscal_year, self.round


def _mode(values: Iterable[object]) -> object:
    counts = Counter(v for v in values if not is_missing(v) and v != "")
    return counts.most_common(1)[0][0] if counts else None


def _groups(result: Any) -> tuple[pd.DataFrame, list[_Group]]:
    """The reports in one file result: measures grouped by (agency, fiscal year, round)."""
    frame = result.measures.reset_index(drop=True)
    agencies = [_agency_key(a) for a in frame["agency"]]
    years = [to_int(v) for v in frame["fiscal_year"]]
    rounds = [to_int(v) for v in frame["round"]]
    by_key: dict[tuple, _Group] = {}
    for pos, key in enumerate(zip(agencies, years, rounds)):
        by_key.setdefault(key, _Group(*key, positions=[])).positions.append(pos)
    as_of_by_sheet = {
        s.get("sheet", ""): (s.get("metadata") or {}).get("as_of") or ""
        for s in (getattr(result, "detected", None) or {}).get("sheets", [])
    }
    for g in by_key.values():
        part = frame.iloc[g.positions]
        g.catalog_year = to_int(_mode(part["catalog_year"]))
        g.district = str(_mode(part["district"]) or "")
        g.province = str(_mode(part["province"]) or "")
        g.as_of = str(
            (_mode(part["as_of"]) if "as_of" in part else None)
            or as_of_by_sheet.get(str(part["source_sheet"].iloc[0]), "")
            or ""
        )
    return frame, list(by_key.values())


def _find_conflicts(conn: sqlite3.Connection, name: str, groups: list[_Group]) -> dict[tuple, list[Conflict]]:
    """Active reports of the same agency, fiscal year and round as each of the file's reports."""
    conflicts: dict[tuple, list[Conflict]] = {}
    for g in groups:
        if not g.agency:  # measures without an agency cannot be matched to another report
            continue
        rows = conn.execute(
            """SELECT r.id, r.file, r.imported_at,
                      (SELECT count(*) FROM measures m WHERE m.report_id = r.id)
               FROM reports r WHERE r.status = 'active' AND r.agency = ? AND r.fiscal_year IS ?
               AND r."round" IS ? ORDER BY r.id""",
            g.key,
        ).fetchall()
        for rid, file_, at, n in rows:
            th, en = when_text(g.fiscal_year, g.round)
            msg = store_message(
                "conflict",
                "warning",
                name,
                agency=g.agency,
                when_th=th,
                when_en=en,
                existing_id=rid,
                existing_file=file_,
                imported_at=at,
            )
            conflicts.setdefault(g.key, []).append(
                Conflict(g.agency, g.fiscal_year, g.round, rid, file_, at, n, len(g.positions), msg)
            )
    return conflicts


def _assign_skipped(skipped: pd.DataFrame, frame: pd.DataFrame, groups: list[tuple[int, _Group]]) -> list[int]:
    """The report each skipped row belongs to: the nearest measure's in the same sheet (the one
    above on a tie), else the file's first report (notes sheets, a sheet without measures)."""
    by_sheet: dict[str, list[tuple[int, int]]] = {}
    for report_id, g in groups:
        for pos in g.positions:
            row = to_int(frame["source_row"].iat[pos]) or 0
            by_sheet.setdefault(str(frame["source_sheet"].iat[pos]), []).append((row, report_id))
    rows_of = {sheet: sorted(cands) for sheet, cands in by_sheet.items()}
    first = groups[0][0]
    out = []
    for sheet, row in zip(skipped["source_sheet"], skipped["source_row"]):
        cands = rows_of.get(str(sheet))
        if not cands:
            out.append(first)
            continue
        r = to_int(row) or 0
        i = bisect.bisect_left(cands, (r, -1))
        near = [c for c in (cands[i - 1] if i else None, cands[i] if i < len(cands) else None) if c]
        out.append(min(near, key=lambda c: (abs(c[0] - r), c[0] > r))[1])
    return out


class Importing(_StoreBase):
    """The `Store` methods for this part (see `ita_metrics.store.Store`)."""

    # ------------------------------------------------------------ import
    def import_result(self, result: Any, on_conflict: str = "ask") -> ImportOutcome:
        """Store one parsed file (`importer.FileResult`) in one transaction.

        on_conflict: what to do when an active report of the same agency, fiscal year and round
        is stored from another file — "ask" (import nothing, list the conflicts), "replace" (mark
        the old one replaced, import), "keep" (keep the old one, skip that report of the file).
        Raises StoreError (store unchanged) when storing fails.
        """
        if on_conflict not in ON_CONFLICT:
            raise ValueError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}: {on_conflict!r}")
        name = str(getattr(result, "file", ""))
        content_hash = str(getattr(result, "content_hash", "") or "")
        error = getattr(result, "error", None)
        if error is not None:
            return ImportOutcome(name, content_hash, "failed", messages=[error])
        frame, groups = _groups(result)
        if not groups:
            return ImportOutcome(
                name, content_hash, "empty", messages=[store_message("nothing_to_store", "warning", name)]
            )
        skipped = getattr(result, "skipped", None)
        if skipped is None:
            skipped = pd.DataFrame(columns=SKIPPED_COLUMNS)

        def run(conn: sqlite3.Connection) -> ImportOutcome:
            return self._import(conn, name, content_hash, frame, groups, skipped, on_conflict)

        def fail(exc: BaseException) -> StoreError:
            return StoreError(store_message("import_failed", "error", name, detail=_detail(exc)))

        with self._lock:
            return _transaction(self.conn, run, fail, self.retries)

    def conflicts_of(self, result: Any) -> list[Conflict]:
        """The stored active reports a file's reports would replace (read only): what a batch
        save asks the officer about once, before anything is written. [] when the same file is
        stored already (nothing would be written) or it cannot be read."""
        if getattr(result, "error", None) is not None:
            return []
        name, content_hash = str(getattr(result, "file", "")), str(getattr(result, "content_hash", "") or "")
        _, groups = _groups(result)

        def run(c: sqlite3.Connection) -> list[Conflict]:
            if (
                content_hash
                and c.execute(
                    "SELECT 1 FROM reports WHERE content_hash = ? AND status = 'active'", (content_hash,)
                ).fetchone()
            ):
                return []
            return [x for cs in _find_conflicts(c, name, groups).values() for x in cs]

        return self._read(run)

    def import_results(self, results: Iterable[Any], on_conflict: str = "ask") -> list[ImportOutcome]:
        """Each result in its own transaction, in order (later files are the newer ones)."""
        return [self.import_result(r, on_conflict) for r in results]

    def _import(
        self,
        conn: sqlite3.Connection,
        name: str,
        content_hash: str,
        frame: pd.DataFrame,
        groups: list[_Group],
        skipped: pd.DataFrame,
        on_conflict: str,
    ) -> ImportOutcome:
        """One file in one transaction: refuse a copy, stop at a conflict when asked, else store each
        report of the file (replacing or keeping what clashes), its measures and its skipped rows."""
        same = _active_copies(conn, content_hash)
        if same and content_hash:
            ids = ", ".join(map(str, same))
            message = store_message("already_stored", "info", name, ids=ids)
            return ImportOutcome(name, content_hash, "already_stored", report_ids=same, messages=[message])
        conflicts = _find_conflicts(conn, name, groups)
        all_conflicts = [c for cs in conflicts.values() for c in cs]
        if all_conflicts and on_conflict == "ask":
            messages = [c.message for c in all_conflicts]
            return ImportOutcome(name, content_hash, "conflict", conflicts=all_conflicts, messages=messages)

        done = _insert_reports(conn, name, content_hash, groups, conflicts, on_conflict, self._now())
        if not done.imported:
            messages = [store_message("all_kept", "info", name), *done.notes]
            return ImportOutcome(
                name, content_hash, "kept", kept_ids=done.kept_ids, conflicts=all_conflicts, messages=messages
            )
        n_rows = _insert_measures(conn, frame, done.imported)
        if len(skipped):
            _insert_skipped(conn, skipped, frame, done.imported)
        new_ids = [rid for rid, _ in done.imported]
        summary = store_message(
            "imported", "info", name, reports=len(new_ids), measures=n_rows, ids=", ".join(map(str, new_ids))
        )
        return ImportOutcome(
            name,
            content_hash,
            "imported",
            report_ids=new_ids,
            replaced_ids=done.replaced_ids,
            kept_ids=done.kept_ids,
            conflicts=all_conflicts,
            n_measures=n_rows,
            messages=[summary, *done.notes],
        )


@dataclass
class _Inserted:
    """What storing a file's reports did: the new rows, and what was replaced or kept."""

    imported: list[tuple[int, _Group]] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    replaced_ids: list[int] = field(default_factory=list)
    kept_ids: list[int] = field(default_factory=list)


def _active_copies(conn: sqlite3.Connection, content_hash: str) -> list[int]:
    """Active reports stored from a file with these very bytes."""
    sql = "SELECT id FROM reports WHERE content_hash = ? AND status = 'active' ORDER BY id"
    return [r[0] for r in conn.execute(sql, (content_hash,))]


def _insert_reports(
    conn: sqlite3.Connection,
    name: str,
    content_hash: str,
    groups: list[_Group],
    conflicts: dict[tuple, list[Conflict]],
    on_conflict: str,
    now: str,
) -> _Inserted:
    """A report row per group; a clash is kept (the group is not stored) or replaced (marked so)."""
    done = _Inserted()
    for g in groups:
        clash = conflicts.get(g.key, [])
        th, en = when_text(g.fiscal_year, g.round)
        if clash and on_conflict == "keep":
            done.kept_ids.extend(c.existing_id for c in clash)
            done.notes.extend(
                store_message(
                    "kept", "info", name, old_id=c.existing_id, agency=g.agency, when_th=th, when_en=en, name=name
                )
                for c in clash
            )
            continue
        report_id = _insert_report(conn, name, content_hash, g, now)
        done.imported.append((report_id, g))
        for c in clash:
            conn.execute(
                "UPDATE reports SET status = 'replaced', replaced_by = ?, status_changed_at = ? WHERE id = ?",
                (report_id, now, c.existing_id),
            )
            done.replaced_ids.append(c.existing_id)
            done.notes.append(
                store_message(
                    "replaced",
                    "info",
                    name,
                    old_id=c.existing_id,
                    new_id=report_id,
                    agency=g.agency,
                    when_th=th,
                    when_en=en,
                )
            )
    return done


def _insert_report(conn: sqlite3.Connection, name: str, content_hash: str, g: _Group, now: str) -> int:
    cur = conn.execute(
        """INSERT INTO reports (file, content_hash, agency, district, province, fiscal_year, "round",
           catalog_year, as_of, imported_at, importer_version, status, status_changed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)""",
        (
            name,
            content_hash,
            g.agency,
            g.district,
            g.province,
            g.fiscal_year,
            g.round,
            g.catalog_year,
            g.as_of,
            now,
            __version__,
            now,
        ),
    )
    return int(cur.lastrowid or 0)


def _insert_measures(conn: sqlite3.Connection, frame: pd.DataFrame, imported: list[tuple[int, _Group]]) -> int:
    """Each stored report's measures, typed per column; returns how many rows were written."""
    kinds = [_kind(f) for f in STORED_FIELDS]
    columns = [list(frame[f]) for f in STORED_FIELDS]
    rows = [
        (report_id,) + tuple(_py(col[pos], k) for col, k in zip(columns, kinds))
        for report_id, g in imported
        for pos in g.positions
    ]
    _insert_rows(conn, "measures", ["report_id"] + STORED_FIELDS, rows)
    return len(rows)


def _insert_skipped(
    conn: sqlite3.Connection, skipped: pd.DataFrame, frame: pd.DataFrame, imported: list[tuple[int, _Group]]
) -> None:
    """Rows not read as measures, each given to the stored report it sits with."""
    skipped = skipped.reset_index(drop=True)
    owners = _assign_skipped(skipped, frame, imported)
    skinds = ["int" if c == "source_row" else "text" for c in SKIPPED_COLUMNS]
    scols = [list(skipped[c]) if c in skipped else [None] * len(skipped) for c in SKIPPED_COLUMNS]
    srows = [(owners[i],) + tuple(_py(col[i], k) for col, k in zip(scols, skinds)) for i in range(len(skipped))]
    _insert_rows(conn, "skipped_rows", ["report_id"] + SKIPPED_COLUMNS, srows)
