"""Reminder letters (หนังสือราชการ) as Word files: one per agency or one per district, in a zip.

Each letter follows the official letter's order — ที่ and the office, date, เรื่อง, เรียน,
สิ่งที่ส่งมาด้วย, the body, a table of the overdue measures (days overdue, deadline) or of the
missing report, the closing, the signature block and the contact lines. Every word of it comes
from `[letter]` in `data/followup.toml`, so an office rewrites the letter without touching code.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
from docx.shared import Cm

from ita_metrics.export.thai_doc import ThaiDoc, long_date, thai_digits
from ita_metrics.followup.submissions import MISSING, settings
from ita_metrics.presentation.report_figures import indicator_label
from ita_metrics.presentation.ui_text import status_label
from ita_metrics.presentation.views import overdue_list
from ita_metrics.thai.agencies import base_name, full_prefix, short_name

ITEM_COLUMNS = [
    "agency",
    "district",
    "kind",
    "indicator",
    "measure",
    "due_date",
    "days_overdue",
    "status",
    "source_file",
    "source_row",
]
PER = ("agency", "district")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class LetterContext:
    """What every letter of one batch shares."""

    province: str
    fiscal_year: int | None
    round: int | None
    deadline: date | None
    today: date


def follow_up_items(
    measures: pd.DataFrame, status: pd.DataFrame | None = None, agencies: Sequence[str] | None = None
) -> pd.DataFrame:
    """What to chase, one row per item: each overdue measure (days overdue as of its report's
    date) and, from the submission status, each report not received. `agencies` limits it."""
    over = overdue_list(measures)
    rows = pd.DataFrame(
        {
            "agency": over["agency"],
            "district": over["district"],
            "kind": "overdue",
            "indicator": [indicator_label(i) for i in over["indicator"]],
            "measure": over["measure"],
            "due_date": over["due_date"],
            "days_overdue": over["days_overdue"],
            "status": over["status"].map(status_label),
            "source_file": over["source_file"],
            "source_row": over["source_row"],
        },
        columns=ITEM_COLUMNS,
    )
    if status is not None and len(status):
        missing = status.loc[status["status"] == MISSING]
        rows = pd.concat(
            [
                rows,
                pd.DataFrame(
                    {
                        "agency": missing["agency"],
                        "district": missing["district"],
                        "kind": "missing",
                        "indicator": "",
                        "measure": "",
                        "due_date": "",
                        "days_overdue": pd.NA,
                        "status": "",
                        "source_file": "",
                        "source_row": pd.NA,
                    },
                    columns=ITEM_COLUMNS,
                ),
            ],
            ignore_index=True,
        )
    if agencies is not None:
        rows = rows.loc[rows["agency"].isin(list(agencies))]
    return rows.reset_index(drop=True)


def _values(ctx: LetterContext, agency: str, district: str, n_items: int, digits: bool) -> dict[str, str]:
    num = thai_digits if digits else str
    heads = settings()["letter"].get("heads", {})
    head = heads.get(full_prefix(agency), "{agency}").format(name=base_name(agency), agency=agency) if agency else ""
    values = {
        "agency": agency,
        "agency_head": head,
        "district": district,
        "province": ctx.province,
        "fiscal_year": num(ctx.fiscal_year or ""),
        "round": num(ctx.round or ""),
        "deadline": long_date(ctx.deadline, digits) or "-",
        "today": long_date(ctx.today, digits),
        "n_items": num(n_items),
    }
    return values


def _fill(text: str, values: dict[str, str]) -> str:
    """The template's text with {placeholders} filled; an unknown one is left as written."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def _item_rows(items: pd.DataFrame, ctx: LetterContext, values: dict, digits: bool) -> list[list[str]]:
    """The letter's table: one row per overdue measure or missing report."""
    tpl = settings()["letter"]
    num = thai_digits if digits else str
    rows = []
    for i, item in enumerate(items.itertuples(index=False), start=1):
        if item.kind == MISSING:
            what, due, days, state = _fill(tpl["missing_item"], values), long_date(ctx.deadline, digits), "", ""
        else:
            what = f"{item.indicator}\n{item.measure}".strip()
            due = long_date(_iso(item.due_date), digits)
            days = "" if pd.isna(item.days_overdue) else num(int(item.days_overdue))
            state = str(item.status)
        rows.append([num(i), short_name(item.agency) or item.agency, what, due, days, state])
    return rows


def letter_docx(items: pd.DataFrame, ctx: LetterContext, per: str = "agency") -> bytes:
    """One letter: to one agency (its items) or, per district, to the district chief (all the
    district's items, agency by agency)."""
    tpl = settings()["letter"]
    digits = bool(tpl.get("thai_digits", True))
    agency = str(items["agency"].iat[0]) if per == "agency" and len(items) else ""
    district = str(items["district"].iat[0]) if len(items) else ""
    values = _values(ctx, agency, district, len(items), digits)
    values.update(
        {
            k: _fill(str(tpl.get(k, "")), values)
            for k in ("office", "office_address", "ref_no", "signer", "signer_title", "contact", "phone", "email")
        }
    )
    doc = ThaiDoc(tpl.get("font", "TH Sarabun New"), float(tpl.get("font_size", 16)))
    head = doc.doc.add_table(rows=1, cols=2)
    head.autofit = False
    for column, width in zip(head.columns, (Cm(8.0), Cm(8.0))):
        column.width = width
        column.cells[0].width = width
    doc.run(head.rows[0].cells[0].paragraphs[0], values["ref_no"])
    right = head.rows[0].cells[1].paragraphs[0]
    doc.run(right, values["office"] + "\n" + values["office_address"])
    doc.para(values["today"], indent_cm=8.0, space_before=12)
    only_missing = per == "agency" and len(items) and (items["kind"] == MISSING).all()
    salutation = tpl["district_salutation"] if per == "district" else tpl["salutation"]
    body = tpl["district_body"] if per == "district" else (tpl["body_missing"] if only_missing else tpl["body"])
    labels = tpl["labels"]
    for label, text in (
        (labels["subject"], tpl["subject"]),
        (labels["salutation"], salutation),
        (labels["reference"], tpl.get("reference", "")),
        (labels["enclosure"], tpl.get("enclosure", "")),
    ):
        if not text:
            continue
        p = doc.para(space_before=6)
        doc.run(p, label + "  ", bold=True)
        doc.run(p, _fill(text, values))
    for text in body:
        doc.para(_fill(text, values), align="justify", first_line_cm=2.5, space_before=6)
    doc.para(_fill(tpl.get("table_title", ""), values), bold=True, space_before=6)
    header = list(tpl["columns"])
    doc.table(header, _item_rows(items, ctx, values, digits), widths_cm=[1.0, 3.0, 6.5, 2.8, 1.8, 2.4], size=14)
    doc.para(_fill(tpl["closing"], values), first_line_cm=2.5, space_before=12)
    doc.para(tpl.get("regards", ""), align="center", indent_cm=4.0, space_before=12)
    doc.para(values["signer"], align="center", indent_cm=4.0, space_before=36)
    doc.para(values["signer_title"], align="center", indent_cm=4.0)
    for key in ("contact", "phone", "email"):
        doc.para(values[key], space_before=18 if key == "contact" else 0)
    return doc.bytes()


def _iso(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if str(value).strip() else None
    except ValueError:
        return None


def letter_file_name(n: int, per: str, items: pd.DataFrame) -> str:
    tpl = settings()["letter"]
    label = (
        tpl["district_file"].format(district=items["district"].iat[0] or tpl["labels"]["no_district"])
        if per == "district"
        else short_name(items["agency"].iat[0]) or items["agency"].iat[0]
    )
    return f"{n:02d}_{_UNSAFE.sub('_', label)}.docx"


def letters(items: pd.DataFrame, ctx: LetterContext, per: str = "agency") -> list[tuple[str, bytes]]:
    """(file name, .docx bytes), one per agency or per district, in district then name order."""
    if per not in PER:
        raise ValueError(f"per must be one of {PER}")
    if items.empty:
        return []
    keys = ["district"] if per == "district" else ["district", "agency"]
    out = []
    for n, (_, group) in enumerate(items.sort_values(keys, kind="stable").groupby(keys, sort=True), start=1):
        out.append((letter_file_name(n, per, group), letter_docx(group, ctx, per)))
    return out


def letters_zip(items: pd.DataFrame, ctx: LetterContext, per: str = "agency") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in letters(items, ctx, per):
            zf.writestr(name, data)
    return buf.getvalue()
