"""Flag codes, their severity (data/flags.csv) and their Thai/English messages (the `flag.<code>`
rows of data/ui_text.csv, the one words table)."""

from __future__ import annotations

from ita_metrics.datafiles import load_table
from ita_metrics.words import coded


def flag_catalog() -> dict[str, dict[str, str]]:
    """code → {code, severity, th, en}; a flag without words in the table shows its code."""
    out = {}
    for row in load_table("flags.csv"):
        th, en = coded("flag.", row["code"]) or (row["code"], row["code"])
        out[row["code"]] = {**row, "th": th, "en": en}
    return out


def flag_message(code: str, lang: str = "th") -> str:
    """The message for a flag code; an unknown code is shown as itself rather than hidden."""
    row = flag_catalog().get(code)
    return row[lang] if row else code


def join_flags(codes: list[str]) -> str:
    """`;`-joined, order kept, duplicates removed."""
    return ";".join(dict.fromkeys(c for c in codes if c))
