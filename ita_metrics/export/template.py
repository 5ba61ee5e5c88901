"""The submission template agencies fill in: an .xlsx the importer reads back exactly.

Sheet "แบบรายงาน": a title block (report name, fiscal year, one yellow cell for the agency with its
district and province, a round drop-down), a blank row, a two-row header, then empty rows
prepared with drop-downs and date cells. Sheet "คำชี้แจง": instructions in Thai. A hidden sheet
"รายการข้อ" holds the drop-down lists (the catalog's item codes with their titles).

Why the layout is what it is — each choice is something `importer.parse_file` reads today:

- The agency, district and province go in ONE cell ("เทศบาลตำบลถาวร อำเภอเฉลิมพระเกียรติ
  จังหวัดบุรีรัมย์"), as in real report titles: the importer finds the district and province only
  on the agency's own line, and a label cell next to a value cell ("อำเภอ" | "เฉลิมพระเกียรติ")
  does not read as one line.
- The fiscal year is printed in the title ("ประจำปีงบประมาณ พ.ศ. 2567"), the round is a drop-down
  of whole phrases ("รอบ 6 เดือน"), for the same reason.
- Progress is a drop-down of phrases ("ร้อยละ 60") in a second column under the status header:
  the importer reads a percentage from status text, not from a bare number.
- The item-code drop-down shows code and title ("O18 E-Service"); the title after the code is
  what the importer checks the code against.
- The indicator column is a formula from the code (cached value "" when empty, so untouched
  rows stay blank); nothing in the template is pre-filled in the data rows.

Header words and instruction text are data: `data/template_columns.csv`, `data/template_text.csv`.

>>> data = template_xlsx(fiscal_year=2567)
>>> data[:2]
b'PK'
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from xlsxwriter.utility import xl_rowcol_to_cell

from ita_metrics.datafiles import load_table
from ita_metrics.export.xlsx import DATE_FORMAT, FONT_SIZE, safe_text, thai_workbook
from ita_metrics.presentation.ui_text import both
from ita_metrics.thai import catalogs

DEFAULT_ROWS = 100

# Rows (0-based) of the data sheet.
TITLE_ROW, FY_ROW, AGENCY_ROW, ROUND_ROW = 0, 1, 2, 3
HEADER_ROW = 5  # group header; the sub-header is the next row
FIRST_DATA_ROW = 7  # 0-based: spreadsheet row 8
VALUE_COL = 2  # the agency and round values sit in column C (labels in A:B)
DATE_MIN, DATE_MAX = date(2000, 1, 1), date(2700, 12, 31)  # a BE year typed as CE still passes


@dataclass(frozen=True)
class TemplateColumn:
    key: str
    group: str
    header: str
    role: str
    kind: str
    width: float
    help: str


@lru_cache(maxsize=1)
def columns() -> tuple[TemplateColumn, ...]:
    return tuple(
        TemplateColumn(r["key"], r["group"], r["header"], r["role"], r["kind"], float(r["width"]), r["help"])
        for r in load_table("template_columns.csv")
    )


@lru_cache(maxsize=1)
def _text() -> dict[str, str]:
    return {r["key"]: r["th"] for r in load_table("template_text.csv")}


def text(key: str, **values: object) -> str:
    s = _text().get(key, key)
    return s.format(**values) if values else s


# The drop-down lists: words the importer reads back (status_words.csv, the round and percent rules).
def status_choices() -> tuple[str, ...]:
    return tuple(text("status_choices").split("|"))


def progress_choices() -> tuple[str, ...]:
    return tuple(text("progress_choice", pct=p) for p in range(0, 101, 10))


def round_choices() -> tuple[str, ...]:
    return tuple(text("round_choice", round=n) for n in (6, 12))


def sheet_names() -> dict[str, str]:
    return {"data": text("sheet_data"), "help": text("sheet_help"), "lists": text("sheet_lists")}


def column_index(key: str) -> int:
    return next(i for i, c in enumerate(columns()) if c.key == key)


def agency_line(agency: str = "", district: str = "", province: str = "") -> str:
    """ "เทศบาลตำบลถาวร อำเภอเฉลิมพระเกียรติ จังหวัดบุรีรัมย์" from its parts ("" parts left out)."""
    parts = [agency.strip()]
    for value, key in ((district, "district_prefix"), (province, "province_prefix")):
        if value.strip():
            parts.append(text(key) + value.strip().removeprefix(text(key)))
    return " ".join(p for p in parts if p)


def code_choice(item: catalogs.CatalogItem) -> str:
    """Drop-down entry of an item: code and catalog title ("O18 E-Service")."""
    return f"{item.code} {item.title}"


@dataclass(frozen=True)
class Choice:
    """One entry of the item drop-down: what it shows (and the importer reads), its code ("" for an
    indicator-level entry) and the indicator it stands for."""

    text: str
    code: str
    tool: str
    indicator: int


def indicator_choice(indicator: int) -> str:
    """Drop-down entry for an indicator ("IIT ตัวชี้วัดที่ 3 การใช้อำนาจ"): the importer reads the tool
    and the printed indicator number, as it does in agencies' own reports."""
    return f"{catalogs.indicator_tool(indicator)} {indicator_label(indicator)}"


def indicator_label(indicator: int) -> str:
    """ "ตัวชี้วัดที่ 3 การใช้อำนาจ": the printed indicator number the importer reads, and its name."""
    return text("indicator_label", indicator=indicator, name=catalogs.indicator_name(indicator))


def code_choices(catalog_year: int) -> list[Choice]:
    """The catalog's items; for a tool whose item codes the year does not publish (IIT and EIT from
    2568 on) one entry per indicator instead, so every measure can still be placed."""
    found = catalogs.items(catalog_year)
    if not found:
        return []
    tools = {it.tool for it in found}
    out: list[Choice] = []
    for tool in ("IIT", "EIT", "OIT"):
        if tool in tools:
            out.extend(Choice(code_choice(it), it.code, it.tool, it.indicator) for it in found if it.tool == tool)
        else:
            out.extend(
                Choice(indicator_choice(n), "", tool, n) for n in range(1, 11) if catalogs.indicator_tool(n) == tool
            )
    return out


def template_xlsx(
    fiscal_year: int,
    catalog_year: int | None = None,
    agency: str = "",
    district: str = "",
    province: str = "",
    round: int | None = None,  # noqa: A002
    rows: int = DEFAULT_ROWS,
) -> bytes:
    """The template as bytes. `catalog_year` (item codes) defaults to the one the importer will
    use for `fiscal_year` (catalogs.catalog_year_for); agency/district/province/round pre-fill the
    title block when given (one file per agency)."""
    catalog_year = catalog_year or catalogs.catalog_year_for(fiscal_year)
    items = code_choices(catalog_year) if catalog_year else []
    if not items or catalog_year is None:
        raise ValueError(both("cli.template_no_catalog", year=catalog_year, available=catalogs.available_years()))
    if round not in (None, 6, 12):
        raise ValueError(both("cli.template_bad_round"))
    buf = io.BytesIO()
    wb = thai_workbook(buf)
    wb.set_properties({"title": text("title"), "subject": f"ITA {fiscal_year}", "comments": "ita_metrics template"})
    names = sheet_names()
    data_ws = wb.add_worksheet(names["data"])
    help_ws = wb.add_worksheet(names["help"])
    lists_ws = wb.add_worksheet(names["lists"])
    fmt = _formats(wb)
    ranges = _lists_sheet(lists_ws, items, fmt)
    _data_sheet(
        data_ws,
        fmt,
        ranges,
        fiscal_year,
        catalog_year,
        agency_line(agency, district, province),
        round,
        rows,
        len(items),
    )
    _help_sheet(help_ws, fmt, fiscal_year, catalog_year, any(not c.code for c in items))
    data_ws.activate()
    lists_ws.hide()
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------- sheets


def _formats(wb) -> dict:
    return {
        "title": wb.add_format({"bold": True, "font_size": FONT_SIZE + 4}),
        "subtitle": wb.add_format({"bold": True, "font_size": FONT_SIZE + 2}),
        "label": wb.add_format({"bold": True, "align": "right", "valign": "vcenter"}),
        "input": wb.add_format({"bg_color": "#fff2cc", "border": 1, "valign": "vcenter"}),
        "header": wb.add_format(
            {
                "bold": True,
                "bg_color": "#1f4e79",
                "font_color": "white",
                "border": 1,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
            }
        ),
        "text": wb.add_format({"text_wrap": True, "valign": "top", "border": 1, "border_color": "#bfbfbf"}),
        "date": wb.add_format(
            {"num_format": DATE_FORMAT, "valign": "top", "border": 1, "border_color": "#bfbfbf", "align": "left"}
        ),
        "auto": wb.add_format(
            {
                "text_wrap": True,
                "valign": "top",
                "border": 1,
                "border_color": "#bfbfbf",
                "bg_color": "#f2f2f2",
                "font_color": "#404040",
            }
        ),
        "choice": wb.add_format({"valign": "top", "border": 1, "border_color": "#bfbfbf", "num_format": "@"}),
        "help": wb.add_format({"text_wrap": True, "valign": "top"}),
        "help_title": wb.add_format({"bold": True, "font_size": FONT_SIZE + 4}),
        "plain": wb.add_format({}),
    }


def _lists_sheet(ws, items: list[Choice], fmt) -> dict[str, str]:
    """The hidden lists: item choices (A), code (B), indicator label (C); status, progress, round."""
    sheet = sheet_names()["lists"]
    for c, head in enumerate(text("lists_header").split("|")):
        ws.write_string(0, c, head)
    for r, item in enumerate(items, start=1):
        ws.write_string(r, 0, safe_text(item.text))
        ws.write_string(r, 1, item.code)
        ws.write_string(r, 2, indicator_label(item.indicator))
        ws.write_string(r, 3, item.tool)
    for c, values in ((5, status_choices()), (6, progress_choices()), (7, round_choices())):
        for r, v in enumerate(values, start=1):
            ws.write_string(r, c, v)
    ws.set_column(0, 0, 60)

    def ref(col: int, n: int) -> str:
        return f"='{sheet}'!${chr(65 + col)}$2:${chr(65 + col)}${n + 1}"

    return {
        "codes": ref(0, len(items)),
        "status": ref(5, len(status_choices())),
        "progress": ref(6, len(progress_choices())),
        "round": ref(7, len(round_choices())),
        "lookup": f"'{sheet}'!$A$2:$C${len(items) + 1}",
    }


def _data_sheet(
    ws,
    fmt,
    ranges: dict,
    fiscal_year: int,
    catalog_year: int,
    agency: str,
    round_: int | None,
    n_rows: int,
    n_items: int,
) -> None:
    cols = columns()
    _title_block(ws, fmt, ranges, (fiscal_year, catalog_year, agency, round_), len(cols) - 1)
    sub = _header_rows(ws, fmt, cols)
    _data_rows(ws, fmt, ranges, cols, n_rows, catalog_year)
    ws.freeze_panes(FIRST_DATA_ROW, 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW, sub)


def _title_block(ws, fmt, ranges: dict, what: tuple, last_col: int) -> None:
    """Title, fiscal year, and the agency and round cells the agency fills in."""
    fiscal_year, catalog_year, agency, round_ = what
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last_col, text("title"), fmt["title"])
    ws.merge_range(
        FY_ROW,
        0,
        FY_ROW,
        last_col,
        text("fiscal_year", fiscal_year=fiscal_year, catalog_year=catalog_year),
        fmt["subtitle"],
    )
    ws.merge_range(AGENCY_ROW, 0, AGENCY_ROW, VALUE_COL - 1, text("agency_label"), fmt["label"])
    ws.merge_range(AGENCY_ROW, VALUE_COL, AGENCY_ROW, VALUE_COL + 4, safe_text(agency), fmt["input"])
    ws.data_validation(
        AGENCY_ROW,
        VALUE_COL,
        AGENCY_ROW,
        VALUE_COL,
        {
            "validate": "any",
            "input_title": text("agency_input_title")[:32],
            "input_message": text("agency_input")[:255],
        },
    )
    ws.merge_range(ROUND_ROW, 0, ROUND_ROW, VALUE_COL - 1, text("round_label"), fmt["label"])
    ws.merge_range(
        ROUND_ROW,
        VALUE_COL,
        ROUND_ROW,
        VALUE_COL + 1,
        text("round_choice", round=round_) if round_ else "",
        fmt["input"],
    )
    ws.data_validation(
        ROUND_ROW,
        VALUE_COL,
        ROUND_ROW,
        VALUE_COL,
        {
            "validate": "list",
            "source": ranges["round"],
            "input_title": text("round_input_title")[:32],
            "input_message": text("round_input")[:255],
            "error_message": text("list_error"),
        },
    )
    ws.set_row(TITLE_ROW, 30)
    ws.set_row(FY_ROW, 26)
    ws.set_row(AGENCY_ROW, 24)
    ws.set_row(ROUND_ROW, 24)


def _header_rows(ws, fmt, cols: tuple[TemplateColumn, ...]) -> int:
    """Two-row header: a group header merged over its columns, other headers merged down both
    rows. Returns the second row."""
    sub = HEADER_ROW + 1
    c = 0
    while c < len(cols):
        col = cols[c]
        if col.group:
            end = c
            while end + 1 < len(cols) and cols[end + 1].group == col.group:
                end += 1
            ws.merge_range(HEADER_ROW, c, HEADER_ROW, end, col.group, fmt["header"])
            for k in range(c, end + 1):
                ws.write_string(sub, k, cols[k].header, fmt["header"])
            c = end + 1
        else:
            ws.merge_range(HEADER_ROW, c, sub, c, col.header, fmt["header"])
            c += 1
    ws.set_row(HEADER_ROW, 30)
    ws.set_row(sub, 42)
    return sub


def _data_rows(ws, fmt, ranges: dict, cols: tuple[TemplateColumn, ...], n_rows: int, catalog_year: int) -> None:
    """The empty rows to fill in: formats, the indicator looked up from the item code, lists."""
    first, last = FIRST_DATA_ROW, FIRST_DATA_ROW + n_rows - 1
    for i, col in enumerate(cols):
        ws.set_column(i, i, col.width)
        cell_fmt = {
            "date": fmt["date"],
            "indicator": fmt["auto"],
            "status": fmt["choice"],
            "progress": fmt["choice"],
            "code": fmt["choice"],
        }.get(col.kind, fmt["text"])
        code_col = column_index("item_code")
        for r in range(first, last + 1):
            if col.kind == "indicator":
                code_cell = xl_rowcol_to_cell(r, code_col)
                ws.write_formula(
                    r,
                    i,
                    f'=IF({code_cell}="","",IFERROR(VLOOKUP({code_cell},{ranges["lookup"]},3,FALSE),""))',
                    cell_fmt,
                    "",
                )
            else:
                ws.write_blank(r, i, None, cell_fmt)
        _validation(ws, col, first, last, i, ranges, catalog_year)


def _validation(ws, col: TemplateColumn, first: int, last: int, c: int, ranges: dict, catalog_year: int) -> None:
    if col.kind == "code":
        ws.data_validation(
            first,
            c,
            last,
            c,
            {
                "validate": "list",
                "source": ranges["codes"],
                "error_type": "warning",
                "error_message": text("code_error", catalog_year=catalog_year)[:255],
                "input_title": col.header[:32],
                "input_message": col.help[:255],
            },
        )
    elif col.kind in ("status", "progress"):
        ws.data_validation(
            first,
            c,
            last,
            c,
            {
                "validate": "list",
                "source": ranges[col.kind],
                "error_message": text("list_error"),
                "input_title": col.header[:32],
                "input_message": col.help[:255],
            },
        )
    elif col.kind == "date":
        ws.data_validation(
            first,
            c,
            last,
            c,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": datetime.combine(DATE_MIN, datetime.min.time()),
                "maximum": datetime.combine(DATE_MAX, datetime.min.time()),
                "input_title": text("date_input_title")[:32],
                "input_message": text("date_input")[:255],
                "error_message": text("date_error"),
            },
        )
    elif col.help:
        ws.data_validation(
            first, c, last, c, {"validate": "any", "input_title": col.header[:32], "input_message": col.help[:255]}
        )


def _help_sheet(ws, fmt, fiscal_year: int, catalog_year: int, indicator_entries: bool) -> None:
    """One paragraph per row in column A: no row looks like a table header to the importer."""
    ws.set_column(0, 0, 130, fmt["help"])
    r = 0
    kinds = {"instruction", "instruction_indicators"} if indicator_entries else {"instruction"}
    for row in load_table("template_text.csv"):
        if row["kind"] not in kinds or row["key"] == "columns_title":
            continue
        line = row["th"].format(fiscal_year=fiscal_year, catalog_year=catalog_year)
        ws.write_string(r, 0, safe_text(line), fmt["help_title"] if row["key"] == "help_title" else fmt["help"])
        r += 2 if row["key"] == "help_title" else 1
    r += 1
    ws.write_string(r, 0, text("columns_title"), fmt["help_title"])
    for col in columns():
        r += 1
        ws.write_string(r, 0, safe_text(f"• {col.header}: {col.help}"), fmt["help"])
