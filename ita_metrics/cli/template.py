"""`template PATH`: the submission template agencies fill in (see ita_metrics.export.template).

    python -m ita_metrics template PATH [--fiscal-year 2567] [--catalog-year 2566]
                                        [--agency NAME --district NAME --province NAME] [--round 6|12]

Exit 0 when written, 1 when the file cannot be written, 2 for bad arguments. Never a traceback.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ita_metrics import clock
from ita_metrics.cli.common import say
from ita_metrics.interpret import periods
from ita_metrics.presentation.ui_text import both, help_text
from ita_metrics.thai import catalogs


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help=help_text("cli.help.template_path"))
    p.add_argument(
        "--fiscal-year",
        type=int,
        metavar="BE",
        help=help_text("cli.help.template_fiscal_year"),
    )
    p.add_argument(
        "--catalog-year",
        type=int,
        metavar="BE",
        help=help_text("cli.help.template_catalog_year"),
    )
    p.add_argument("--agency", default="", metavar="NAME", help=help_text("cli.help.agency"))
    p.add_argument("--district", default="", metavar="NAME", help=help_text("cli.help.district"))
    p.add_argument("--province", default="", metavar="NAME", help=help_text("cli.help.template_province"))
    p.add_argument(
        "--round",
        type=int,
        choices=(6, 12),
        help=help_text("cli.help.template_round"),
    )
    p.add_argument("--rows", type=int, default=100, metavar="N", help=help_text("cli.help.rows"))


def run(args: argparse.Namespace, today: date | None = None) -> int:
    """`today` decides the default year and round and the latest year allowed (the clock by default)."""
    from ita_metrics.export.template import template_xlsx

    today = today or clock.today()  # the CLI is an edge: the core takes today as a parameter
    default_fy, default_round = periods.default_period(today)
    fiscal_year = args.fiscal_year or default_fy
    round_ = args.round or (None if args.fiscal_year else default_round)
    if not 2500 <= fiscal_year <= 2700:
        say(f"--fiscal-year {fiscal_year}: {both('cli.template_bad_year')}")
        return 2
    if fiscal_year > periods.fiscal_year_of(today):
        say(f"--fiscal-year {fiscal_year}: {both('cli.template_future_year', current=periods.fiscal_year_of(today))}")
        return 2
    if not 1 <= args.rows <= 5000:
        say(f"--rows {args.rows}: {both('cli.template_bad_rows')}")
        return 2
    try:
        data = template_xlsx(
            fiscal_year, args.catalog_year, args.agency, args.district, args.province, round_, args.rows
        )
    except ValueError as exc:
        say(str(exc))
        return 2
    except Exception as exc:  # noqa: BLE001 - never a traceback
        say(both("cli.internal_error", detail=f"{type(exc).__name__}: {exc}"))
        return 1
    path = Path(args.path)
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        say(f"{args.path}: {both('cli.cannot_write', detail=exc.strerror or type(exc).__name__)}")
        return 1
    expected = catalogs.catalog_year_for(fiscal_year)
    used = args.catalog_year or expected
    if used != expected:
        say(both("cli.template_other_catalog", used=used, fiscal_year=fiscal_year, expected=expected))
    if catalogs.is_assumed(used):
        say(both("cli.template_assumed_catalog", used=used, numbering=catalogs.numbering_year(used)))
    key = "cli.template_written_round" if round_ else "cli.template_written"
    print(f"{args.path}: {both(key, fiscal_year=fiscal_year, round=round_, catalog_year=used)}")
    return 0
