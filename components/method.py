"""The scoring method page's text, for an officer: data/method_<lang>.md (the rule, the worked
example, what each flag means) with the grade bands and the flags filled in from their own data
files, so the page cannot drift from what the code applies. The developer's version, with code
paths and column names, is docs/scoring.md."""

from __future__ import annotations

from ita_metrics.datafiles import data_path, load_table
from ita_metrics.flags import flag_catalog
from ita_metrics.presentation.ui_text import text

LANGS = ("th", "en")


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def grade_table(lang: str = "th") -> str:
    """Grade bands from data/grades.csv as a Markdown table, best first (AA 95–100, A 85–<95 …)."""
    bands = sorted(((float(r["min_score"]), r["grade"].strip()) for r in load_table("grades.csv")), reverse=True)
    rows = [f"| {text('method.col_grade', lang)} | {text('method.col_range', lang)} |", "|---|---|"]
    upper = None
    for low, grade in bands:
        span = (
            text("method.range_top", lang, low=f"{low:g}")
            if upper is None
            else text("method.range", lang, low=f"{low:g}", high=f"{upper:g}")
        )
        rows.append(f"| {grade} | {span} |")
        upper = low
    return "\n".join(rows)


def flag_table(lang: str = "th") -> str:
    """Every flag of data/flags.csv: how serious, what it means — checks first."""
    flags = sorted(flag_catalog().values(), key=lambda r: r["severity"] != "warning")
    rows = [f"| {text('method.col_level', lang)} | {text('method.col_meaning', lang)} |", "|---|---|"]
    rows += [f"| {text('method.level_' + r['severity'], lang)} | {_cell(r[lang])} |" for r in flags]
    return "\n".join(rows)


def method_markdown(lang: str = "th") -> str:
    """The method page in `lang` (Thai when unknown), tables filled in."""
    lang = lang if lang in LANGS else "th"
    doc = data_path(f"method_{lang}.md").read_text(encoding="utf-8")
    return doc.replace("{grades}", grade_table(lang)).replace("{flags}", flag_table(lang))
