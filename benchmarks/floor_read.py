"""The floor: the least any importer must do — read every cell of the files into DataFrames.

Why: "is the parser fast?" only means something next to the cost of merely reading the same
files. This is that cost, as a whole process (interpreter start and imports included), so that
``import_bench.py`` can compare it with a whole ``python -m ita_metrics parse`` run.

    python benchmarks/floor_read.py LISTFILE     # LISTFILE: one path per line
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def read_cells(path: Path) -> list[pd.DataFrame]:
    """Every sheet of a workbook (calamine), or the CSV (CP874, as Thai Excel saves it)."""
    if path.suffix.lower() == ".csv":
        return [pd.read_csv(path, encoding="cp874", header=None, dtype=str, keep_default_na=False)]
    sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    return list(sheets.values())


def read_list(list_file: Path) -> list[Path]:
    lines = list_file.read_text(encoding="utf-8").splitlines()
    return [Path(line) for line in lines if line.strip()]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    paths = read_list(Path(argv[0]))
    cells = sheets = 0
    for path in paths:
        for frame in read_cells(path):
            sheets += 1
            cells += frame.size
    print(f"{len(paths)} files, {sheets} sheets, {cells} cells")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
