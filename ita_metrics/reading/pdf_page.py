"""One PDF page with a text layer to rows of cells.

Thai text comes from pdfium's text layer, character by character with its box (pdfminer and
poppler garble Thai, see README); table geometry comes from the page's ruling lines where it has
some, else from the columns the text lines up in. Both are in page points, y measured from the
top. What comes out is a list of `PageRow`s, the unit the document assembler (`read_pdf`) and an
OCR reader share.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ita_metrics.thai.thai_text import symbol_text

LINE_MAX_THICK = 3.0  # a path thinner than this (points) is a ruling line
MIN_LINE_LEN = 4.0  # shorter strokes are glyph parts or dots
SNAP = 2.5  # lines closer than this are the same line
CROSS_MARGIN = 1.5  # a line more than this inside a letter's box runs through the letter
COLUMN_GAP_EM = 1.0  # a gap this wide (in font sizes) between words separates columns
ROW_GAP_FACTOR = 1.35  # in tables without rules a line pitch this much above normal starts a row
_THAI = re.compile(r"[\u0e01-\u0e4e]")
_NUMBERED = re.compile(r"^\s*(?:[0-9๐-๙]{1,2}\s*[.)]|[-•●○▪]\s)")


@dataclass
class Cell:
    """Text of one table cell (or one free line), its horizontal extent and how many rows it spans;
    `ink_bottom` (y of its last line's foot) and `lines` tell where its text stops (None/0: unknown)."""

    x0: float
    x1: float
    text: str
    rowspan: int = 1
    ink_bottom: float | None = None
    lines: int = 0


@dataclass
class PageRow:
    """One row of a page: table cells left to right, or one free text line (in_table False)."""

    top: float
    bottom: float
    cells: list[Cell]
    in_table: bool = True


@dataclass
class Char:
    index: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # baseline y (from the top)
    size: float  # font size

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Lines:
    """Ruling lines: horizontal (y, x0, x1) and vertical (x, y0, y1), y from the top."""

    h: list[tuple[float, float, float]] = field(default_factory=list)
    v: list[tuple[float, float, float]] = field(default_factory=list)


# --- the text layer ------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """PDF user space (y up, page rotated by /Rotate) to the page as shown: x right, y down from
    the top, the way a reader sees a landscape report however it was stored."""

    left: float
    bottom: float
    width: float  # of the unrotated page
    height: float
    rotation: int  # 0, 90, 180 or 270, clockwise

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> View:
        left, b, r, t = page.get_mediabox()
        return cls(left, b, r - left, t - b, page.get_rotation() % 360)

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.width - x, y
        if self.rotation == 270:
            return self.height - y, self.width - x
        return x, self.height - y

    def rect(self, left: float, b: float, r: float, t: float) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) as shown."""
        (x0, y0), (x1, y1) = self.point(left, b), self.point(r, t)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def page_chars(textpage: pdfium.PdfTextPage, view: View) -> list[Char]:
    """Every character with its box, as shown; generated line breaks dropped, generated spaces
    kept only at a real gap."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    lo, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    box, origin = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetCharOrigin
    font_size = pdfium_c.FPDFText_GetFontSize
    text = _all_text(raw, n)
    upright, dx, flip = view.rotation == 0, view.left, view.bottom + view.height
    out: list[Char] = []
    for i in range(n):
        ch = text[i] if text is not None else chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFE)
        if ch in _NOT_CHARS:
            continue
        if "\uf020" <= ch <= "\uf0ff":  # a symbol font's code (Wingdings check mark): what it shows
            ch = symbol_text(_font_name(raw, i), ord(ch)) or ch
        box(raw, i, lo, r, b, t)
        if ch == " " and pdfium_c.FPDFText_IsGenerated(raw, i) and out and not _wide_gap(raw, i, out[-1], view):
            continue  # pdfium guesses a space at a font change ("1" ๑๓ → "1 ๑๓"): only a real gap is one
        origin(raw, i, ox, oy)
        if upright:  # the common case, without the general transform
            out.append(
                Char(
                    i,
                    ch,
                    lo.value - dx,
                    r.value - dx,
                    flip - t.value,
                    flip - b.value,
                    flip - oy.value,
                    font_size(raw, i) or 10.0,
                )
            )
            continue
        x0, top, x1, bottom = view.rect(lo.value, b.value, r.value, t.value)
        out.append(Char(i, ch, x0, x1, top, bottom, view.point(ox.value, oy.value)[1], font_size(raw, i) or 10.0))
    return out


def _font_name(raw, i: int) -> str:
    flags = ctypes.c_int()
    size = pdfium_c.FPDFText_GetFontInfo(raw, i, None, 0, flags)
    if not size:
        return ""
    buf = ctypes.create_string_buffer(size)
    pdfium_c.FPDFText_GetFontInfo(raw, i, buf, size, flags)
    return buf.value.decode("utf-8", "replace")


_NOT_CHARS = {"\x00", "\ufffe", "\uffff", "\n", "\r"}


def _all_text(raw, n: int) -> str | None:
    """The page's characters in one call (one UTF-16 unit each); None if they do not line up."""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = pdfium_c.FPDFText_GetText(raw, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == n else None


def _wide_gap(raw, i: int, prev: Char, view: View) -> bool:
    """Half a font size or more between the previous character and the next one (as shown)."""
    if i + 1 >= pdfium_c.FPDFText_CountChars(raw):
        return False
    lo, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharBox(raw, i + 1, lo, r, b, t)
    x0 = view.rect(lo.value, b.value, r.value, t.value)[0]
    return x0 - prev.x1 >= 0.5 * prev.size or x0 < prev.x0


def has_text(chars: list[Char]) -> bool:
    """A page whose text layer holds no visible character is an image (a scan)."""
    return any(not c.text.isspace() for c in chars)


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


# --- text lines and cell text --------------------------------------------------------------


def text_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters in reading order split where the baseline moves by half a font size."""
    lines: list[list[Char]] = []
    last: Char | None = None  # the line's last visible character
    for ch in chars:  # in text-stream order, as every caller gives them
        if lines and ch.text.isspace():
            lines[-1].append(ch)  # a space (pdfium places generated ones oddly) never starts a line
            continue
        if last is not None and abs(ch.base - last.base) <= max(ch.size, 4.0) * 0.5 and ch.x0 >= last.x0 - ch.size:
            lines[-1].append(ch)
        else:
            lines.append([ch])
        last = ch
    return lines


def chars_text(chars: list[Char]) -> str:
    """A cell's text: its lines joined the way the writer typed them (a line wrapped inside a Thai
    word joins without a space, a numbered step starts a new line)."""
    out = ""
    for line in text_lines(chars):
        text = "".join(c.text for c in line)
        if not text.strip():
            continue
        if not out:
            out = text.strip()
        elif _NUMBERED.match(text):
            out += "\n" + text.strip()
        elif out[-1:].isspace() or not (_THAI.match(out[-1]) and _THAI.match(text.lstrip()[:1] or " ")):
            out = out.rstrip() + " " + text.strip()
        else:
            out += text.strip()
    return out.strip()


# --- tables from column positions (no ruling lines) ----------------------------------------


def _segments_of(line: list[Char]) -> list[list[Char]]:
    """A line cut where the gap between two characters is wider than COLUMN_GAP_EM."""
    segs: list[list[Char]] = [[line[0]]]
    for ch in line[1:]:
        gap = (
            ch.x0 - max(c.x1 for c in segs[-1] if not c.text.isspace())
            if any(not c.text.isspace() for c in segs[-1])
            else 0
        )
        if gap > COLUMN_GAP_EM * ch.size and not ch.text.isspace():
            segs.append([ch])
        else:
            segs[-1].append(ch)
    return [s for s in segs if any(not c.text.isspace() for c in s)]


def visual_lines(chars: list[Char]) -> list[list[list[Char]]]:
    """Runs of text grouped into lines across the page, top to bottom, each as its segments left to
    right (the text stream may give a table cell by cell, not line by line)."""
    pieces = [seg for run in text_lines(chars) if any(not c.text.isspace() for c in run) for seg in _segments_of(run)]
    pieces.sort(key=lambda s: s[0].base)
    lines: list[list[list[Char]]] = []
    for seg in pieces:
        if lines and abs(seg[0].base - lines[-1][0][0].base) <= 0.5 * max(seg[0].size, 4.0):
            lines[-1].append(seg)
        else:
            lines.append([seg])
    for line in lines:
        line.sort(key=lambda s: min(c.x0 for c in s))
    return lines


def free_rows(chars: list[Char]) -> list[PageRow]:
    """Text outside ruled tables: column-aligned lines become table rows, other lines free text."""
    segs = visual_lines(chars)
    if not segs:
        return []
    lines = [[c for seg in line for c in seg] for line in segs]
    seps = _column_separators([s for s in segs if len(s) >= 2])
    if len(seps) < 1 or sum(1 for s in segs if len(s) >= 2) < 3:
        return [_free(ln) for ln in lines]
    return _aligned_rows(lines, segs, seps)


def _free(line: list[Char]) -> PageRow:
    ink = [c for c in line if not c.text.isspace()] or line
    return PageRow(
        min(c.top for c in ink),
        max(c.bottom for c in ink),
        [Cell(min(c.x0 for c in ink), max(c.x1 for c in ink), chars_text(line))],
        in_table=False,
    )


def _column_separators(multi: list[list[list[Char]]]) -> list[float]:
    """x positions no segment of a multi-column line crosses: the gutters between columns."""
    spans = sorted((min(c.x0 for c in s), max(c.x1 for c in s)) for segs in multi for s in segs)
    if not spans:
        return []
    seps, reach = [], spans[0][1]
    for a, b in spans[1:]:
        if a > reach + 2:
            seps.append((reach + a) / 2)
        reach = max(reach, b)
    return seps


def _aligned_rows(lines: list[list[Char]], segs: list[list[list[Char]]], seps: list[float]) -> list[PageRow]:
    """Lines between the first and last multi-column line form a table; lines above and below stay
    free text. Rows are told apart by a wider line pitch where the table has one; in a table set
    without space between rows, by a column whose text starts again after a blank stretch (cells
    are top-aligned: within a row a column's lines follow each other, then it runs out)."""
    multi = [i for i, s in enumerate(segs) if len(s) >= 2]
    first, last = multi[0], multi[-1]
    edges = [min(c.x0 for ln in lines for c in ln)] + seps + [max(c.x1 for ln in lines for c in ln)]
    pitches = [lines[i + 1][0].base - lines[i][0].base for i in range(first, last)]
    normal = median([p for p in pitches if p > 0]) if any(p > 0 for p in pitches) else 0
    while (
        last + 1 < len(lines)
        and normal
        and lines[last + 1][0].base - lines[last][0].base <= ROW_GAP_FACTOR * normal
        and all(_within_column(seg, edges) for seg in segs[last + 1])
    ):
        last += 1  # the last row's wrapped lines, one column each
    spaced = any(p > ROW_GAP_FACTOR * normal for p in pitches) if normal else True
    out = [_free(ln) for ln in lines[:first]]
    current: list[list[Char]] | None = None
    top = bottom = prev_base = 0.0
    ends: dict[int, float] = {}  # column -> foot of its last line of text
    for i in range(first, last + 1):
        cols: list[list[Char]] = [[] for _ in range(len(edges) - 1)]
        for seg in segs[i]:
            cx = (min(c.x0 for c in seg) + max(c.x1 for c in seg)) / 2
            cols[_slot(edges, cx) or 0].extend(seg)
        base = lines[i][0].base
        restarts = any(
            col and min(c.top for c in col) - ends.get(k, -1e9) > 1.5 * max(c.size for c in col)
            for k, col in enumerate(cols)
        ) or (current is not None and _header_like(current))
        if current is None or (base - prev_base > ROW_GAP_FACTOR * normal if spaced else restarts):
            if current is not None:
                out.append(_aligned(current, edges, top, bottom))
            current = cols
            top = min(c.top for c in lines[i])
        else:
            for k, col in enumerate(cols):
                current[k].extend(col)
        bottom = max(c.bottom for c in lines[i])
        prev_base = base
        ends.update({k: max(c.bottom for c in col) for k, col in enumerate(cols) if col})
    if current is not None:
        out.append(_aligned(current, edges, top, bottom))
    out.extend(_free(ln) for ln in lines[last + 1 :])
    return out


def _header_like(cols: list[list[Char]]) -> bool:
    """Two or more column headers (มาตรการ, ผู้รับผิดชอบ, …): the header row ends there."""
    from ita_metrics.reading.layout import match_role

    return len({match_role(chars_text(col)) for col in cols if col} - {None}) >= 2


def _within_column(seg: list[Char], edges: list[float]) -> bool:
    a, b = min(c.x0 for c in seg), max(c.x1 for c in seg)
    return any(edges[k] - SNAP <= a and b <= edges[k + 1] + SNAP for k in range(len(edges) - 1))


def _aligned(cols: list[list[Char]], edges: list[float], top: float, bottom: float) -> PageRow:
    return PageRow(top, bottom, [_cell(edges[k], edges[k + 1], col) for k, col in enumerate(cols)])


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
