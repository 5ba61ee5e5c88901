"""Word documents in Thai (python-docx): A4 page, a Thai font in every slot, Thai digits.

Word draws Thai from the *complex-script* slot of a run (`w:rFonts w:cs`, size `w:szCs`);
python-docx's `font.name` sets only the Latin slots, so a document made with it alone shows
Thai in whatever font Word picks. Every run and the Normal style written here carry the font in
the ascii, hAnsi, eastAsia and cs slots, the size in sz and szCs, and the language th-TH.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ita_metrics.presentation.report_figures import thai_date

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text: object) -> str:
    return str(text).translate(_THAI_DIGITS)


def long_date(day: date | None, digits_thai: bool = False) -> str:
    """date(2026, 11, 30) → "30 พฤศจิกายน 2569" (or with Thai digits); "" for None."""
    s = thai_date(day)
    return thai_digits(s) if digits_thai else s


def _fonts(rpr, font: str, size: float | None) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(round(size * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


class ThaiDoc:
    """A python-docx Document set up for Thai official text; `run`/`para` keep the font right."""

    def __init__(self, font: str, size: float, margins_cm: tuple[float, float, float, float] = (2.5, 2.0, 3.0, 2.0)):
        self.doc = Document()
        self.font, self.size = font, size
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        top, right, left, bottom = margins_cm
        section.top_margin, section.right_margin = Cm(top), Cm(right)
        section.left_margin, section.bottom_margin = Cm(left), Cm(bottom)
        normal = self.doc.styles["Normal"]
        normal.font.name = font
        normal.font.size = Pt(size)
        _fonts(normal.element.get_or_add_rPr(), font, size)
        pf = normal.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        size: float | None = None,
        align: str = "left",
        indent_cm: float = 0.0,
        first_line_cm: float = 0.0,
        space_before: float = 0.0,
        color: str | None = None,
    ):
        p = self.doc.add_paragraph()
        p.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
        }[align]
        if indent_cm:
            p.paragraph_format.left_indent = Cm(indent_cm)
        if first_line_cm:
            p.paragraph_format.first_line_indent = Cm(first_line_cm)
        if space_before:
            p.paragraph_format.space_before = Pt(space_before)
        if text:
            self.run(p, text, bold=bold, size=size, color=color)
        return p

    def run(self, paragraph, text: str, *, bold: bool = False, size: float | None = None, color: str | None = None):
        r = paragraph.add_run(text)
        r.bold = bold
        r.font.size = Pt(size or self.size)
        if color:
            r.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
        _fonts(r._element.get_or_add_rPr(), self.font, size or self.size)
        return r

    def table(
        self,
        header: list[str],
        rows: list[list[str]],
        widths_cm: list[float] | None = None,
        size: float | None = None,
        fills: dict[tuple[int, int], str] | None = None,
    ):
        """A bordered table, header row bold and repeated on every page; `fills` colours cells."""
        t = self.doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(t.rows[0].cells, header):
            self._cell(cell, text, bold=True, size=size)
        trpr = t.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
        for i, row in enumerate(rows, start=1):
            cells = t.add_row().cells
            for j, (cell, text) in enumerate(zip(cells, row)):
                self._cell(cell, text, size=size, fill=(fills or {}).get((i, j)))
        if widths_cm:
            t.autofit = False
            for column, w in zip(t.columns, widths_cm):
                column.width = Cm(w)  # the grid LibreOffice reads
            for row in t.rows:
                for cell, w in zip(row.cells, widths_cm):
                    cell.width = Cm(w)
        return t

    def _cell(self, cell, text: str, bold: bool = False, size: float | None = None, fill: str | None = None) -> None:
        p = cell.paragraphs[0]
        self.run(p, str(text), bold=bold, size=size)
        if fill:
            shd = OxmlElement("w:shd")
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:color"), "auto")
            shd.set(qn("w:fill"), fill.lstrip("#").upper())
            cell._tc.get_or_add_tcPr().append(shd)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()
