"""Vocabularies and catalogs live in `data/` as CSV; this is the one place that loads them."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_path(*parts: str) -> Path:
    return DATA_DIR.joinpath(*parts)


@lru_cache(maxsize=None)
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `data/<name>` (CSV, UTF-8, header row) as dicts; lines starting with # are comments."""
    with data_path(name).open(encoding="utf-8-sig", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines))
