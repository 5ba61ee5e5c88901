"""Flag codes and their Thai/English messages (data/flags.csv)."""

from __future__ import annotations

from ita_metrics.datafiles import load_table


def flag_catalog() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in load_table("flags.csv")}


def flag_message(code: str, lang: str = "th") -> str:
    """The message for a flag code; an unknown code is shown as itself rather than hidden."""
    row = flag_catalog().get(code)
    return row[lang] if row else code


def join_flags(codes: list[str]) -> str:
    """`;`-joined, order kept, duplicates removed."""
    return ";".join(dict.fromkeys(c for c in codes if c))
