"""What a PDF page says, character by character: pdfium's text layer as `Char`s with their boxes
in page points (y from the top), the text lines they form, and the `Cell`/`PageRow` units every
page reader returns."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field

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
