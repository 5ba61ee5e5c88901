"""The slide primitives of the meeting deck (python-pptx, 16:9): slides with a title, footer and
number, text boxes, pictures scaled into the content area, and Thai fonts set in every slot.

python-pptx's `font.name` sets only the Latin font slot; PowerPoint draws Thai with the
complex-script slot (`a:cs`), so every run written here gets the font in `a:latin`, `a:ea` and `a:cs`
and `lang="th-TH"` when it holds Thai.
"""

from __future__ import annotations

import io
import re

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

HEADER_ROW_H = Inches(0.55)
BODY_ROW_H = Inches(0.42)
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CONTENT_TOP = Inches(1.25)
CONTENT_H = Inches(5.6)
DARK = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)
_THAI = re.compile("[\u0e00-\u0e7f]")


class Deck:
    """A 16:9 presentation with a title, footer and page number on every slide, Thai in every run."""

    def __init__(self, font: str, footer: str) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = SLIDE_W, SLIDE_H
        self.font = font
        self.footer = footer
        self.blank = self.prs.slide_layouts[6]

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()

    def slide(self, title: str, note: str = ""):
        s = self.prs.slides.add_slide(self.blank)
        self.text(s, title, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.7), size=28, bold=True, color=DARK)
        if note:
            self.text(s, note, MARGIN, Inches(0.88), SLIDE_W - 2 * MARGIN, Inches(0.35), size=14, color=GREY)
        n = len(self.prs.slides)
        footer_w = SLIDE_W - 2 * MARGIN - Inches(1.1)  # the page number's box beside it
        self.text(s, self.footer, MARGIN, SLIDE_H - Inches(0.45), footer_w, Inches(0.35), size=11, color=GREY)
        self.text(
            s,
            str(n),
            SLIDE_W - MARGIN - Inches(1),
            SLIDE_H - Inches(0.45),
            Inches(1),
            Inches(0.35),
            size=11,
            color=GREY,
            align=PP_ALIGN.RIGHT,
        )
        return s

    def text(
        self,
        slide,
        text: str,
        left,
        top,
        width,
        height,
        size: int = 18,
        bold: bool = False,
        color: RGBColor | None = None,
        align=None,
        anchor=None,
    ):
        box = slide.shapes.add_textbox(left, top, width, height)
        tf = box.text_frame
        tf.word_wrap = True
        if anchor is not None:
            tf.vertical_anchor = anchor
        for i, line in enumerate(str(text).split("\n")):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            if align is not None:
                p.alignment = align
            self.run(p, line, size, bold, color)
        return box

    def run(self, paragraph, text: str, size: float, bold: bool = False, color: RGBColor | None = None):
        r = paragraph.add_run()
        r.text = text
        r.font.size = Pt(size)
        r.font.bold = bold
        if color is not None:
            r.font.color.rgb = color
        set_thai_font(r, self.font)
        return r

    def picture(self, slide, png: bytes):
        """The image as large as the content area allows, aspect kept, centred."""
        from PIL import Image

        w, h = Image.open(io.BytesIO(png)).size
        box_w, box_h = SLIDE_W - 2 * MARGIN, CONTENT_H
        k = min(box_w / w, box_h / h)
        pw, ph = int(w * k), int(h * k)
        slide.shapes.add_picture(
            io.BytesIO(png), Emu(MARGIN + (box_w - pw) // 2), Emu(CONTENT_TOP + (box_h - ph) // 2), Emu(pw), Emu(ph)
        )


def set_thai_font(run_or_font_element, font: str) -> None:
    """Put `font` in the Latin, East-Asian and complex-script slots of a run (or an `a:defRPr`),
    and mark runs holding Thai as th-TH. PowerPoint draws Thai from the `a:cs` slot."""
    if hasattr(run_or_font_element, "_r"):
        run_or_font_element.font.name = font
        rpr = run_or_font_element._r.get_or_add_rPr()
        has_thai = bool(_THAI.search(run_or_font_element.text or ""))
    else:
        rpr = run_or_font_element
        latin = rpr.find(qn("a:latin"))
        if latin is None:
            rpr.get_or_add_latin()
        rpr.find(qn("a:latin")).set("typeface", font)
        has_thai = True
    latin = rpr.find(qn("a:latin"))
    for tag in ("a:cs", "a:ea"):  # inserted after latin in reverse so the order is latin, ea, cs
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
        el = etree.SubElement(rpr, qn(tag))
        el.set("typeface", font)
        latin.addnext(el)
    if has_thai:
        rpr.set("lang", "th-TH")
