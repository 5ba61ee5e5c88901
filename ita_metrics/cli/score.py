"""`score` subcommand: import files, count each report once, print the group scores.

    python -m ita_metrics score FILE... [--as-of YYYY-MM-DD] [--by agency] [--weights 0.7,0.3]
                                        [--format table|csv|json] [-o PATH]

A file that cannot be read is reported on stderr (file, Thai, English) and the others are still
scored; exit 1 when any file failed, 2 for bad arguments, 0 otherwise. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import TextIO

import pandas as pd

from ita_metrics import clock
from ita_metrics.presentation.ui_text import both, help_text
from ita_metrics.safe_cells import neutralise_frame
from ita_metrics.scoring import dedupe, scoring

FORMATS = ("table", "csv", "json")


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(both("cli.bad_date", value=text)) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="FILE", nargs="+", help=help_text("cli.help.files"))
    parser.add_argument(
        "--as-of",
        type=_as_of,
        default=None,
        metavar="YYYY-MM-DD",
        help=help_text("cli.help.score_as_of"),
    )
    parser.add_argument("--by", choices=scoring.BY_CHOICES, default="agency", help=help_text("cli.help.by"))
    parser.add_argument(
        "--weights",
        default="0.7,0.3",
        metavar="W1,W2",
        help=help_text("cli.help.weights"),
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help=help_text("cli.help.format"))
    parser.add_argument("-o", "--output", metavar="PATH", default=None, help=help_text("cli.help.output"))


def run(args: argparse.Namespace) -> int:
    """Score the files; return the exit code."""
    try:
        return _run(args)
    except Exception as exc:  # noqa: BLE001 - last resort: the user gets one line, never a traceback
        _say(both("cli.internal_error", detail=f"{type(exc).__name__}: {exc}"))
        return 1


def _run(args: argparse.Namespace) -> int:
    try:
        weights = scoring.parse_weights(args.weights)
    except ValueError as exc:
        _say(f"--weights {args.weights}: {exc}")
        return 2
    from ita_metrics.interpret.importer import ParseOptions, parse_file

    results, failed = [], False
    for path in args.files:
        data, reason = _read(path)
        if reason is not None:
            _say(f"{path}: {reason}")
            failed = True
            continue
        try:
            result = parse_file(data, Path(path).name, as_of=args.as_of, options=ParseOptions(today=clock.today()))
        except Exception as exc:  # noqa: BLE001 - parse_file should not raise; one bad file must not stop the rest
            _say(f"{path}: {both('cli.internal_error_reading', detail=type(exc).__name__)}")
            failed = True
            continue
        if result.error is not None:
            _say(f"{path}: {result.error.th} / {result.error.en}")
            failed = True
            continue
        results.append(result)

    combined = dedupe.combine(results)
    for entry in combined.replaced:
        _say(f"{entry['file']}: {entry['th']} / {entry['en']}")
    table = scoring.score_groups(combined.measures, by=args.by, weights=weights)
    text = render(table, args.format)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _say(f"{args.output}: {both('cli.cannot_write', detail=exc.strerror)}")
            return 1
    else:
        _emit(text, sys.stdout)
    return 1 if failed else 0


def _read(path: str) -> tuple[bytes, str | None]:
    """The file's bytes, or why it cannot be opened (Thai / English)."""
    try:
        return Path(path).read_bytes(), None
    except FileNotFoundError:
        return b"", both("cli.file_not_found")
    except IsADirectoryError:
        return b"", both("cli.is_a_folder")
    except PermissionError:
        return b"", both("cli.no_permission")
    except OSError as exc:
        return b"", both("cli.cannot_open", detail=exc.strerror)


# ---------------------------------------------------------------- output
def render(table: pd.DataFrame, fmt: str) -> str:
    """The group table as text; figures rounded to 1 decimal here, at the edge, only."""
    shown = scoring.for_display(table, 1)
    if fmt == "csv":
        return neutralise_frame(shown).to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        records = [{k: _json_value(v) for k, v in row.items()} for row in shown.to_dict("records")]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    return _text_table(shown)


def _json_value(value: object) -> object:
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "-" if value != value else f"{value:.1f}"
    return str(value)


def _width(text: str) -> int:
    """Columns a string takes on screen: Thai vowel and tone marks take none."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)


def _text_table(table: pd.DataFrame) -> str:
    cols = list(table.columns)
    cells = [[_cell(v) for v in row] for row in table.itertuples(index=False)]
    widths = [max([_width(c)] + [_width(r[j]) for r in cells]) for j, c in enumerate(cols)]
    numeric = [pd.api.types.is_numeric_dtype(table[c]) for c in cols]

    def line(values: list[str]) -> str:
        out = []
        for j, v in enumerate(values):
            pad = " " * (widths[j] - _width(v))
            out.append(pad + v if numeric[j] else v + pad)
        return "  ".join(out).rstrip()

    rows = [line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(rows) + "\n"


def _say(text: str) -> None:
    _emit(text + "\n", sys.stderr)


def _emit(text: str, stream: TextIO) -> None:
    """Write, even to a console that cannot show Thai (unencodable characters replaced)."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    stream.flush()
