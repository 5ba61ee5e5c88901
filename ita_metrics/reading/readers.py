"""Bytes to sheets of cells. Every failure becomes a ReadError with a Thai/English message."""

from __future__ import annotations

import csv
import io
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, cast

from ita_metrics.errors import Message, ReadError, message
from ita_metrics.reading import csv_checks, worker_pool
from ita_metrics.reading.limits import (
    check_file_size,
    check_sheet_count,
    check_sheet_size,
    check_zip,
    fmt,
    get_limits,
    worker_caps,
)
from ita_metrics.words import text

if TYPE_CHECKING:
    from ita_metrics.reading.scan_reader import ScanTable

WORKBOOK_EXT = {".xlsx", ".xls", ".ods"}
MACRO_EXT = {".xlsm", ".xlsb", ".xltm", ".docm", ".dotm"}
CSV_EXT = {".csv", ".txt", ".tsv"}
DOCUMENT_EXT = {".docx", ".pdf"}
READABLE_EXT = WORKBOOK_EXT | CSV_EXT | DOCUMENT_EXT
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Sheet:
    """One table of cells. `rows[i]` is spreadsheet row i+1 (for CSV: record i+1).

    Documents (PDF, Word) put all their pages/tables into one Sheet so that a table row broken
    across pages can be joined; `origins[i]` then says where row i+1 really is (("หน้า 3", 7):
    page 3, row 7 of that page) and is what `source_sheet`/`source_row` show. `continues` holds
    0-based rows the reader knows continue the row above (a table row split by a page break).
    """

    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based r0, c0, r1, c1
    hidden: bool = False
    origins: list[tuple[str, int]] | None = None
    continues: set[int] = field(default_factory=set)
    messages: list[Message] = field(default_factory=list)  # the reader's notes (a scanned page skipped)
    ocr: ScanTable | None = None  # read from a scan: each cell's page, confidence, doubt and picture

    def origin(self, row_no: int) -> tuple[str, int]:
        """(sheet, row) to show for 1-based row `row_no`: the page and row on it for documents."""
        if self.origins is not None and 0 < row_no <= len(self.origins):
            return self.origins[row_no - 1]
        return self.name, row_no


def extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def read_sheets(
    data: bytes, name: str, progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None
) -> list[Sheet]:
    """All sheets of a workbook, or the one table of a CSV or document, read in a worker process.

    Whatever the reader does with hostile bytes (abort, panic, hang, allocate without end), only the
    worker is lost: the file gets a ReadError with a Thai message and the caller carries on. Caps per
    format: `data/limits.toml` [worker]; see docs/architecture.md "Reading in a worker".
    `progress(done, total)` is called here as the worker reports OCR pages; `cancel` (set from
    another thread) ends the worker and its Tesseracts, and the file is dropped (OcrCancelled)."""
    if not data:
        raise ReadError(message("empty_file", file=name))
    check_file_size(data, name)
    ext = extension(name)
    try:
        return worker_pool.run(read_sheets_here, data, name, caps=worker_caps(ext), progress=progress, cancel=cancel)
    except worker_pool.WorkerFailed as exc:
        raise ReadError(worker_message(exc, name, ext)) from None
    except worker_pool.Cancelled:
        from ita_metrics.reading.tesseract import OcrCancelled

        raise OcrCancelled() from None


def worker_message(exc: worker_pool.WorkerFailed, name: str, ext: str) -> Message:
    """The Thai/English message for a read the worker could not finish, naming the cap hit."""
    caps = worker_caps(ext)
    return message(
        f"reader_{exc.reason}",
        file=name,
        memory=fmt(caps.memory_mb),
        cpu=fmt(caps.cpu_seconds),
        wall=fmt(caps.wall_seconds),
        detail=exc.detail,
    )


def read_sheets_here(
    data: bytes, name: str, progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None
) -> list[Sheet]:
    """The read itself, by format: runs inside the worker (call `read_sheets`, never this).
    A new format's reader is one more branch here; it must return picklable `Sheet`s."""
    ext = extension(name)
    if ext in MACRO_EXT:
        raise ReadError(message("macro_workbook", file=name))
    if ext in CSV_EXT:
        return [read_csv(data, name)]
    if ext in WORKBOOK_EXT:
        check_container(data, name, ext)
        return read_workbook(data, name)
    if ext == ".docx":
        from ita_metrics.reading.read_docx import read_docx

        return read_docx(data, name)
    if ext == ".pdf":
        from ita_metrics.reading.read_pdf import read_pdf

        return read_pdf(data, name, progress, cancel)
    if ext == ".doc":
        raise ReadError(message("old_word", file=name))
    raise ReadError(message("unsupported_extension", file=name, ext=ext or text("file.no_extension")))


def check_container(data: bytes, name: str, ext: str) -> None:
    """Refuse files that are not what their extension says before a parser sees them."""
    if ext in (".xlsx", ".ods"):
        if data.startswith(OLE_MAGIC):
            # An OOXML file inside an OLE container is how Excel stores password-encrypted workbooks.
            raise ReadError(message("encrypted_workbook", file=name))
        if not data.startswith(ZIP_MAGIC):
            raise ReadError(message("not_a_workbook", file=name))
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ReadError(message("damaged_workbook", file=name, detail=type(exc).__name__)) from None
        if ext == ".xlsx" and any(n.lower().endswith("vbaproject.bin") for n in names):
            raise ReadError(message("macro_workbook", file=name))
        if "EncryptionInfo" in names:
            raise ReadError(message("encrypted_workbook", file=name))
        check_zip(data, name, ext)  # sizes, member count, ratio, used range: before any parser
    elif ext == ".xls" and not data.startswith(OLE_MAGIC):
        if data.startswith(ZIP_MAGIC):
            check_zip(data, name, ".xlsx")
            return  # an .xlsx saved with the wrong extension: calamine reads it by content
        raise ReadError(message("not_a_workbook", file=name))


def read_workbook(data: bytes, name: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        meta = {m.name: m for m in getattr(wb, "sheets_metadata", [])}
        check_sheet_count(len(wb.sheet_names), name)
        sheets = []
        for idx, sheet_name in enumerate(wb.sheet_names):
            ws = wb.get_sheet_by_index(idx)
            check_sheet_size(ws.height, ws.width, name, sheet_name)  # before cells become Python objects
            rows: list[list[object]] = [list(r) for r in ws.to_python(skip_empty_area=False)]
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (ws.merged_cell_ranges or [])]
            visible = str(getattr(meta.get(sheet_name), "visible", "Visible"))
            sheets.append(Sheet(sheet_name, rows, merged, hidden="hidden" in visible.lower()))
    except (ReadError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - calamine raises several error types for broken files
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise ReadError(message("encrypted_workbook", file=name)) from None
        raise ReadError(message("damaged_workbook", file=name, detail=type(exc).__name__)) from None
    except BaseException as exc:  # a Rust panic in calamine (pyo3 PanicException) is not an Exception
        if type(exc).__name__ != "PanicException":
            raise
        raise ReadError(message("unreadable_cell_value", file=name)) from None
    if not sheets:
        raise ReadError(message("no_sheets", file=name))
    return sheets


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or CP874/TIS-620, told apart without asking."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise ReadError(message("binary_csv", file=name))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        raise ReadError(message("unknown_encoding", file=name)) from None
    if not looks_thai(text):
        raise ReadError(message("unknown_encoding", file=name))
    return text


def looks_thai(text: str) -> bool:
    """CP874 decodes most byte soup; real Thai text has its non-ASCII characters in the Thai block."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    thai = sum(1 for ch in non_ascii if "\u0e00" <= ch <= "\u0e7f")
    return thai / len(non_ascii) >= 0.9


def read_csv(data: bytes, name: str) -> Sheet:
    text = decode_text(data, name)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if extension(name) == ".tsv" else ","
    lim = get_limits()
    rows: list[list[object]] = []
    starts: list[int] = []  # the physical line each record starts on (for messages)
    cells = 0
    csv.field_size_limit(lim.max_cell_chars)  # process-wide, but the reader worker reads only CSV this way
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for r in reader:
            starts.append(line + 1)
            line = reader.line_num
            rows.append(list(r))
            cells += len(r)
            if len(rows) > lim.max_rows or cells > lim.max_cells:  # stop reading as soon as a cap is passed
                check_sheet_size(len(rows), 0, name, "", lim, cells=cells)
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise ReadError(
                message(
                    "csv_cell_too_long",
                    file=name,
                    row=len(rows) + 1,
                    record=len(rows) + 1,
                    line=reader.line_num,
                    limit=fmt(lim.max_cell_chars),
                )
            ) from None
        raise ReadError(
            message(
                "damaged_csv",
                file=name,
                row=len(rows) + 1,
                record=len(rows) + 1,
                line=reader.line_num,
                detail=str(exc)[:60],
            )
        ) from None
    notes = csv_checks.check(cast(list[list[str]], rows), starts, text.count("\n") + 1, delimiter, name)
    return Sheet("", rows, messages=notes)
