"""`python -m ita_metrics COMMAND …` — parse, score, and the later commands, one module each."""

from __future__ import annotations

import argparse
import importlib
import sys
from datetime import date

from ita_metrics.datafiles import DataFileError, require_valid
from ita_metrics.presentation.ui_text import both

# command -> module with add_arguments(parser) and run(args) -> int
COMMANDS = {
    "parse": ("ita_metrics.cli.parse", "อ่านไฟล์รายงานมาตรการ / read measure reports into one row per measure"),
    "score": ("ita_metrics.cli.score", "คิดคะแนนตามหน่วยงาน ตัวชี้วัด ฯลฯ / score groups of measures"),
    "store": ("ita_metrics.cli.store", "คลังข้อมูลรายงาน / the report store"),
    "export": ("ita_metrics.cli.export", "ส่งออก Excel PowerPoint PNG / export report files"),
    "template": ("ita_metrics.cli.template", "แบบฟอร์มรายงานสำหรับหน่วยงาน / the submission template"),
    "submissions": ("ita_metrics.cli.submissions", "ใครส่งรายงานแล้ว ส่งช้า ยังไม่ส่ง / who has reported for a round"),
    "letters": ("ita_metrics.cli.letters", "หนังสือติดตาม (Word) / reminder letters as Word files in a zip"),
    "summary": ("ita_metrics.cli.summary", "สรุปหน้าเดียวรายหน่วยงาน (PDF, Word) / one page per agency"),
}


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(both("cli.bad_date", value=text)) from None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """All commands, or just `only`: importing every command's module (PowerPoint, kaleido…) would
    cost more than parsing a province's files."""
    parser = argparse.ArgumentParser(
        prog="python -m ita_metrics",
        fromfile_prefix_chars="@",
        description="ITA measures: read, score and export agencies' reports",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module, help_text) in COMMANDS.items():
        if only and name != only:
            continue
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue  # a command not built yet is simply not offered
            raise
        p = sub.add_parser(name, help=help_text, description=help_text, fromfile_prefix_chars="@")
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    argv = sys.argv[1:] if argv is None else argv
    try:
        require_valid()  # a typo in a vocabulary stops here, naming the file, line and value
    except DataFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    command = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(command).parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
