"""Checks across data tables: the words and colours every enum value needs, the grade bands.

Each table is checked on its own by its schema (`schemas.py`); these checks catch what one table
cannot see, e.g. a status added to the model without its Thai and English label.
"""

from __future__ import annotations

from ita_metrics.datafiles import DataProblem, load_table
from ita_metrics.model import GRADES, STATUSES, TIMELINESS, TOOLS

# ui_text.csv key prefixes that must exist for every value of an enum.
LABELLED: dict[str, tuple[str, ...]] = {"status": STATUSES, "timeliness": TIMELINESS, "tool": TOOLS}


def cross_checks() -> list[DataProblem]:
    """Problems found by comparing tables with each other and with the model's enums."""
    from ita_metrics.presentation.theme import check_theme

    keys = {row["key"].strip() for row in load_table("ui_text.csv")}
    problems = [
        DataProblem("data/ui_text.csv", 0, f"key {prefix}.{value} is missing")
        for prefix, values in LABELLED.items()
        for value in values
        if f"{prefix}.{value}" not in keys
    ]
    grades = {row["grade"].strip() for row in load_table("grades.csv")}
    problems += [DataProblem("data/grades.csv", 0, f"grade {g!r} has no band") for g in GRADES if g not in grades]
    return problems + check_theme()
