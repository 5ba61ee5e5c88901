"""The meeting deck (python-pptx, 16:9): title, headline figures, ranking, agencies × indicators,
lagging indicators, and the overdue follow-up list split over as many slides as it needs.

Charts are PNG images drawn by kaleido with the system's Chromium (`chart_images`). Where that is
not possible (no Chromium, no Thai font) the deck still builds, with native PowerPoint charts and
tables instead, and the reason comes back in the warnings — never an exception.

Thai text: python-pptx's `font.name` sets only the Latin font slot; PowerPoint draws Thai with the
complex-script slot (`a:cs`), so every run written here gets the font in `a:latin`, `a:ea` and `a:cs`
and `lang="th-TH"` when it holds Thai.

>>> slide_count(n_agencies=30, n_overdue=25)
9
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ita_metrics import scoring
from ita_metrics.coerce import format_number, is_missing
from ita_metrics.data_scope import DataScope, scope_of
from ita_metrics.errors import Message
from ita_metrics.report_figures import (
    HEATMAP_ROWS,
    MeetingFigure,
    agency_scores,
    fill_as_of,
    indicator_label,
    indicator_scores,
    least_complete,
    meeting_figures,
    overdue_table,
    ranking_parts,
    round_text,
    short_agency,
    status_counts,
    thai_date,
)
from ita_metrics.theme import file_font, grade_colour, heat_colour, status_colour
from ita_metrics.ui_text import status_label, text

FONT = file_font("pptx")  # data/ui.toml [files]: on every Windows PC, with Thai glyphs
ROWS_PER_SLIDE = 12
HEADER_ROW_H = Inches(0.55)
BODY_ROW_H = Inches(0.42)
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CONTENT_TOP = Inches(1.25)
CONTENT_H = Inches(5.6)
DARK = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)
_THAI = re.compile("[\u0e00-\u0e7f]")


def slide_count(n_agencies: int, n_overdue: int, rows_per_slide: int = ROWS_PER_SLIDE) -> int:
    """Title, headline, ranking (1 slide, or 2 when more than 10 agencies), heatmap, lagging
    indicators, and ceil(overdue / rows) follow-up slides (one saying "none" when there are none)."""
    ranking = 1 if n_agencies <= 10 else 2
    return 2 + ranking + 2 + max(1, math.ceil(n_overdue / rows_per_slide))


def report_pptx(
    measures: pd.DataFrame,
    province: str | None = None,
    fiscal_year: int | None = None,
    round: int | None = None,  # noqa: A002 - the domain's word
    as_of: date | None = None,
    weights: Sequence[float] = scoring.DEFAULT_WEIGHTS,
    *,
    rows_per_slide: int = ROWS_PER_SLIDE,
    images: bool = True,
    font: str = FONT,
    chart_pngs: dict | None = None,
) -> tuple[bytes, list[Message]]:
    """The deck as bytes and the warnings (Thai / English) about how it was made.

    Titles and the footer name what the measures hold (data_scope: provinces, years, rounds, the
    reports' as-of dates); `province`, `fiscal_year`, `round` override those words. Each measure
    is judged at its own report's as-of date; `as_of` only fills measures that carry none.
    `images=False` skips the browser and uses native charts. `chart_pngs` (name → list of PNG
    bytes) reuses images already drawn (the CLI draws them once for --png-dir).
    """
    weights = scoring.check_weights(weights)
    warnings: list[Message] = []
    measures = fill_as_of(measures, as_of)
    words = _scope_words(scope_of(measures), province, fiscal_year, round)
    deck = _Deck(font, footer=" · ".join(w for w in [text("deck.footer"), *words] if w))

    figures, notes = meeting_figures(measures, weights)
    pngs = chart_pngs
    if pngs is None and images:
        pngs, problem = draw_pngs(figures)
        if problem:
            warnings.append(problem)
    if not images and pngs is None:
        warnings.append(
            Message(
                "info",
                "native_charts",
                text("deck.native_charts"),
                text("deck.native_charts", "en"),
            )
        )

    _title_slide(deck, words)
    _headline_slide(deck, measures, weights, _pop(pngs, "status"))
    agency_t = agency_scores(measures, weights)
    ranking_pngs = (pngs or {}).get("ranking") or []
    for i, (title, part) in enumerate(ranking_parts(agency_t)):
        png = ranking_pngs[i] if i < len(ranking_pngs) else None
        slide = deck.slide(title)
        if png:
            deck.picture(slide, png)
        else:
            _native_bars(
                deck,
                slide,
                [f"{int(r)}. {s}" for r, s in zip(part["rank"], part["short"])],
                list(part["score"]),
                list(part["grade"]),
            )
    fig_by_name = {f.name: f for f in figures}
    heat_fig = fig_by_name.get("heatmap")
    slide = deck.slide(
        heat_fig.title if heat_fig else text("deck.heatmap_title"),
        heat_fig.note.split(" / ")[0] if heat_fig and heat_fig.note else "",
    )
    png = _pop(pngs, "heatmap")
    if png:
        deck.picture(slide, png)
    else:
        _native_heatmap(deck, slide, measures)
    lag = fig_by_name.get("lagging")
    slide = deck.slide(lag.title if lag else text("deck.lagging_short"))
    png = _pop(pngs, "lagging")
    if png:
        deck.picture(slide, png)
    else:
        ind = indicator_scores(measures, weights).sort_values(["score", "indicator"], kind="stable")
        _native_bars(
            deck, slide, [indicator_label(i) for i in ind["indicator"]], list(ind["score"]), list(ind["grade"])
        )
    _overdue_slides(deck, overdue_table(measures), words[-1], rows_per_slide)
    for note in notes:
        th, _, en = note.partition(" / ")
        warnings.append(Message("info", "fallback_figures", th, en or th))
    return deck.save(), warnings


# ---------------------------------------------------------------- images


def draw_pngs(
    figures: list[MeetingFigure], scale: float = 2.0, titles: bool = False
) -> tuple[dict[str, list[bytes]] | None, Message | None]:
    """PNG bytes per figure name (a list: the ranking may take two slides), or None and a warning
    saying why images could not be drawn. `titles` draws the slide title into the image (for PNG
    files that stand alone)."""
    found, problem = draw_png_sets(figures, (titles,), scale)
    return (found[0] if found else None), problem


def draw_png_sets(
    figures: list[MeetingFigure], variants: Sequence[bool] = (False, True), scale: float = 2.0
) -> tuple[list[dict[str, list[bytes]]] | None, Message | None]:
    """Several sets of the same charts (untitled for the deck, titled for PNG files) with one
    browser start. Returns one dict per variant, or None and the warning."""
    from ita_metrics import chart_images

    prepared, sizes = [], []
    for titled in variants:
        for f in figures:
            extra = (TITLE_BAND + (NOTE_BAND if f.note else 0)) if titled else 0
            height = f.size[1] + extra
            prepared.append(_titled(f, height) if titled else _untitled(f.fig))
            sizes.append((int(f.size[0] * scale), int(height * scale)))
    try:
        pngs = chart_images.figures_png(prepared, scale=scale, sizes=sizes)
    except chart_images.ChartImageUnavailable as exc:
        return None, Message(
            "warning",
            f"chart_images_{exc.reason}",
            text("deck.images_fallback", why=exc.th),
            text("deck.images_fallback", "en", why=exc.en),
        )
    out = []
    for v in range(len(variants)):
        found: dict[str, list[bytes]] = {}
        for f, png in zip(figures, pngs[v * len(figures) : (v + 1) * len(figures)]):
            found.setdefault(f.name, []).append(png)
        out.append(found)
    return out, None


def _untitled(fig):
    import plotly.graph_objects as go

    out = go.Figure(fig)
    out.update_layout(title=None)
    return out


def _titled(f: MeetingFigure, height: int):
    """A standalone PNG says what it shows: the slide title (and its note as a subtitle) in a
    band added above the chart, placed in pixels from the top of the image."""
    import plotly.graph_objects as go

    out = go.Figure(f.fig)
    note = f.note.split(" / ")[0] if f.note else ""
    extra = TITLE_BAND + (NOTE_BAND if note else 0)
    top = (out.layout.margin.t or 40) if out.layout.margin else 40
    title = {
        "text": f"<b>{f.title}</b>",
        "x": 0.01,
        "xanchor": "left",
        "xref": "container",
        "yref": "container",
        "y": 1 - 12 / height,
        "yanchor": "top",
        "font": {"size": 22, "color": "#1f4e79"},
    }
    if note:
        title["subtitle"] = {"text": note, "font": {"size": 15, "color": "#595959"}}
    out.update_layout(title=title, margin={"t": top + extra})
    return out


TITLE_BAND, NOTE_BAND = 56, 44


def _pop(pngs: dict | None, name: str) -> bytes | None:
    found = (pngs or {}).get(name) or []
    return found[0] if found else None


# ---------------------------------------------------------------- the deck


class _Deck:
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


def _scope_words(scope: DataScope, province: str | None, fiscal_year: int | None, round_: int | None) -> list[str]:
    """Place, year and round, as-of date: what the deck's data really holds, unless overridden.
    The as-of words come last (the overdue slides quote them)."""
    place = text("deck.province_of", name=province) if province else scope.place()
    years = text("deck.fiscal_year", fy=fiscal_year) if fiscal_year else scope.years()
    rounds = round_text(round_) if round_ else scope.round_words()
    return [w for w in (place, " · ".join(p for p in (years, rounds) if p)) if w] + [scope.as_of_label(long=True)]


# ---------------------------------------------------------------- slides


def _title_slide(deck: _Deck, words: list[str]) -> None:
    s = deck.prs.slides.add_slide(deck.blank)
    band = s.shapes.add_shape(1, 0, Inches(2.0), SLIDE_W, Inches(2.2))  # 1 = rectangle
    band.fill.solid()
    band.fill.fore_color.rgb = DARK
    band.line.fill.background()
    deck.text(
        s,
        text("deck.cover"),
        MARGIN,
        Inches(2.15),
        SLIDE_W - 2 * MARGIN,
        Inches(1.9),
        size=36,
        bold=True,
        color=RGBColor(0xFF, 0xFF, 0xFF),
        anchor=MSO_ANCHOR.MIDDLE,
    )
    deck.text(
        s, "\n".join(w for w in words if w), MARGIN, Inches(4.5), SLIDE_W - 2 * MARGIN, Inches(1.8), size=24, color=DARK
    )


def _headline_slide(deck: _Deck, measures: pd.DataFrame, weights, status_png: bytes | None) -> None:
    o = scoring.overall(measures, weights)
    s = deck.slide(text("deck.headline"))
    boxes = [
        (text("deck.box_agencies"), f"{o['n_agencies']}", DARK),
        (text("deck.box_measures"), f"{o['n_measures']}", DARK),
        (text("deck.box_done"), _pct(o["pct_done"]), RGBColor.from_string(status_colour("done")[1:])),
        (text("deck.box_on_time"), _pct(o["pct_on_time"]), RGBColor.from_string(status_colour("done")[1:])),
        (text("deck.box_overdue"), f"{o['n_overdue']}", RGBColor.from_string(status_colour("not_started")[1:])),
        (
            text("deck.box_score"),
            f"{format_number(o['score'])} ({o['grade'] or '–'})",
            RGBColor.from_string(grade_colour(o["grade"])[1:]),
        ),
    ]
    w, h, gap = Inches(3.0), Inches(1.65), Inches(0.2)
    for i, (label, value, colour) in enumerate(boxes):
        left = MARGIN + (i % 2) * (w + gap)
        top = CONTENT_TOP + (i // 2) * (h + gap)
        card = s.shapes.add_shape(1, left, top, w, h)
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor(0xF3, 0xF6, 0xFA)
        card.line.color.rgb = RGBColor(0xD0, 0xD7, 0xE1)
        deck.text(
            s, value, left, top + Inches(0.12), w, Inches(0.9), size=34, bold=True, color=colour, align=PP_ALIGN.CENTER
        )
        deck.text(s, label, left, top + Inches(1.0), w, Inches(0.5), size=16, color=GREY, align=PP_ALIGN.CENTER)
    area_left = MARGIN + 2 * w + 2 * gap
    area_w = SLIDE_W - MARGIN - area_left
    if status_png:
        from PIL import Image

        iw, ih = Image.open(io.BytesIO(status_png)).size
        k = min(area_w / iw, CONTENT_H / ih)
        s.shapes.add_picture(
            io.BytesIO(status_png),
            Emu(area_left + (area_w - int(iw * k)) // 2),
            CONTENT_TOP,
            Emu(int(iw * k)),
            Emu(int(ih * k)),
        )
    else:
        counts = status_counts(measures)
        data = CategoryChartData()
        data.categories = [status_label(k) for k in counts.index]
        data.add_series(text("deck.series_measures"), [int(v) for v in counts.values])
        gf = s.shapes.add_chart(XL_CHART_TYPE.DOUGHNUT, area_left, CONTENT_TOP, area_w, CONTENT_H, data)
        chart = gf.chart
        chart.has_title = False
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = "0"
        plot.data_labels.number_format_is_linked = False
        for point, key in zip(plot.series[0].points, counts.index):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(status_colour(key)[1:])
        _chart_font(chart, deck.font, 14)


def _native_bars(deck: _Deck, slide, labels: list[str], values: list, grades: list[str]) -> None:
    """A horizontal bar chart (best/first at the top), bars coloured by grade, values labelled."""
    data = CategoryChartData()
    data.categories = list(reversed(labels))
    data.add_series(
        text("deck.series_score"), [None if is_missing(v) else round(float(v), 1) for v in reversed(values)]
    )
    gf = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, CONTENT_TOP, SLIDE_W - 2 * MARGIN, CONTENT_H, data)
    chart = gf.chart
    chart.has_legend = False
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.has_data_labels = True
    plot.data_labels.number_format = "0.0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for point, grade in zip(plot.series[0].points, reversed(grades)):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor.from_string(grade_colour(grade)[1:])
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = 0, 100
    axis.has_major_gridlines = True
    _chart_font(chart, deck.font, 14)


def _native_heatmap(deck: _Deck, slide, measures: pd.DataFrame) -> None:
    """The agencies × indicators matrix as a table with red → green cells."""
    values, _ = least_complete(measures, HEATMAP_ROWS)
    if values.empty:
        deck.text(slide, text("deck.no_data"), MARGIN, CONTENT_TOP, Inches(6), Inches(1), size=20)
        return
    rows, cols = len(values) + 1, len(values.columns) + 1
    shape = slide.shapes.add_table(
        rows, cols, MARGIN, CONTENT_TOP, SLIDE_W - 2 * MARGIN, min(CONTENT_H, Inches(0.34) * rows)
    )
    table = shape.table
    table.columns[0].width = Inches(3.0)
    for c in range(1, cols):
        table.columns[c].width = int((SLIDE_W - 2 * MARGIN - Inches(3.0)) / (cols - 1))
    _cell(deck, table.cell(0, 0), text("deck.col_agency"), 12, True, DARK, RGBColor(0xFF, 0xFF, 0xFF))
    for c, ind in enumerate(values.columns, start=1):
        _cell(
            deck,
            table.cell(0, c),
            text("deck.col_indicator", n=ind),
            11,
            True,
            DARK,
            RGBColor(0xFF, 0xFF, 0xFF),
            PP_ALIGN.CENTER,
        )
    for r, (agency, row) in enumerate(values.iterrows(), start=1):
        _cell(deck, table.cell(r, 0), short_agency(agency), 12)
        for c, v in enumerate(row, start=1):
            if is_missing(v):
                _cell(deck, table.cell(r, c), "", 12, fill=RGBColor(0xF0, 0xF0, 0xF0))
            else:
                _cell(
                    deck,
                    table.cell(r, c),
                    f"{v:.0f}",
                    12,
                    False,
                    RGBColor.from_string(heat_colour(v)[1:]),
                    RGBColor(0xFF, 0xFF, 0xFF) if v < 25 or v > 75 else RGBColor(0x11, 0x11, 0x11),
                    PP_ALIGN.CENTER,
                )


def _overdue_slides(deck: _Deck, overdue: pd.DataFrame, as_of_words: str, per_slide: int) -> None:
    """Days overdue are counted to each report's own as-of date, as on the timeliness page."""
    n = len(overdue)
    if n == 0:
        s = deck.slide(text("deck.overdue_title"))
        deck.text(
            s,
            text("deck.overdue_none", when=as_of_words),
            MARGIN,
            CONTENT_TOP,
            SLIDE_W - 2 * MARGIN,
            Inches(1),
            size=24,
            color=DARK,
        )
        return
    pages = math.ceil(n / per_slide)
    headers = text("deck.overdue_headers").split("|")
    widths = [0.7, 2.0, 5.3, 2.2, 1.1, 1.03]
    for page in range(pages):
        part = overdue.iloc[page * per_slide : (page + 1) * per_slide]
        s = deck.slide(
            text("deck.overdue_page", page=page + 1, pages=pages), text("deck.overdue_note", n=n, when=as_of_words)
        )
        shape = s.shapes.add_table(
            len(part) + 1, len(headers), MARGIN, CONTENT_TOP, Inches(sum(widths)), HEADER_ROW_H + BODY_ROW_H * len(part)
        )
        table = shape.table
        table.rows[0].height = HEADER_ROW_H
        for r in range(1, len(part) + 1):
            table.rows[r].height = BODY_ROW_H  # two lines of 11 pt: measures are clipped to fit
        for c, (head, w) in enumerate(zip(headers, widths)):
            table.columns[c].width = Inches(w)
            _cell(deck, table.cell(0, c), head, 11.5, True, DARK, RGBColor(0xFF, 0xFF, 0xFF), line_spacing=14)
        for r, (i, rec) in enumerate(part.iterrows(), start=1):
            fill = RGBColor(0xF3, 0xF6, 0xFA) if r % 2 == 0 else RGBColor(0xFF, 0xFF, 0xFF)
            values = [
                str(i + 1),
                rec["short"],
                _clip(rec["measure_text"], 110),
                _clip(rec["responsible"], 50),
                thai_date(rec["due_date"], short=True),
                "" if is_missing(rec["days_overdue"]) else f"{int(rec['days_overdue'])}",
            ]
            for c, v in enumerate(values):
                _cell(
                    deck,
                    table.cell(r, c),
                    v,
                    10.5,
                    fill=fill,
                    line_spacing=13,
                    align=PP_ALIGN.RIGHT if c in (0, 5) else None,
                )


# ---------------------------------------------------------------- small helpers


def _cell(
    deck: _Deck,
    cell,
    text: str,
    size: float,
    bold: bool = False,
    fill: RGBColor | None = None,
    color: RGBColor | None = None,
    align=None,
    line_spacing: float | None = None,
) -> None:
    cell.margin_left = cell.margin_right = Inches(0.05)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    if fill is not None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = fill
    tf = cell.text_frame
    tf.word_wrap = True
    p = tf.paragraphs[0]
    if align is not None:
        p.alignment = align
    if line_spacing:  # exact spacing: Thai fonts' tall default line height would not fit two lines
        p.line_spacing = Pt(line_spacing)
    deck.run(p, text, size, bold, color)


def _chart_font(chart, font: str, size: int) -> None:
    """Chart text (axes, labels, legend) in the Thai font, complex-script slot included."""
    chart.font.size = Pt(size)
    chart.font.name = font
    set_thai_font(chart.font._rPr, font)


def _clip(text: object, n: int) -> str:
    s = re.sub(r"\s+", " ", "" if is_missing(text) else str(text)).strip()
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _pct(x: object) -> str:
    return "–" if is_missing(x) else f"{float(x):.0f}%"  # type: ignore[arg-type]
