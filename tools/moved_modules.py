"""Issue 14 moved the flat `ita_metrics/` modules into subpackages; this rewrites old import paths.

    python tools/moved_modules.py FILE...      # rewrite these files in place (imports, dotted names, paths)
    python tools/moved_modules.py --check FILE...

For a branch started before the move: run it on the files you added or changed, then
`ruff check --fix` sorts the imports. `MOVED` is the table of what went where.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# old module -> new dotted path under ita_metrics (or a top-level package for the sample generator)
MOVED: dict[str, str] = {
    # understanding Thai text
    **{m: f"thai.{m}" for m in ("thai_text", "dates", "status", "item_codes", "agencies", "responsible")},
    **{m: f"thai.{m}" for m in ("catalogs", "gazetteer")},
    # reading files into sheets of cells, tables and raw rows
    **{m: f"reading.{m}" for m in ("limits", "worker_pool", "readers", "csv_checks", "read_docx", "read_pdf")},
    **{m: f"reading.{m}" for m in ("pdf_page", "scan_reader", "scan_image", "scan_grid", "tesseract", "ocr_text")},
    **{m: f"reading.{m}" for m in ("layout", "rows")},
    # interpreting a report: dates, as-of, timeliness, one file's result
    **{m: f"interpret.{m}" for m in ("interpret", "timeliness", "asof", "periods", "importer")},
    # scoring and what changes scores
    **{m: f"scoring.{m}" for m in ("scoring", "dedupe", "corrections", "history", "ocr_review")},
    # the officer's follow-up
    **{m: f"followup.{m}" for m in ("roster", "submissions", "search")},
    # presentation: words, colours, tables, charts
    **{m: f"presentation.{m}" for m in ("ui_text", "theme", "views", "charts", "report_figures", "data_scope")},
    "followup_view": "presentation.followup_view",
    "correction_log": "presentation.correction_log",
    # files for people
    "export_xlsx": "export.xlsx",
    "export_pptx": "export.pptx",
    "chart_images": "export.images",
    **{m: f"export.{m}" for m in ("template", "letters", "thai_doc", "agency_page")},
    # the store
    "store_check": "store.check",
    # the dashboard's state
    "app_state": "app.app_state",
    "batch_save": "app.batch_save",
    # the command line
    **{f"cli_{m}": f"cli.{m}" for m in ("common", "export", "followup", "letters", "parse", "score")},
    **{f"cli_{m}": f"cli.{m}" for m in ("store", "submissions", "summary", "template")},
}
SAMPLE = {"synth": "sample_data.synth"}  # the sample generator left the product package


def new_dotted(old: str) -> str:
    if old in SAMPLE:
        return SAMPLE[old]
    return f"ita_metrics.{MOVED[old]}"


def _split_from_import(match: re.Match) -> str:
    """`from ita_metrics import a, b as c` -> one line per new package (ruff sorts them after)."""
    indent, body = match.group(1), match.group(2)
    comments = re.findall(r"#[^\n]*", body)
    body = re.sub(r"#[^\n]*", "", body)
    names = [n.strip() for n in body.replace("(", "").replace(")", "").replace("\n", " ").split(",") if n.strip()]
    kept: list[str] = []
    groups: dict[str, list[str]] = {}
    for item in names:
        name, _, alias = item.partition(" as ")
        name, alias = name.strip(), alias.strip()
        if name in MOVED or name in SAMPLE:
            package, _, leaf = new_dotted(name).rpartition(".")
            local = alias or name
            groups.setdefault(package, []).append(leaf if local == leaf else f"{leaf} as {local}")
        else:
            kept.append(item)
    lines = []
    if kept:
        lines.append(f"{indent}from ita_metrics import {', '.join(kept)}")
    for package, leaves in groups.items():
        lines.append(f"{indent}from {package} import {', '.join(leaves)}")
    if comments:
        lines[0] += "  " + " ".join(comments)
    return "\n".join(lines)


_FROM_PKG = re.compile(r"^([ \t]*)from ita_metrics import (\([^)]*\)|[^\n]*)", re.M)
_NAMES = "|".join(sorted(list(MOVED) + list(SAMPLE), key=len, reverse=True))
_DOTTED = re.compile(rf"\bita_metrics\.({_NAMES})\b(?!\.py)(\.\w+| import (?:\([^)]*\)|[\w ,]+))?")
_PATH = re.compile(rf"\bita_metrics/({_NAMES})(\.py\b|/)")
# packages named like a module they hold (ita_metrics.scoring.scoring): their new-style paths stay
_PACKAGES = {
    new.split(".")[0]: {v.split(".")[1] for v in MOVED.values() if v.startswith(new.split(".")[0] + ".")}
    for new in MOVED.values()
}
_HERE = Path(__file__).resolve().parents[1] / "ita_metrics"
for _package, _members in _PACKAGES.items():  # modules added to a package after the move count too
    _members.update(p.stem for p in (_HERE / _package).glob("*.py") if p.stem != "__init__")


def _dotted(match: re.Match) -> str:
    old, rest = match.group(1), match.group(2) or ""
    members = _PACKAGES.get(old, set())
    if members:
        if rest.startswith(".") and rest[1:] in members:
            return match.group(0)  # already ita_metrics.<package>.<module>
        if rest.startswith(" import"):
            names = {n.strip().split(" as ")[0] for n in rest[len(" import") :].strip(" ()\n").split(",") if n.strip()}
            if names and names <= members:
                return match.group(0)  # from ita_metrics.<package> import <modules>
    return new_dotted(old) + rest


def _path(match: re.Match) -> str:
    old, rest = match.group(1), match.group(2)
    if rest == "/":
        return match.group(0)  # ita_metrics/<package>/…: already the new layout
    return new_dotted(old).replace(".", "/") + ".py"


KEEP = "moved_modules: keep"  # a line carrying this comment is left as it is


def rewrite(text: str) -> str:
    """Old import paths -> new ones; text already in the new layout is left as it is."""
    kept = [line for line in text.splitlines() if KEEP in line]
    for i, line in enumerate(kept):
        text = text.replace(line, f"\0kept{i}\0")
    text = _DOTTED.sub(_dotted, text)
    text = _PATH.sub(_path, text)
    text = _FROM_PKG.sub(_split_from_import, text)
    for i, line in enumerate(kept):
        text = text.replace(f"\0kept{i}\0", line)
    return text


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = []
    for name in (a for a in argv if a != "--check"):
        path = Path(name)
        old = path.read_text(encoding="utf-8")
        new = rewrite(old)
        if new != old:
            changed.append(name)
            if not check:
                path.write_text(new, encoding="utf-8")
    for name in changed:
        print(("old import paths: " if check else "rewritten: ") + name)
    return 1 if check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
