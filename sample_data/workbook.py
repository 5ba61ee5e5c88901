"""What every synthetic report writer shares: a seeded random source per agency and layout,
workbooks whose bytes depend only on what is written, cell formats, numbering and code labels."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from datetime import datetime

import xlsxwriter

from sample_data.truth import SynthAgency, thai_digits

# --------------------------------------------------------------------------- shared rendering


def _writer_rng(agency: SynthAgency, layout: str) -> random.Random:
    """Rendering choices per agency and layout, the same in both rounds (one agency, one habit)."""
    return random.Random(f"{agency.seed}:{layout}")


def _new_workbook(buf: io.BytesIO, agency_as_of: str) -> xlsxwriter.Workbook:
    """An in-memory workbook whose bytes depend only on what is written (fixed created date)."""
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    stamp = datetime.fromisoformat(agency_as_of)
    # the author stays the generator's old name: data/sample's files were written with it
    wb.set_properties({"created": stamp, "author": "ita_metrics.synth"})  # moved_modules: keep
    return wb


def _formats(wb: xlsxwriter.Workbook) -> dict[str, object]:
    base = {"font_name": "TH SarabunPSK", "font_size": 14, "text_wrap": True, "valign": "top"}
    return {
        "title": wb.add_format({**base, "bold": True, "align": "center"}),
        "head": wb.add_format(
            {**base, "bold": True, "align": "center", "valign": "vcenter", "border": 1, "bg_color": "#E7E6E6"}
        ),
        "cell": wb.add_format({**base, "border": 1}),
        "center": wb.add_format({**base, "border": 1, "align": "center"}),
        "section": wb.add_format({**base, "border": 1, "bold": True}),
        "date": wb.add_format({**base, "border": 1, "align": "center", "num_format": "[$-th-TH]d mmm yy"}),
        "text": wb.add_format(base),
    }


def _numbered(parts: Sequence[str], thai: bool, sep: str) -> str:
    """``๑.first ๒.second`` — steps as agencies number them inside one cell."""
    out = []
    for i, part in enumerate(parts, start=1):
        n = thai_digits(i) if thai else str(i)
        out.append(f"{n}.{part}")
    return sep.join(out)


def _round_months(fiscal_year: int, round_: int) -> tuple[str, str]:
    """Start and end month of the period a round covers, with BE years in Thai digits."""
    end = "มีนาคม" if round_ == 6 else "กันยายน"
    return f"ตุลาคม {thai_digits(fiscal_year - 1)}", f"{end} {thai_digits(fiscal_year)}"


_CODE_LABELS = ("({c}) ", "{c} ", "ข้อ {c} ", "[{c}] ")


def _code_label(code: str, pattern: str, thai: bool) -> str:
    """The item code as a typed report prints it before the measure: ``(I13)``, ``I๑๓``, ``ข้อ I13``."""
    if thai:
        code = code[0] + thai_digits(code[1:])
    return pattern.format(c=code)
