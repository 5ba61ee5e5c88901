"""`parse FILE...`: one row per measure, exactly the model's fields."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from ita_metrics.cli.common import add_input_arguments, iter_results, load_results, write_output
from ita_metrics.model import MEASURE_FIELDS, to_frame
from ita_metrics.presentation.ui_text import both, help_text
from ita_metrics.safe_cells import neutralise_row


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_input_arguments(p)
    p.add_argument("--format", choices=("csv", "json", "table"), default="csv")
    p.add_argument("-o", "--output", metavar="PATH", help=help_text("cli.help.output"))
    p.add_argument(
        "--explain",
        action="store_true",
        help=help_text("cli.help.explain"),
    )


TABLE_COLUMNS = [
    "source_sheet",
    "source_row",
    "agency",
    "fiscal_year",
    "round",
    "tool",
    "indicator",
    "item_codes",
    "status",
    "due_date",
    "completed_date",
    "timeliness",
    "flags",
]


def run(args: argparse.Namespace) -> int:
    if args.format == "csv":
        stream_csv(args)
        return 1 if args.failed else 0
    results, failed = load_results(args)
    if args.explain:
        for r in results:
            if r.ok:
                print(explain_text(r), file=sys.stderr)
    records = [rec for r in results if r.ok for rec in r.records]
    write_output(to_frame(records), args.format, args.output, table_columns=TABLE_COLUMNS)
    return 1 if failed else 0


def stream_csv(args: argparse.Namespace) -> None:
    """Rows are written as each file is read, so a national batch never sits in memory whole."""
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115 - closed below
    try:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(MEASURE_FIELDS)
        for r in iter_results(args):
            if not r.ok:
                continue
            if args.explain:
                print(explain_text(r), file=sys.stderr)
            writer.writerows(neutralise_row(csv_cell(rec.get(f)) for f in MEASURE_FIELDS) for rec in r.records)
    finally:
        if args.output:
            out.close()


def csv_cell(value: object) -> str:
    """As pandas writes the model's columns: empty for missing, floats with their decimal point."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def explain_text(result) -> str:
    """Human-readable account of what was detected in one file."""
    lines = [f"== {result.file}"]
    for s in result.detected.get("sheets", []):
        lines.append(f"  {both('cli.explain.sheet')}: {s['sheet'] or '(csv)'}")
        lines.append(f"    {both('cli.explain.header_rows')}: {s['header_rows']}")
        for col, info in s["columns"].items():
            lines.append(f"    {col}: {info['role']:<18} ← {info['header']}")
        for col, text in s.get("unmapped_columns", {}).items():
            lines.append(f"    {col}: ({both('cli.explain.unused')})      ← {text}")
        lines.append(f"    {both('cli.explain.metadata')}: {json.dumps(s['metadata'], ensure_ascii=False)}")
        lines.append(f"    {both('cli.explain.catalog_year')}: {s['catalog_year']}")
        skipped = json.dumps(s["skipped"], ensure_ascii=False)
        lines.append(f"    {both('cli.explain.measures')}: {s['measures']}; {both('cli.explain.skipped')}: {skipped}")
    for m in result.messages:
        lines.append(f"  [{m.level}] {m.line()}")
    return "\n".join(lines)
