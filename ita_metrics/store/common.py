"""Constants, messages and value conversions shared by every part of the store."""

from __future__ import annotations

import re
import unicodedata

from ita_metrics.coerce import is_missing, to_int
from ita_metrics.errors import Message
from ita_metrics.model import INT_FIELDS, STORED_FIELDS
from ita_metrics.words import coded

ON_CONFLICT = ("ask", "replace", "keep")
REPORT_STATUSES = ("active", "replaced", "deleted")
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
    """A message from the `store_msg.<code>` row of data/ui_text.csv; `values` fill the {placeholders}."""
    words = coded("store_msg.", code)
    if words is None:
        return Message(level, code, code, code, file)
    return Message(level, code, words[0].format(**values), words[1].format(**values), file)


def message_line(msg: Message) -> str:
    """One line for a log or stderr: where (when known), Thai, English."""
    return msg.line() if msg.where() else f"{msg.th} / {msg.en}"


class StoreError(Exception):
    """The store could not do what was asked; nothing was changed. `.msg` says why (Thai / English)."""

    def __init__(self, msg: Message):
        super().__init__(message_line(msg))
        self.msg = msg


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
