"""`export FILE...`: the meeting files — Excel report, PowerPoint deck, chart PNGs.

    python -m ita_metrics export FILE... [--as-of YYYY-MM-DD] [--xlsx PATH] [--pptx PATH]
                                         [--png-dir DIR] [--weights 0.7,0.3] [--province NAME]
                                         [--no-images]

Files are read like `parse` (a file that cannot be read: one Thai / English line on stderr, the
others go on) and counted once each (`dedupe`). Exit 1 when a file failed or an output could not
be written, 2 for bad arguments, 0 otherwise. Never a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ita_metrics.cli.common import add_input_arguments, guarded, load_results, say
from ita_metrics.presentation.ui_text import both, help_text
from ita_metrics.scoring import dedupe, scoring


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_input_arguments(p)
    p.add_argument("--xlsx", metavar="PATH", help=help_text("cli.help.xlsx"))
    p.add_argument("--pptx", metavar="PATH", help=help_text("cli.help.pptx"))
    p.add_argument("--png-dir", metavar="DIR", help=help_text("cli.help.png_dir"))
    p.add_argument(
        "--weights",
        default="0.7,0.3",
        metavar="W1,W2",
        help=help_text("cli.help.export_weights"),
    )
    p.add_argument("--province", metavar="NAME", help=help_text("cli.help.deck_province"))
    p.add_argument(
        "--no-images",
        action="store_true",
        help=help_text("cli.help.no_images"),
    )


def _run(args: argparse.Namespace) -> int:
    if not (args.xlsx or args.pptx or args.png_dir):
        say(both("cli.export_no_output"))
        return 2
    try:
        weights = scoring.parse_weights(args.weights)
    except ValueError as exc:
        say(f"--weights {args.weights}: {exc}")
        return 2
    results, failed = load_results(args)
    combined = dedupe.combine([r for r in results if r.ok])
    for entry in combined.replaced:
        say(f"{entry['file']}: {entry['th']} / {entry['en']}")
    measures = combined.measures
    if measures.empty:
        say(both("cli.export_nothing"))
        return 1
    ok = True
    if args.xlsx:
        from ita_metrics.export.xlsx import report_xlsx

        ok &= _write(
            args.xlsx,
            report_xlsx(measures, args.as_of, weights, {"province": args.province} if args.province else None),
        )
    deck_pngs, png_files = _draw_pngs(args, measures, weights)
    if args.pptx:
        from ita_metrics.export.pptx import report_pptx

        # images=False: either asked for, or already known impossible (warned above)
        data, warnings = report_pptx(
            measures,
            province=args.province,
            as_of=args.as_of,
            weights=weights,
            images=deck_pngs is not None,
            chart_pngs=deck_pngs,
        )
        for w in warnings:
            if w.level == "warning":
                say(both("cli.warning", th=w.th, en=w.en))
        ok &= _write(args.pptx, data)
    if args.png_dir:
        if png_files is None:
            say(f"{args.png_dir}: {both('cli.png_failed')}")
            ok = False
        else:
            ok &= _write_pngs(Path(args.png_dir), png_files)
    return 1 if failed or not ok else 0


def _draw_pngs(args: argparse.Namespace, measures, weights) -> tuple[dict | None, dict | None]:
    """The chart images the deck and --png-dir need, drawn in one browser start: (deck's, files')."""
    want_deck = bool(args.pptx) and not args.no_images
    if not (want_deck or args.png_dir):
        return None, None
    from ita_metrics.export.deck_images import draw_png_sets
    from ita_metrics.presentation.report_figures import meeting_figures

    figures, _ = meeting_figures(measures, weights)
    variants = ([False] if want_deck else []) + ([True] if args.png_dir else [])
    sets, problem = draw_png_sets(figures, variants)
    if problem:
        say(both("cli.warning", th=problem.th, en=problem.en))
    if not sets:
        return None, None
    return (sets[0] if want_deck else None), (sets[-1] if args.png_dir else None)


def _write(path: str, data: bytes) -> bool:
    p = Path(path)
    try:
        if p.parent and not p.parent.exists():
            p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    except OSError as exc:
        say(f"{path}: {both('cli.cannot_write', detail=exc.strerror or type(exc).__name__)}")
        return False
    print(f"{path}: {both('cli.written', size=f'{len(data):,}')}")
    return True


def _write_pngs(folder: Path, pngs: dict[str, list[bytes]]) -> bool:
    ok = True
    for name, images in pngs.items():
        for i, png in enumerate(images, start=1):
            suffix = f"_{i}" if len(images) > 1 else ""
            ok &= _write(str(folder / f"{name}{suffix}.png"), png)
    return ok


run = guarded(_run)
