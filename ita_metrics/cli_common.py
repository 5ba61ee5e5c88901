"""Pieces every command shares: input files, the as-of date, overrides, output formats."""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pandas as pd

from ita_metrics.importer import FileResult, ParseOptions, parse_path


def add_input_arguments(p: argparse.ArgumentParser) -> None:
    from ita_metrics.cli import iso_date

    p.add_argument("files", nargs="+", metavar="FILE", help="xlsx / xls / ods / csv (@list.txt reads names from a file)")
    p.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                   help="วันที่ประเมินความทันเวลา / date timeliness is judged at (default: end of the report's round)")
    p.add_argument("--fiscal-year", type=int, metavar="BE", help="override the fiscal year (Buddhist era, e.g. 2566)")
    p.add_argument("--round", type=int, choices=(6, 12), help="override the round")
    p.add_argument("--catalog-year", type=int, metavar="BE", help="override the framework year of the item codes")


def load_results(args: argparse.Namespace) -> tuple[list[FileResult], int]:
    """Parse every file; a failed file gets one stderr line (Thai / English) and the rest go on."""
    options = ParseOptions(args.fiscal_year, args.round, args.catalog_year)
    results, failed = [], 0
    for f in args.files:
        path = Path(f)
        if path.is_dir():
            paths = sorted(p for p in path.rglob("*") if p.is_file())
        else:
            paths = [path]
        for p in paths:
            if not p.exists():
                print(f"{p}: ไม่พบไฟล์ / file not found", file=sys.stderr)
                failed += 1
                continue
            r = parse_path(p, args.as_of, options)
            if r.error:
                failed += 1
                print(r.error.line(), file=sys.stderr)
            results.append(r)
    return results, failed


def write_output(df: pd.DataFrame, fmt: str, output: str | None, table_columns: list[str] | None = None) -> None:
    if fmt == "csv":
        text = df.to_csv(index=False)
    elif fmt == "json":
        text = df.to_json(orient="records", force_ascii=False, indent=1)
    else:
        view = df[table_columns] if table_columns else df
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250,
                               "display.max_colwidth", 40):
            text = view.to_string(index=False) if len(view) else "(ไม่มีข้อมูล / no rows)"
        text += "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
