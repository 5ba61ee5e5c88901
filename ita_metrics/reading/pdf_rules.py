"""Tables from a PDF page's ruling lines: thin paths and stroked rectangles become horizontal and
vertical lines, lines that cross make table regions, and a region's characters fill its grid
(a slot with no line to its neighbour is a merged cell)."""

from __future__ import annotations

import ctypes
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ita_metrics.reading.pdf_text import (
    CROSS_MARGIN,
    LINE_MAX_THICK,
    MIN_LINE_LEN,
    SNAP,
    Cell,
    Char,
    Lines,
    PageRow,
    View,
    chars_text,
    text_lines,
)

# --- ruling lines ---------------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in PDF
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def ruling_lines(page: pdfium.PdfPage, view: View) -> Lines:
    """Axis-aligned strokes and thin filled rectangles drawn on the page (cell borders), also
    inside form XObjects, in display coordinates."""
    lines = Lines()
    _paths(page.raw, IDENTITY, view, lines, depth=0, top=True)
    return lines


def _paths(holder, matrix: Matrix, view: View, lines: Lines, depth: int, top: bool = False) -> None:
    count = (pdfium_c.FPDFPage_CountObjects if top else pdfium_c.FPDFFormObj_CountObjects)(holder)
    get = pdfium_c.FPDFPage_GetObject if top else pdfium_c.FPDFFormObj_GetObject
    for i in range(min(count, 20000)):
        obj = get(holder, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
            m = pdfium_c.FS_MATRIX()
            if pdfium_c.FPDFPageObj_GetMatrix(obj, m):
                _paths(obj, _compose((m.a, m.b, m.c, m.d, m.e, m.f), matrix), view, lines, depth + 1)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path(obj, matrix, view, lines, nested=not top)


def _path(obj, matrix: Matrix, view: View, lines: Lines, nested: bool) -> None:
    lo, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not pdfium_c.FPDFPageObj_GetBounds(obj, lo, b, r, t):
        return
    # Bounds of an object inside a form are in the form's space: the forms' matrices place them.
    corners = [_apply(matrix, x, y) for x, y in ((lo.value, b.value), (r.value, t.value))]
    x0, top, x1, bottom = view.rect(*corners[0], *corners[1])
    w, h = x1 - x0, bottom - top
    if w <= LINE_MAX_THICK and h >= MIN_LINE_LEN:
        lines.v.append(((x0 + x1) / 2, top, bottom))
    elif h <= LINE_MAX_THICK and w >= MIN_LINE_LEN:
        lines.h.append(((top + bottom) / 2, x0, x1))
    elif _stroked(obj):
        m = pdfium_c.FS_MATRIX()
        if pdfium_c.FPDFPageObj_GetMatrix(obj, m):
            own = (m.a, m.b, m.c, m.d, m.e, m.f)
            _segments(obj, _compose(own, matrix) if nested else own, view, lines)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _stroked(obj) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    return bool(pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) and stroke.value)


def _segments(obj, matrix: Matrix, view: View, lines: Lines) -> None:
    """Edges of a stroked path (rectangles, grids drawn as one path) in display coordinates."""
    x, y = ctypes.c_float(), ctypes.c_float()
    prev = start = None
    for i in range(min(pdfium_c.FPDFPath_CountSegments(obj), 4000)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        pt = view.point(*_apply(matrix, x.value, y.value))
        if pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            prev = start = pt
            continue
        _edge(prev, pt, lines)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start:
            _edge(pt, start, lines)
        prev = pt


def _edge(a: tuple[float, float], b: tuple[float, float], lines: Lines) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ax - bx) <= 1 and abs(ay - by) >= MIN_LINE_LEN:
        lines.v.append(((ax + bx) / 2, min(ay, by), max(ay, by)))
    elif abs(ay - by) <= 1 and abs(ax - bx) >= MIN_LINE_LEN:
        lines.h.append(((ay + by) / 2, min(ax, bx), max(ax, bx)))


def _merge_collinear(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Segments on the same line (within SNAP) joined where they touch."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs):
        for seg in out:
            if abs(seg[0] - pos) <= SNAP and a <= seg[2] + SNAP and b >= seg[1] - SNAP:
                seg[1], seg[2] = min(seg[1], a), max(seg[2], b)
                break
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out]


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


# --- tables from ruling lines --------------------------------------------------------------


@dataclass
class Region:
    """A ruled table: the y of its row lines, the x of its column lines, and the lines."""

    ys: list[float]
    xs: list[float]
    h: list[tuple[float, float, float]]
    v: list[tuple[float, float, float]]

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] - SNAP <= x <= self.xs[-1] + SNAP and self.ys[0] - SNAP <= y <= self.ys[-1] + SNAP


def table_regions(lines: Lines) -> list[Region]:
    """Groups of crossing lines with at least two rows and two columns of lines."""
    h, v = _merge_collinear(lines.h), _merge_collinear(lines.v)
    parent = list(range(len(h) + len(v)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, hx0, hx1) in enumerate(h):
        for j, (x, vy0, vy1) in enumerate(v):
            if hx0 - SNAP <= x <= hx1 + SNAP and vy0 - SNAP <= y <= vy1 + SNAP:
                parent[find(i)] = find(len(h) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, seg in enumerate(h):
        groups.setdefault(find(i), ([], []))[0].append(seg)
    for j, seg in enumerate(v):
        groups.setdefault(find(len(h) + j), ([], []))[1].append(seg)
    regions = []
    for gh, gv in groups.values():
        ys, xs = _cluster([s[0] for s in gh]), _cluster([s[0] for s in gv])
        if len(ys) >= 2 and len(xs) >= 2:
            regions.append(Region(ys, xs, gh, gv))
    return sorted(regions, key=lambda r: r.ys[0])


def _covers(segs: list[tuple[float, float, float]], pos: float, at: float) -> bool:
    return any(abs(p - pos) <= SNAP and a - SNAP <= at <= b + SNAP for p, a, b in segs)


def region_rows(region: Region, chars: list[Char]) -> list[PageRow]:
    """Cells of a ruled table: grid slots joined where no line separates them (merged cells)."""
    ys, xs = region.ys, region.xs
    nb, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nb * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    crossed = _crossed_lines(ys, xs, chars)
    for b in range(nb):
        ym = (ys[b] + ys[b + 1]) / 2
        for c in range(nc):
            if c + 1 < nc and not _covers(region.v, xs[c + 1], ym):
                parent[find(b * nc + c + 1)] = find(b * nc + c)
            if b + 1 < nb and ((b + 1, c) in crossed or not _covers(region.h, ys[b + 1], (xs[c] + xs[c + 1]) / 2)):
                parent[find((b + 1) * nc + c)] = find(b * nc + c)
    boxes: dict[int, list[int]] = {}
    for b in range(nb):
        for c in range(nc):
            box = boxes.setdefault(find(b * nc + c), [b, c, b, c])
            box[0], box[1] = min(box[0], b), min(box[1], c)
            box[2], box[3] = max(box[2], b), max(box[3], c)
    texts: dict[tuple[int, int], list[Char]] = {}
    owner = [boxes[find(i)] for i in range(nb * nc)]  # grid slot -> its merged cell
    for ch in chars:
        band = _slot(ys, ch.base - ch.size * 0.3)
        col = _slot(xs, (ch.x0 + ch.x1) / 2)
        if band is not None and col is not None:
            root = owner[band * nc + col]
            texts.setdefault((root[0], root[1]), []).append(ch)
    by_band: dict[int, list[Cell]] = {b: [] for b in range(nb)}
    for b0, c0, b1, c1 in boxes.values():
        by_band[b0].append(_cell(xs[c0], xs[c1 + 1], texts.get((b0, c0), []), b1 - b0 + 1))
    return [PageRow(ys[b], ys[b + 1], sorted(cells, key=lambda c: c.x0)) for b, cells in by_band.items() if cells]


def _cell(x0: float, x1: float, chars: list[Char], rowspan: int = 1) -> Cell:
    ink = [c for c in chars if not c.text.isspace()]
    return Cell(
        x0,
        x1,
        chars_text(chars),
        rowspan,
        max((c.bottom for c in ink), default=None),
        len(text_lines(ink)) if ink else 0,
    )


def _crossed_lines(ys: list[float], xs: list[float], chars: list[Char]) -> set[tuple[int, int]]:
    """(row line, column) pairs where a line runs through a letter: no cell border, but a drawing
    artefact (LibreOffice draws one through the remainder of a row split next to merged cells)."""
    out: set[tuple[int, int]] = set()
    for ch in chars:
        if ch.text.isspace():
            continue
        first, last = bisect_right(ys, ch.top + CROSS_MARGIN), bisect_left(ys, ch.bottom - CROSS_MARGIN)
        if first < last:
            col = _slot(xs, (ch.x0 + ch.x1) / 2)
            if col is not None:
                out.update((k, col) for k in range(first, last) if 0 < k < len(ys) - 1)
    return out


def _slot(edges: list[float], pos: float) -> int | None:
    """Index of the interval of sorted `edges` holding pos (None outside them)."""
    if pos < edges[0] - SNAP or pos > edges[-1] + SNAP:
        return None
    return min(max(bisect_right(edges, pos) - 1, 0), len(edges) - 2)
