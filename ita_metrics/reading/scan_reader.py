"""A scanned PDF (pages that are pictures) read into one table of cells by OCR.

Each page: straighten, find the table grid from its rulings, recognise every cell on its own
(Thai + English), read its numbers again by digit shape; titles above the table and notes below it
become rows of one cell. Pages run in parallel (Tesseract is a child process per page); progress is
reported per page and a cancel stops the whole file, so nothing half-read is ever imported."""

from __future__ import annotations

import itertools
import os
import re
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import numpy as np

from ita_metrics import config
from ita_metrics.reading import digit_shapes, scan_grid, scan_image, tesseract
from ita_metrics.reading.layout import fiscal_year_in_filename
from ita_metrics.reading.ocr_text import (
    CellReading,
    check_indicator,
    check_title,
    check_years,
    dates_agree,
    fiscal_year_candidates,
    header_phrase,
    read_cell,
)
from ita_metrics.reading.tesseract import OcrCancelled, Word

Progress = Callable[[int, int], None]  # (pages done, pages in all)
KEEP_IMAGE_BELOW = 80.0  # a cell read with less confidence keeps its picture
DOUBTFUL_CODES = ("year_implausible",)


@dataclass
class OcrCell:
    """How one cell of the table was read: where it is, what was read, how sure, its picture."""

    page: int  # 1-based page of the PDF
    row: int  # 0-based row of the Sheet built from the scan
    col: int  # 0-based column
    text: str
    confidence: float  # 0–100
    doubtful: str = ""  # "" or the reason: year_implausible (uncertain), year_corrected (re-read)
    image: bytes = b""  # PNG of the cell, kept for doubtful, numeric and low-confidence cells

    @property
    def uncertain(self) -> bool:
        return self.doubtful in DOUBTFUL_CODES


@dataclass
class ScanTable:
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]]
    pages: list[int]  # 1-based page of each row
    cells: dict[tuple[int, int], OcrCell] = field(default_factory=dict)
    fiscal_year: int | None = None
    angles: list[float] = field(default_factory=list)
    continues: set[int] = field(default_factory=set)  # rows that continue the row above (page breaks)


@dataclass
class _PageRows:
    rows: list[list[tuple[int, int, CellReading, np.ndarray | None]]]  # (col0, col1, reading, image)
    angle: float


def workers() -> int:
    """Both cores by default (ITA_OCR_WORKERS to change): Tesseract runs one thread per page."""
    try:
        return max(1, int(config.ocr_workers() or min(2, os.cpu_count() or 1)))
    except ValueError:
        return 2


def read_page(doc, index: int, cancel: threading.Event | None = None) -> _PageRows:
    """One page image → rows of cell readings (titles above and notes below as one-cell rows)."""
    dpi = scan_image.scan_dpi(doc, index)
    gray, angle = scan_image.deskew(scan_image.render_page(doc, index, dpi))
    grid = scan_grid.find_grid(gray)
    regions: list[tuple[scan_grid.Cell | None, np.ndarray]] = []  # (None, image): free text
    regions += [(None, scan_grid.crop(gray, grid.text_above, 0))] if grid.text_above else []
    regions += [(c, scan_grid.crop(gray, c.box)) for c in grid.cells]
    regions += [(None, scan_grid.crop(gray, grid.text_below, 0))] if grid.text_below else []
    threshold = scan_image.ink_threshold(gray)
    cleaned = [scan_image.clean_for_ocr(image, threshold) for _, image in regions]
    inked = [(k, image) for k, image in enumerate(cleaned) if image is not None]
    found = tesseract.recognise([image for _, image in inked], dpi, cancel)
    words: list[list[Word]] = [[] for _ in regions]
    for (k, image), ws in zip(inked, found):
        words[k] = digit_shapes.reread_words(ws, image)
    rows: list[list[tuple[int, int, CellReading, np.ndarray | None]]] = []
    band = -1
    for (cell, image), ws in zip(regions, words):
        if cell is None:
            rows.extend(_free_text_rows(ws))
            continue
        if cell.row != band:
            rows.append([])
            band = cell.row
        rows[-1].append((cell.col0, cell.col1, read_cell(ws), image))
    return _PageRows(rows, angle)


def _free_text_rows(words: list[Word]) -> list[list[tuple[int, int, CellReading, np.ndarray | None]]]:
    """Each text line outside the table becomes a row of one cell."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    out: list[list[tuple[int, int, CellReading, np.ndarray | None]]] = []
    for ws in lines.values():
        reading = read_cell(ws)
        if reading.text.strip():
            out.append([(0, 0, reading, None)])
    return out


def read_scan(
    doc,
    name: str,
    pages: list[int] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ScanTable:
    """All (or the given) pages of a scanned PDF as one table; raises OcrCancelled on cancel.

    Progress is reported from the calling thread (a dashboard may only draw from its own thread,
    and an interruption raised there cancels the remaining pages and kills running Tesseracts)."""
    tesseract.check_available()
    pages = list(range(len(doc))) if pages is None else pages
    cancel = cancel or threading.Event()

    def one(index: int) -> _PageRows:
        if cancel.is_set():
            raise OcrCancelled()
        return read_page(doc, index, cancel)

    with ThreadPoolExecutor(max_workers=workers()) as pool:
        futures = [pool.submit(one, i) for i in pages]
        try:
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for f in finished:
                    f.result()  # a page's error (or cancel) stops the file here
                if progress:
                    progress(len(pages) - len(pending), len(pages))
                if cancel.is_set():
                    raise OcrCancelled()
        except BaseException:
            cancel.set()
            for f in futures:
                f.cancel()
            raise
        results = [f.result() for f in futures]
    return _assemble(results, [i + 1 for i in pages], name)


def _assemble(results: list[_PageRows], page_numbers: list[int], name: str) -> ScanTable:
    width = max((c[1] + 1 for pr in results for row in pr.rows for c in row), default=1)
    table = ScanTable([], [], [], angles=[pr.angle for pr in results])
    header_rows = []  # the first table row of each page: the header, when the page repeats it
    bands: list[list[int]] = []  # each page's table rows
    for pr, page in zip(results, page_numbers):
        bands.append([])
        for row in pr.rows:
            r = len(table.rows)
            if row and row[0][3] is not None:
                if not bands[-1]:
                    header_rows.append(r)
                bands[-1].append(r)
            values: list[object] = [""] * width
            for col0, col1, reading, image in row:
                values[col0] = reading.text
                if col1 > col0:
                    table.merged.append((r, col0, r, col1))
                if image is not None:
                    table.cells[(r, col0)] = OcrCell(
                        page, r, col0, reading.text, reading.confidence, reading.doubtful, _keep(reading, image)
                    )
            table.rows.append(values)
            table.pages.append(page)
    _agree_headers(table, header_rows)
    table.fiscal_year = _fiscal_year(table, name)
    _check_years(table)
    breaks = _page_breaks(table, bands)
    table.continues = set(breaks)
    _check_broken_headings(table, breaks)
    return table


def _agree_headers(table: ScanTable, candidates: list[int]) -> None:
    """A header printed on every page is read a little differently on each (bold Thai loses its
    marks). Each copy's cells are matched to the column vocabulary ignoring vowel and tone marks;
    then every copy takes the best-read one's text, so the header is found and its repeats known."""
    from ita_metrics.reading.layout import match_role

    for r in candidates:
        table.rows[r] = [header_phrase(v) if v else v for v in table.rows[r]]
    scored = [(sum(1 for v in table.rows[r] if v and match_role(v)), r) for r in candidates]
    if not scored:
        return
    n_best, best = max(scored)
    if n_best < 2:
        return
    model = table.rows[best]
    for _, r in scored:
        row = table.rows[r]
        if r != best and len(row) == len(model) and _similar(row, model):
            table.rows[r] = list(model)


_NEW_ROW = re.compile(r"^\s*(?:ตัวชี้วัด|ตัวชีวัด|ประเด็น|ข้อ\s*[๐-๙0-9]|[IEOl|1]?\s*[๐-๙0-9]{1,2}\b|[IEO]\s*[๐-๙0-9])")
_NUMBERED = re.compile(r"^\s*[๑1]\s*[.)]")


def _page_breaks(table: ScanTable, bands: list[list[int]]) -> dict[int, int]:
    """Rows at the top of a page that continue the last table row of the page before (and that
    row): a data row after a data row, in which nothing starts a measure (no indicator or item code
    first, no list starting at ๑.), or a heading across the table after such a heading (its second
    line)."""
    out: dict[int, int] = {}
    headers = {page[0] for page in bands if page and _is_header(table, page[0])}
    for before, page in itertools.pairwise(bands):
        last = [r for r in before if r not in headers]
        data = [r for r in page if r not in headers]
        if not data or not last or page.index(data[0]) > 1:
            continue
        first, prev = data[0], last[-1]
        if _spans_all(table, prev) != _spans_all(table, first):
            continue
        texts = [str(v or "") for v in table.rows[first]]
        if not _spans_all(table, first) and (_NEW_ROW.match(texts[0]) or any(_NUMBERED.match(t) for t in texts)):
            continue
        out[first] = prev
    return out


def _check_broken_headings(table: ScanTable, breaks: dict[int, int]) -> None:
    """An indicator heading cut by the page break: its tool and item code, printed on the next
    page, are read with the heading's number and name from the page before."""
    from ita_metrics.thai.catalogs import catalog_year_for

    catalog_year = catalog_year_for(table.fiscal_year) if table.fiscal_year else None
    for first, prev in breaks.items():
        for (r, c), cell in list(table.cells.items()):
            heading = table.cells.get((prev, c))
            if r != first or heading is None:
                continue
            text, why = check_indicator(cell.text, catalog_year, heading=heading.text)
            if why:
                table.rows[r][c] = cell.text = text


def _is_header(table: ScanTable, r: int) -> bool:
    from ita_metrics.reading.layout import match_role

    return sum(1 for v in table.rows[r] if v and match_role(v)) >= 2


def _spans_all(table: ScanTable, r: int) -> bool:
    return any(m[0] == r for m in table.merged)


def _similar(row: list[object], other: list[object]) -> bool:
    """Same non-empty columns and most of their letters in common (trigram overlap)."""

    def grams(v: object) -> set[str]:
        s = "".join(str(v or "").split())
        return {s[i : i + 3] for i in range(max(0, len(s) - 2))}

    a = set().union(*(grams(v) for v in row))
    b = set().union(*(grams(v) for v in other))
    same_cols = [bool(v) for v in row] == [bool(v) for v in other]
    return same_cols and bool(a | b) and len(a & b) / len(a | b) >= 0.5


def _keep(reading: CellReading, image: np.ndarray) -> bytes:
    if reading.doubtful or reading.has_digits or reading.confidence < KEEP_IMAGE_BELOW:
        return scan_image.png_bytes(image)
    return b""


def _fiscal_year(table: ScanTable, name: str) -> int | None:
    """The report's fiscal year: the title's year read through the known digit confusions, the
    reading most of the table's dates agree with (a report for year N dates its work October N−1
    to September N); the file name's year settles a tie."""
    title = [str(v) for row in table.rows[:60] for v in row if v]
    candidates = set().union(*(fiscal_year_candidates(t) for t in title)) if title else set()
    from_name = fiscal_year_in_filename(name)
    if not candidates:
        return from_name
    if len(candidates) == 1:
        return next(iter(candidates))
    texts = [str(v) for row in table.rows for v in row if v]
    votes = Counter({fy: sum(dates_agree(t, fy) for t in texts) for fy in candidates})
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        tied = {fy for fy, n in ranked if n == ranked[0][1]}
        return from_name if from_name in tied else None
    return ranked[0][0]


def _check_years(table: ScanTable) -> None:
    """Years and rounds held against the fiscal year: free-text lines (titles) and headings by
    their พ.ศ./รอบ numbers, table cells by their dates."""
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            if (value and (r, c) not in table.cells) or any(m[0] == r for m in table.merged):
                row[c], _ = check_title(str(value), table.fiscal_year)
    from ita_metrics.thai.catalogs import catalog_year_for

    catalog_year = catalog_year_for(table.fiscal_year) if table.fiscal_year else None
    for (r, c), cell in table.cells.items():
        text, doubtful = check_years(check_indicator(cell.text, catalog_year)[0], table.fiscal_year)
        if text != cell.text:
            table.rows[r][c] = text
            cell.text = text
        if doubtful and not cell.uncertain:
            cell.doubtful = doubtful
