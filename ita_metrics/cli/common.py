"""Pieces every command shares: input files, the as-of date, overrides, output formats."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported when a table is built: the streaming CLI never needs it
    import pandas as pd

from ita_metrics import clock
from ita_metrics.interpret import batch
from ita_metrics.interpret.importer import FileResult, ParseOptions, parse_path
from ita_metrics.presentation.ui_text import both, help_text
from ita_metrics.reading.readers import READABLE_EXT
from ita_metrics.safe_cells import neutralise_frame


def add_input_arguments(p: argparse.ArgumentParser) -> None:
    from ita_metrics.cli import iso_date

    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=help_text("cli.help.files"),
    )
    p.add_argument(
        "--as-of",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help=help_text("cli.help.as_of"),
    )
    p.add_argument("--fiscal-year", type=int, metavar="BE", help=help_text("cli.help.fiscal_year"))
    p.add_argument("--round", type=int, choices=(6, 12), help=help_text("cli.help.round"))
    p.add_argument("--catalog-year", type=int, metavar="BE", help=help_text("cli.help.catalog_year"))


def input_paths(files: list[str]) -> tuple[list[Path], int]:
    """Named files as given; folders expanded to the spreadsheets in them. Missing ones counted."""
    paths, missing = [], 0
    for f in files:
        path = Path(f)
        if path.is_dir():
            for p in sorted(q for q in path.rglob("*") if q.is_file()):
                if p.suffix.lower() in READABLE_EXT:
                    paths.append(p)
                else:
                    print(f"{p}: {both('cli.not_a_report')}", file=sys.stderr)
        elif path.exists():
            paths.append(path)
        else:
            print(f"{path}: {both('cli.file_not_found')}", file=sys.stderr)
            missing += 1
    return paths, missing


def _parse_one(job: tuple[Path, date | None, ParseOptions]) -> FileResult:
    path, as_of, options = job
    return parse_path(path, as_of, options, progress=page_progress(path.name))


def page_progress(name: str):
    """Per-page progress of a scan's OCR on stderr: `file: หน้า 3/49 / page 3 of 49`."""
    last = [0]

    def show(done: int, total: int) -> None:
        if done != last[0]:
            last[0] = done
            say(f"{name}: {both('cli.ocr_page', done=done, total=total)}")

    return show


def iter_results(args: argparse.Namespace) -> Iterator[FileResult]:
    """Parse every file, in order, on all cores for a large batch. A failed file gets one stderr
    line (Thai / English) and the rest go on; `args.failed` counts them."""
    options = ParseOptions(
        args.fiscal_year, args.round, args.catalog_year, today=clock.today()
    )  # the clock, read at the edge
    paths, args.failed = input_paths(args.files)
    jobs = [(p, args.as_of, options) for p in paths]
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) >= 16 and workers > 1:
        # Threads hand whole files to the reader workers (ita_metrics/reading/worker_pool.py), which run
        # on all cores; not multiprocessing.Pool, which hangs when one of its workers dies.
        yield from _report(batch.in_workers(((_parse_one, (job,), job[0].name) for job in jobs), workers), args)
    else:
        yield from _report(map(_parse_one, jobs), args)


def _report(results: Iterable[FileResult], args: argparse.Namespace) -> Iterator[FileResult]:
    for r in results:
        if r.error:
            args.failed += 1
            print(r.error.line(), file=sys.stderr)
        yield r


def load_results(args: argparse.Namespace) -> tuple[list[FileResult], int]:
    results = list(iter_results(args))
    return results, args.failed


def write_output(df: pd.DataFrame, fmt: str, output: str | None, table_columns: list[str] | None = None) -> None:
    import pandas as pd

    if fmt == "csv":
        text = neutralise_frame(df).to_csv(index=False)
    elif fmt == "json":
        text = df.to_json(orient="records", force_ascii=False, indent=1)
    else:
        view = df[table_columns] if table_columns else df
        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None, "display.width", 250, "display.max_colwidth", 40
        ):
            text = view.to_string(index=False) if len(view) else f"({both('cli.no_rows')})"
        text += "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def say(text: str) -> None:
    """One line on stderr, even where the console cannot show Thai."""
    try:
        sys.stderr.write(text + "\n")
    except UnicodeEncodeError:
        enc = getattr(sys.stderr, "encoding", None) or "ascii"
        sys.stderr.write((text + "\n").encode(enc, "replace").decode(enc))
    sys.stderr.flush()


def guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A command's run, with a last resort: one line on stderr, never a traceback."""
    from ita_metrics.presentation.ui_text import both

    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
            say(both("cli.internal_error", detail=f"{type(exc).__name__}: {str(exc)[:120]}"))
            return 1

    return wrapper
