"""The shape of every table in `data/`: columns, allowed values, unique keys.

Why: the vocabularies are edited by people who do not read the code. A typo (`dnoe` for `done`)
or a renamed column must stop the program at start-up with the file, the line and the value, not
silently change what is read, nor fail later as "KeyError: 'kind'" on every file.

Adding a table to `data/`: add its `Schema` to `SCHEMAS` below (a test fails for a table without
one). Allowed values that the code also knows (statuses, tools, grades) come from the enums of
`ita_metrics.model`, so the two cannot drift apart.

>>> SCHEMAS["grades.csv"].column("grade").allowed
('AA', 'A', 'B', 'C', 'D', 'E', 'F')
>>> schema_for("catalogs/fy2566.csv") is SCHEMAS["catalogs/fy*.csv"]
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatch

from ita_metrics.model import GRADES, STATUSES, TOOLS


@dataclass(frozen=True)
class Column:
    """One column: `kind` text | int | number | regex; `required` = may not be empty; `optional` =
    the file may leave the whole column out."""

    name: str
    kind: str = "text"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None  # a regular expression the whole value must match
    optional: bool = False


@dataclass(frozen=True)
class Schema:
    columns: tuple[Column, ...]
    unique: tuple[tuple[str, ...], ...] = ()  # column groups whose values may appear only once

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def needed(self) -> tuple[str, ...]:
        """Columns the file must have (the optional ones may be left out)."""
        return tuple(c.name for c in self.columns if not c.optional)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def text(
    name: str,
    required: bool = True,
    allowed: tuple[str, ...] | None = None,
    pattern: str | None = None,
    optional: bool = False,
) -> Column:
    return Column(name, "text", required, allowed, pattern=pattern, optional=optional)


def integer(name: str, lo: float | None = None, hi: float | None = None, required: bool = True) -> Column:
    return Column(name, "int", required, min=lo, max=hi)


def number(name: str, lo: float | None = None, hi: float | None = None, required: bool = True) -> Column:
    return Column(name, "number", required, min=lo, max=hi)


# The column roles the layout step knows (ita_metrics/reading/layout.py, rows.py, interpret.py).
COLUMN_ROLES = (
    "agency",
    "completed_date",
    "district",
    "indicator",
    "issue",
    "item_code",
    "measure",
    "monitoring",
    "outcome",
    "period",
    "province",
    "responsible",
    "result",
    "role",
    "seq",
    "status_done",
    "status_in_progress",
    "status_not_started",
    "status_text",
    "steps",
    "suggestion",
)
ITEM_CODE = r"[IEO]\d{1,2}"
INDICATOR = (1, 10)
YEAR = (2500, 2700)

# status_words.csv: the statuses a word can mean, plus "partial" and "plan" (steps towards one)
STATUS_WORD_KINDS = (*(s for s in STATUSES if s != "unknown"), "partial", "plan")

SCHEMAS: dict[str, Schema] = {
    "agency_prefixes.csv": Schema(
        (text("short"), text("full"), text("kind", allowed=("อบต.", "อบจ.", "เทศบาล"))), unique=(("short",), ("full",))
    ),
    "check_marks.csv": Schema((text("mark"),), unique=(("mark",),)),
    "column_synonyms.csv": Schema((text("role", allowed=COLUMN_ROLES), text("phrase")), unique=(("phrase",),)),
    "flags.csv": Schema(
        (
            text("code", pattern=r"[a-z0-9_]+"),
            text("severity", allowed=("info", "warning", "error")),
        ),
        unique=(("code",),),
    ),
    "grades.csv": Schema(
        (text("grade", allowed=GRADES), number("min_score", 0, 100)), unique=(("grade",), ("min_score",))
    ),
    "indicator_keywords.csv": Schema(
        (text("phrase"), text("tool", allowed=TOOLS), integer("indicator", *INDICATOR)), unique=(("phrase",),)
    ),
    "indicators.csv": Schema(
        (integer("indicator", *INDICATOR), text("tool", allowed=TOOLS), text("name_th"), text("name_en")),
        unique=(("indicator",),),
    ),
    "ocr_confusions.csv": Schema(
        (text("read", pattern=r"[0-9๐-๙]+"), text("could_be", pattern=r"[0-9๐-๙]+")), unique=(("read", "could_be"),)
    ),
    "ocr_words.csv": Schema((text("word"),), unique=(("word",),)),
    "place_prefixes.csv": Schema(
        (
            text("short", required=False),
            text("full"),
            text("kind", allowed=("district", "province", "subdistrict", "stop")),
            text("glued", allowed=("0", "1")),
        ),
        unique=(("full",),),
    ),
    "recurring_words.csv": Schema(
        (text("kind", allowed=("schedule", "ongoing")), text("phrase")), unique=(("phrase",),)
    ),
    "responsible_units.csv": Schema(
        (
            text("kind", allowed=("unit", "all", "filler", "prefix", "sentence")),
            text("canonical", required=False),
            text("variant"),
        ),
        unique=(("variant",),),
    ),
    "report_date_words.csv": Schema(
        (text("word"), text("kind", allowed=("stated", "signature", "date"))), unique=(("word",),)
    ),
    "screen_words.csv": Schema((text("word"), text("reason")), unique=(("word",),)),
    "round_dates.csv": Schema(
        (integer("round", 1, 12), integer("month", 1, 12), integer("day", 1, 31), text("label_th"), text("label_en")),
        unique=(("round",),),
    ),
    "row_words.csv": Schema(
        (text("kind", allowed=("title", "footer", "notes")), text("phrase")), unique=(("kind", "phrase"),)
    ),
    "status_words.csv": Schema(
        (text("kind", allowed=STATUS_WORD_KINDS), Column("pattern", "regex")), unique=(("pattern",),)
    ),
    "synth_indicators.csv": Schema(
        (integer("indicator", *INDICATOR), text("tool", allowed=TOOLS), text("name"), text("section")),
        unique=(("indicator",),),
    ),
    "synth_items.csv": Schema(
        (
            integer("first_year", *YEAR),
            integer("last_year", *YEAR),
            text("code", pattern=ITEM_CODE),
            text("tool", allowed=TOOLS),
            integer("indicator", *INDICATOR),
            text("title"),
            text("unit"),
            text("measure", required=False),
        ),
        unique=(("code", "first_year"),),
    ),
    "synth_names.csv": Schema(
        (
            text("part", allowed=("kind", "prefix", "suffix", "direction", "month")),
            text("th"),
            text("short", required=False),
            text("code", required=False),
            number("weight", 0, required=False),
        ),
        unique=(("part", "th"),),
    ),
    "synth_phrases.csv": Schema(
        (
            text(
                "kind",
                allowed=(
                    "oit_measure",
                    "step",
                    "monitoring",
                    "recurring",
                    "done",
                    "in_progress",
                    "partial",
                    "not_started",
                    "unit_group",
                    "suggestion",
                    "note",
                ),
            ),
            text("text"),
        ),
        unique=(("kind", "text"),),
    ),
    "template_columns.csv": Schema(
        (
            text("key"),
            text("group", required=False),
            text("header"),
            text("role", required=False, allowed=COLUMN_ROLES),
            text("kind", allowed=("code", "indicator", "text", "date", "status", "progress")),
            number("width", 1, 255),
            text("help"),
        ),
        unique=(("key",),),
    ),
    "template_text.csv": Schema(
        (
            text("key"),
            text("kind", allowed=("title", "label", "input", "sheet", "instruction", "instruction_indicators", "list")),
            text("th"),
        ),
        unique=(("key",),),
    ),
    "thai_months.csv": Schema(
        (integer("month", 1, 12), text("full"), text("short")), unique=(("month",), ("full",), ("short",))
    ),
    "ui_text.csv": Schema((text("key"), text("th"), text("en")), unique=(("key",),)),
    "thai_literals.csv": Schema(
        (
            text("file", pattern=r"(ita_metrics|components|pages)(/\w+)*/\w+\.py|dashboard\.py"),
            integer("count", 1),
            text("reason"),
        ),
        unique=(("file",),),
    ),
    # tables other issues are adding (Word/PDF reading, follow-up); adjust here when they change
    "thai_pua.csv": Schema(
        (
            text("pua", pattern=r"[0-9A-F]{4}"),
            text("thai", pattern=r"[0-9A-F]{4}(\s+[0-9A-F]{4})*"),
            text("name", required=False),
        ),
        unique=(("pua",),),
    ),
    "word_symbols.csv": Schema(
        (text("font"), text("code", pattern=r"[0-9A-F]{2}"), text("text")), unique=(("font", "code"),)
    ),
    "gazetteer_sample.csv": Schema(
        (text("province"), text("district"), text("subdistrict")), unique=(("province", "district", "subdistrict"),)
    ),
    "roster_columns.csv": Schema(
        (text("role", allowed=("name", "kind", "subdistrict", "district", "province")), text("word")),
        unique=(("word",),),
    ),
    "search_prefixes.csv": Schema((text("prefix"),), unique=(("prefix",),)),
    "catalogs/fy*.csv": Schema(
        (
            text("code", pattern=ITEM_CODE),
            text("tool", allowed=TOOLS),
            integer("indicator", *INDICATOR),
            text("title"),
            text("concept_id", pattern=r"[a-z0-9_]+"),
            # where a catalog was rebuilt from public pages (FY2568 on): related concepts, how sure, where from
            text("also", required=False, optional=True),
            text("confidence", required=False, optional=True),
            text("source", required=False, optional=True),
        ),
        unique=(("code",), ("concept_id",)),
    ),
    "catalogs/assumed.csv": Schema(
        (integer("year", *YEAR), integer("numbering_of", *YEAR), text("reason")), unique=(("year",),)
    ),
}


def schema_for(name: str) -> Schema | None:
    """The schema of `data/<name>` (exact name first, then patterns such as catalogs/fy*.csv)."""
    if name in SCHEMAS:
        return SCHEMAS[name]
    return next((s for pattern, s in SCHEMAS.items() if fnmatch(name, pattern)), None)


def check_value(col: Column, value: str) -> str | None:
    """Why `value` does not fit `col` (English, short), or None when it fits."""
    if value == "":
        return "is empty" if col.required else None
    if col.allowed is not None and value not in col.allowed:
        return f"is not one of {', '.join(col.allowed)}"
    if col.pattern and not re.fullmatch(col.pattern, value):
        return f"does not match {col.pattern}"
    if col.kind == "regex":
        try:
            re.compile(value)
        except re.error as exc:
            return f"is not a valid regular expression ({exc})"
    if col.kind in ("int", "number"):
        try:
            number_ = int(value) if col.kind == "int" else float(value)
        except ValueError:
            return "is not a whole number" if col.kind == "int" else "is not a number"
        if (col.min is not None and number_ < col.min) or (col.max is not None and number_ > col.max):
            return f"is outside {col.min:g}–{col.max:g}" if col.max is not None else f"is below {col.min:g}"
    return None
