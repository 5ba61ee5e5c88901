"""The one look of the product: fonts and colours from `data/ui.toml`, for the dashboard's charts
and CSS, the Excel report, the deck, the template and the chart images.

Why one module: the exports used to fall back silently to their own palette while the charts
raised; now a missing or malformed colour stops start-up (`check_theme`) and every reader gets
the same values.

>>> status_colour("done") == theme()["status"]["done"]
True
>>> grade_colour("") == theme()["grade"]["none"]
True
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from itertools import pairwise
from typing import Any

from ita_metrics.datafiles import DataProblem, data_path
from ita_metrics.model import GRADES, STATUSES, TIMELINESS

THEME_FILE = "ui.toml"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

# What every section must define: the enums' values, plus the named keys the code reads.
REQUIRED: dict[str, tuple[str, ...]] = {
    "font": ("family", "chart_size", "presentation_chart_size", "presentation_base_size"),
    "chart": ("label_width", "row_height", "min_height", "max_label_lines", "max_rows"),
    "status": STATUSES,
    "timeliness": TIMELINESS,
    "grade": (*GRADES, "none"),
    "heatmap": ("colorscale", "empty"),
    "compare": ("agency", "province"),
    "ink": ("text", "muted", "grid", "zero_line", "connector", "heading", "subtle", "accent", "header_fill", "border"),
    "trend": ("palette",),
    "files": ("xlsx_font", "xlsx_size", "pptx_font"),
    "presentation": ("table_rows",),
}
COLOUR_SECTIONS = ("status", "timeliness", "grade", "compare", "ink")


@lru_cache(maxsize=1)
def theme() -> dict[str, Any]:
    """data/ui.toml, read once."""
    with data_path(THEME_FILE).open("rb") as fh:
        return tomllib.load(fh)


def check_theme() -> list[DataProblem]:
    """Sections and keys missing from data/ui.toml, and colours that are not #rrggbb."""
    where = f"data/{THEME_FILE}"
    try:
        loaded = theme()
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [DataProblem(where, 0, f"cannot be read ({exc})")]
    problems = []
    for section, keys in REQUIRED.items():
        values = loaded.get(section)
        if not isinstance(values, dict):
            problems.append(DataProblem(where, 0, f"section [{section}] is missing"))
            continue
        problems += [DataProblem(where, 0, f"[{section}] {k} is missing") for k in keys if k not in values]
        if section in COLOUR_SECTIONS:
            problems += [
                DataProblem(where, 0, f"[{section}] {k} = {v!r} is not a colour #rrggbb")
                for k, v in values.items()
                if not _COLOUR.fullmatch(str(v))
            ]
    return problems


def font_family() -> str:
    return str(theme()["font"]["family"])


def status_colour(status: str) -> str:
    colours = theme()["status"]
    return str(colours.get(status, colours["unknown"]))


def timeliness_colour(value: str) -> str:
    colours = theme()["timeliness"]
    return str(colours.get(value, colours["unknown"]))


def grade_colour(grade: str) -> str:
    colours = theme()["grade"]
    return str(colours.get(grade or "none", colours["none"]))


def ink(name: str) -> str:
    """A named text/line colour of data/ui.toml [ink] (text, muted, grid, heading, subtle, accent…)."""
    return str(theme()["ink"][name])


def pass_mark() -> float:
    """The ITA pass mark: the lowest score of grade A in data/grades.csv (85)."""
    from ita_metrics.datafiles import load_table

    return next(float(r["min_score"]) for r in load_table("grades.csv") if r["grade"].strip() == "A")


def file_font(kind: str) -> str:
    """The font written into a meeting file: "xlsx" or "pptx"."""
    return str(theme()["files"][f"{kind}_font"])


def rgb(colour: str) -> tuple[int, int, int]:
    """ "#1a7f4b" → (26, 127, 75)."""
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def heat_colour(pct: float | None) -> str:
    """Completion % (0–100) on the heatmap's colour scale of data/ui.toml; the empty colour for
    None. Files that cannot draw a plotly scale (deck tables, the agency PDF) colour cells with it.

    >>> heat_colour(100) == theme()["heatmap"]["colorscale"][-1][1].lower()
    True
    """
    heat = theme()["heatmap"]
    if pct is None:
        return str(heat["empty"])
    x = min(max(pct / 100.0, 0.0), 1.0)
    stops = heat["colorscale"]
    for (x0, c0), (x1, c1) in pairwise(stops):
        if x <= x1:
            t = 0 if x1 == x0 else (x - x0) / (x1 - x0)
            a, b = rgb(c0), rgb(c1)
            return "#" + "".join(f"{round(u + (v - u) * t):02x}" for u, v in zip(a, b))
    return str(stops[-1][1]).lower()
