"""`letters FILE... --roster ROSTER --out letters.zip`: reminder letters (Word), in a zip.

    python -m ita_metrics letters FILE... [--store PATH] --roster ROSTER [--province NAME] [--report FY/R]
                                  [--deadline YYYY-MM-DD] [--per agency|district] [--agency NAME ...]
                                  [--date YYYY-MM-DD] --out letters.zip

One letter per agency (or per district) that has overdue measures or has not sent its report,
worded from data/followup.toml. Exit 1 when a file or the roster could not be read or the zip
could not be written, 2 for bad arguments; 0 otherwise (also when nobody needs a letter: said so).
"""

from __future__ import annotations

import argparse

from ita_metrics import clock
from ita_metrics.cli import followup as fu
from ita_metrics.cli.common import say
from ita_metrics.presentation.ui_text import both, help_text


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ita_metrics.cli import iso_date

    fu.add_arguments(p)
    p.add_argument(
        "--per",
        choices=("agency", "district"),
        default="agency",
        help=help_text("cli.help.per"),
    )
    p.add_argument("--agency", action="append", metavar="NAME", help=help_text("cli.help.only_agency"))
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help=help_text("cli.help.date"))
    p.add_argument("--out", required=True, metavar="PATH", help=help_text("cli.help.out"))


def _run(args: argparse.Namespace) -> int:
    from ita_metrics.export.letters import LetterContext, follow_up_items, letters_zip
    from ita_metrics.followup.submissions import default_deadline
    from ita_metrics.thai.agencies import normalize_agency

    loaded = fu.load(args)
    picked = fu.pick_round(loaded.measures, args.report)
    if picked is None:
        return 2 if args.report else 1
    fy, rnd = picked
    status = fu.status_table(args, loaded, fy, rnd)
    if status is None:
        return 1
    wanted = [normalize_agency(a) or a for a in args.agency] if args.agency else None
    items = follow_up_items(fu.of_round(loaded.measures, fy, rnd), status, wanted)
    if items.empty:
        say(both("cli.fu_no_letters"))
        return 1 if loaded.failed else 0
    ctx = LetterContext(
        fu.province_of(loaded.measures, args.province),
        fy,
        rnd,
        args.deadline or default_deadline(fy, rnd),
        args.date or clock.today(),
    )
    ok = fu.write_bytes(args.out, letters_zip(items, ctx, args.per))
    say(both("cli.fu_letters_made", agencies=items["agency"].nunique(), items=len(items)))
    return 1 if loaded.failed or not ok else 0


run = fu.guarded(_run)
