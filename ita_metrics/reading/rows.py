"""Walk a table's rows into raw measures. Every row ends up either in a measure or in the
skipped list with a reason: nothing is dropped silently."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from ita_metrics.reading.layout import Table, has_word_start, has_words, is_repeated_header
from ita_metrics.reading.readers import Sheet
from ita_metrics.thai import catalogs
from ita_metrics.thai.thai_text import clean, is_blank, squash, to_arabic_digits
from ita_metrics.words import text

_INDICATOR_NO = re.compile(r"ตัวชี้วัดที่\s*(\d{1,2})")
_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[.)]\s*\D")

KEY_ROLES = ("issue", "measure", "item_code")
PROGRESS_ROLES = (
    "result",
    "outcome",
    "period",
    "monitoring",
    "status_text",
    "status_not_started",
    "status_in_progress",
    "status_done",
    "completed_date",
)
SECTION_MAX_CHARS = 160

SKIP_REASONS = (
    "blank",
    "title",
    "header",
    "header_repeat",
    "section",
    "continuation",
    "footer",
    "orphan",
    "notes_sheet",
    "no_header",
    "hidden_sheet",
)


def skip_reason(reason: str) -> tuple[str, str]:
    """Why a row was not read as a measure, Thai and English (skip.<reason> in data/ui_text.csv)."""
    return text(f"skip.{reason}", "th"), text(f"skip.{reason}", "en")


@dataclass
class Section:
    text: str
    tool: str = ""
    indicator: int | None = None


@dataclass
class RawMeasure:
    row: int  # 1-based row where the measure starts
    rows: list[int]
    cells: dict[str, list[object]]  # role -> values in column order
    section: Section | None = None
    flags: list[str] = field(default_factory=list)

    def text(self, role: str) -> str:
        parts: list[str] = []
        for v in self.cells.get(role, []):
            t = clean(v)
            if t and t not in parts:
                parts.append(t)
        return "\n".join(parts)

    def values(self, role: str) -> list[object]:
        return [v for v in self.cells.get(role, []) if not is_blank(v)]


@dataclass
class Skipped:
    row: int
    reason: str
    text: str


def fill_vertical_merges(sheet: Sheet, table: Table) -> None:
    """A cell merged down over several rows names every row it covers (an issue shared by several
    measures); horizontal merges are headings and are left alone."""
    for r0, c0, r1, _c1 in sheet.merged:
        if (
            r1 <= r0
            or r0 < table.data_start
            or table.roles.get(c0) not in ("issue", "item_code", "indicator", "agency", "district", "responsible")
        ):
            continue
        value = sheet.rows[r0][c0] if c0 < len(sheet.rows[r0]) else None
        for r in range(r0 + 1, min(r1 + 1, len(sheet.rows))):
            row = sheet.rows[r]
            while len(row) <= c0:
                row.append(None)
            if is_blank(row[c0]):
                row[c0] = value


def section_of(text: str) -> Section | None:
    """A heading row: 'ตัวชี้วัดที่ ๖ …', '๑. ด้านการใช้งบประมาณ', or an indicator's name alone."""
    s = to_arabic_digits(text)
    if len(s) > SECTION_MAX_CHARS:
        return None
    m = _INDICATOR_NO.search(s)
    if m and 1 <= int(m.group(1)) <= 10:
        n = int(m.group(1))
        return Section(text, catalogs.indicator_tool(n), n)
    found = catalogs.indicator_from_text(text)
    numbered = _NUMBERED.match(s) is not None
    if found and (numbered or "ด้าน" in s or len(squash(s)) <= 60):
        return Section(text, found[0], found[1])
    if numbered and len(squash(s)) <= 80 and "ด้าน" in s:
        return Section(text)
    return None


def walk(sheet: Sheet, table: Table) -> tuple[list[RawMeasure], list[Skipped]]:
    measures: list[RawMeasure] = []
    skipped: list[Skipped] = []
    for r in range(table.data_start):
        text = _row_text(sheet.rows[r])
        skipped.append(Skipped(r + 1, "header" if r in table.header_rows else ("title" if text else "blank"), text))
    section: Section | None = None
    key_cols = [c for c, role in table.roles.items() if role in KEY_ROLES]
    progress_cols = [c for c, role in table.roles.items() if role in PROGRESS_ROLES]
    for r in range(table.data_start, len(sheet.rows)):
        row = sheet.rows[r]
        filled = {c: v for c, v in enumerate(row) if not is_blank(v)}
        text = _row_text(row)
        if not filled:
            skipped.append(Skipped(r + 1, "blank", ""))
            continue
        if is_repeated_header(row, table):
            skipped.append(Skipped(r + 1, "header_repeat", text))
            continue
        if r in sheet.continues:  # the reader saw a table row split by a page break
            if _after_measure(measures, skipped):
                _merge(measures[-1], row, table, r + 1)
            skipped.append(Skipped(r + 1, "continuation", text))
            continue
        if len(filled) == 1 or _same_text(filled):
            kind, new_section = _single_cell_kind(text, next(iter(filled)), key_cols)
            if kind == "section":
                section = new_section
                skipped.append(Skipped(r + 1, "section", text))
                continue
            if kind in ("title", "footer"):
                skipped.append(Skipped(r + 1, kind, text))
                continue
        prev = measures[-1] if measures else None
        if prev is not None and _continues(row, filled, key_cols, progress_cols, prev, table):
            _merge(prev, row, table, r + 1)
            skipped.append(Skipped(r + 1, "continuation", text))
            continue
        if not any(c in filled for c in key_cols) and not any(c in filled for c in progress_cols):
            skipped.append(Skipped(r + 1, "footer" if has_word_start(text, "footer") else "orphan", text))
            continue
        measure = _new_measure(row, table, r + 1, section)
        measures.append(measure)
        # An indicator heading printed inside a measure's issue cell (ตัวชี้วัดที่ ๙ … O๑ …) heads
        # the rows below it too, until the next heading: PDF copies print it once per group.
        inline = _inline_heading(measure.text("issue"))
        if inline:
            section = inline
    return measures, skipped


def _after_measure(measures: list[RawMeasure], skipped: list[Skipped]) -> bool:
    """The last row that was neither blank nor a repeated header belongs to a measure."""
    if not measures:
        return False
    last_skip = max((s.row for s in skipped if s.reason not in ("blank", "header_repeat", "continuation")), default=0)
    return last_skip < measures[-1].rows[-1]


def _inline_heading(issue: str) -> Section | None:
    m = _INDICATOR_NO.search(to_arabic_digits(issue))
    if not m or not 1 <= int(m.group(1)) <= 10:
        return None
    n = int(m.group(1))
    return Section(issue.split("\n", 1)[0][:80], catalogs.indicator_tool(n), n)


def _row_text(row: list[object]) -> str:
    return " | ".join(clean(v) for v in row if not is_blank(v))


def _same_text(filled: dict[int, object]) -> bool:
    """Some converters repeat a merged heading's text in every cell it covered."""
    texts = {clean(v) for v in filled.values()}
    return len(texts) == 1 and len(filled) > 1


def _single_cell_kind(text: str, col: int, key_cols: list[int]) -> tuple[str, Section | None]:
    if has_words(text, "title") and "ตัวชี้วัดที่" not in text:
        return "title", None
    found = section_of(text)
    if found:
        return "section", found
    if has_word_start(text, "footer") and len(text) < 120:
        return "footer", None
    return "data", None


def _continues(row, filled, key_cols, progress_cols, prev: RawMeasure, table: Table) -> bool:
    """A page break split a measure: the next row has no key of its own, or repeats the previous
    key with no progress of its own (result, period, status all empty)."""
    if key_cols and not any(c in filled for c in key_cols):
        return True
    if any(c in filled for c in progress_cols):
        return False
    for c in key_cols:
        if c in filled and clean(filled[c]) and clean(filled[c]) in prev.text(table.roles[c]):
            return True
    from ita_metrics.thai.item_codes import find_codes

    mine = find_codes(" ".join(clean(filled[c]) for c in key_cols if c in filled))
    theirs = find_codes(prev.text("issue") + " " + prev.text("item_code"))
    return bool(mine) and mine[:1] == theirs[:1]


def _new_measure(row: list[object], table: Table, row_no: int, section: Section | None) -> RawMeasure:
    cells: dict[str, list[object]] = {}
    for c, role in sorted(table.roles.items()):
        cells.setdefault(role, []).append(row[c] if c < len(row) else None)
    m = RawMeasure(row_no, [row_no], cells, section)
    if _neighbour_repeats(row, table):
        m.flags.append("neighbour_text")
    return m


def _merge(prev: RawMeasure, row: list[object], table: Table, row_no: int) -> None:
    for c, role in sorted(table.roles.items()):
        v = row[c] if c < len(row) else None
        if not is_blank(v):
            prev.cells.setdefault(role, []).append(v)
    prev.rows.append(row_no)
    if "continued_row" not in prev.flags:
        prev.flags.append("continued_row")


def _neighbour_repeats(row: list[object], table: Table) -> bool:
    """Two neighbouring text columns holding the same long text: shifted columns in a PDF copy."""
    cols = sorted(
        c
        for c, role in table.roles.items()
        if role in ("issue", "measure", "steps", "period", "monitoring", "result", "responsible")
    )
    for a, b in pairwise(cols):
        if b != a + 1:
            continue
        ta = squash(clean(row[a])) if a < len(row) else ""
        tb = squash(clean(row[b])) if b < len(row) else ""
        if len(ta) > 20 and ta == tb:
            return True
    return False
