"""`submissions FILE... --roster ROSTER --deadline YYYY-MM-DD`: who has reported for a round.

    python -m ita_metrics submissions FILE... [--store PATH] --roster ROSTER [--province NAME]
                                      [--report FY/R] [--deadline YYYY-MM-DD] [--format csv|json|table] [-o PATH]

One row per roster agency: agency, district, status (received / late / missing), received_file,
then received_on, received_basis, days_late; reports of agencies not on the roster follow with
status not_in_roster. Exit 1 when a file or the roster could not be read, 2 for bad arguments.
"""

from __future__ import annotations

import argparse

from ita_metrics.cli import followup as fu
from ita_metrics.cli.common import write_output
from ita_metrics.presentation.ui_text import help_text

COLUMNS = ["agency", "district", "status", "received_file", "received_on", "received_basis", "days_late"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    fu.add_arguments(p)
    p.add_argument("--format", choices=("csv", "json", "table"), default="table")
    p.add_argument("-o", "--output", metavar="PATH", help=help_text("cli.help.write_file"))


def _run(args: argparse.Namespace) -> int:
    loaded = fu.load(args)
    picked = fu.pick_round(loaded.measures, args.report)
    if picked is None:
        return 2 if args.report else 1
    status = fu.status_table(args, loaded, *picked)
    if status is None:
        return 1
    out = status[COLUMNS].copy()
    out["received_on"] = out["received_on"].map(lambda d: d.isoformat() if d else "")
    write_output(out, args.format, args.output)
    return 1 if loaded.failed else 0


run = fu.guarded(_run)
