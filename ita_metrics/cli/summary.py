"""`summary FILE... --pdf agencies.pdf [--docx DIR]`: one A4 page per agency.

    python -m ita_metrics summary FILE... [--store PATH] [--report FY/R] [--agency NAME ...]
                                  [--pdf agencies.pdf] [--docx DIR]

All agencies of the round (or those named) in one PDF, a page each, Thai font embedded and
shaped; with --docx also one Word file per agency in DIR. Exit 1 when a file could not be read or
an output not written (e.g. no Thai font for the PDF), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ita_metrics.cli import followup as fu
from ita_metrics.cli.common import say
from ita_metrics.presentation.ui_text import both, help_text


def add_arguments(p: argparse.ArgumentParser) -> None:
    fu.add_arguments(p, roster=False)
    p.add_argument("--agency", action="append", metavar="NAME", help=help_text("cli.help.only_agency"))
    p.add_argument("--pdf", metavar="PATH", help=help_text("cli.help.pdf"))
    p.add_argument("--docx", metavar="DIR", help=help_text("cli.help.docx"))


def _run(args: argparse.Namespace) -> int:
    from ita_metrics.export.agency_page import FontMissing, file_stem, summaries, summary_docx, summary_pdf
    from ita_metrics.thai.agencies import normalize_agency

    if not (args.pdf or args.docx):
        say(both("cli.fu_need_output"))
        return 2
    loaded = fu.load(args)
    picked = fu.pick_round(loaded.measures, args.report)
    if picked is None:
        return 2 if args.report else 1
    scope = fu.of_round(loaded.measures, *picked)
    names = None
    if args.agency:
        names = [normalize_agency(a) or a for a in args.agency]
        unknown = [n for n in names if n not in set(scope["agency"])]
        for n in unknown:
            say(f"{n}: {both('cli.fu_no_report_of')}")
        names = [n for n in names if n not in unknown]
    pages = summaries(scope, names)
    if not pages:
        say(both("cli.fu_nothing_to_summarise"))
        return 1
    ok = True
    if args.pdf:
        try:
            ok &= fu.write_bytes(args.pdf, summary_pdf(pages))
        except FontMissing as exc:
            say(str(exc))
            ok = False
    if args.docx:
        for s in pages:
            ok &= fu.write_bytes(str(Path(args.docx) / f"{file_stem(s)}.docx"), summary_docx([s]))
    return 1 if loaded.failed or not ok else 0


run = fu.guarded(_run)
