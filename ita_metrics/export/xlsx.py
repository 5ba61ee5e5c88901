"""The Excel report an officer takes to the meeting (xlsxwriter).

Sheets, each with a title, a frozen header row, an autofilter and print settings:

- สรุปคะแนนหน่วยงาน — agency scores, grades (coloured), ranks, data bars on the percentages;
- ตัวชี้วัด — the ten indicators scored the same way;
- มาตรการเลยกำหนด — the follow-up list: agency, measure, responsible, deadline, days overdue;
- มาตรการทั้งหมด — every field of every measure, with the source file, sheet and row.

The workbook's default font is TH Sarabun New 14 pt with the Thai character set, so Excel
substitutes a Thai font of its own (Tahoma) on a computer without it.

No cell ever becomes a formula: every text goes through `safe_text` (a text beginning with
= + - @ or a tab/CR gets a leading apostrophe) and is written with `write_string`.

>>> safe_text("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> safe_text("เทศบาลตำบลถาวร")
'เทศบาลตำบลถาวร'
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import xlsxwriter

from ita_metrics.coerce import format_number, is_missing
from ita_metrics.flags import flag_catalog
from ita_metrics.model import GRADES, split_flags
from ita_metrics.presentation.data_scope import scope_of
from ita_metrics.presentation.report_figures import agency_scores, fill_as_of, indicator_scores, overdue_table
from ita_metrics.presentation.theme import file_font, grade_colour, theme
from ita_metrics.presentation.ui_text import has, status_label, text, timeliness_label
from ita_metrics.safe_cells import DANGEROUS_STARTS, neutralise  # noqa: F401 - DANGEROUS_STARTS re-exported
from ita_metrics.scoring import scoring

FONT_NAME = file_font("xlsx")
FONT_SIZE = int(theme()["files"]["xlsx_size"])
THAI_CHARSET = 222  # tells Excel to substitute a Thai-capable font (Tahoma) when missing


def thai_workbook(buf: io.BytesIO) -> xlsxwriter.Workbook:
    """A workbook people open safely: no text turned into formulas, links or numbers, and a Thai
    default font, so every xlsx the product writes starts the same way."""
    return xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {
                "font_name": FONT_NAME,
                "font_size": FONT_SIZE,
                "font_charset": THAI_CHARSET,
                "font_scheme": "none",
            },
        },
    )


HEADER_ROW = 4  # 1-based row of every sheet's header; data starts below it
DATE_FORMAT = "[$-107041E]d mmm yyyy"  # Thai locale, Buddhist-era calendar: 31 มี.ค. 2566
MAX_CELL_CHARS = 32767

SHEET_KEYS = ("summary", "indicators", "overdue", "measures")


def sheet_names() -> dict[str, str]:
    """The sheets' names from data/ui_text.csv (xlsx.sheet.*), in order."""
    return {k: text(f"xlsx.sheet.{k}") for k in SHEET_KEYS}


def safe_text(value: object) -> str:
    """Text that Excel (and a CSV saved from it) will never run as a formula. Line breaks become
    Excel's own (LF), as an XML file would turn a CR into one anyway."""
    s = str(neutralise("" if value is None or value is pd.NA else str(value)))
    return s.replace("\r\n", "\n").replace("\r", "\n")[:MAX_CELL_CHARS]


@dataclass(frozen=True)
class Col:
    """One column of a sheet: header, value getter, kind (text|int|num|pct|date|grade), width."""

    header: str
    get: Callable[[pd.Series], object]
    kind: str = "text"
    width: float | None = None
    wrap: bool = False


def report_xlsx(
    measures: pd.DataFrame,
    as_of: date | None = None,
    weights: Sequence[float] = scoring.DEFAULT_WEIGHTS,
    meta: dict | None = None,
) -> bytes:
    """The Excel report as bytes (for a download button or a file).

    Each measure is judged at its own report's as-of date (column `as_of`); `as_of` is only the
    date for measures that carry none. `meta` may name the province for the titles (default: the
    provinces, years and rounds the measures really hold, data_scope).
    """
    weights = scoring.check_weights(weights)
    measures = fill_as_of(measures, as_of)
    meta = {"scope": scope_of(measures), **{k: v for k, v in (meta or {}).items() if v}}
    buf = io.BytesIO()
    wb = thai_workbook(buf)
    wb.set_properties(
        {"title": text("xlsx.doc_title"), "subject": text("xlsx.doc_title", "en"), "comments": "ita_metrics"}
    )
    fmt = _formats(wb)
    sheets = sheet_names()
    subtitle = _subtitle(meta, weights)
    agencies_t = agency_scores(measures, weights)
    _summary_sheet(wb, fmt, sheets["summary"], agencies_t, measures, weights, subtitle)
    _table_sheet(
        wb,
        fmt,
        sheets["indicators"],
        text("xlsx.title.indicators"),
        subtitle,
        indicator_scores(measures, weights),
        _indicator_cols(),
        grade_col=True,
    )
    overdue = overdue_table(measures)
    _table_sheet(
        wb,
        fmt,
        sheets["overdue"],
        text("xlsx.title.overdue", n=len(overdue)),
        subtitle,
        overdue,
        _overdue_cols(),
        freeze_col=2,
    )
    _table_sheet(
        wb,
        fmt,
        sheets["measures"],
        text("xlsx.title.measures", n=len(measures)),
        subtitle,
        measures.reset_index(drop=True),
        _measure_cols(),
        freeze_col=1,
    )
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------- formats


def _formats(wb: xlsxwriter.Workbook) -> dict:
    base = {"valign": "top"}
    f = {
        "title": wb.add_format({"bold": True, "font_size": FONT_SIZE + 6}),
        "subtitle": wb.add_format({"italic": True, "font_color": "#444444"}),
        "header": wb.add_format(
            {
                "bold": True,
                "bg_color": "#1f4e79",
                "font_color": "white",
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
                "border": 1,
            }
        ),
        "text": wb.add_format(base),
        "wrap": wb.add_format({**base, "text_wrap": True}),
        "int": wb.add_format({**base, "num_format": "#,##0"}),
        "num": wb.add_format({**base, "num_format": "0.0"}),
        "pct": wb.add_format({**base, "num_format": "0.0"}),
        "date": wb.add_format({**base, "num_format": DATE_FORMAT, "align": "left"}),
        "grade": wb.add_format({**base, "bold": True, "align": "center"}),
        "headline": wb.add_format({"bold": True, "font_size": FONT_SIZE + 2, "font_color": "#1f4e79"}),
    }
    f["grades"] = {
        g: wb.add_format(
            {"bg_color": grade_colour(g), "font_color": "white" if g not in ("B", "C") else "#111111", "bold": True}
        )
        for g in GRADES
    }
    return f


def _subtitle(meta: dict, weights: tuple[float, float]) -> str:
    scope = meta["scope"]
    place = text("xlsx.province", province=meta["province"]) if meta.get("province") else scope.place()
    parts = [p for p in (place, scope.years(), scope.round_words(), scope.as_of_label(long=True)) if p]
    parts.append(text("xlsx.formula", completion=f"{weights[0]:g}", timeliness=f"{weights[1]:g}"))
    return " · ".join(parts)


# ---------------------------------------------------------------- sheets


def _summary_sheet(wb, fmt, name: str, table: pd.DataFrame, measures: pd.DataFrame, weights, subtitle) -> None:
    ws = _table_sheet(
        wb,
        fmt,
        name,
        text("xlsx.title.summary"),
        subtitle,
        table,
        _summary_cols(),
        grade_col=True,
        freeze_col=2,
    )
    o = scoring.overall(measures, weights)
    headline = text(
        "xlsx.headline",
        agencies=o["n_agencies"],
        measures=o["n_measures"],
        done=format_number(o["pct_done"]),
        on_time=format_number(o["pct_on_time"]),
        overdue=o["n_overdue"],
        score=format_number(o["score"]),
        grade=o["grade"] or "–",
    )
    ws.write_string(2, 0, safe_text(headline), fmt["headline"])


def _table_sheet(
    wb,
    fmt,
    name: str,
    title: str,
    subtitle: str,
    rows: pd.DataFrame,
    cols: list[Col],
    grade_col: bool = False,
    freeze_col: int = 0,
):
    ws = wb.add_worksheet(name)
    header = HEADER_ROW - 1
    ws.write_string(0, 0, safe_text(title), fmt["title"])
    ws.write_string(1, 0, safe_text(subtitle), fmt["subtitle"])
    ws.set_row(0, 30)
    ws.set_row(1, 21)
    ws.set_row(2, 24)
    ws.set_row(header, 42)
    for c, col in enumerate(cols):
        ws.write_string(header, c, safe_text(col.header), fmt["header"])
    widths = [_display_width(col.header) / 1.6 + 2 for col in cols]
    for r, (_, rec) in enumerate(rows.iterrows(), start=header + 1):
        for c, col in enumerate(cols):
            value = col.get(rec)
            widths[c] = max(widths[c], _write(ws, r, c, value, col, fmt))
    last = header + max(len(rows), 1)
    for c, col in enumerate(cols):
        width = col.width or min(max(widths[c], 6), 60)
        ws.set_column(c, c, width, fmt["wrap"] if col.wrap else None)
    ws.freeze_panes(header + 1, freeze_col)
    ws.autofilter(header, 0, last, len(cols) - 1)
    _conditional(ws, fmt, cols, header + 1, last, grade_col)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    return ws


def _write(ws, r: int, c: int, value: object, col: Col, fmt: dict) -> float:
    """Write one cell by kind; returns the width its text needs."""
    if is_missing(value):
        ws.write_blank(r, c, None, fmt["date"] if col.kind == "date" else None)
        return 0
    kind = col.kind
    if kind in ("int", "num", "pct"):
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            kind = "text"
        else:
            ws.write_number(r, c, number, fmt[kind])
            return len(f"{number:,.1f}") + 1
    if kind == "date":
        try:
            d = date.fromisoformat(str(value)[:10])
        except ValueError:
            kind = "text"
        else:
            ws.write_datetime(r, c, d, fmt["date"])
            return 13
    text = safe_text(value)
    ws.write_string(r, c, text, fmt["grade"] if kind == "grade" else (fmt["wrap"] if col.wrap else fmt["text"]))
    return max((_display_width(line) for line in text.split("\n")), default=0) * 1.1 + 2


def _conditional(ws, fmt, cols: list[Col], first: int, last: int, grade_col: bool) -> None:
    if last < first:
        return
    for c, col in enumerate(cols):
        if col.kind == "pct":
            ws.conditional_format(
                first,
                c,
                last,
                c,
                {
                    "type": "data_bar",
                    "bar_color": "#63be7b",
                    "bar_solid": True,
                    "min_type": "num",
                    "min_value": 0,
                    "max_type": "num",
                    "max_value": 100,
                },
            )
        if col.kind == "grade" and grade_col:
            for grade, f in fmt["grades"].items():
                ws.conditional_format(
                    first, c, last, c, {"type": "cell", "criteria": "==", "value": f'"{grade}"', "format": f}
                )


# ---------------------------------------------------------------- columns


def _field(header: str, key: str, kind: str = "text", width: float | None = None) -> Col:
    """A column that shows one field of the score table as it is."""
    return Col(header, lambda r: r[key], kind, width)


def _h(key: str) -> str:
    """A column header from data/ui_text.csv: xlsx.col.<key> (the report's own wording), else the
    screen's col.<key>, so a word shared with the screen is written once."""
    return text(f"xlsx.col.{key}") if has(f"xlsx.col.{key}") else text(f"col.{key}")


def _status_cols() -> list[tuple[str, str, int]]:
    """Count columns headed by the status words themselves (status.* in the table)."""
    return [(_h("n_measures"), "n_measures", 11)] + [
        (status_label(code), f"n_{code}", w)
        for code, w in (("done", 11), ("in_progress", 12), ("not_started", 11), ("unknown", 11))
    ]


def _timeliness_cols(codes: Sequence[str] = ("on_time", "late", "overdue", "not_due")) -> list[tuple[str, str, int]]:
    """Count columns headed by the timeliness words themselves (timeliness.* in the table)."""
    return [(timeliness_label(code), f"n_{code}", 10) for code in codes]


def _score_cols() -> list[tuple[str, str, str, int]]:
    return [
        (_h("completion_pct"), "completion_pct", "pct", 13),
        (_h("on_time_pct"), "on_time_pct", "pct", 13),
        (_h("score"), "score", "pct", 11),
        (_h("grade"), "grade", "grade", 7),
    ]


def _counts_and_scores(timeliness: list[tuple[str, str, int]]) -> list[Col]:
    """The count, percentage and grade columns the summary and indicator sheets share."""
    return [_field(h, k, "int", w) for h, k, w in _status_cols() + timeliness] + [
        _field(h, k, kind, w) for h, k, kind, w in _score_cols()
    ]


def _summary_cols() -> list[Col]:
    return [
        _field(_h("rank"), "rank", "int", 8),
        _field(_h("agency"), "group"),
        _field(_h("district"), "district"),
        _field(_h("province"), "province"),
        *_counts_and_scores(_timeliness_cols()),
    ]


def _indicator_cols() -> list[Col]:
    return [
        _field(_h("indicator_no"), "indicator", "int", 9),
        _field(_h("indicator_name"), "name"),
        _field(_h("tool"), "tool", "text", 9),
        _field(_h("n_agencies"), "n_agencies", "int", 11),
        *_counts_and_scores(_timeliness_cols(("overdue",))),
        _field(_h("rank"), "rank", "int", 8),
    ]


def _overdue_cols() -> list[Col]:
    return [
        Col(_h("seq"), lambda r: r.name + 1, "int", 7),
        Col(_h("agency"), lambda r: r["agency"]),
        Col(_h("district"), lambda r: r["district"]),
        Col(_h("indicator"), lambda r: r["indicator"], "int", 9),
        Col(_h("item_codes"), lambda r: r["item_codes"], "text", 10),
        Col(_h("measure"), lambda r: r["measure_text"], "text", 50, wrap=True),
        Col(_h("responsible"), lambda r: r["responsible"], "text", 24, wrap=True),
        Col(_h("due_date"), lambda r: r["due_date"], "date", 15),
        Col(_h("days_overdue"), lambda r: r["days_overdue"], "int", 11),
        Col(_h("as_of"), lambda r: r["as_of"], "date", 15),
        Col(_h("status"), lambda r: status_label(r["status"]), "text", 18),
        Col(_h("progress"), lambda r: r["progress_pct"], "pct", 12),
        Col(_h("outcome"), lambda r: r["result"], "text", 40, wrap=True),
        Col(_h("source_file"), lambda r: r["source_file"]),
        Col(_h("sheet"), lambda r: r["source_sheet"]),
        Col(_h("row"), lambda r: r["source_row"], "int", 7),
    ]


def _flag_text(flags: str) -> str:
    cat = flag_catalog()
    return "\n".join(cat[c]["th"] if c in cat else c for c in split_flags(flags))


def _measure_cols() -> list[Col]:
    """Every field of the measure model (MEASURE_FIELDS), Thai headers, codes kept for flags."""
    return [
        Col(_h("agency"), lambda r: r["agency"]),
        Col(_h("district"), lambda r: r["district"]),
        Col(_h("province"), lambda r: r["province"]),
        Col(_h("fiscal_year"), lambda r: r["fiscal_year"], "int", 10),
        Col(_h("round"), lambda r: r["round"], "int", 8),
        Col(_h("catalog_year"), lambda r: r["catalog_year"], "int", 11),
        Col(_h("tool"), lambda r: r["tool"], "text", 9),
        Col(_h("indicator"), lambda r: r["indicator"], "int", 8),
        Col(_h("item_codes"), lambda r: r["item_codes"], "text", 10),
        Col(_h("issue"), lambda r: r["issue"], "text", 36, wrap=True),
        Col(_h("measure"), lambda r: r["measure"], "text", 44, wrap=True),
        Col(_h("responsible"), lambda r: r["responsible"], "text", 22, wrap=True),
        Col(_h("steps"), lambda r: r["steps"], "text", 36, wrap=True),
        Col(_h("period_text"), lambda r: r["period_text"], "text", 24, wrap=True),
        Col(_h("outcome"), lambda r: r["result"], "text", 44, wrap=True),
        Col(_h("status"), lambda r: status_label(r["status"]), "text", 18),
        Col(_h("progress"), lambda r: r["progress_pct"], "pct", 12),
        Col(_h("due_date"), lambda r: r["due_date"], "date", 15),
        Col(_h("completed_date"), lambda r: r["completed_date"], "date", 15),
        Col(_h("timeliness"), lambda r: timeliness_label(r["timeliness"]), "text", 14),
        Col(_h("reported_completed_date"), lambda r: r.get("reported_completed_date", ""), "date", 15),
        Col(_h("as_of"), lambda r: r["as_of"], "date", 15),
        Col(_h("flags"), lambda r: _flag_text(r["flags"]), "text", 36, wrap=True),
        Col(_h("flag_codes"), lambda r: r["flags"], "text", 20, wrap=True),
        Col(_h("source_file"), lambda r: r["source_file"]),
        Col(_h("sheet"), lambda r: r["source_sheet"]),
        Col(_h("row"), lambda r: r["source_row"], "int", 7),
    ]


# ---------------------------------------------------------------- helpers


def _display_width(text: str) -> int:
    """Characters that take space: Thai vowel and tone marks above/below take none."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)
