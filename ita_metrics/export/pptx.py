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
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ita_metrics.coerce import format_number, is_missing
from ita_metrics.errors import Message
from ita_metrics.export.deck import (
    BODY_ROW_H,
    CONTENT_H,
    CONTENT_TOP,
    DARK,
    GREY,
    HEADER_ROW_H,
    MARGIN,
    SLIDE_W,
    Deck,
    set_thai_font,
)
from ita_metrics.export.deck_images import draw_pngs
from ita_metrics.presentation.data_scope import DataScope, scope_of
from ita_metrics.presentation.report_figures import (
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
from ita_metrics.presentation.theme import file_font, grade_colour, heat_colour, status_colour
from ita_metrics.presentation.ui_text import status_label, text
from ita_metrics.scoring import scoring

FONT = file_font("pptx")  # data/ui.toml [files]: on every Windows PC, with Thai glyphs
ROWS_PER_SLIDE = 12


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
    deck = Deck(font, footer=" · ".join(w for w in [text("deck.footer"), *words] if w))

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
    _ranking_slides(deck, agency_scores(measures, weights), (pngs or {}).get("ranking") or [])
    fig_by_name = {f.name: f for f in figures}
    _heatmap_slide(deck, fig_by_name.get("heatmap"), measures, _pop(pngs, "heatmap"))
    _lagging_slide(deck, fig_by_name.get("lagging"), indicator_scores(measures, weights), _pop(pngs, "lagging"))
    _overdue_slides(deck, overdue_table(measures), words[-1], rows_per_slide)
    for note in notes:
        th, _, en = note.partition(" / ")
        warnings.append(Message("info", "fallback_figures", th, en or th))
    return deck.save(), warnings


# ---------------------------------------------------------------- the deck


def _pop(pngs: dict | None, name: str) -> bytes | None:
    found = (pngs or {}).get(name) or []
    return found[0] if found else None


def _ranking_slides(deck: Deck, agency_t: pd.DataFrame, ranking_pngs: list[bytes]) -> None:
    """The agencies by score, as many slides as the ranking needs (an image each, else native bars)."""
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


def _heatmap_slide(deck: Deck, heat_fig: MeetingFigure | None, measures: pd.DataFrame, png: bytes | None) -> None:
    slide = deck.slide(
        heat_fig.title if heat_fig else text("deck.heatmap_title"),
        heat_fig.note.split(" / ")[0] if heat_fig and heat_fig.note else "",
    )
    if png:
        deck.picture(slide, png)
    else:
        _native_heatmap(deck, slide, measures)


def _lagging_slide(deck: Deck, lag: MeetingFigure | None, indicators: pd.DataFrame, png: bytes | None) -> None:
    slide = deck.slide(lag.title if lag else text("deck.lagging_short"))
    if png:
        deck.picture(slide, png)
    else:
        ind = indicators.sort_values(["score", "indicator"], kind="stable")
        _native_bars(
            deck, slide, [indicator_label(i) for i in ind["indicator"]], list(ind["score"]), list(ind["grade"])
        )


def _scope_words(scope: DataScope, province: str | None, fiscal_year: int | None, round_: int | None) -> list[str]:
    """Place, year and round, as-of date: what the deck's data really holds, unless overridden.
    The as-of words come last (the overdue slides quote them)."""
    place = text("deck.province_of", name=province) if province else scope.place()
    years = text("deck.fiscal_year", fy=fiscal_year) if fiscal_year else scope.years()
    rounds = round_text(round_) if round_ else scope.round_words()
    return [w for w in (place, " · ".join(p for p in (years, rounds) if p)) if w] + [scope.as_of_label(long=True)]


# ---------------------------------------------------------------- slides


def _title_slide(deck: Deck, words: list[str]) -> None:
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


def _headline_slide(deck: Deck, measures: pd.DataFrame, weights, status_png: bytes | None) -> None:
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


def _native_bars(deck: Deck, slide, labels: list[str], values: list, grades: list[str]) -> None:
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


def _native_heatmap(deck: Deck, slide, measures: pd.DataFrame) -> None:
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


def _overdue_slides(deck: Deck, overdue: pd.DataFrame, as_of_words: str, per_slide: int) -> None:
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
    deck: Deck,
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
