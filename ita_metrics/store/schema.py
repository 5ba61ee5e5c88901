"""The store's schema and migrations, its SQLite connections and whole-transaction retries."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ita_metrics.store.common import BUSY_TIMEOUT_S, RETRIES, StoreError, store_message


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


def _stamp(moment: datetime) -> str:
    """A stored timestamp: ISO, to the second, with the zone offset."""
    return moment.isoformat(timespec="seconds")
