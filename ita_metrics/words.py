"""The words table (`data/ui_text.csv`: key, Thai, English): the one place every user-facing word
is looked up, for every layer (readers' skipped-row reasons, the store's and the command line's
messages, the screen, the files).

Why here, beside `datafiles` and `errors`: the pipeline's steps below presentation need words too
(a skipped row's reason, a group named "(ไม่ระบุ)"), and they may import only the shared
foundation. `ita_metrics.presentation.ui_text` adds the formatting rules (dates, percents) and
re-exports these functions.

>>> text("status.done"), text("status.done", "en")
('ดำเนินการแล้ว', 'Done')
>>> both("status.done")
'ดำเนินการแล้ว / Done'
"""

from __future__ import annotations

from functools import lru_cache

from ita_metrics.datafiles import load_table


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    return {row["key"].strip(): row for row in load_table("ui_text.csv")}


def keys() -> list[str]:
    """All keys of the strings table (for tests)."""
    return list(_table())


def has(key: str) -> bool:
    return key in _table()


def coded(prefix: str, code: str) -> tuple[str, str] | None:
    """(Thai, English) of a message named by its code (`msg.`, `store_msg.`, `flag.` rows), None when
    the table has no such code; placeholders are left for the caller to fill."""
    row = _table().get(prefix + code)
    if row is None:
        return None
    return row["th"].replace("\\n", "\n"), ((row.get("en") or "").strip() or row["th"]).replace("\\n", "\n")


def codes(prefix: str) -> list[str]:
    """The codes of one family of coded messages (for tests and the flag catalog)."""
    return [k[len(prefix) :] for k in _table() if k.startswith(prefix)]


def text(key: str, lang: str = "th", **values: object) -> str:
    """The string for `key` in `lang` (Thai when the English text is missing), `{placeholders}`
    filled from `values`. An unknown key is returned as itself so a missing string is visible."""
    row = _table().get(key)
    if row is None:
        return key
    s = ((row.get(lang) or "").strip() or row.get("th", key)).replace("\\n", "\n")  # "\n" in the file = line break
    return s.format(**values) if values else s


def both(key: str, **values: object) -> str:
    """Thai, then English, for one line where both are shown (command line, logs)."""
    return f"{text(key, 'th', **values)} / {text(key, 'en', **values)}"


def help_text(key: str) -> str:
    """`both`, for argparse's help and description (which %-formats them, so % is doubled)."""
    return both(key).replace("%", "%%")


def when_text(fiscal_year: int | None, round_: int | None) -> tuple[str, str]:
    """("ปีงบประมาณ 2566 รอบ 6 เดือน", "FY 2566 round 6 months"): a report's year and round."""
    fy = str(fiscal_year) if fiscal_year is not None else "?"
    key = "when.year_round" if round_ is not None else "when.year_no_round"
    return text(key, "th", fy=fy, round=round_), text(key, "en", fy=fy, round=round_)
