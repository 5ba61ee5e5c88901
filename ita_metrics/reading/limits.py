"""Input limits: caps on what an uploaded file may make us read, checked before parsing.

The caps live in `data/limits.toml`; each can be overridden by an environment variable
(`ITA_MAX_FILE_MB`, ...). Every refusal is a `ReadError` with a Thai/English message that names
the limit. Zip containers (.xlsx/.ods) are checked from the central directory first (member count,
declared sizes, compression ratio), then every member is decompressed once, streaming, with the
real byte count capped, and every member (a worksheet part may have any name: the reader follows the
relationships) is scanned by content for the used range, so that a tiny file that declares a cell at
XFD1048576 (which would make calamine allocate the whole grid) never reaches it.
"""

from __future__ import annotations

import io
import os
import re
import tomllib
import zipfile
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import TYPE_CHECKING

from ita_metrics.config import setting
from ita_metrics.datafiles import data_path
from ita_metrics.errors import ReadError, message

if TYPE_CHECKING:
    from ita_metrics.reading.worker_pool import Caps

MB = 1024 * 1024
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 20
    max_sheets: int = 50
    max_rows: int = 20_000
    max_cells: int = 1_000_000
    max_members: int = 10_000
    max_uncompressed_mb: float = 200
    max_ratio: float = 100
    ratio_min_total_mb: float = 50
    max_cell_chars: int = 131_072
    max_pages: int = 300


ENV = {
    "max_file_mb": "ITA_MAX_FILE_MB",
    "max_sheets": "ITA_MAX_SHEETS",
    "max_rows": "ITA_MAX_ROWS",
    "max_cells": "ITA_MAX_CELLS",
    "max_members": "ITA_MAX_ZIP_MEMBERS",
    "max_uncompressed_mb": "ITA_MAX_UNCOMPRESSED_MB",
    "max_ratio": "ITA_MAX_ZIP_RATIO",
    "ratio_min_total_mb": "ITA_ZIP_RATIO_MIN_MB",
    "max_cell_chars": "ITA_MAX_CELL_CHARS",
    "max_pages": "ITA_MAX_PAGES",
}


@lru_cache(maxsize=1)
def _toml() -> dict:
    with data_path("limits.toml").open("rb") as fh:
        return tomllib.load(fh)


def _from_toml() -> dict:
    flat: dict = {}
    for section, value in _toml().items():
        if isinstance(value, dict) and section not in ("worker", "uploads"):
            flat.update(value)
    return flat


def get_limits() -> Limits:
    """Defaults, then data/limits.toml, then environment variables (read on every call)."""
    values: dict = {}
    toml = _from_toml()
    for f in fields(Limits):
        kind = int if f.type in ("int", int) else float
        raw = setting(ENV[f.name]) or toml.get(f.name)
        if raw is None or raw == "":
            continue
        try:
            num = kind(float(raw))
        except (TypeError, ValueError):
            continue  # a bad override keeps the file's value rather than disabling the limit
        if num > 0:
            values[f.name] = num
    return Limits(**values)


WORKER_ENV = {
    "memory_mb": "ITA_READ_MEMORY_MB",
    "cpu_seconds": "ITA_READ_CPU_SECONDS",
    "wall_seconds": "ITA_READ_WALL_SECONDS",
}


def _positive(raw: object) -> float | None:
    try:
        num = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return num if num > 0 else None


def worker_caps(ext: str) -> Caps:
    """Caps for reading one file of this extension (".xlsx" or "xlsx"): [worker], then
    [worker.formats.<ext>], then the environment."""
    from ita_metrics.reading.worker_pool import Caps

    section = _toml().get("worker", {})
    per_format = section.get("formats", {}).get(ext.lower().lstrip("."), {})
    values = {}
    for name, env in WORKER_ENV.items():
        for raw in (section.get(name), per_format.get(name), setting(env) or None):
            num = _positive(raw)
            if num is not None:
                values[name] = num
    return Caps(**values)


def upload_caps() -> tuple[int, int]:
    """(files, bytes) one dashboard session may hold uploaded at once: [uploads] in limits.toml,
    `ITA_SESSION_MAX_FILES` / `ITA_SESSION_MAX_MB`."""
    section = _toml().get("uploads", {})
    files = _positive(setting("ITA_SESSION_MAX_FILES") or section.get("max_session_files")) or 1000
    mb = _positive(setting("ITA_SESSION_MAX_MB") or section.get("max_session_mb")) or 300
    return int(files), int(mb * MB)


def worker_processes() -> int:
    """How many reader processes may run at once (0 in the file: one per core, at most 4)."""
    raw = setting("ITA_READ_WORKERS") or _toml().get("worker", {}).get("processes", 0)
    num = _positive(raw)
    return int(num) if num else max(1, min(os.cpu_count() or 1, 4))


def fmt(n: float) -> str:
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"


# --- checks ---------------------------------------------------------------------------------


def check_file_size(data: bytes, name: str, lim: Limits | None = None) -> None:
    lim = lim or get_limits()
    if len(data) > lim.max_file_mb * MB:
        raise ReadError(message("too_large", file=name, size=f"{len(data) / MB:,.1f}", limit=fmt(lim.max_file_mb)))


def check_sheet_count(n: int, name: str, lim: Limits | None = None) -> None:
    lim = lim or get_limits()
    if n > lim.max_sheets:
        raise ReadError(message("too_many_sheets", file=name, n=fmt(n), limit=fmt(lim.max_sheets)))


def check_sheet_size(
    rows: int, cols: int, name: str, sheet: str, lim: Limits | None = None, cells: int | None = None
) -> None:
    """`rows` x `cols` is the grid a reader materialises; `cells` overrides the product (CSV)."""
    lim = lim or get_limits()
    label = sheet or "(CSV)"
    if rows > lim.max_rows:
        raise ReadError(
            message("too_many_rows", file=name, sheet=sheet, sheet_name=label, rows=fmt(rows), limit=fmt(lim.max_rows))
        )
    total = rows * cols if cells is None else cells
    if total > lim.max_cells:
        raise ReadError(
            message(
                "too_many_cells", file=name, sheet=sheet, sheet_name=label, cells=fmt(total), limit=fmt(lim.max_cells)
            )
        )


def check_zip(data: bytes, name: str, ext: str, lim: Limits | None = None) -> None:
    """Central directory checks, then one streaming pass over every member (real sizes, CRC, cells)."""
    lim = lim or get_limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > lim.max_members:
                raise ReadError(message("too_many_members", file=name, n=fmt(len(infos)), limit=fmt(lim.max_members)))
            declared = sum(max(i.file_size, 0) for i in infos)
            compressed = sum(max(i.compress_size, 0) for i in infos)
            if declared > lim.max_uncompressed_mb * MB or (
                declared > lim.ratio_min_total_mb * MB and declared > lim.max_ratio * max(compressed, 1)
            ):
                raise ReadError(_bomb(name, declared, compressed, lim))
            names = _sheet_names(zf, ext)
            budget = [int(lim.max_uncompressed_mb * MB)]
            for info in infos:
                if info.is_dir():
                    continue
                # Every member, whatever its name: the reader follows the workbook's relationships,
                # so a worksheet may be called sheet1.dat. The scan looks at the content.
                scanner = (
                    OdsScanner()
                    if ext == ".ods" and info.filename == "content.xml"
                    else XlsxScanner()
                    if ext != ".ods"
                    else None
                )
                label = names.get(info.filename, info.filename)
                _stream(zf, info, budget, scanner, name, label, declared, compressed, lim)
                if scanner:
                    for sheet, (rows, cols) in scanner.result().items():
                        check_sheet_size(rows, cols, name, sheet or label, lim)
    except ReadError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        KeyError,
        OverflowError,
    ) as exc:
        # RuntimeError: encrypted member; NotImplementedError: unknown compression method
        if isinstance(exc, RuntimeError) and "encrypt" in str(exc).lower():
            raise ReadError(message("encrypted_workbook", file=name)) from None
        raise ReadError(message("damaged_workbook", file=name, detail=type(exc).__name__)) from None
    except Exception as exc:  # noqa: BLE001 - zlib.error and friends
        raise ReadError(message("damaged_workbook", file=name, detail=type(exc).__name__)) from None


def _bomb(name: str, declared: int, compressed: int, lim: Limits):
    return message(
        "zip_bomb",
        file=name,
        size=fmt(declared / MB),
        limit=fmt(lim.max_uncompressed_mb),
        ratio=fmt(declared / max(compressed, 1)),
        max_ratio=fmt(lim.max_ratio),
    )


def _stream(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: list[int],
    scanner,
    name: str,
    label: str,
    declared: int,
    compressed: int,
    lim: Limits,
) -> None:
    """Decompress one member with the total real output capped; feed XML to the scanner."""
    if info.flag_bits & 0x1:
        raise ReadError(message("encrypted_workbook", file=name))
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise ReadError(_bomb(name, declared, compressed, lim))
            if scanner:
                scanner.feed(chunk)
                bad = scanner.over(lim)
                if bad:
                    sheet, rows, cols = bad
                    check_sheet_size(rows, cols, name, sheet or label, lim)
    if scanner:
        scanner.close()


# --- worksheet XML scanners (regex over tags: no XML parser, no entity expansion) ---------------

_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""\br\s*=\s*["']([A-Za-z]*)(\d*)["']""")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])")
# A cell tag whose first r attribute (the one _R_ATTR finds) is a full reference: letters and digits.
_CELL_REF = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?c\s(?:(?!\br\s*=\s*["'][A-Za-z]*\d*["'])[^>])*"""
    rb"""\br\s*=\s*["']([A-Za-z]+)(\d+)["'][^>]*>"""
)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


class _Chunked:
    """Feed bytes; complete tags are handed to `_tags`, a partial tag is kept for the next chunk."""

    def __init__(self) -> None:
        self._rest = b""

    def feed(self, chunk: bytes) -> None:
        buf = self._rest + chunk
        cut = buf.rfind(b"<")
        if cut == -1 or buf.find(b">", cut) != -1 or len(buf) - cut > CHUNK:
            cut = len(buf)
        self._tags(buf[:cut])
        self._rest = buf[cut:]

    def close(self) -> None:
        self._tags(self._rest)
        self._rest = b""

    def _tags(self, buf: bytes) -> None:
        raise NotImplementedError


class XlsxScanner(_Chunked):
    """Used range of an OOXML worksheet the way calamine builds it (min..max of the cells present)."""

    def __init__(self) -> None:
        super().__init__()
        self.row = 0
        self.col = 0
        self.min_r = self.min_c = 1 << 62
        self.max_r = self.max_c = 0

    def _tags(self, buf: bytes) -> None:
        """Every cell carrying its own reference (what Excel and most writers save): min and max
        straight from the references, the tags after the last one walked for the running row and
        column. Otherwise (cells without references) tag by tag."""
        refs = _CELL_REF.findall(buf)
        if not refs or len(refs) != len(_CELL_TAG.findall(buf)):
            self._walk(buf)
            return
        letters, digits = zip(*refs)
        rows = [int(d) for d in set(digits)]
        cols = [_col_number(c) for c in set(letters)]
        self.min_r, self.max_r = min(self.min_r, max(min(rows), 1)), max(self.max_r, max(rows), 1)
        self.min_c, self.max_c = min(self.min_c, max(min(cols), 1)), max(self.max_c, max(cols), 1)
        self.col, self.row = _col_number(letters[-1]), int(digits[-1])
        ref = b"".join(refs[-1])
        at = max(buf.rfind(b'r="' + ref), buf.rfind(b"r='" + ref))
        self._walk(buf[buf.rfind(b"<", 0, at) :] if at > 0 else buf)  # from the last cell's tag on

    def _walk(self, buf: bytes) -> None:
        for m in _ROW_OR_CELL.finditer(buf):
            attrs = m.group(2)
            ref = _R_ATTR.search(attrs)
            if m.group(1) == b"row":
                self.row = int(ref.group(2)) if ref and ref.group(2) and not ref.group(1) else self.row + 1
                self.col = 0
                continue
            if ref and ref.group(1) and ref.group(2):
                self.col, self.row = _col_number(ref.group(1)), int(ref.group(2))
            else:
                self.col += 1
            r, c = max(self.row, 1), max(self.col, 1)
            self.min_r, self.max_r = min(self.min_r, r), max(self.max_r, r)
            self.min_c, self.max_c = min(self.min_c, c), max(self.max_c, c)

    def dims(self) -> tuple[int, int]:
        if not self.max_r:
            return 0, 0
        return self.max_r - self.min_r + 1, self.max_c - self.min_c + 1

    def over(self, lim: Limits):
        rows, cols = self.dims()
        return ("", rows, cols) if rows > lim.max_rows or rows * cols > lim.max_cells else None

    def result(self) -> dict:
        rows, cols = self.dims()
        return {"": (rows, cols)} if rows else {}


_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb"""table:name\s*=\s*["']([^"']*)["']""")
_ODS_ROWS = re.compile(rb"""table:number-rows-repeated\s*=\s*["'](\d+)["']""")
_ODS_COLS = re.compile(rb"""table:number-columns-repeated\s*=\s*["'](\d+)["']""")
_ODS_VALUE = re.compile(rb"office:value-type\s*=")


class OdsScanner(_Chunked):
    """Extent of each ODS table counting repeats of non-empty cells and rows (the classic ODS bomb:
    one cell repeated 16,384 times in a row repeated 1,048,576 times)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, tuple[int, int]] = {}
        self.table = ""
        self.row_pos = 0
        self.row_rep = 1
        self.col_pos = 0
        self.row_width = 0
        self.height = self.width = 0
        self.pending_cell = None  # (start, repeat) of an open non-self-closing cell

    def _tags(self, buf: bytes) -> None:
        for m in _ODS_TAG.finditer(buf):
            closing, kind, attrs, selfclose = m.group(1), m.group(2), m.group(3), m.group(4)
            if kind == b"table":
                if closing:
                    self._end_table()
                else:
                    name = _ODS_NAME.search(attrs)
                    self._end_table()
                    self.table = name.group(1).decode("utf-8", "replace") if name else f"#{len(self.tables) + 1}"
                continue
            if kind == b"table-row":
                if closing:
                    self._end_row()
                else:
                    rep = _ODS_ROWS.search(attrs)
                    self.row_rep = min(int(rep.group(1)), 1 << 40) if rep else 1
                    self.col_pos = self.row_width = 0
                    if selfclose:
                        self._end_row()
                continue
            if closing:
                continue
            rep = _ODS_COLS.search(attrs)
            n = min(int(rep.group(1)), 1 << 40) if rep else 1
            if not selfclose or _ODS_VALUE.search(attrs):  # has content or a value: not empty
                self.row_width = self.col_pos + n
            self.col_pos += n

    def _end_row(self) -> None:
        if self.row_width:
            self.height = self.row_pos + self.row_rep
            self.width = max(self.width, self.row_width)
        self.row_pos += self.row_rep
        self.row_rep, self.col_pos, self.row_width = 1, 0, 0

    def _end_table(self) -> None:
        if self.table and self.height:
            self.tables[self.table] = (self.height, self.width)
        self.table, self.row_pos, self.height, self.width = "", 0, 0, 0

    def over(self, lim: Limits):
        if self.height > lim.max_rows or self.height * self.width > lim.max_cells:
            return self.table, self.height, self.width
        return None

    def result(self) -> dict:
        self._end_table()
        return dict(self.tables)


_WB_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_ATTR = re.compile(rb"""([\w:]+)\s*=\s*["']([^"']*)["']""")


def _sheet_names(zf: zipfile.ZipFile, ext: str) -> dict[str, str]:
    """Worksheet part → sheet name for messages (best effort; small parts only)."""
    if ext == ".ods":
        return {}
    try:

        def small(part: str) -> bytes:
            info = zf.getinfo(part)
            return zf.read(part) if info.file_size < 4 * MB else b""

        wb = small("xl/workbook.xml")
        rels = small("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return {}
    except Exception:  # noqa: BLE001 - names are only for messages
        return {}
    targets = {}
    for m in re.finditer(rb"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        a = {k.split(b":")[-1]: v for k, v in _ATTR.findall(m.group(1))}
        if b"Id" in a and b"Target" in a:
            t = a[b"Target"].decode("utf-8", "replace").lstrip("/")
            targets[a[b"Id"]] = t if t.startswith("xl/") else "xl/" + t
    out = {}
    for m in _WB_SHEET.finditer(wb):
        attrs = _ATTR.findall(m.group(1))
        a = {k.split(b":")[-1]: v for k, v in attrs}
        rid = next((v for k, v in attrs if k.endswith(b":id")), None)
        if rid in targets and b"name" in a:
            out[targets[rid]] = a[b"name"].decode("utf-8", "replace")
    return out
