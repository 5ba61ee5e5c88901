"""The core of the store: one SQLite connection per `Store`, a lock, whole-transaction retries."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, Self

from ita_metrics import clock
from ita_metrics.config import store_path
from ita_metrics.store.common import BACKUP_TABLES, BUSY_TIMEOUT_S, RETRIES, StoreError, store_message
from ita_metrics.store.schema import (
    _backoff,
    _connect,
    _detail,
    _is_busy,
    _migrate,
    _stamp,
    _transaction,
    _user_version,
)
from ita_metrics.words import both


class _StoreBase:
    """The store's connection, lock, retries and transactions; the parts build on it."""

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        timeout: float = BUSY_TIMEOUT_S,
        retries: int = RETRIES,
        now: Callable[[], datetime] = clock.now,
    ):
        self.path = store_path(path)
        self.retries = retries
        self.now = now  # the clock for import/correction/backup timestamps: given, never read here
        self._lock = threading.RLock()
        label = str(self.path)
        if self.path.is_dir():
            raise StoreError(store_message("store_unreadable", path=label, detail=both("store.a_folder")))
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def _now(self) -> str:
        return _stamp(self.now())

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
