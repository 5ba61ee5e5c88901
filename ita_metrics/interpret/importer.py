"""One file in, one FileResult out: measures, skipped rows with reasons, messages. Never raises
for bad input."""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported when a table is built: the streaming CLI never needs it
    import pandas as pd

from ita_metrics.datafiles import DataFileError
from ita_metrics.errors import Message, ReadError, message
from ita_metrics.interpret import asof
from ita_metrics.interpret.interpret import ReportMeta, build_record
from ita_metrics.model import to_frame
from ita_metrics.reading.layout import (
    Table,
    analysis_year_in,
    find_table,
    fiscal_year_in,
    fiscal_year_in_filename,
    has_words,
    round_in,
    round_in_filename,
)
from ita_metrics.reading.readers import Sheet, read_sheets
from ita_metrics.reading.rows import Skipped, fill_vertical_merges, skip_reason, walk
from ita_metrics.thai import catalogs, dates
from ita_metrics.thai.agencies import agency_from_filename, find_agency, normalize_agency
from ita_metrics.thai.gazetteer import fill_places
from ita_metrics.thai.thai_text import clean, is_blank

SKIPPED_COLUMNS = ["source_file", "source_sheet", "source_row", "reason", "reason_th", "reason_en", "text"]


@dataclass
class ParseOptions:
    fiscal_year: int | None = None
    round: int | None = None
    catalog_year: int | None = None
    today: date | None = None  # the caller's clock: the core never reads it (asof.resolve)


@dataclass
class FileResult:
    """One file's outcome. `measures` and `skipped` are built from the records on first use (see
    the properties below): a batch of thousands of files is written straight from the records
    without a DataFrame per file."""

    file: str
    content_hash: str
    measures: pd.DataFrame = None  # built on first use (_lazy_table below)
    skipped: pd.DataFrame = None
    messages: list[Message] = field(default_factory=list)
    error: Message | None = None
    detected: dict = field(default_factory=dict)
    records: list[dict] = field(default_factory=list, repr=False)
    skipped_records: list[dict] = field(default_factory=list, repr=False)
    ocr_cells: list[dict] = field(default_factory=list, repr=False)  # scans: how each cell was read

    @property
    def ok(self) -> bool:
        return self.error is None


def _lazy_table(name: str, build):
    """A property over a dataclass field: returns the stored frame, building it once if unset."""
    slot = f"_{name}_frame"

    def get(self: FileResult) -> pd.DataFrame:
        frame = self.__dict__.get(slot)
        if frame is None:
            frame = build(self)
            self.__dict__[slot] = frame
        return frame

    def set_(self: FileResult, frame: pd.DataFrame | None) -> None:
        self.__dict__[slot] = frame

    return property(get, set_)


FileResult.measures = _lazy_table("measures", lambda r: to_frame(r.records))


def _skipped_frame(r: FileResult) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(r.skipped_records, columns=SKIPPED_COLUMNS)


FileResult.skipped = _lazy_table("skipped", _skipped_frame)


def parse_path(
    path: str | Path,
    as_of: date | None = None,
    options: ParseOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> FileResult:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        return FileResult(p.name, "", error=message("damaged_workbook", file=p.name, detail=type(exc).__name__))
    return parse_file(data, p.name, as_of, options, progress)


def parse_file(
    data: bytes,
    name: str,
    as_of: date | None = None,
    options: ParseOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> FileResult:
    """`progress(done, total)` and `cancel` reach the OCR of a scan; a cancel raises OcrCancelled."""
    name = Path(name).name  # a name, never a path
    result = FileResult(name, hashlib.sha256(data).hexdigest())
    try:
        sheets = read_sheets(data, name, progress, cancel)
        _parse_sheets(sheets, result, as_of, options or ParseOptions())
    except ReadError as exc:
        result.error = exc.msg
    except DataFileError:
        raise  # our own vocabulary is broken, not the file: stop with file:line (datafiles.py)
    except RecursionError:
        result.error = message("damaged_workbook", file=name, detail="nesting too deep")
    except Exception as exc:  # noqa: BLE001 - bad input must never surface as a traceback
        result.error = message("internal_error", file=name, detail=f"{type(exc).__name__}: {str(exc)[:80]}")
    return result


def _parse_sheets(sheets: list[Sheet], result: FileResult, as_of: date | None, options: ParseOptions) -> None:
    name = result.file
    records: list[dict] = []
    skipped: list[dict] = []
    sheet_reports = []
    kinds: Counter[str] = Counter()
    for sheet in sheets:
        label = sheet.name
        result.messages.extend(sheet.messages)
        if sheet.hidden:
            kinds["hidden"] += 1
            result.messages.append(message("hidden_sheet", "info", name, label, sheet_name=label))
            continue
        if all(is_blank(v) for row in sheet.rows for v in row):
            kinds["empty"] += 1
            result.messages.append(message("empty_sheet", "info", name, label, sheet_name=label))
            continue
        table = find_table(sheet)
        if table is None:
            reason = "notes_sheet" if _is_notes(sheet) else "no_header"
            kinds[reason] += 1
            level = "info" if reason == "notes_sheet" else "warning"
            result.messages.append(message(reason, level, name, label, sheet_name=label))
            skipped.extend(_skip_all(sheet, reason, name))
            continue
        kinds["table"] += 1
        fill_vertical_merges(sheet, table)
        raw, skips = walk(sheet, table)
        meta, notes = _sheet_meta(sheet, table, skips, name, as_of, options)
        row_notes: list[Message] = []
        sheet_records = [_traced(build_record(r, meta, row_notes), sheet, r.row) for r in raw]
        for note in row_notes:  # a document's page and row, as for its measures
            if sheet.origins is not None and note.row is not None:
                note.sheet, note.row = sheet.origin(note.row)
        result.messages.extend(row_notes)
        if sheet.ocr is not None:
            result.ocr_cells.extend(mark_ocr(sheet, table, raw, sheet_records, name))
        records.extend(sheet_records)
        skipped.extend(_skip_rows(skips, name, sheet))
        result.messages.extend(_meta_messages(meta, notes, name, label))
        sheet_reports.append(_explain(sheet, table, meta, notes, len(sheet_records), skips))
    fill_places(records)  # a report that names no district: the gazetteer, flagged (gazetteer.py)
    result.records = records
    result.skipped_records = skipped
    result.detected = {"file": name, "sheets": sheet_reports, "sheet_kinds": dict(kinds)}
    if kinds["table"] == 0:
        code = "only_notes" if kinds["notes_sheet"] and not kinds["no_header"] else None
        if code:
            raise ReadError(message(code, file=name))
        if kinds["no_header"]:
            first = next(s.name for s in sheets if not s.hidden)
            raise ReadError(message("no_header", file=name, sheet=first, sheet_name=first or "(CSV)"))
        raise ReadError(message("no_measures", file=name))
    if not records:
        result.messages.append(message("no_measures", "warning", name))


DATE_ROLES = ("period", "monitoring", "result", "outcome", "completed_date")


def mark_ocr(sheet: Sheet, table: Table, raws: list, records: list[dict], name: str) -> list[dict]:
    """Flag every measure read from a scan (`read_by_ocr`), and `ocr_uncertain` with timeliness
    unknown when one of its date cells stayed doubtful; return how each of its cells was read."""
    scan = sheet.ocr
    assert scan is not None
    by_row: dict[int, list] = {}
    for (r, _c), cell in scan.cells.items():
        by_row.setdefault(r + 1, []).append(cell)
    out = []
    for raw, rec in zip(raws, records):
        flags = [f for f in rec["flags"].split(";") if f] + ["read_by_ocr"]
        cells = [cell for row in raw.rows for cell in by_row.get(row, [])]
        for cell in cells:
            role = table.roles.get(cell.col, "")
            if cell.uncertain and role in DATE_ROLES:
                flags.append("ocr_uncertain")
                rec["timeliness"] = "unknown"
            if cell.doubtful == "year_corrected" and role in DATE_ROLES:
                flags.append("ocr_year_corrected")
            out.append(
                {
                    "source_file": name,
                    "source_sheet": rec["source_sheet"],
                    "source_row": rec["source_row"],
                    "page": cell.page,
                    "row_on_page": sheet.origin(cell.row + 1)[1],
                    "column": role,
                    "text": cell.text,
                    "confidence": cell.confidence,
                    "doubtful": cell.doubtful,
                    "uncertain": cell.uncertain,
                    "image": cell.image,
                }
            )
        rec["flags"] = ";".join(dict.fromkeys(flags))
    return out


def _is_notes(sheet: Sheet) -> bool:
    text = " ".join(clean(v) for row in sheet.rows[:30] for v in row if not is_blank(v))
    return has_words(sheet.name, "notes") or has_words(text[:400], "notes")


def _skip_all(sheet: Sheet, reason: str, name: str) -> list[dict]:
    th, en = skip_reason(reason)
    return [
        {
            "source_file": name,
            "source_sheet": sheet.origin(r + 1)[0],
            "source_row": sheet.origin(r + 1)[1],
            "reason": reason,
            "reason_th": th,
            "reason_en": en,
            "text": " | ".join(str(v) for v in row if v not in (None, ""))[:300],
        }
        for r, row in enumerate(sheet.rows)
        if any(v not in (None, "") for v in row)
    ]


def _traced(record: dict, sheet: Sheet, row_no: int) -> dict:
    """Documents report the page (or table) and the row there, not the row of the joined sheet."""
    if sheet.origins is not None:
        record["source_sheet"], record["source_row"] = sheet.origin(row_no)
    return record


def _skip_rows(skips: list[Skipped], name: str, sheet: Sheet) -> list[dict]:
    out = []
    for s in skips:
        th, en = skip_reason(s.reason)
        where, row = sheet.origin(s.row)
        out.append(
            {
                "source_file": name,
                "source_sheet": where,
                "source_row": row,
                "reason": s.reason,
                "reason_th": th,
                "reason_en": en,
                "text": s.text[:300],
            }
        )
    return out


def _title_lines(sheet: Sheet, table: Table, skips: list[Skipped]) -> list[str]:
    lines = [s.text for s in skips if s.reason == "title" and s.text]
    for r in range(table.data_start):
        for v in sheet.rows[r]:
            t = clean(v)
            if t and t not in lines and r not in table.header_rows:
                lines.append(t)
    return lines


def _sheet_meta(
    sheet: Sheet, table: Table, skips: list[Skipped], name: str, as_of: date | None, options: ParseOptions
) -> tuple[ReportMeta, list[str]]:
    """Metadata from title rows, then the sheet name, then the file name; notes say which."""
    lines = _title_lines(sheet, table, skips)
    notes: list[str] = []
    meta = ReportMeta(source_file=name, source_sheet=sheet.name)
    for line in lines + [sheet.name]:
        hit = find_agency(line)
        if hit and hit.agency:
            meta.agency, meta.district, meta.province = hit.agency, hit.district, hit.province
            break
    if not (meta.district and meta.province):  # also consolidated sheets: "จังหวัด…" in the title only
        meta.district, meta.province = _place(lines + [sheet.name], meta)
    if not meta.agency:
        meta.agency = normalize_agency(agency_from_filename(name))
        if meta.agency:
            notes.append("agency_from_filename")
    years = [y for y in (fiscal_year_in(t) for t in lines + [sheet.name]) if y]
    meta.fiscal_year = options.fiscal_year or (Counter(years).most_common(1)[0][0] if years else None)
    if meta.fiscal_year is None:
        meta.fiscal_year = fiscal_year_in_filename(name)
        if meta.fiscal_year:
            notes.append("fiscal_year_from_filename")
    rounds = [r for r in (round_in(t) for t in lines + [sheet.name]) if r]
    meta.round = options.round or (rounds[0] if rounds else round_in_filename(name))
    analysed = [y for y in (analysis_year_in(t) for t in lines) if y]
    _catalog_year(meta, options.catalog_year or (analysed[0] if analysed else None))
    meta.report_date = asof.stated_date(
        lines + [s.text for s in skips if s.reason in ("footer", "orphan")], meta.fiscal_year
    )
    meta.as_of_source = asof.resolve(meta.fiscal_year, meta.round, meta.report_date, options.today, as_of)
    meta.as_of = meta.as_of_source.value
    return meta, notes


_DISTRICT = re.compile(r"(?:อำเภอ|(?<![ก-๙])อ\.)\s*([ก-๙]+)")
_PROVINCE = re.compile(r"(?:จังหวัด|(?<![ก-๙])จ\.)\s*([ก-๙]+)")


def _place(lines: list[str], meta: ReportMeta) -> tuple[str, str]:
    """District and province often stand on a title line of their own, below the agency's name."""
    district, province = meta.district, meta.province
    for line in lines:
        hit = find_agency(line)
        if hit and hit.agency == meta.agency:
            district, province = district or hit.district, province or hit.province
        if not district and (m := _DISTRICT.search(line)):
            district = m.group(1)
        if not province and (m := _PROVINCE.search(line)):
            province = m.group(1)
    return district, province


def _catalog_year(meta: ReportMeta, stated: int | None) -> None:
    """The framework year of the report's codes: the one it (or the user) states, else FY − 1
    (DOMAIN.md). A year read with another year's numbering (2570 → 2569's, or the nearest known
    when the year is unknown) is marked assumed: every measure gets the flag catalog_assumed."""
    target = stated or (meta.fiscal_year - 1 if meta.fiscal_year else None)
    meta.catalog_year = catalogs.nearest_year(stated) if stated else catalogs.catalog_year_for(meta.fiscal_year)
    meta.catalog_assumed = meta.catalog_year is not None and (
        catalogs.is_assumed(meta.catalog_year) or meta.catalog_year != target
    )


def round_end(fiscal_year: int | None, round_: int | None) -> date | None:
    """The last day of the period a round covers (round 6: October–March, round 12: October–September);
    not the date it is judged at (asof.reporting_date)."""
    if not fiscal_year or round_ not in (6, 12):
        return None
    year = fiscal_year - dates.BE_OFFSET
    return date(year, 3, 31) if round_ == 6 else date(year, 9, 30)


def _meta_messages(meta: ReportMeta, notes: list[str], name: str, sheet: str) -> list[Message]:
    from ita_metrics.flags import flag_catalog

    out = []
    cat = flag_catalog()
    for code in (
        notes + (["no_agency"] if not meta.agency else []) + (["no_fiscal_year"] if not meta.fiscal_year else [])
    ):
        row = cat.get(code, {"th": code, "en": code, "severity": "info"})
        out.append(Message(row.get("severity", "info"), code, row["th"], row["en"], name, sheet))
    if meta.catalog_assumed:
        out.append(
            message(
                "catalog_assumed",
                "warning",
                name,
                sheet,
                year=meta.catalog_year,
                numbering=catalogs.numbering_year(meta.catalog_year),
            )
        )
    return out


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: spreadsheet column names for the explain report."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _explain(sheet: Sheet, table: Table, meta: ReportMeta, notes: list[str], n: int, skips: list[Skipped]) -> dict:
    return {
        "sheet": sheet.name,
        "header_rows": [r + 1 for r in table.header_rows],
        "columns": {
            column_letter(c): {"header": table.header_text.get(c, ""), "role": role}
            for c, role in sorted(table.roles.items())
        },
        "unmapped_columns": {column_letter(c): t for c, t in table.header_text.items() if c not in table.roles and t},
        "metadata": {
            "agency": meta.agency,
            "district": meta.district,
            "province": meta.province,
            "fiscal_year": meta.fiscal_year,
            "round": meta.round,
            "as_of": meta.as_of.isoformat() if meta.as_of else None,
            "as_of_source": meta.as_of_source.source if meta.as_of_source else "",
            "sources": notes,
            "report_date": meta.report_date.isoformat() if meta.report_date else None,
        },
        "catalog_year": meta.catalog_year,
        "measures": n,
        "skipped": dict(Counter(s.reason for s in skips)),
    }


def parse_many(
    items: list[tuple[bytes, str]], as_of: date | None = None, options: ParseOptions | None = None
) -> list[FileResult]:
    return [parse_file(data, name, as_of, options) for data, name in items]
