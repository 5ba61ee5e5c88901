"""One page per agency: a printable A4 summary to attach to a letter, as PDF and as Word.

What the page holds (`AgencySummary`): the agency and its place, fiscal year, round and the
as-of date; score and grade with completion, timeliness and rank in the province; the status mix;
one row of completion per indicator (1–10); the overdue measures with days overdue; the files
the figures come from. Figures come from `scoring` and `views`, the same recipes as the dashboard.

The PDF is drawn with fpdf2 and a Thai TrueType font embedded (fonts-thai-tlwg's Laksaman, the
free TH Sarabun design, unless $ITA_PDF_FONT names another), with HarfBuzz text shaping on, so
upper vowels and tone marks stack instead of colliding; lines wrap at Thai word boundaries
(pythainlp newmm), not in the middle of a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ita_metrics.coerce import to_int
from ita_metrics.config import setting
from ita_metrics.model import STATUSES
from ita_metrics.presentation.report_figures import indicator_label, round_text, thai_date
from ita_metrics.presentation.theme import grade_colour, heat_colour, ink, rgb, status_colour
from ita_metrics.presentation.ui_text import both, status_label, text
from ita_metrics.presentation.views import overdue_list
from ita_metrics.scoring import scoring
from ita_metrics.thai.agencies import short_name

FONT_ENV = "ITA_PDF_FONT"
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"), "C:/Windows/Fonts")
# Regular and bold files, in order of preference: the TH Sarabun design first (official documents)
FONT_FILES = (
    ("THSarabunNew.ttf", "THSarabunNew Bold.ttf"),
    ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"),
    ("Laksaman.ttf", "Laksaman-Bold.ttf"),
    ("Garuda.ttf", "Garuda-Bold.ttf"),
    ("Loma.ttf", "Loma-Bold.ttf"),
)
INDICATORS = tuple(range(1, 11))
MAX_OVERDUE_ROWS = 14
WRAP_SAFETY = 0.96  # words measured apart add up a little short of the shaped line


class FontMissing(RuntimeError):
    """No Thai TrueType font was found: the PDF cannot show Thai."""


@dataclass
class AgencySummary:
    agency: str
    district: str
    province: str
    fiscal_year: int | None
    round: int | None
    as_of: date | None
    n_measures: int
    score: float | None
    grade: str
    completion_pct: float | None
    on_time_pct: float | None
    rank: int | None
    n_agencies: int
    status: dict[str, int]
    indicators: dict[int, float | None]
    overdue: pd.DataFrame  # indicator, measure, due_date, days_overdue
    files: list[str] = field(default_factory=list)


def _num(x: object) -> float | None:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if v != v else v


def _first(values: Sequence[object]) -> object:
    """The most common non-empty value (the first of a tie), None when there is none."""
    seen = [v for v in values if v is not None and v is not pd.NA and str(v).strip() and v == v]
    return Counter(seen).most_common(1)[0][0] if seen else None


def summaries(
    scope: pd.DataFrame, agencies: Sequence[str] | None = None, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS
) -> list[AgencySummary]:
    """The one-page figures of each agency (all of `scope` when `agencies` is None), ranked among
    the agencies of `scope` (the reports shown: one per agency for a round)."""
    names = list(agencies) if agencies is not None else sorted(set(scope["agency"]) - {""})
    table = scoring.score_groups(scope, by="agency", weights=weights).set_index("group")
    scored = scoring.add_measure_scores(scope)
    by_agency = {a: g for a, g in scored.groupby("agency", sort=False)}
    overdue = overdue_list(scope)
    late = {a: g for a, g in overdue.groupby("agency", sort=False)}
    return [
        _summary(
            a,
            by_agency.get(a, scored.iloc[0:0]),
            late.get(a, overdue.iloc[0:0]),
            table.loc[a] if a in table.index else None,
            len(table),
        )
        for a in names
    ]


def _summary(agency: str, m: pd.DataFrame, overdue: pd.DataFrame, r: pd.Series | None, n: int) -> AgencySummary:
    status = Counter(s if s in STATUSES else "unknown" for s in m["status"].tolist())
    per: dict[int, list[float]] = {}
    for ind, c in zip(m["indicator"].tolist(), m["completion_score"].tolist()):
        if ind is not None and ind is not pd.NA and ind == ind:
            per.setdefault(int(ind), []).append(float(c))
    as_of = max((str(a)[:10] for a in m["as_of"].tolist() if str(a).strip()), default="") if "as_of" in m else ""
    fy, rd = _first(m["fiscal_year"].tolist()), _first(m["round"].tolist())
    return AgencySummary(
        agency=agency,
        district=str(_first(m["district"].tolist()) or ""),
        province=str(_first(m["province"].tolist()) or ""),
        fiscal_year=to_int(fy),
        round=to_int(rd),
        as_of=date.fromisoformat(as_of) if as_of else None,
        n_measures=len(m),
        score=_num(r["score"]) if r is not None else None,
        grade=str(r["grade"]) if r is not None else "",
        completion_pct=_num(r["completion_pct"]) if r is not None else None,
        on_time_pct=_num(r["on_time_pct"]) if r is not None else None,
        rank=int(r["rank"]) if r is not None else None,
        n_agencies=n,
        status={s: int(status.get(s, 0)) for s in STATUSES},
        indicators={i: (100 * sum(per[i]) / len(per[i]) if per.get(i) else None) for i in INDICATORS},
        overdue=overdue[["indicator", "measure", "due_date", "days_overdue"]].reset_index(drop=True),
        files=sorted(set(m["source_file"].astype(str))),
    )


# ---------------------------------------------------------------- words shared by PDF and Word
def _fmt(x: float | None, suffix: str = "") -> str:
    return "–" if x is None else f"{x:.1f}{suffix}"


def heading_lines(s: AgencySummary) -> list[str]:
    place = " ".join(
        p
        for p in (
            text("onepage.district", name=s.district) if s.district else "",
            text("onepage.province", name=s.province) if s.province else "",
        )
        if p
    )
    fiscal = text("onepage.fiscal_year", fy=s.fiscal_year) if s.fiscal_year else ""
    when = " ".join(p for p in (fiscal, round_text(s.round)) if p)
    as_of = text("onepage.as_of", date=thai_date(s.as_of) or "–")
    return [title(), s.agency, place, f"{when}  {as_of}".strip()]


def score_lines(s: AgencySummary) -> list[str]:
    rank = text("onepage.rank", rank=s.rank, n=s.n_agencies) if s.rank else ""
    return [
        text("onepage.score_grade", score=_fmt(s.score), grade=s.grade or "–"),
        text(
            "onepage.figures", completion=_fmt(s.completion_pct, "%"), on_time=_fmt(s.on_time_pct, "%"), rank=rank
        ).strip(),
        text("onepage.counts", n=s.n_measures, overdue=len(s.overdue)),
    ]


def overdue_rows(s: AgencySummary, limit: int = MAX_OVERDUE_ROWS) -> tuple[list[list[str]], int]:
    rows = []
    for r in s.overdue.head(limit).itertuples(index=False):
        days = "" if pd.isna(r.days_overdue) else str(int(r.days_overdue))
        rows.append([indicator_label(r.indicator), str(r.measure), thai_date(str(r.due_date), short=True), days])
    return rows, max(len(s.overdue) - limit, 0)


def title() -> str:
    return text("onepage.heading")


def overdue_header() -> list[str]:
    return [text(f"onepage.col_{c}") for c in ("indicator", "measure", "due", "days")]


# ---------------------------------------------------------------- PDF
def thai_font_files() -> tuple[str, str]:
    """(regular, bold) TrueType files of a Thai font: $ITA_PDF_FONT ("regular.ttf[,bold.ttf]"),
    else the first of FONT_FILES found on the machine. FontMissing when none is."""
    env = setting(FONT_ENV)
    if env:
        parts = [p.strip() for p in env.split(",")]
        if Path(parts[0]).is_file():
            return parts[0], parts[1] if len(parts) > 1 and Path(parts[1]).is_file() else parts[0]
    found = _font_index()
    for regular, bold in FONT_FILES:
        if regular in found:
            return found[regular], found.get(bold, found[regular])
    raise FontMissing(both("onepage.no_thai_font"))


@lru_cache(maxsize=1)
def _font_index() -> dict[str, str]:
    wanted = {n for pair in FONT_FILES for n in pair}
    out: dict[str, str] = {}
    for d in FONT_DIRS:
        base = Path(d)
        if not base.is_dir():
            continue
        for p in base.rglob("*.ttf"):
            if p.name in wanted and p.name not in out:
                out[p.name] = str(p)
    return out


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    out: list[str] = []
    for part in re.split(r"(\s+)", text):  # keep_whitespace=True rebuilds the dictionary: slow
        if part.isspace():
            out.append(" ")
        elif part:
            out.extend(word_tokenize(part, engine="newmm", keep_whitespace=False))
    return tuple(out)


def wrap(pdf, text: str, width: float) -> list[str]:
    """Lines of `text` no wider than `width` (mm) in the current font, broken between Thai words.
    Word widths are measured once per font and size (shaping a whole line per word is slow)."""
    cache = pdf.__dict__.setdefault("_ita_widths", {})
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt)

    def width_of(w: str) -> float:
        k = key + (w,)
        if k not in cache:
            cache[k] = pdf.get_string_width(w)
        return cache[k]

    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line, used = "", 0.0
        for w in _words(paragraph):
            if line and used + width_of(w) > width * WRAP_SAFETY:
                lines.append(line.rstrip())
                line = w.lstrip()
                while pdf.get_string_width(line) > width and len(line) > 1:  # one word wider than the line
                    cut = len(line)
                    while cut > 1 and pdf.get_string_width(line[:cut]) > width:
                        cut -= 1
                    lines.append(line[:cut])
                    line = line[cut:]
                used = width_of(line)
            else:
                line, used = line + w, used + width_of(w)
        lines.append(line.rstrip())
    return lines


class _Page:
    """Drawing helpers over one fpdf2 document (A4, mm)."""

    MARGIN = 15.0

    def __init__(self) -> None:
        from fpdf import FPDF

        regular, bold = thai_font_files()
        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.pdf.add_font("thai", "", regular)
        self.pdf.add_font("thai", "B", bold)
        self.pdf.set_text_shaping(True)
        self.pdf.set_title(title())
        self.width = 210 - 2 * self.MARGIN

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font("thai", "B" if bold else "", size)

    def text(
        self,
        text: str,
        size: float,
        bold: bool = False,
        h: float | None = None,
        colour: str = "",
        width: float | None = None,
        x: float | None = None,
    ) -> None:
        self.font(size, bold)
        self.pdf.set_text_color(*rgb(colour or ink("text")))
        h = h or size * 0.45
        for line in wrap(self.pdf, text, width or self.width):
            self.pdf.set_x(self.MARGIN if x is None else x)
            self.pdf.cell(width or self.width, h, line, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(0, 0, 0)

    def box(self, x: float, y: float, w: float, h: float, fill: str, line: str | None = None) -> None:
        self.pdf.set_fill_color(*rgb(fill))
        if line:
            self.pdf.set_draw_color(*rgb(line))
        self.pdf.rect(x, y, w, h, style="DF" if line else "F")


def _draw(page: _Page, s: AgencySummary) -> None:
    pdf = page.pdf
    pdf.add_page()
    title, agency, place, when = heading_lines(s)
    page.text(title, 13, True, colour=ink("accent"))
    page.text(agency, 22, True, h=10)
    page.text(place, 14, h=6.5)
    page.text(when, 12, h=6, colour=ink("subtle"))
    y = _score_card(page, s, pdf.get_y() + 3)
    _indicator_row(page, s, y)
    _overdue_table(page, s)


def _score_card(page: _Page, s: AgencySummary, y: float) -> float:
    """The grade in its colour, the figures, and the status mix as one stacked bar; returns the y
    below it."""
    pdf, m = page.pdf, page.MARGIN
    page.box(m, y, 38, 30, grade_colour(s.grade))
    pdf.set_xy(m, y + 3)
    page.font(30, True)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(38, 14, s.grade or "–", align="C")
    pdf.set_xy(m, y + 18)
    page.font(13)
    pdf.cell(38, 8, text("onepage.score", score=_fmt(s.score)), align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(m + 43, y)
    for line in score_lines(s)[1:]:
        page.text(line, 12, h=5.6, x=m + 43, width=page.width - 43)
    # status mix: one stacked bar, legend with counts
    bar_y, bar_w = max(y + 19, pdf.get_y() + 1), page.width - 43
    total = max(sum(s.status.values()), 1)
    x = m + 43
    for st, n in s.status.items():
        w = bar_w * n / total
        if w > 0:
            page.box(x, bar_y, w, 5, status_colour(st))
        x += w
    pdf.set_xy(m + 43, bar_y + 6)
    page.font(10.5)
    legend = "   ".join(f"■ {status_label(st)} {n}" for st, n in s.status.items())
    pdf.cell(bar_w, 5, legend)
    return y + 35


def _indicator_row(page: _Page, s: AgencySummary, y: float) -> None:
    """One coloured cell per indicator with its completion %."""
    pdf, m = page.pdf, page.MARGIN
    pdf.set_xy(m, y)
    page.text(text("onepage.indicator_row"), 13, True, h=7)
    cell_w = page.width / len(INDICATORS)
    y = pdf.get_y()
    for k, ind in enumerate(INDICATORS):
        pct = s.indicators.get(ind)
        page.box(m + k * cell_w, y, cell_w - 1, 12, heat_colour(pct))
        pdf.set_xy(m + k * cell_w, y + 0.5)
        page.font(9)
        pdf.set_text_color(255, 255, 255) if pct is not None else pdf.set_text_color(90, 90, 90)
        pdf.cell(cell_w - 1, 5, text("onepage.indicator_n", n=ind), align="C")
        pdf.set_xy(m + k * cell_w, y + 5.5)
        page.font(12, True)
        pdf.cell(cell_w - 1, 6, "–" if pct is None else f"{pct:.0f}", align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(m, y + 16)


def _overdue_table(page: _Page, s: AgencySummary) -> None:
    """The overdue measures, as many as fit above the footnote, then the footnote and sources."""
    pdf, m = page.pdf, page.MARGIN
    rows, more = overdue_rows(s)
    page.text(text("onepage.overdue_title", n=len(s.overdue)), 13, True, h=7)
    widths = (40.0, page.width - 40 - 26 - 18, 26.0, 18.0)
    _table_row(page, overdue_header(), widths, bold=True, fill=ink("header_fill"))
    if not rows:
        page.text(text("onepage.none_overdue"), 12, h=7, colour=status_colour("done"))
    bottom = 297 - m - 18
    for i, row in enumerate(rows):
        if pdf.get_y() + _row_height(page, row, widths) > bottom:
            more += len(rows) - i
            break
        _table_row(page, row, widths)
    if more:
        page.text(text("onepage.more", n=more), 11, h=6, colour=ink("subtle"))
    pdf.set_xy(m, 297 - m - 14)
    page.text(text("onepage.footnote"), 9.5, h=4.5, colour=ink("subtle"))
    page.text(text("onepage.sources", files=", ".join(s.files)), 9.5, h=4.5, colour=ink("subtle"))


def _row_height(page: _Page, cells: list[str], widths: Sequence[float], size: float = 11) -> float:
    page.font(size)
    return max(len(wrap(page.pdf, c, w - 2)) for c, w in zip(cells, widths)) * 5.2 + 1.5


def _table_row(
    page: _Page,
    cells: list[str],
    widths: Sequence[float],
    bold: bool = False,
    fill: str | None = None,
    size: float = 11,
) -> None:
    pdf = page.pdf
    h = _row_height(page, cells, widths, size)
    y, x = pdf.get_y(), page.MARGIN
    page.font(size, bold)
    for cell, w in zip(cells, widths):
        page.box(x, y, w, h, fill or "#ffffff", line=ink("border"))
        for k, line in enumerate(wrap(pdf, cell, w - 2)):
            pdf.set_xy(x + 1, y + 0.8 + k * 5.2)
            pdf.cell(w - 2, 5.2, line)
        x += w
    pdf.set_xy(page.MARGIN, y + h)


def summary_pdf(items: Sequence[AgencySummary]) -> bytes:
    """All the summaries in one PDF, one A4 page each (FontMissing without a Thai font)."""
    page = _Page()
    for s in items:
        _draw(page, s)
    if not items:
        page.pdf.add_page()
        page.text(text("onepage.none_selected"), 14)
    return bytes(page.pdf.output())


# ---------------------------------------------------------------- Word
def summary_docx(items: Sequence[AgencySummary], font: str = "TH Sarabun New") -> bytes:
    """The same summaries as an editable Word file, one page each."""
    from ita_metrics.export.thai_doc import ThaiDoc

    doc = ThaiDoc(font, 14, margins_cm=(1.5, 1.5, 1.5, 1.5))
    for k, s in enumerate(items):
        if k:
            doc.page_break()
        title, agency, place, when = heading_lines(s)
        doc.para(title, bold=True, size=14, color=ink("accent"))
        doc.para(agency, bold=True, size=22)
        doc.para(place, size=15)
        doc.para(when, size=13)
        card = doc.table(
            [text(f"onepage.card_{c}") for c in ("grade", "score", "completion", "on_time", "rank")],
            [
                [
                    s.grade or "–",
                    _fmt(s.score),
                    _fmt(s.completion_pct, "%"),
                    _fmt(s.on_time_pct, "%"),
                    f"{s.rank or '–'} / {s.n_agencies}",
                ]
            ],
            size=14,
            fills={(1, 0): grade_colour(s.grade)},
        )
        del card
        doc.para(text("onepage.status_title"), bold=True, space_before=6)
        doc.table(
            [status_label(st) for st in s.status],
            [[str(n) for n in s.status.values()]],
            size=13,
            fills={(1, j): status_colour(st) for j, st in enumerate(s.status)},
        )
        doc.para(text("onepage.indicator_row"), bold=True, space_before=6)
        doc.table(
            [str(i) for i in INDICATORS],
            [["–" if s.indicators[i] is None else f"{s.indicators[i]:.0f}" for i in INDICATORS]],
            size=13,
            fills={(1, j): heat_colour(s.indicators[i]) for j, i in enumerate(INDICATORS)},
        )
        rows, more = overdue_rows(s)
        doc.para(text("onepage.overdue_title", n=len(s.overdue)), bold=True, space_before=6)
        if rows:
            doc.table(overdue_header(), rows, widths_cm=[4.0, 10.0, 2.6, 1.6], size=12)
        else:
            doc.para(text("onepage.none_overdue"))
        if more:
            doc.para(text("onepage.more_short", n=more), size=12)
        doc.para(text("onepage.footnote"), size=11, space_before=6)
        doc.para(text("onepage.sources", files=", ".join(s.files)), size=11)
    if not items:
        doc.para(text("onepage.none_selected"))
    return doc.bytes()


def file_stem(s: AgencySummary) -> str:
    return (short_name(s.agency) or s.agency).replace("/", "_")
