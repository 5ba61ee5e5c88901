"""One PDF page with a text layer to rows of cells.

Thai text comes from pdfium's text layer, character by character with its box (pdfminer and
poppler garble Thai, see README); table geometry comes from the page's ruling lines where it has
some, else from the columns the text lines up in. Both are in page points, y measured from the
top. What comes out is a list of `PageRow`s, the unit the document assembler (`read_pdf`) and an
OCR reader share.

The parts: `pdf_text` (characters, text lines, the `Cell`/`PageRow` units), `pdf_rules` (tables
from ruling lines), `pdf_columns` (tables from text columns); this module puts a page together.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from ita_metrics.reading.pdf_columns import free_rows
from ita_metrics.reading.pdf_rules import region_rows, ruling_lines, table_regions
from ita_metrics.reading.pdf_text import SNAP, Cell, Char, PageRow, View, has_text, page_chars

__all__ = ["Cell", "Char", "PageRow", "View", "has_text", "page_chars", "read_page"]


# --- one page ------------------------------------------------------------------------------


def read_page(page: pdfium.PdfPage, chars: list[Char] | None = None) -> list[PageRow]:
    """Rows of one text page, top to bottom: ruled tables cell by cell, the rest by position."""
    view = View.of(page)
    if chars is None:
        chars = page_chars(page.get_textpage(), view)
    regions = table_regions(ruling_lines(page, view))
    rows: list[PageRow] = []
    rest: list[Char] = []
    inside: dict[int, list[Char]] = {}
    bounds = [(reg.xs[0] - SNAP, reg.xs[-1] + SNAP, reg.ys[0] - SNAP, reg.ys[-1] + SNAP) for reg in regions]
    for ch in chars:
        x, y = (ch.x0 + ch.x1) / 2, ch.base - ch.size * 0.3
        for k, (x0, x1, y0, y1) in enumerate(bounds):
            if x0 <= x <= x1 and y0 <= y <= y1:
                inside.setdefault(k, []).append(ch)
                break
        else:
            rest.append(ch)
    for k, reg in enumerate(regions):
        rows.extend(region_rows(reg, inside.get(k, [])))
    rows.extend(free_rows(rest))
    return sorted(rows, key=lambda r: (r.top, r.cells[0].x0 if r.cells else 0))
