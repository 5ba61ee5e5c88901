"""`parse FILE...`: one row per measure, exactly the model's fields."""
from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from ita_metrics.cli_common import add_input_arguments, load_results, write_output
from ita_metrics.model import MEASURE_FIELDS


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_input_arguments(p)
    p.add_argument("--format", choices=("csv", "json", "table"), default="csv")
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of standard output")
    p.add_argument("--explain", action="store_true",
                   help="ต่อไฟล์: แถวหัวตาราง บทบาทคอลัมน์ ข้อมูลรายงาน แถวที่ข้าม / per file: what was detected (to stderr)")


def run(args: argparse.Namespace) -> int:
    results, failed = load_results(args)
    frames = [r.measures for r in results if r.ok]
    measures = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=MEASURE_FIELDS)
    measures = measures[MEASURE_FIELDS]
    if args.explain:
        for r in results:
            if r.ok:
                print(explain_text(r), file=sys.stderr)
    write_output(measures, args.format, args.output, table_columns=[
        "source_sheet", "source_row", "agency", "fiscal_year", "round", "tool", "indicator", "item_codes",
        "status", "due_date", "completed_date", "timeliness", "flags"])
    return 1 if failed else 0


def explain_text(result) -> str:
    """Human-readable account of what was detected in one file."""
    lines = [f"== {result.file}"]
    for s in result.detected.get("sheets", []):
        lines.append(f"  ชีต/sheet: {s['sheet'] or '(csv)'}")
        lines.append(f"    แถวหัวตาราง/header rows: {s['header_rows']}")
        for col, info in s["columns"].items():
            lines.append(f"    {col}: {info['role']:<18} ← {info['header']}")
        for col, text in s.get("unmapped_columns", {}).items():
            lines.append(f"    {col}: (ไม่ใช้/unused)      ← {text}")
        lines.append(f"    ข้อมูลรายงาน/metadata: {json.dumps(s['metadata'], ensure_ascii=False)}")
        lines.append(f"    ปีกรอบการประเมิน/catalog year: {s['catalog_year']}")
        lines.append(f"    มาตรการ/measures: {s['measures']}; แถวที่ข้าม/skipped: {json.dumps(s['skipped'], ensure_ascii=False)}")
    for m in result.messages:
        lines.append(f"  [{m.level}] {m.line()}")
    return "\n".join(lines)
