"""What `letters`, `summary` and `submissions` share: reports from files and/or the store, the
round to look at, the roster, each report's received date.

    FILE...            report files (as `parse`), or none with --store
    --store PATH       also the active reports kept in that store (and its saved roster)
    --report FY/R      the round to follow up (e.g. 2570/6); default: the latest in the data
    --roster FILE      the agency list (xlsx/csv, either layout); default: the store's saved roster
    --file-dates       a report that states no date (วันที่รายงาน) was received on its file's date

A report's received date is the date it states, else (with --store) the day it was stored, else
(with --file-dates) its file's modification date, else unknown: received, never counted late.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ita_metrics.cli.common import guarded, iter_results, say  # noqa: F401 - guarded: used as fu.guarded
from ita_metrics.cli.export import _write as write_bytes  # noqa: F401 - one writer for every command
from ita_metrics.interpret.importer import FileResult
from ita_metrics.presentation.ui_text import both, help_text


@dataclass
class Loaded:
    """Everything the three commands need, or `failed` > 0 when something could not be read."""

    measures: pd.DataFrame
    results: list[FileResult] = field(default_factory=list)
    received: dict[str, tuple[date | None, str]] = field(default_factory=dict)
    failed: int = 0


def add_arguments(p: argparse.ArgumentParser, roster: bool = True) -> None:
    from ita_metrics.cli import iso_date

    p.add_argument("files", nargs="*", metavar="FILE", help=help_text("cli.help.fu_files"))
    p.add_argument("--store", metavar="PATH", help=help_text("cli.help.store"))
    p.add_argument("--report", metavar="FY/R", help=help_text("cli.help.report"))
    p.add_argument(
        "--as-of",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help=help_text("cli.help.fu_as_of"),
    )
    p.add_argument("--fiscal-year", type=int, metavar="BE", help=help_text("cli.help.fu_fiscal_year"))
    p.add_argument("--round", type=int, choices=(6, 12), help=help_text("cli.help.fu_round"))
    p.add_argument("--catalog-year", type=int, metavar="BE", help=help_text("cli.help.catalog_year"))
    p.add_argument(
        "--file-dates",
        action="store_true",
        help=help_text("cli.help.file_dates"),
    )
    if roster:
        p.add_argument(
            "--deadline",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help=help_text("cli.help.deadline"),
        )
        p.add_argument(
            "--roster",
            metavar="FILE",
            help=help_text("cli.help.roster"),
        )
        p.add_argument("--province", metavar="NAME", help=help_text("cli.help.roster_province"))


def load(args: argparse.Namespace) -> Loaded:
    """Files parsed (bad ones: a stderr line each) and the store's active reports, combined so
    that each agency, year and round counts once."""
    from ita_metrics.app.app_state import combine_results
    from ita_metrics.followup.submissions import report_dates

    results: list[FileResult] = []
    failed = 0
    if args.files:
        results = list(iter_results(args))
        failed = args.failed
    measures, _ = combine_results(results)
    received: dict[str, tuple[date | None, str]] = {}
    stated = report_dates(results)
    for r in results:
        if r.file in stated:
            received[r.file] = (stated[r.file], "report_date")
    for f in (args.files or []) if getattr(args, "file_dates", False) else []:
        p = Path(f)
        for q in [p] if p.is_file() else sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else []:
            if q.name not in received:
                received[q.name] = (datetime.fromtimestamp(q.stat().st_mtime).date(), "file_date")
    if getattr(args, "store", None):
        stored, dates = _stored(args)
        if stored is None:
            return Loaded(measures, results, received, failed + 1)
        measures = pd.concat([stored, measures], ignore_index=True) if len(measures) else stored
        for f, d in dates.items():
            received.setdefault(f, (d, "stored"))
    if not len(measures) and not failed and not args.files and not getattr(args, "store", None):
        say(both("cli.fu_no_input"))
        failed = 1
    return Loaded(measures, results, received, failed)


def _stored(args: argparse.Namespace) -> tuple[pd.DataFrame | None, dict[str, date]]:
    from ita_metrics.scoring.corrections import apply_corrections
    from ita_metrics.store import Store, StoreError, message_line

    try:
        with Store(args.store) as store:
            measures = store.measures(active_only=True, corrected=True)
            reports = store.reports(active_only=True)
    except StoreError as exc:
        say(message_line(exc.msg))
        return None, {}
    if args.as_of is not None and len(measures):
        measures = apply_corrections(measures, [], args.as_of)
    dates = {}
    for f, at in zip(reports["file"], reports["imported_at"]):
        try:
            dates[str(f)] = datetime.fromisoformat(str(at)).date()
        except ValueError:
            continue
    return measures, dates


_REPORT = re.compile(r"^\s*(\d{4})\s*/\s*(6|12)\s*$")


def pick_round(measures: pd.DataFrame, text: str | None) -> tuple[int, int] | None:
    """--report "2570/6", else the latest fiscal year and round in the measures."""
    if text:
        m = _REPORT.match(text)
        if not m:
            say(both("cli.fu_bad_report", value=text))
            return None
        return int(m.group(1)), int(m.group(2))
    pairs = {
        (int(f), int(r))
        for f, r in zip(measures["fiscal_year"], measures["round"])
        if not pd.isna(f) and not pd.isna(r)
    }
    if not pairs:
        say(both("cli.fu_no_round"))
        return None
    return max(pairs)


def of_round(measures: pd.DataFrame, fy: int, rnd: int) -> pd.DataFrame:
    return measures.loc[(measures["fiscal_year"] == fy) & (measures["round"] == rnd)]


def province_of(measures: pd.DataFrame, given: str | None) -> str:
    from ita_metrics.thai.gazetteer import known_province, province_key

    if given:
        return known_province(given) or province_key(given)
    s = measures["province"].astype(str)
    s = s[s.str.strip() != ""]
    return str(s.mode().iat[0]) if len(s) else ""


def load_roster(args: argparse.Namespace, province: str, fiscal_year: int) -> pd.DataFrame | None:
    """--roster FILE, else the store's saved roster for the province and year; None (said why) if neither."""
    from ita_metrics.followup.roster import read_roster

    if args.roster:
        path = Path(args.roster)
        try:
            data = path.read_bytes()
        except OSError as exc:
            say(f"{args.roster}: {both('cli.fu_cannot_read', detail=exc.strerror or type(exc).__name__)}")
            return None
        got = read_roster(data, path.name, province, fiscal_year)
        if got.error is not None:
            say(got.error.line())
            return None
        for msg in got.messages:
            say(msg.line())
        return got.roster
    if getattr(args, "store", None):
        from ita_metrics.store import Store, StoreError, message_line

        try:
            with Store(args.store) as store:
                saved = store.roster(province, fiscal_year)
        except StoreError as exc:
            say(message_line(exc.msg))
            return None
        if len(saved):
            return saved
    say(both("cli.fu_no_roster", province=province or "?", fy=fiscal_year))
    return None


def status_table(args: argparse.Namespace, loaded: Loaded, fy: int, rnd: int) -> pd.DataFrame | None:
    """The submission status of the round against --deadline (else the default deadline)."""
    from ita_metrics.followup import submissions

    province = province_of(loaded.measures, args.province)
    roster = load_roster(args, province, fy)
    if roster is None:
        return None
    deadline = getattr(args, "deadline", None) or submissions.default_deadline(fy, rnd)
    reports = submissions.received_reports(loaded.measures, loaded.received)
    return submissions.submission_status(roster, reports, fy, rnd, deadline)
