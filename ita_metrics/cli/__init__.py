"""`python -m ita_metrics COMMAND …` — parse, score, and the later commands, one module each."""

from __future__ import annotations

import argparse
import importlib
import sys
from datetime import date

from ita_metrics.datafiles import DataFileError, require_valid
from ita_metrics.presentation.ui_text import both, help_text

# command -> module with add_arguments(parser) and run(args) -> int; its help is cli.cmd.<command>
COMMANDS = {
    "parse": "ita_metrics.cli.parse",
    "score": "ita_metrics.cli.score",
    "store": "ita_metrics.cli.store",
    "export": "ita_metrics.cli.export",
    "template": "ita_metrics.cli.template",
    "submissions": "ita_metrics.cli.submissions",
    "letters": "ita_metrics.cli.letters",
    "summary": "ita_metrics.cli.summary",
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
        description=help_text("cli.help.description"),
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module in COMMANDS.items():
        if only and name != only:
            continue
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue  # a command not built yet is simply not offered
            raise
        words = help_text(f"cli.cmd.{name}")
        p = sub.add_parser(name, help=words, description=words, fromfile_prefix_chars="@")
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
