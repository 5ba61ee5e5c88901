"""The report store: imported reports kept between visits, in one SQLite file.

One *report* is one agency's measures for one fiscal year and round inside one imported file
(a consolidated workbook holds many). Each import is one transaction: it is stored completely or
not at all. Nothing is ever overwritten in place: a newer report of the same agency, year and
round marks the old one `replaced` (kept in the history), a deletion marks it `deleted`, and an
officer's correction is a row of its own that can be undone.

    store = Store()                                   # $ITA_STORE_PATH, else data/ita.sqlite
    outcome = store.import_result(parse_file(data, name), on_conflict="ask")
    if outcome.status == "conflict":                  # ask the officer, then
        outcome = store.import_result(result, on_conflict="replace")   # or "keep"
    measures = store.measures()                       # active reports, corrections applied

Several officers may use one store at once: WAL journal, a busy timeout, and whole-transaction
retries with backoff when SQLite still reports the store busy. Each `Store` has its own
connection; its methods are serialised by a lock, so one `Store` may be shared between threads.
Storage failures raise `StoreError`, whose `.msg` is a Thai/English `Message`.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
import os
import random
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, cast

import pandas as pd

from ita_metrics import __version__
from ita_metrics.coerce import is_missing, to_int
from ita_metrics.config import store_path
from ita_metrics.datafiles import load_table
from ita_metrics.errors import Message
from ita_metrics.model import INT_FIELDS, STATUSES, STORED_FIELDS, TIMELINESS, TOOLS, to_frame
from ita_metrics.safe_cells import neutralise_row
from ita_metrics.thai.thai_text import to_arabic_digits

ON_CONFLICT = ("ask", "replace", "keep")
REPORT_STATUSES = ("active", "replaced", "deleted")
STATUS_NAMES = {"active": ("ใช้งานอยู่", "active"), "replaced": ("ถูกแทนที่แล้ว", "replaced"), "deleted": ("ลบแล้ว", "deleted")}
SKIPPED_COLUMNS = ["source_file", "source_sheet", "source_row", "reason", "reason_th", "reason_en", "text"]
REPORT_COLUMNS = [
    "id",
    "file",
    "content_hash",
    "agency",
    "district",
    "province",
    "fiscal_year",
    "round",
    "catalog_year",
    "as_of",
    "imported_at",
    "importer_version",
    "status",
    "replaced_by",
    "status_changed_at",
    "n_measures",
]
CORRECTION_COLUMNS = [
    "id",
    "report_id",
    "source_file",
    "source_sheet",
    "source_row",
    "field",
    "old_value",
    "new_value",
    "at",
    "made_by",
    "note",
    "undone",
    "undone_at",
    "undone_by",
]
# `made_by` / `undone_by`: who recorded / undid it (the signed-in account, else the name the officer
# gave, else the computer's user: components/officer.py); `at` / `undone_at`: when (ISO with zone).
# What an officer may correct. The source position and the report's identity (agency, year,
# round) are not corrections: re-import the file with the right overrides instead.
# `flags` are derived by the importer (a correction adds the flag "corrected" itself).
CORRECTABLE_FIELDS = tuple(
    f
    for f in STORED_FIELDS
    if f not in ("source_file", "source_sheet", "source_row", "agency", "fiscal_year", "round", "flags")
) + ("as_of",)
# Corrected through corrections.apply_corrections, which recomputes timeliness. `as_of` is the
# officer's as-of date for a report, recorded for each of its measures (undone one by one or all).
TIMED_FIELDS = ("status", "due_date", "completed_date", "as_of")

BUSY_TIMEOUT_S = 5.0  # SQLite waits this long for another writer before saying "busy"
RETRIES = 5  # then the whole transaction is retried this many times, with backoff

BACKUP_DB = "ita.sqlite"
BACKUP_TABLES = ("reports", "measures", "corrections", "skipped_rows", "roster")
BACKUP_MEMBERS = ("manifest.json", BACKUP_DB, "README.txt") + tuple(f"{t}.csv" for t in BACKUP_TABLES)
BACKUP_REQUIRED = ("manifest.json", BACKUP_DB)
BACKUP_FORMAT = "ita-store-backup"
MAX_MEMBER_BYTES = 512 * 1024 * 1024  # any one file inside a backup zip
MAX_MANIFEST_BYTES = 1024 * 1024
# Per member, checked on the declared size and again while streaming (before any checksum): the CSVs
# are copies of the database's tables for people, the README a page of text.
MEMBER_LIMITS = {"manifest.json": MAX_MANIFEST_BYTES, "README.txt": 64 * 1024, BACKUP_DB: MAX_MEMBER_BYTES}


# ---------------------------------------------------------------- messages
def store_message(code: str, level: str = "error", file: str = "", **values: object) -> Message:
    """A message from data/store_messages.csv; `values` fill the {placeholders}."""
    row = {r["code"]: r for r in load_table("store_messages.csv")}.get(code)
    if row is None:
        return Message(level, code, code, code, file)
    return Message(level, code, row["th"].format(**values), row["en"].format(**values), file)


def message_line(msg: Message) -> str:
    """One line for a log or stderr: where (when known), Thai, English."""
    return msg.line() if msg.where() else f"{msg.th} / {msg.en}"


class StoreError(Exception):
    """The store could not do what was asked; nothing was changed. `.msg` says why (Thai / English)."""

    def __init__(self, msg: Message):
        super().__init__(message_line(msg))
        self.msg = msg


def when_text(fiscal_year: int | None, round_: int | None) -> tuple[str, str]:
    """("ปีงบประมาณ 2566 รอบ 6 เดือน", "FY 2566 round 6 months")."""
    fy = str(fiscal_year) if fiscal_year is not None else "?"
    th = f"ปีงบประมาณ {fy} " + (f"รอบ {round_} เดือน" if round_ is not None else "(ไม่ระบุรอบ)")
    en = f"FY {fy} " + (f"round {round_} months" if round_ is not None else "(round not stated)")
    return th, en


# ---------------------------------------------------------------- schema and migrations
@dataclass(frozen=True)
class Migration:
    """One step of the schema. Never edit a released step: append a new one."""

    version: int
    description: str
    statements: tuple[str, ...] = ()
    function: Callable[[sqlite3.Connection], None] | None = None


_V1 = (
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        file TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        agency TEXT NOT NULL DEFAULT '',
        district TEXT NOT NULL DEFAULT '',
        province TEXT NOT NULL DEFAULT '',
        fiscal_year INTEGER,
        "round" INTEGER,
        catalog_year INTEGER,
        as_of TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        importer_version TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'replaced', 'deleted')),
        replaced_by INTEGER REFERENCES reports(id) ON DELETE SET NULL,
        status_changed_at TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX reports_by_hash ON reports(content_hash)",
    'CREATE INDEX reports_by_key ON reports(agency, fiscal_year, "round", status)',
    """CREATE TABLE measures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        source_file TEXT NOT NULL DEFAULT '',
        source_sheet TEXT NOT NULL DEFAULT '',
        source_row INTEGER,
        agency TEXT NOT NULL DEFAULT '',
        district TEXT NOT NULL DEFAULT '',
        province TEXT NOT NULL DEFAULT '',
        fiscal_year INTEGER,
        "round" INTEGER,
        catalog_year INTEGER,
        tool TEXT NOT NULL DEFAULT '',
        indicator INTEGER,
        item_codes TEXT NOT NULL DEFAULT '',
        issue TEXT NOT NULL DEFAULT '',
        measure TEXT NOT NULL DEFAULT '',
        responsible TEXT NOT NULL DEFAULT '',
        steps TEXT NOT NULL DEFAULT '',
        period_text TEXT NOT NULL DEFAULT '',
        result TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        progress_pct REAL,
        due_date TEXT NOT NULL DEFAULT '',
        completed_date TEXT NOT NULL DEFAULT '',
        timeliness TEXT NOT NULL DEFAULT '',
        flags TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX measures_by_report ON measures(report_id)",
    """CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        source_file TEXT NOT NULL,
        source_sheet TEXT NOT NULL,
        source_row INTEGER,
        field TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        undone_at TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX corrections_by_report ON corrections(report_id)",
    """CREATE TABLE skipped_rows (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        source_file TEXT NOT NULL DEFAULT '',
        source_sheet TEXT NOT NULL DEFAULT '',
        source_row INTEGER,
        reason TEXT NOT NULL DEFAULT '',
        reason_th TEXT NOT NULL DEFAULT '',
        reason_en TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX skipped_by_report ON skipped_rows(report_id)",
)

# The roster (issue 17): the agencies a province expects a report from, per fiscal year;
# one row per (province, fiscal_year, district, agency), saved whole by the officer.
_V_ROSTER = (
    """CREATE TABLE roster (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        province TEXT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        district TEXT NOT NULL DEFAULT '',
        agency TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '',
        subdistrict TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        saved_at TEXT NOT NULL,
        UNIQUE (province, fiscal_year, district, agency))""",
)

# Who made / undid a correction; before, the app wrote "บันทึกโดย {who}" / "saved by {who}" into the note.
_V_WHO = (
    "ALTER TABLE corrections ADD COLUMN made_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE corrections ADD COLUMN undone_by TEXT NOT NULL DEFAULT ''",
)
_NOTE_WHO_PREFIXES = ("บันทึกโดย ", "saved by ")


def _who_from_notes(conn: sqlite3.Connection) -> None:
    """Existing corrections keep their rows; the saver named in the note moves to `made_by`."""
    for prefix in _NOTE_WHO_PREFIXES:
        conn.execute(
            "UPDATE corrections SET made_by = trim(substr(note, ?)), note = '' WHERE made_by = '' AND note LIKE ?",
            (len(prefix) + 1, prefix + "%"),
        )


# The schema's history, oldest first; `PRAGMA user_version` says how many have run.
MIGRATIONS: list[Migration] = [
    Migration(1, "reports, measures, corrections, skipped_rows", _V1),
    Migration(2, "roster of expected agencies per province and fiscal year", _V_ROSTER),
    Migration(
        3,
        "measures keep the completion date a report gives after its as-of date (issue 10)",
        ("ALTER TABLE measures ADD COLUMN reported_completed_date TEXT NOT NULL DEFAULT ''",),
    ),
    Migration(
        4,
        "corrections say who made and who undid them in columns of their own (issue 10)",
        _V_WHO,
        _who_from_notes,
    ),
]


def schema_version() -> int:
    """The schema version this program writes (the last migration)."""
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def _user_version(conn: sqlite3.Connection, schema: str = "main") -> int:
    return int(conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0])


def _migrate(conn: sqlite3.Connection, label: str, retries: int = RETRIES) -> None:
    """Bring a database up to `schema_version()`, every pending step in one transaction."""
    latest = schema_version()
    found = _user_version(conn)
    if found > latest:
        raise StoreError(store_message("store_too_new", path=label, found=found, known=latest))
    if found == latest:
        return

    def run(c: sqlite3.Connection) -> None:
        current = _user_version(c)  # another process may have migrated meanwhile
        for step in MIGRATIONS:
            if step.version <= current:
                continue
            for sql in step.statements:
                c.execute(sql)
            if step.function is not None:
                step.function(c)
            c.execute(f"PRAGMA user_version = {int(step.version)}")

    def fail(exc: BaseException) -> StoreError:
        return StoreError(store_message("migration_failed", version=latest, detail=_detail(exc)))

    _transaction(conn, run, fail, retries)


# ---------------------------------------------------------------- connections and transactions
def _connect(path: str | Path, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    # check_same_thread=False: Streamlit runs each rerun in a fresh thread; the Store's lock
    # serialises use, so one connection is never used by two threads at once.
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _backoff(attempt: int) -> None:
    time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _detail(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:120]}"


def _transaction(
    conn: sqlite3.Connection,
    fn: Callable[[sqlite3.Connection], Any],
    fail: Callable[[BaseException], StoreError],
    retries: int = RETRIES,
    mode: str = "IMMEDIATE",
) -> Any:
    """Run fn(conn) in one transaction: commit, or roll back and raise. Busy → retry with backoff."""
    for attempt in range(retries + 1):
        try:
            conn.execute(f"BEGIN {mode}")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc) and attempt < retries:
                _backoff(attempt)
                continue
            raise (StoreError(store_message("store_busy")) if _is_busy(exc) else fail(exc)) from exc
        try:
            out = fn(conn)
            conn.execute("COMMIT")
            return out
        except BaseException as exc:
            _rollback(conn)
            if _is_busy(exc):
                if attempt < retries:
                    _backoff(attempt)
                    continue
                raise StoreError(store_message("store_busy")) from exc
            if isinstance(exc, StoreError) or not isinstance(exc, Exception):
                raise
            raise fail(exc) from exc
    raise StoreError(store_message("store_busy"))  # not reached


def _insert_rows(conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """The one place rows are inserted (tests interrupt it to prove an import is all or nothing)."""
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# ---------------------------------------------------------------- values
def _py(value: object, kind: str) -> object:
    """A frame cell as the SQLite value of a column of kind "int", "real" or "text"."""
    if is_missing(value):
        return "" if kind == "text" else None
    if kind == "int":
        return to_int(value)
    if kind == "real":
        return float(value)  # type: ignore[arg-type]
    return str(value)


def _kind(field_name: str) -> str:
    if field_name in INT_FIELDS:
        return "int"
    return "real" if field_name == "progress_pct" else "text"


def _agency_key(name: object) -> str:
    """Canonical agency names have no spaces; strip any that slipped through."""
    if is_missing(name):
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", str(name)))


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


# ---------------------------------------------------------------- the store
class Store:
    """The report store in one SQLite file. Use as a context manager or call `close()`."""

    def __init__(
        self, path: str | os.PathLike | None = None, *, timeout: float = BUSY_TIMEOUT_S, retries: int = RETRIES
    ):
        self.path = store_path(path)
        self.retries = retries
        self._lock = threading.RLock()
        label = str(self.path)
        if self.path.is_dir():
            raise StoreError(store_message("store_unreadable", path=label, detail="เป็นโฟลเดอร์ / a folder"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                store_message("store_unreadable", path=label, detail=exc.strerror or _detail(exc))
            ) from exc
        self._conn: sqlite3.Connection | None = None
        try:
            conn = self._conn = _connect(self.path, timeout)
            self._with_retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            self._conn.execute("PRAGMA synchronous = FULL")
            _migrate(self._conn, label, retries)
        except sqlite3.Error as exc:
            self.close()
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT) or "not a database" in str(exc):
                raise StoreError(store_message("store_not_database", path=label)) from exc
            raise StoreError(store_message("store_unreadable", path=label, detail=_detail(exc))) from exc
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------ plumbing
    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(store_message("store_unreadable", path=str(self.path), detail="closed"))
        return self._conn

    def _with_retry(self, fn: Callable[[], Any]) -> Any:
        for attempt in range(self.retries + 1):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or attempt == self.retries:
                    raise
                _backoff(attempt)

    def _write(
        self, fn: Callable[[sqlite3.Connection], Any], fail: Callable[[BaseException], StoreError] | None = None
    ) -> Any:
        fail = fail or (lambda exc: StoreError(store_message("write_failed", detail=_detail(exc))))
        with self._lock:
            return _transaction(self.conn, fn, fail, self.retries)

    def _read(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """fn(conn) in one read transaction, so several queries see one state of the store."""

        def fail(exc: BaseException) -> StoreError:
            return StoreError(store_message("store_unreadable", path=str(self.path), detail=_detail(exc)))

        with self._lock:
            return _transaction(self.conn, fn, fail, self.retries, mode="DEFERRED")

    @property
    def schema_version(self) -> int:
        with self._lock:
            return _user_version(self.conn)

    def dump(self) -> str:
        """Every table as SQL text (`iterdump`): two equal dumps mean equal content."""
        with self._lock:
            return "\n".join(self.conn.iterdump())

    def counts(self) -> dict[str, int]:
        """Rows per table, and active reports."""

        def run(c: sqlite3.Connection) -> dict[str, int]:
            out = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in BACKUP_TABLES}
            out["active_reports"] = c.execute("SELECT count(*) FROM reports WHERE status = 'active'").fetchone()[0]
            return out

        return self._read(run)

    def is_empty(self) -> bool:
        c = self.counts()
        return not any(c[t] for t in BACKUP_TABLES)

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
        same = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM reports WHERE content_hash = ? AND status = 'active' ORDER BY id", (content_hash,)
            )
        ]
        if same and content_hash:
            ids = ", ".join(map(str, same))
            return ImportOutcome(
                name,
                content_hash,
                "already_stored",
                report_ids=same,
                messages=[store_message("already_stored", "info", name, ids=ids)],
            )
        conflicts = _find_conflicts(conn, name, groups)
        all_conflicts = [c for cs in conflicts.values() for c in cs]
        if all_conflicts and on_conflict == "ask":
            return ImportOutcome(
                name, content_hash, "conflict", conflicts=all_conflicts, messages=[c.message for c in all_conflicts]
            )

        now = _now()
        imported: list[tuple[int, _Group]] = []
        notes: list[Message] = []
        replaced_ids: list[int] = []
        kept_ids: list[int] = []
        for g in groups:
            clash = conflicts.get(g.key, [])
            th, en = when_text(g.fiscal_year, g.round)
            if clash and on_conflict == "keep":
                kept_ids.extend(c.existing_id for c in clash)
                notes.extend(
                    store_message(
                        "kept", "info", name, old_id=c.existing_id, agency=g.agency, when_th=th, when_en=en, name=name
                    )
                    for c in clash
                )
                continue
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
            report_id = int(cur.lastrowid or 0)
            imported.append((report_id, g))
            for c in clash:
                conn.execute(
                    "UPDATE reports SET status = 'replaced', replaced_by = ?, status_changed_at = ? WHERE id = ?",
                    (report_id, now, c.existing_id),
                )
                replaced_ids.append(c.existing_id)
                notes.append(
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
        if not imported:
            return ImportOutcome(
                name,
                content_hash,
                "kept",
                kept_ids=kept_ids,
                conflicts=all_conflicts,
                messages=[store_message("all_kept", "info", name)] + notes,
            )

        kinds = [_kind(f) for f in STORED_FIELDS]
        columns = [list(frame[f]) for f in STORED_FIELDS]
        rows = [
            (report_id,) + tuple(_py(col[pos], k) for col, k in zip(columns, kinds))
            for report_id, g in imported
            for pos in g.positions
        ]
        _insert_rows(conn, "measures", ["report_id"] + STORED_FIELDS, rows)

        if len(skipped):
            skipped = skipped.reset_index(drop=True)
            owners = _assign_skipped(skipped, frame, imported)
            skinds = ["int" if c == "source_row" else "text" for c in SKIPPED_COLUMNS]
            scols = [list(skipped[c]) if c in skipped else [None] * len(skipped) for c in SKIPPED_COLUMNS]
            srows = [(owners[i],) + tuple(_py(col[i], k) for col, k in zip(scols, skinds)) for i in range(len(skipped))]
            _insert_rows(conn, "skipped_rows", ["report_id"] + SKIPPED_COLUMNS, srows)

        new_ids = [rid for rid, _ in imported]
        summary = store_message(
            "imported", "info", name, reports=len(new_ids), measures=len(rows), ids=", ".join(map(str, new_ids))
        )
        return ImportOutcome(
            name,
            content_hash,
            "imported",
            report_ids=new_ids,
            replaced_ids=replaced_ids,
            kept_ids=kept_ids,
            conflicts=all_conflicts,
            n_measures=len(rows),
            messages=[summary] + notes,
        )

    # ------------------------------------------------------------ reading
    def reports(self, active_only: bool = False) -> pd.DataFrame:
        """One row per stored report (REPORT_COLUMNS), oldest first; `status` says which count."""
        where = "WHERE r.status = 'active'" if active_only else ""
        sql = f"""SELECT r.id, r.file, r.content_hash, r.agency, r.district, r.province, r.fiscal_year,
                  r."round", r.catalog_year, r.as_of, r.imported_at, r.importer_version, r.status,
                  r.replaced_by, r.status_changed_at,
                  (SELECT count(*) FROM measures m WHERE m.report_id = r.id) AS n_measures
                  FROM reports r {where} ORDER BY r.id"""
        rows = self._read(lambda c: c.execute(sql).fetchall())
        df = pd.DataFrame.from_records(rows, columns=REPORT_COLUMNS)
        for col in ("id", "n_measures"):
            df[col] = df[col].astype("int64")
        for col in ("fiscal_year", "round", "catalog_year", "replaced_by"):
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        for col in (
            "file",
            "content_hash",
            "agency",
            "district",
            "province",
            "as_of",
            "imported_at",
            "importer_version",
            "status",
            "status_changed_at",
        ):
            df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
        return df

    def report(self, report_id: int) -> dict:
        """One report's row as a dict; StoreError when there is none."""
        df = self.reports()
        hit = df[df["id"] == int(report_id)]
        if hit.empty:
            raise StoreError(store_message("report_not_found", id=report_id))
        return hit.iloc[0].to_dict()

    def describe_report(self, report_id: int) -> Message:
        """What an officer must see before confirming a deletion (Thai `.th`, English `.en`)."""
        r = self.report(report_id)
        th, en = when_text(to_int(r["fiscal_year"]), to_int(r["round"]))
        status_th, status_en = STATUS_NAMES.get(r["status"], (r["status"], r["status"]))
        return store_message(
            "report_description",
            "info",
            id=r["id"],
            agency=r["agency"] or "-",
            when_th=th,
            when_en=en,
            source=r["file"],
            measures=r["n_measures"],
            status_th=status_th,
            status_en=status_en,
            imported_at=r["imported_at"],
        )

    def measures(self, active_only: bool = True, corrected: bool = True) -> pd.DataFrame:
        """The stored measures in the measure model: MEASURE_FIELDS (`as_of` is the report's, the
        date its timeliness was judged at), then `report_id`, in import order.

        active_only: only reports with status "active" (what the dashboard counts).
        corrected: officers' corrections (not undone) applied — status and dates through
        `corrections.apply_corrections` (timeliness recomputed, flag `corrected`), other fields
        replaced as given.
        """
        where = "WHERE r.status = 'active'" if active_only else ""
        cols = ", ".join(f'm."{f}"' for f in STORED_FIELDS)

        def run(c: sqlite3.Connection) -> tuple[list, list]:
            rows = c.execute(
                f"SELECT m.report_id, r.as_of, {cols} FROM measures m "
                f"JOIN reports r ON r.id = m.report_id {where} ORDER BY m.id"
            ).fetchall()
            fixes = (
                c.execute(
                    "SELECT report_id, source_sheet, source_row, field, new_value FROM corrections "
                    "WHERE undone = 0 ORDER BY id"
                ).fetchall()
                if corrected
                else []
            )
            return rows, fixes

        rows, fixes = self._read(run)
        records = [dict(zip(["report_id", "as_of"] + STORED_FIELDS, row)) for row in rows]
        df = to_frame(records)
        df["report_id"] = pd.Series([r["report_id"] for r in records], dtype="int64")
        df["as_of"] = pd.Series([r["as_of"] or "" for r in records], dtype=df["agency"].dtype)
        return _apply_fixes(df, fixes) if fixes else df

    def skipped(self, active_only: bool = True) -> pd.DataFrame:
        """Rows the importer left out, with reasons: `report_id` + importer.SKIPPED_COLUMNS."""
        where = "WHERE r.status = 'active'" if active_only else ""
        cols = ", ".join(f's."{c}"' for c in SKIPPED_COLUMNS)
        rows = self._read(
            lambda c: c.execute(
                f"SELECT s.report_id, {cols} FROM skipped_rows s JOIN reports r ON r.id = s.report_id {where} "
                "ORDER BY s.id"
            ).fetchall()
        )
        df = pd.DataFrame.from_records(rows, columns=["report_id"] + SKIPPED_COLUMNS)
        df["report_id"] = df["report_id"].astype("int64")
        df["source_row"] = pd.to_numeric(df["source_row"], errors="coerce").astype("Int64")
        return df

    # ------------------------------------------------------------ the roster (expected agencies)
    def save_roster(self, roster: pd.DataFrame, province: str, fiscal_year: int) -> int:
        """Replace the roster of `province` and `fiscal_year` with `roster` (columns of
        roster.ROSTER_COLUMNS), in one transaction; returns the rows saved."""
        now = _now()
        rows = [
            (
                province,
                int(fiscal_year),
                str(r.get("district") or ""),
                str(r["agency"]),
                str(r.get("kind") or ""),
                str(r.get("subdistrict") or ""),
                str(r.get("source") or ""),
                now,
            )
            for r in roster.to_dict("records")
            if str(r.get("agency") or "")
        ]
        unique = list({(r[2], r[3]): r for r in rows}.values())

        def run(c: sqlite3.Connection) -> int:
            c.execute("DELETE FROM roster WHERE province = ? AND fiscal_year = ?", (province, int(fiscal_year)))
            _insert_rows(
                c,
                "roster",
                ["province", "fiscal_year", "district", "agency", "kind", "subdistrict", "source", "saved_at"],
                unique,
            )
            return len(unique)

        return self._write(run)

    def roster(self, province: str, fiscal_year: int) -> pd.DataFrame:
        """The saved roster of a province and fiscal year (empty when none), by district and name."""
        cols = ["province", "fiscal_year", "district", "agency", "kind", "subdistrict", "source", "saved_at"]
        rows = self._read(
            lambda c: c.execute(
                f"SELECT {', '.join(cols)} FROM roster WHERE province = ? AND fiscal_year = ? "
                "ORDER BY district, agency",
                (province, int(fiscal_year)),
            ).fetchall()
        )
        df = pd.DataFrame.from_records(rows, columns=cols)
        df["fiscal_year"] = pd.to_numeric(df["fiscal_year"]).astype("Int64")
        return df

    def rosters(self) -> pd.DataFrame:
        """Saved rosters: province, fiscal_year, agencies, saved_at (newest first)."""
        rows = self._read(
            lambda c: c.execute(
                "SELECT province, fiscal_year, count(*), max(saved_at) FROM roster GROUP BY province, fiscal_year "
                "ORDER BY max(saved_at) DESC"
            ).fetchall()
        )
        return pd.DataFrame.from_records(rows, columns=["province", "fiscal_year", "agencies", "saved_at"])

    # ------------------------------------------------------------ deleting
    def delete_report(self, report_id: int, hard: bool = False) -> Message:
        """Soft delete (status "deleted", kept and reversible) unless `hard` (rows removed for good).

        Confirm with the officer first, showing `describe_report(report_id)`.
        """
        report_id = int(report_id)

        def run(c: sqlite3.Connection) -> Message:
            row = c.execute("SELECT status FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row is None:
                raise StoreError(store_message("report_not_found", id=report_id))
            if hard:
                c.execute("DELETE FROM reports WHERE id = ?", (report_id,))
                return store_message("deleted_hard", "info", id=report_id)
            if row[0] == "deleted":
                return store_message("already_deleted", "info", id=report_id)
            c.execute("UPDATE reports SET status = 'deleted', status_changed_at = ? WHERE id = ?", (_now(), report_id))
            return store_message("deleted", "info", id=report_id)

        return self._write(run)

    def reactivate_report(self, report_id: int) -> Message:
        """Bring a deleted or replaced report back, unless another active report has its place."""
        report_id = int(report_id)

        def run(c: sqlite3.Connection) -> Message:
            row = c.execute(
                'SELECT status, agency, fiscal_year, "round" FROM reports WHERE id = ?', (report_id,)
            ).fetchone()
            if row is None:
                raise StoreError(store_message("report_not_found", id=report_id))
            status, agency, fy, rd = row
            if status == "active":
                return store_message("already_active", "info", id=report_id)
            if agency:
                other = c.execute(
                    """SELECT id FROM reports WHERE status = 'active' AND agency = ?
                                     AND fiscal_year IS ? AND "round" IS ? AND id <> ?""",
                    (agency, fy, rd, report_id),
                ).fetchone()
                if other:
                    raise StoreError(store_message("reactivate_conflict", id=report_id, other=other[0]))
            c.execute(
                "UPDATE reports SET status = 'active', replaced_by = NULL, status_changed_at = ? WHERE id = ?",
                (_now(), report_id),
            )
            return store_message("reactivated", "info", id=report_id)

        return self._write(run)

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
        return self._write(lambda c: _insert_correction(c, *edit, note, by))

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
        return self._write(lambda c: [_insert_correction(c, *edit, note, by) for edit in edits])

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
                (_now(), str(by or ""), correction_id),
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

    # ------------------------------------------------------------ backup and restore
    def export_zip(self, target: str | os.PathLike | IO[bytes], overwrite: bool = False) -> dict:
        """Write a backup zip: a consistent copy of the database (SQLite backup API) and one CSV per
        table (UTF-8 with BOM, for Excel), plus manifest.json. Returns the manifest.

        `target` is a path (written atomically; an existing file only with overwrite=True) or a
        binary file object (e.g. io.BytesIO for a download button).
        """
        is_path = isinstance(target, (str, os.PathLike))
        label = str(target) if is_path else str(getattr(target, "name", "backup.zip"))
        if is_path and Path(cast("str | os.PathLike[str]", target)).exists() and not overwrite:
            raise StoreError(store_message("export_exists", path=label))
        with tempfile.TemporaryDirectory(prefix="ita-backup-") as tmp:
            copy = Path(tmp) / BACKUP_DB
            with self._lock:
                dst = sqlite3.connect(str(copy))
                try:
                    self._with_retry(lambda: self.conn.backup(dst))
                    dst.execute("PRAGMA journal_mode = DELETE")
                    damage = [str(r[0]) for r in dst.execute("PRAGMA quick_check(5)")]
                except sqlite3.DatabaseError as exc:  # a damaged page: the copy cannot even be made
                    damage = [_detail(exc)]
                finally:
                    dst.close()
            if damage != ["ok"]:  # a backup of a damaged store would hide the damage until restored
                raise StoreError(store_message("backup_refused_damaged", path=label, detail="; ".join(damage)[:160]))
            members, manifest = _backup_members(copy)
            try:
                if is_path:
                    _write_atomically(
                        Path(cast("str | os.PathLike[str]", target)), lambda fh: _write_zip(fh, copy, members)
                    )
                else:
                    _write_zip(target, copy, members)  # type: ignore[arg-type]
            except OSError as exc:
                raise StoreError(
                    store_message("export_failed", path=label, detail=exc.strerror or _detail(exc))
                ) from exc
        return manifest

    def backup_bytes(self) -> bytes:
        """The backup zip as bytes (for a download button)."""
        buf = io.BytesIO()
        self.export_zip(buf)
        return buf.getvalue()

    def restore_zip(self, source: str | os.PathLike | IO[bytes]) -> dict:
        """Restore a backup made by `export_zip` into this store, which must be empty.

        The zip is checked first (only the expected member names, no `..` or absolute paths, sizes
        within limits, checksums from the manifest, a sound database of a known schema); any
        problem raises StoreError and changes nothing. Returns the backup's manifest.
        """
        is_path = isinstance(source, (str, os.PathLike))
        label = (
            Path(cast("str | os.PathLike[str]", source)).name if is_path else str(getattr(source, "name", "backup.zip"))
        )
        if is_path and not Path(cast("str | os.PathLike[str]", source)).is_file():
            raise StoreError(store_message("file_not_found", "error", str(source)))
        present = self.counts()
        if any(present[t] for t in BACKUP_TABLES):  # checked again inside the restore's transaction
            raise StoreError(store_message("restore_not_empty", path=str(self.path), reports=present["reports"]))
        with tempfile.TemporaryDirectory(prefix="ita-restore-") as tmp:
            manifest, copy = _extract_backup(source, label, Path(tmp))
            _prepare_backup_db(copy, label, self.retries)
            with self._lock:
                conn = self.conn
                conn.execute("ATTACH DATABASE ? AS backup", (str(copy),))
                try:

                    def fail(exc: BaseException) -> StoreError:
                        return StoreError(store_message("restore_damaged", "error", label, detail=_detail(exc)))

                    counts = _transaction(conn, lambda c: _copy_backup(c, str(self.path)), fail, self.retries)
                finally:
                    conn.execute("DETACH DATABASE backup")
        manifest["restored"] = counts
        return manifest


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
            raise bad("ต้องเป็นจำนวนเต็ม / must be a whole number") from None
        if number != int(number):
            raise bad("ต้องเป็นจำนวนเต็ม / must be a whole number")
        return str(int(number))
    if kind == "real":
        try:
            number = float(text.rstrip("%"))
        except ValueError:
            raise bad("ต้องเป็นตัวเลข 0-100 / must be a number 0-100") from None
        if not 0 <= number <= 100:
            raise bad("ต้องเป็นตัวเลข 0-100 / must be a number 0-100")
        return repr(number)
    allowed = {"status": STATUSES, "timeliness": TIMELINESS, "tool": TOOLS + ("",)}.get(field_name)
    if allowed is not None and text not in allowed:
        raise bad(" / ".join(a for a in allowed if a))
    if field_name in ("due_date", "completed_date", "as_of") and text:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise bad("ต้องเป็นวันที่ YYYY-MM-DD (ค.ศ.) / must be a date YYYY-MM-DD (CE)") from None
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
        (report_id, source_file, sheet, row, field_name, old, value, _now(), str(by or ""), str(note or "")),
    )
    return int(cur.lastrowid or 0)


def _apply_fixes(df: pd.DataFrame, fixes: list[tuple]) -> pd.DataFrame:  # noqa: C901 - goes with the store split (docs/architecture.md)
    """Officers' corrections over the measures (rows of report_id, sheet, row, field, new value;
    the later of two corrections of one field wins)."""
    from ita_metrics.flags import join_flags
    from ita_metrics.model import split_flags
    from ita_metrics.scoring import corrections as officer

    effective: dict[tuple, dict[str, object]] = {}
    for report_id, sheet, row, field_name, value in fixes:
        effective.setdefault((report_id, sheet, row), {})[field_name] = value
    positions: dict[tuple, list[int]] = {}
    keys = zip(df["report_id"], df["source_sheet"], df["source_row"])
    for pos, (report_id, sheet, row) in enumerate(keys):
        if not is_missing(row):
            positions.setdefault((int(report_id), str(sheet), int(row)), []).append(pos)
    out = df.copy()
    flags_col = out.columns.get_loc("flags")
    timed: dict[int, list[dict]] = {}
    for key, fields in effective.items():
        where = positions.get(key, [])
        if not where:
            continue
        for field_name, value in fields.items():
            if field_name in TIMED_FIELDS or field_name == "timeliness":
                continue
            typed = _from_text(None if value is None else str(value), field_name)
            for pos in where:
                out.iat[pos, out.columns.get_loc(field_name)] = pd.NA if typed is None else typed
        for pos in where:
            out.iat[pos, flags_col] = join_flags(split_flags(out.iat[pos, flags_col]) + [officer.CORRECTED])
        timing = {f: fields[f] or "" for f in TIMED_FIELDS if f in fields}
        if timing:
            report_id, sheet, row = key
            timed.setdefault(report_id, []).append(
                {"source_file": out["source_file"].iat[where[0]], "source_sheet": sheet, "source_row": row, **timing}
            )
    changed = list(TIMED_FIELDS) + ["reported_completed_date", "progress_pct", "timeliness", "flags"]
    for report_id, records in timed.items():
        mask = (out["report_id"] == report_id).to_numpy()
        fixed = officer.apply_corrections(out.loc[mask], records)
        for col in changed:
            out.loc[mask, col] = fixed[col].to_numpy()
    for key, fields in effective.items():  # an explicit timeliness correction has the last word
        if "timeliness" in fields:
            for pos in positions.get(key, []):
                out.iat[pos, out.columns.get_loc("timeliness")] = fields["timeliness"] or ""
    return out


def _from_text(value: str | None, field_name: str) -> object:
    kind = _kind(field_name)
    if value is None or (kind != "text" and value == ""):
        return None
    return int(value) if kind == "int" else float(value) if kind == "real" else value


# ---------------------------------------------------------------- backup helpers
_README = """ไฟล์สำรองข้อมูลคลังรายงานมาตรการ ITA / ITA measures store backup

ita.sqlite        ฐานข้อมูลทั้งหมด (ใช้กู้คืน) / the whole database (used to restore)
reports.csv       รายงานที่นำเข้า หนึ่งแถวต่อหน่วยงาน-ปี-รอบ-ไฟล์ / imported reports
measures.csv      มาตรการ (ค่าที่นำเข้า ก่อนการแก้ไข) / measures as imported, before corrections
corrections.csv   การแก้ไขของเจ้าหน้าที่ / officers' corrections
skipped_rows.csv  แถวที่ไม่ได้อ่านเป็นมาตรการ พร้อมเหตุผล / rows not read as measures, with reasons
roster.csv        รายชื่อหน่วยงานที่ต้องส่งรายงาน แยกจังหวัดและปีงบประมาณ / expected agencies per province and fiscal year
manifest.json     รุ่นโปรแกรม จำนวนแถว และ checksum / program version, row counts, checksums

กู้คืน / restore:  python -m ita_metrics store --store NEW.sqlite restore THIS.zip
"""


def _table_csv(conn: sqlite3.Connection, table: str) -> bytes:
    cur = conn.execute(f"SELECT * FROM {table} ORDER BY id")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([d[0] for d in cur.description])
    for row in cur:
        writer.writerow(neutralise_row("" if v is None else v for v in row))
    return buf.getvalue().encode("utf-8-sig")


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _backup_members(copy: Path) -> tuple[dict[str, bytes], dict]:
    """The CSVs and the manifest, all read from the database copy (one consistent state)."""
    conn = sqlite3.connect(str(copy))
    try:
        members = {f"{t}.csv": _table_csv(conn, t) for t in BACKUP_TABLES}
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in BACKUP_TABLES}
        counts["active_reports"] = conn.execute("SELECT count(*) FROM reports WHERE status = 'active'").fetchone()[0]
        version = _user_version(conn)
    finally:
        conn.close()
    members["README.txt"] = _README.encode("utf-8")
    sha = {name: hashlib.sha256(data).hexdigest() for name, data in members.items()}
    sha[BACKUP_DB] = _sha256_file(copy)
    manifest = {
        "format": BACKUP_FORMAT,
        "format_version": 1,
        "schema_version": version,
        "app_version": __version__,
        "created_at": _now(),
        "counts": counts,
        "sha256": sha,
    }
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    return members, manifest


def _write_zip(fh: IO[bytes], copy: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", members["manifest.json"])
        zf.writestr("README.txt", members["README.txt"])
        zf.write(copy, BACKUP_DB)
        for t in BACKUP_TABLES:
            zf.writestr(f"{t}.csv", members[f"{t}.csv"])


def _write_atomically(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _unsafe_name(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
    return (
        name.startswith(("/", "\\"))
        or bool(re.match(r"^[A-Za-z]:", name))
        or ".." in parts
        or "\x00" in name
        or is_link
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def _extract_backup(source: str | os.PathLike | IO[bytes], label: str, tmp: Path) -> tuple[dict, Path]:  # noqa: C901 - goes with the store split
    """Check a backup zip and copy its database to `tmp`; StoreError for anything unexpected."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise StoreError(store_message("restore_not_zip", "error", label)) from exc
    with zf:
        infos = zf.infolist()
        for info in infos:
            if _unsafe_name(info):
                raise StoreError(store_message("restore_unsafe_name", "error", label, name=info.filename))
        for info in infos:
            if info.filename not in BACKUP_MEMBERS or info.is_dir():
                raise StoreError(
                    store_message(
                        "restore_unexpected_member",
                        "error",
                        label,
                        name=info.filename,
                        allowed=", ".join(BACKUP_MEMBERS),
                    )
                )
        names = Counter(i.filename for i in infos)
        for name, n in names.items():
            if n > 1:
                raise StoreError(store_message("restore_damaged", "error", label, detail=f"{name} x{n}"))
        for name in BACKUP_REQUIRED:
            if name not in names:
                raise StoreError(store_message("restore_missing_member", "error", label, name=name))
        for info in infos:
            limit = MEMBER_LIMITS.get(info.filename, MAX_MEMBER_BYTES)
            if info.file_size > limit:
                raise StoreError(
                    store_message(
                        "restore_too_large",
                        "error",
                        label,
                        name=info.filename,
                        size=_mb(info.file_size),
                        limit=_mb(limit),
                    )
                )
        try:
            manifest = json.loads(_read_member(zf, "manifest.json", MAX_MANIFEST_BYTES, label).decode("utf-8"))
            if (
                not isinstance(manifest, dict)
                or manifest.get("format") != BACKUP_FORMAT
                or not isinstance(manifest.get("sha256"), dict)
            ):
                raise ValueError("manifest.json")
        except (ValueError, UnicodeDecodeError) as exc:
            raise StoreError(store_message("restore_damaged", "error", label, detail="manifest.json")) from exc
        found = manifest.get("schema_version")
        if isinstance(found, int) and found > schema_version():
            raise StoreError(store_message("restore_too_new", "error", label, found=found, known=schema_version()))
        copy = tmp / "restore.sqlite"
        for name in names:
            if name == "manifest.json":
                continue
            want = manifest["sha256"].get(name)
            limit = MEMBER_LIMITS.get(name, MAX_MEMBER_BYTES)
            if name == BACKUP_DB:
                got = _copy_member(zf, name, copy, limit, label)
            else:  # hashed as it streams: a bomb is never held in memory
                got = _hash_member(zf, name, limit, label)
            if got != want:
                raise StoreError(store_message("restore_damaged", "error", label, detail=f"checksum {name}"))
    return manifest, copy


def _stream(zf: zipfile.ZipFile, name: str, limit: int, label: str) -> Iterable[bytes]:
    """A member's bytes in chunks, stopping past `limit` whatever its header claims."""
    total = 0
    try:
        with zf.open(name) as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
                if total > limit:
                    raise StoreError(
                        store_message(
                            "restore_too_large", "error", label, name=name, size=f">{_mb(limit)}", limit=_mb(limit)
                        )
                    )
                yield chunk
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise StoreError(store_message("restore_damaged", "error", label, detail=f"{name}: {_detail(exc)}")) from exc


def _read_member(zf: zipfile.ZipFile, name: str, limit: int, label: str) -> bytes:
    return b"".join(_stream(zf, name, limit, label))


def _hash_member(zf: zipfile.ZipFile, name: str, limit: int, label: str) -> str:
    h = hashlib.sha256()
    for chunk in _stream(zf, name, limit, label):
        h.update(chunk)
    return h.hexdigest()


def _copy_member(zf: zipfile.ZipFile, name: str, dest: Path, limit: int, label: str) -> str:
    h = hashlib.sha256()
    with dest.open("wb") as out:
        for chunk in _stream(zf, name, limit, label):
            h.update(chunk)
            out.write(chunk)
    return h.hexdigest()


def _prepare_backup_db(copy: Path, label: str, retries: int) -> None:
    """Check the extracted database and bring it to the current schema (it is our own temp copy)."""
    with copy.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise StoreError(store_message("restore_damaged", "error", label, detail="ita.sqlite"))
    conn = sqlite3.connect(str(copy), isolation_level=None)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(store_message("restore_damaged", "error", label, detail="integrity_check"))
        found = _user_version(conn)
        if found > schema_version():
            raise StoreError(store_message("restore_too_new", "error", label, found=found, known=schema_version()))
        # Only data is taken from a backup: no triggers or views of its own.
        for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')"
        ).fetchall():
            conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        _migrate(conn, label, retries)
    except sqlite3.DatabaseError as exc:
        raise StoreError(store_message("restore_damaged", "error", label, detail=_detail(exc))) from exc
    finally:
        conn.close()


def _copy_backup(conn: sqlite3.Connection, path_label: str) -> dict[str, int]:
    """Inside a transaction: copy every table from the attached `backup` into an empty main."""
    present = {t: conn.execute(f"SELECT count(*) FROM main.{t}").fetchone()[0] for t in BACKUP_TABLES}
    if any(present.values()):
        raise StoreError(store_message("restore_not_empty", path=path_label, reports=present["reports"]))
    conn.execute("PRAGMA defer_foreign_keys = ON")
    counts = {}
    for t in BACKUP_TABLES:
        cols = [r[1] for r in conn.execute(f"PRAGMA main.table_info({t})")]
        theirs = {r[1] for r in conn.execute(f"PRAGMA backup.table_info({t})")}
        if not theirs >= set(cols):
            raise sqlite3.DatabaseError(f"table {t}: columns differ")
        names = ", ".join(f'"{c}"' for c in cols)
        conn.execute(f"INSERT INTO main.{t} ({names}) SELECT {names} FROM backup.{t} ORDER BY id")
        counts[t] = conn.execute(f"SELECT count(*) FROM main.{t}").fetchone()[0]
    seq = conn.execute("SELECT name, seq FROM backup.sqlite_sequence").fetchall()
    # the counters exactly as in the backup (copying an empty table may have started one at 0)
    conn.execute(
        f"DELETE FROM main.sqlite_sequence WHERE name IN ({', '.join('?' * len(BACKUP_TABLES))})", BACKUP_TABLES
    )
    for name, value in seq:
        if name in BACKUP_TABLES:
            conn.execute("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)", (name, value))
    if conn.execute("PRAGMA main.foreign_key_check").fetchall():
        raise sqlite3.DatabaseError("foreign keys")
    bad = conn.execute(
        "SELECT count(*) FROM main.reports WHERE status NOT IN ('active', 'replaced', 'deleted')"
    ).fetchone()[0]
    if bad:
        raise sqlite3.DatabaseError("report status")
    counts["active_reports"] = conn.execute("SELECT count(*) FROM main.reports WHERE status = 'active'").fetchone()[0]
    return counts
