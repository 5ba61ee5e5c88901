"""`store` subcommand: the report store kept between visits.

    python -m ita_metrics store [--store PATH] import FILE... [--replace | --keep] [--as-of YYYY-MM-DD]
    python -m ita_metrics store [--store PATH] list [--all] [--format table|csv|json]
    python -m ita_metrics store [--store PATH] delete REPORT_ID [--yes] [--hard]
    python -m ita_metrics store [--store PATH] undelete REPORT_ID
    python -m ita_metrics store [--store PATH] export PATH [--force]
    python -m ita_metrics store [--store PATH] restore PATH

The store is --store PATH, else $ITA_STORE_PATH, else data/ita.sqlite. A file that cannot be read
or stored gets one stderr line (file, Thai / English) and the others go on; exit 1 when any failed,
2 for bad arguments, 0 otherwise. Never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from ita_metrics.cli.common import add_input_arguments, iter_results, write_output
from ita_metrics.presentation.ui_text import both, help_text, text
from ita_metrics.store import Store, StoreError, store_message
from ita_metrics.store import message_line as line
from ita_metrics.store.check import check_store

LIST_COLUMNS = ["id", "status", "agency", "fiscal_year", "round", "n_measures", "file", "imported_at", "replaced_by"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    store_help = help_text("cli.help.store_file")
    p.add_argument("--store", metavar="PATH", default=None, help=store_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS, help=store_help)
    sub = p.add_subparsers(dest="store_command", required=True, metavar="ACTION")

    imp = sub.add_parser("import", parents=[common], help=help_text("cli.help.import"))
    add_input_arguments(imp)
    choice = imp.add_mutually_exclusive_group()
    choice.add_argument(
        "--replace",
        action="store_true",
        help=help_text("cli.help.replace"),
    )
    choice.add_argument(
        "--keep",
        action="store_true",
        help=help_text("cli.help.keep"),
    )
    imp.set_defaults(_action=_import)

    lst = sub.add_parser("list", parents=[common], help=help_text("cli.help.list"))
    lst.add_argument("--all", action="store_true", help=help_text("cli.help.all"))
    lst.add_argument("--format", choices=("table", "csv", "json"), default="table")
    lst.set_defaults(_action=_list)

    ck = sub.add_parser("check", parents=[common], help=help_text("cli.help.check"))
    ck.set_defaults(_action=_check)

    dl = sub.add_parser("delete", parents=[common], help=help_text("cli.help.delete"))
    dl.add_argument("report_id", type=int, metavar="REPORT_ID")
    dl.add_argument("--yes", action="store_true", help=help_text("cli.help.yes"))
    dl.add_argument("--hard", action="store_true", help=help_text("cli.help.hard"))
    dl.set_defaults(_action=_delete)

    ud = sub.add_parser("undelete", parents=[common], help=help_text("cli.help.undelete"))
    ud.add_argument("report_id", type=int, metavar="REPORT_ID")
    ud.set_defaults(_action=_undelete)

    ex = sub.add_parser("export", parents=[common], help=help_text("cli.help.export"))
    ex.add_argument("path", metavar="PATH")
    ex.add_argument("--force", action="store_true", help=help_text("cli.help.force"))
    ex.set_defaults(_action=_export)

    rs = sub.add_parser("restore", parents=[common], help=help_text("cli.help.restore"))
    rs.add_argument("path", metavar="PATH")
    rs.set_defaults(_action=_restore)


def run(args: argparse.Namespace) -> int:
    try:
        return int(args._action(args) or 0)
    except StoreError as exc:
        _say(line(exc.msg))
        return 1
    except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
        _say(line(store_message("internal_error", detail=f"{type(exc).__name__}: {str(exc)[:120]}")))
        return 1


# ---------------------------------------------------------------- actions
def _import(args: argparse.Namespace) -> int:
    """Streamed: each file is stored (its own transaction) as soon as it is parsed, so memory stays
    flat in the number of files and a crash keeps every file already stored."""
    failed = 0
    on_conflict = "replace" if args.replace else "keep" if args.keep else "ask"
    with Store(args.store) as store:
        for result in iter_results(args):  # unreadable files: one stderr line each (args.failed)
            if result.error is not None:
                continue
            try:
                outcome = store.import_result(result, on_conflict)
                if outcome.status == "conflict":
                    for c in outcome.conflicts:
                        _say(line(c.message))
                    choice = _ask_conflict() if _interactive() else None
                    if choice is None:
                        agencies = ", ".join(dict.fromkeys(c.agency for c in outcome.conflicts))
                        _say(line(store_message("conflict_not_imported", "error", result.file, agencies=agencies)))
                        failed += 1
                        continue
                    outcome = store.import_result(result, choice)
            except StoreError as exc:
                _say(line(exc.msg))
                failed += 1
                continue
            for msg in outcome.messages:
                if msg.level == "info":
                    print(line(msg))
                else:
                    _say(line(msg))
    return 1 if failed or args.failed else 0


def _list(args: argparse.Namespace) -> int:
    with Store(args.store) as store:
        health = check_store(store)  # a damaged store is said first: its list would mislead
        for problem in health.problems:
            _say(line(problem))
        reports = store.reports(active_only=not args.all)
    write_output(reports, args.format, None, table_columns=LIST_COLUMNS)
    return 0 if health.ok else 1


def _check(args: argparse.Namespace) -> int:
    """Integrity, schema and counts; exit 1 with what to do when anything is wrong."""
    with Store(args.store) as store:
        health = check_store(store, thorough=True)
    for problem in health.problems:
        _say(line(problem))
    if health.ok:
        c = health.counts
        print(
            line(
                store_message(
                    "store_ok",
                    "info",
                    path=health.path,
                    reports=c.get("reports", 0),
                    active=c.get("active_reports", 0),
                    measures=c.get("measures", 0),
                    corrections=c.get("corrections", 0),
                )
            )
        )
    return 0 if health.ok else 1


def _delete(args: argparse.Namespace) -> int:
    with Store(args.store) as store:
        description = store.describe_report(args.report_id)  # StoreError when there is no such report
        if not args.yes:
            if not _interactive():
                _say(line(description))
                _say(line(store_message("delete_needs_confirmation")))
                return 1
            print(description.th)
            print(description.en)
            answer = input(f"{both('cli.confirm_delete')} [y/N]: ")
            if answer.strip().lower() not in ("y", "yes", text("cli.yes")):
                _say(line(store_message("delete_cancelled", "info")))
                return 1
        print(line(store.delete_report(args.report_id, hard=args.hard)))
    return 0


def _undelete(args: argparse.Namespace) -> int:
    with Store(args.store) as store:
        print(line(store.reactivate_report(args.report_id)))
    return 0


def _export(args: argparse.Namespace) -> int:
    with Store(args.store) as store:
        manifest = store.export_zip(args.path, overwrite=args.force)
    counts = manifest["counts"]
    print(
        line(
            store_message(
                "exported",
                "info",
                path=args.path,
                reports=counts["reports"],
                measures=counts["measures"],
                corrections=counts["corrections"],
            )
        )
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    with Store(args.store) as store:
        manifest = store.restore_zip(args.path)
    counts = manifest["restored"]
    print(
        line(
            store_message(
                "restored",
                "info",
                args.path,
                reports=counts["reports"],
                measures=counts["measures"],
                corrections=counts["corrections"],
            )
        )
    )
    return 0


# ---------------------------------------------------------------- helpers
def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _ask_conflict() -> str | None:
    answer = input(f"{both('cli.ask_conflict')} [r/k/S]: ")
    return {"r": "replace", "k": "keep"}.get(answer.strip().lower()[:1])


def _say(text: str) -> None:
    stream = sys.stderr
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write((text + "\n").encode(encoding, "replace").decode(encoding))
    stream.flush()
