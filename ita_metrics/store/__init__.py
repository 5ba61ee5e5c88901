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

from ita_metrics.model import STORED_FIELDS as STORED_FIELDS
from ita_metrics.store.backup import Backup
from ita_metrics.store.common import (
    BACKUP_DB,
    BACKUP_FORMAT,
    BACKUP_MEMBERS,
    BACKUP_REQUIRED,
    BACKUP_TABLES,
    BUSY_TIMEOUT_S,
    CORRECTABLE_FIELDS,
    CORRECTION_COLUMNS,
    MAX_MANIFEST_BYTES,
    MAX_MEMBER_BYTES,
    MEMBER_LIMITS,
    ON_CONFLICT,
    REPORT_COLUMNS,
    REPORT_STATUSES,
    RETRIES,
    SKIPPED_COLUMNS,
    TIMED_FIELDS,
    StoreError,
    message_line,
    store_message,
)
from ita_metrics.store.fixes import Fixes
from ita_metrics.store.fixes import _apply_fixes as _apply_fixes
from ita_metrics.store.importing import Conflict, Importing, ImportOutcome
from ita_metrics.store.queries import Queries
from ita_metrics.store.schema import MIGRATIONS, Migration, schema_version
from ita_metrics.store.schema import _insert_rows as _insert_rows
from ita_metrics.store.schema import _user_version as _user_version
from ita_metrics.words import when_text as when_text

__all__ = [
    "BACKUP_DB",
    "BACKUP_FORMAT",
    "BACKUP_MEMBERS",
    "BACKUP_REQUIRED",
    "BACKUP_TABLES",
    "BUSY_TIMEOUT_S",
    "CORRECTABLE_FIELDS",
    "CORRECTION_COLUMNS",
    "MAX_MANIFEST_BYTES",
    "MAX_MEMBER_BYTES",
    "MEMBER_LIMITS",
    "MIGRATIONS",
    "ON_CONFLICT",
    "REPORT_COLUMNS",
    "REPORT_STATUSES",
    "RETRIES",
    "SKIPPED_COLUMNS",
    "TIMED_FIELDS",
    "Conflict",
    "ImportOutcome",
    "Migration",
    "Store",
    "StoreError",
    "message_line",
    "schema_version",
    "store_message",
]


# ---------------------------------------------------------------- the store
class Store(Importing, Queries, Fixes, Backup):
    """The report store in one SQLite file. Use as a context manager or call `close()`."""
