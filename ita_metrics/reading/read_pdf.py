"""PDF reports to one Sheet: every page read into rows of cells (`pdf_page`), the pages' columns
aligned on one grid, repeated page headers/footers and page numbers left out, and a table row that a
page break split marked as continuing the row above (`Sheet.continues`), so the rest of the
pipeline reads a PDF like a spreadsheet. `origins` keep ("หน้า 3", 5): page 3, row 5 of that page.

A page without a text layer is a scan: `scanned_pages` finds them. A PDF made only of scans is
read whole by OCR (`read_scanned`, issue 16); scanned pages inside a text PDF go to a page OCR
hook when one is installed (`scan_reader`), else are read by the same OCR as a sheet of their own,
or, without Tesseract, skipped with a warning naming them.
Nothing in the PDF is executed (no form or JavaScript environment is set up) and nothing outside
it is fetched.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable

import pypdfium2 as pdfium

from ita_metrics.errors import ReadError, message
from ita_metrics.reading import tesseract
from ita_metrics.reading.limits import check_sheet_size, fmt, get_limits
from ita_metrics.reading.pdf_page import PageRow, View, has_text, page_chars, read_page
from ita_metrics.reading.readers import Sheet
from ita_metrics.words import text

COLUMN_SNAP = 4.0  # column lines of different pages closer than this are the same column
MARGIN_SHARE = 0.09  # top/bottom share of the page where running headers and page numbers sit
BOTTOM_TOLERANCE = 30.0  # a table ending this close to the lowest table bottom reaches the page end
CUT_SLACK = 6.0  # points: a cell's text ending this close to the row's lowest text was cut there
_PAGE_NO = re.compile(
    r"^[\s\-–—(\[]*(?:หน้า|page)?\s*[0-9๐-๙]{1,4}(?:\s*(?:/|จาก|of)\s*[0-9๐-๙]{1,4})?[\s\-–—)\]]*$", re.IGNORECASE
)

_ROW_START = re.compile(r"^(?:ตัวชี้วัดที่\s*[0-9๐-๙]|[0-9๐-๙]{1,3}\s*[.)]?(?:\s|$))")

PageReader = Callable[[pdfium.PdfPage, int], list[PageRow]]


def scan_reader() -> PageReader | None:
    """The OCR page reader when installed and usable: `ita_metrics.reading.read_ocr.read_page(page, number)`
    returning the page's `PageRow`s (its `available()` says whether its engine is present)."""
    try:
        from ita_metrics.reading import read_ocr  # type: ignore[attr-defined]
    except ImportError:
        return None
    available = getattr(read_ocr, "available", lambda: True)
    return read_ocr.read_page if available() else None


def open_pdf(data: bytes, name: str) -> pdfium.PdfDocument:
    """The document, or a ReadError naming why not (not a PDF, encrypted, damaged, too many pages)."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError(message("not_a_document", file=name, kind="PDF"))
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = "encrypted_pdf" if "password" in str(exc).lower() else "damaged_document"
        raise ReadError(message(code, file=name, detail=str(exc)[:60])) from None
    lim = get_limits()
    if len(pdf) > lim.max_pages:
        n = len(pdf)
        pdf.close()
        raise ReadError(message("too_many_pages", file=name, n=fmt(n), limit=fmt(lim.max_pages)))
    if len(pdf) == 0:
        pdf.close()
        raise ReadError(message("damaged_document", file=name, detail="0 pages"))
    return pdf


def scanned_pages(pdf: pdfium.PdfDocument) -> list[int]:
    """1-based numbers of the pages that have no text layer (images of paper). Cheap: pdfium's
    own text of the page, not the character boxes the table reader needs."""
    return [i + 1 for i in range(len(pdf)) if not pdf[i].get_textpage().get_text_range().strip()]


def read_pdf(
    data: bytes, name: str, progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None
) -> list[Sheet]:
    pdf = open_pdf(data, name)
    try:
        pages, scans = _read_pages(pdf)  # a scanned page costs next to nothing here: it has no text
        if len(scans) == len(pdf) and scan_reader() is None:  # a scan: all pages by OCR, in parallel
            return [read_scanned(pdf, name, scans, progress, cancel)]
        # scanned pages inside a text PDF (a signed page scanned back in): a sheet of their own by
        # OCR, or, without Tesseract, skipped with a warning
        mixed = bool(scans) and any(pages) and tesseract.available()
        scanned = read_scanned(pdf, name, scans, progress, cancel) if mixed else None
    except ReadError:
        raise
    except pdfium.PdfiumError as exc:
        raise ReadError(message("damaged_document", file=name, detail=str(exc)[:60])) from None
    finally:
        pdf.close()
    if not any(pages):
        th, en = _page_list(scans)
        raise ReadError(message("scanned_pdf", file=name, pages=th, pages_en=en))
    sheet = assemble(pages, f"หน้า 1–{len(pages)}" if len(pages) > 1 else "หน้า 1")
    if scans and scanned is None:
        th, en = _page_list(scans)
        sheet.messages.append(message("scanned_pages", "warning", name, pages=th, pages_en=en))
    lim = get_limits()
    check_sheet_size(len(sheet.rows), max((len(r) for r in sheet.rows), default=0), name, sheet.name, lim)
    return [sheet] + ([scanned] if scanned is not None else [])


def read_scanned(
    pdf: pdfium.PdfDocument,
    name: str,
    scans: list[int],
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
) -> Sheet:
    """The scanned pages `scans` (1-based; every page of a scan) read by OCR (scan_reader); a message
    naming what to install when Tesseract or its Thai model is missing."""
    from ita_metrics.reading import scan_reader
    from ita_metrics.reading.tesseract import OcrUnavailable

    try:
        table = scan_reader.read_scan(pdf, name, [p - 1 for p in scans], progress, cancel)
    except OcrUnavailable as exc:
        code, _, detail = exc.code.partition(":")
        th, en = _page_list(scans)
        raise ReadError(message(code, file=name, detail=detail, pages=th, pages_en=en)) from None
    label = _page_list(scans)[0] if len(scans) < len(pdf) else f"หน้า 1–{len(pdf)}" if len(pdf) > 1 else "หน้า 1"
    origins: list[tuple[str, int]] = []
    seen: Counter[int] = Counter()
    for page in table.pages:
        seen[page] += 1
        origins.append((f"หน้า {page}", seen[page]))
    sheet = Sheet(label, table.rows, table.merged, origins=origins, continues=table.continues, ocr=table)
    check_sheet_size(len(sheet.rows), max((len(r) for r in sheet.rows), default=0), name, label, get_limits())
    return sheet


def _read_pages(pdf: pdfium.PdfDocument) -> tuple[list[list[PageRow]], list[int]]:
    """Each page's rows; pages without text go to the OCR reader, or are listed as scans."""
    ocr = None
    pages: list[list[PageRow]] = []
    scans: list[int] = []
    for i in range(len(pdf)):
        page = pdf[i]
        chars = page_chars(page.get_textpage(), View.of(page))
        if has_text(chars):
            pages.append(read_page(page, chars))
            continue
        ocr = ocr or scan_reader()
        pages.append(ocr(page, i + 1) if ocr else [])
        if not ocr:
            scans.append(i + 1)
    return pages, scans


def _page_list(pages: list[int]) -> tuple[str, str]:
    """The pages for a message, Thai and English: "หน้า 3, 7", or every page of a scan."""
    if len(pages) > 1 and pages == list(range(1, len(pages) + 1)):
        return text("pdf.all_pages", "th", n=len(pages)), text("pdf.all_pages", "en", n=len(pages))
    shown = ", ".join(str(p) for p in pages[:8]) + (f" … ({len(pages)})" if len(pages) > 8 else "")
    key = "pdf.pages" if len(pages) > 1 else "pdf.page"
    return text(key, "th", pages=shown), text(key, "en", pages=shown)


# --- pages to one sheet --------------------------------------------------------------------


def assemble(pages: list[list[PageRow]], label: str) -> Sheet:
    """Rows of all pages on one column grid; running headers dropped; split rows marked."""
    pages = _without_furniture(pages)
    edges = _column_edges(pages)
    rows: list[list[object]] = []
    merged: list[tuple[int, int, int, int]] = []
    origins: list[tuple[str, int]] = []
    continues: set[int] = set()
    bottom = _table_bottom(pages)
    last_table_row: tuple[int, PageRow] | None = None  # (sheet row, row) of the previous page's last table row
    after_table = False
    for number, page_rows in enumerate(pages, start=1):
        first_data = True
        for k, prow in enumerate(page_rows, start=1):
            r = len(rows)
            cells = _place(prow, edges, after_table)
            after_table = after_table or prow.in_table
            rows.append(cells)
            origins.append((f"หน้า {number}", k))
            for cell in prow.cells:
                c0, c1 = _cols(cell.x0, cell.x1, edges)
                if c1 > c0 or cell.rowspan > 1:
                    merged.append((r, c0, r + cell.rowspan - 1, c1))
            if prow.in_table and first_data and not _header_like(cells):
                first_data = False
                if last_table_row and _splits(last_table_row[1], prow, bottom) and number > 1:
                    continues.add(r)
        table_rows = [p for p in page_rows if p.in_table]
        if table_rows and not any(not p.in_table and p.top > table_rows[-1].bottom for p in page_rows):
            last_table_row = (len(rows) - 1, table_rows[-1])
        else:
            last_table_row = None
    return Sheet(label, rows, merged, origins=origins, continues=continues)


def _place(prow: PageRow, edges: list[float], after_table: bool) -> list[object]:
    """A page row on the document's columns: each cell's text in its first column. A free line is a
    title row (column A) above the first table and stands right of the table's columns below it,
    so that a note or signature is never read as a measure's issue."""
    if not prow.in_table:
        pad: list[object] = [None] * (max(len(edges) - 1, 1) if after_table else 0)
        return pad + [prow.cells[0].text if prow.cells else None]
    cells: list[object] = [None] * max(len(edges) - 1, 1)
    for cell in prow.cells:
        c0, _ = _cols(cell.x0, cell.x1, edges)
        cells[c0] = (str(cells[c0]) + "\n" + cell.text) if cells[c0] and cell.text else (cell.text or cells[c0])
    return [c if c != "" else None for c in cells]


def _cols(x0: float, x1: float, edges: list[float]) -> tuple[int, int]:
    """First and last grid column a cell from x0 to x1 covers."""
    if len(edges) < 2:
        return 0, 0
    start = min(range(len(edges)), key=lambda i: abs(edges[i] - x0))
    end = min(range(len(edges)), key=lambda i: abs(edges[i] - x1))
    start = min(start, len(edges) - 2)
    return start, max(start, end - 1)


def _column_edges(pages: list[list[PageRow]]) -> list[float]:
    """Every column line of every page's tables, near ones taken as one (weighted by use)."""
    xs: Counter[float] = Counter()
    for rows in pages:
        for prow in rows:
            if prow.in_table:
                for cell in prow.cells:
                    xs[round(cell.x0, 1)] += 1
                    xs[round(cell.x1, 1)] += 1
    edges: list[list[float]] = []
    for x in sorted(xs):
        if edges and x - edges[-1][-1] <= COLUMN_SNAP:
            edges[-1].append(x)
        else:
            edges.append([x])
    return [max(group, key=lambda v: xs[v]) for group in edges]


def _table_bottom(pages: list[list[PageRow]]) -> float:
    """Where tables end on a full page: the lowest bottom of any page's last table row."""
    bottoms = [max(p.bottom for p in rows if p.in_table) for rows in pages if any(p.in_table for p in rows)]
    return max(bottoms) if bottoms else 0.0


def _splits(prev: PageRow, first: PageRow, bottom: float) -> bool:
    """Does the first data row of a page continue the previous page's last table row?

    Word and LibreOffice split a row at the foot of a page (a row kept whole moves to the next
    page and leaves space), so the previous row must reach the foot and both must be the same kind
    of row (cells, or one full-width band). Then either the new row leaves its first column empty,
    or it does not open as rows do (indicator heading, item code, sequence number) and every column
    it has text in was cut off at the foot of the previous page (that cell's text runs to the
    bottom there; in a row that ended there only the tallest cell does)."""
    if prev.bottom < bottom - BOTTOM_TOLERANCE or (len(prev.cells) == 1) != (len(first.cells) == 1):
        return False
    lead = next((c.text.strip() for c in first.cells if c.text.strip()), "")
    if len(first.cells) == 1:
        return not _is_section(lead)
    if not first.cells[0].text.strip():
        return True
    if _opens_row(lead):
        return False
    cut = _cut_columns(prev)
    if not all(round(c.x0) in cut for c in first.cells if c.text.strip()):
        return False
    if max((c.lines for c in prev.cells), default=0) >= 2:
        return True
    # One line on the previous page: every cell "reaches the foot", so ask for more, a column that
    # had text there and has none here (a row of one line each is whole far more often than cut).
    filled = {round(c.x0) for c in prev.cells if c.text.strip()}
    return any(round(c.x0) in filled and not c.text.strip() for c in first.cells)


def _cut_columns(prev: PageRow) -> set[int]:
    """Columns (by left edge) whose text reaches the foot of the row: the ones a page break cut."""
    inks = [c.ink_bottom for c in prev.cells if c.text.strip() and c.ink_bottom is not None]
    foot = max(inks, default=prev.bottom)
    return {
        round(c.x0) for c in prev.cells if c.text.strip() and (c.ink_bottom is None or c.ink_bottom >= foot - CUT_SLACK)
    }


def _opens_row(text: str) -> bool:
    from ita_metrics.thai.item_codes import find_code_hits

    hits = find_code_hits(text[:40])
    return bool(_ROW_START.match(text) or (hits and hits[0].start == 0))


def _is_section(text: str) -> bool:
    from ita_metrics.reading.rows import section_of

    return section_of(text.split("\n", 1)[0]) is not None


def _header_like(cells: list[object]) -> bool:
    from ita_metrics.reading.layout import match_role

    roles = {match_role(v) for v in cells if isinstance(v, str) and v.strip()}
    roles.discard(None)
    return len(roles) >= 2


def _without_furniture(pages: list[list[PageRow]]) -> list[list[PageRow]]:
    """Free lines in a page's top or bottom margin that are page numbers or repeat on many pages
    (running headers, footers) are not part of the report."""
    if not pages:
        return pages
    height = max((p.bottom for rows in pages for p in rows), default=0.0) or 1.0

    def key(p: PageRow) -> str:
        return re.sub(r"[0-9๐-๙]+", "#", "".join(c.text for c in p.cells)).replace(" ", "")

    def in_margin(p: PageRow, rows: list[PageRow]) -> bool:
        top = min(r.top for r in rows)
        low = max(r.bottom for r in rows)
        return p.top <= top + MARGIN_SHARE * height or p.bottom >= low - MARGIN_SHARE * height * 0.5

    counts = Counter(key(p) for rows in pages for p in rows if not p.in_table and in_margin(p, rows))
    repeated = {k for k, n in counts.items() if n >= max(2, (len(pages) + 1) // 2)}
    seen: set[str] = set()  # a running header is kept where it first appears: it may name the agency
    out = []
    for rows in pages:
        kept = []
        for p in rows:
            if not p.in_table and in_margin(p, rows):
                if _PAGE_NO.match("".join(c.text for c in p.cells)) or key(p) in seen:
                    continue
                if key(p) in repeated:
                    seen.add(key(p))
            kept.append(p)
        out.append(kept)
    return out
