"""Split a one-file store (ita_metrics/store/__init__.py holding everything) into its parts, by name.

    python tools/split_store.py .      # from the repository root

Issue 14 split the store with this script. A branch that changed the one-file store before the
split: take your version of ita_metrics/store/__init__.py (the whole file), delete the part modules
(common, schema, importing, queries, fixes, backup, base), run this, then `ruff check --fix` and
`ruff format`. A new top-level name lands in `common` unless TOP below names its part; a new
Store method in the core (`base`) unless METHODS does.
"""

# ruff: noqa: E501
# mypy: ignore-errors
# (a one-shot rewriting script: long generated-text lines, untyped ast walking)

from __future__ import annotations

import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1])
SRC = ROOT / "ita_metrics/store/__init__.py"
src = SRC.read_text()
lines = src.split("\n")
tree = ast.parse(src)

TOP = {
    "schema": {
        "Migration",
        "MIGRATIONS",
        "_who_from_notes",
        "schema_version",
        "_user_version",
        "_migrate",
        "_connect",
        "_is_busy",
        "_backoff",
        "_rollback",
        "_detail",
        "_transaction",
        "_insert_rows",
        "_now",
        "_stamp",
    },
    "importing": {"Conflict", "ImportOutcome", "_Group", "_mode", "_groups", "_find_conflicts", "_assign_skipped"},
    "fixes": {"_to_text", "_checked_edit", "_insert_correction", "_apply_fixes", "_from_text"},
    "backup": {
        "_table_csv",
        "_sha256_file",
        "_backup_members",
        "_write_zip",
        "_write_atomically",
        "_unsafe_name",
        "_mb",
        "_extract_backup",
        "_stream",
        "_read_member",
        "_hash_member",
        "_copy_member",
        "_prepare_backup_db",
        "_copy_backup",
        "_readme",
        "_manifest",
    },
}
METHODS = {
    "importing": {"import_result", "conflicts_of", "import_results", "_import"},
    "queries": {
        "reports",
        "report",
        "describe_report",
        "measures",
        "skipped",
        "save_roster",
        "roster",
        "rosters",
        "delete_report",
        "reactivate_report",
    },
    "fixes": {"add_correction", "add_corrections", "undo_correction", "corrections"},
    "backup": {"export_zip", "backup_bytes", "restore_zip"},
}
MIXIN = {"importing": "Importing", "queries": "Queries", "fixes": "Fixes", "backup": "Backup"}
DOCS = {
    "common": "Constants, messages and value conversions shared by every part of the store.",
    "schema": "The store's schema and migrations, its SQLite connections and whole-transaction retries.",
    "importing": "Importing parsed files into the store: one report per agency/year/round, conflicts with the\nreports already kept, replace or keep, all in one transaction.",
    "queries": "Reading the store: reports, measures (corrections applied), skipped rows, rosters; deleting and\nreactivating reports.",
    "fixes": "Officers' corrections in the store: checked, recorded with who and when, undone, applied over the\nmeasures.",
    "backup": "Backup and restore of the store: a zip of the database, a manifest with checksums and the tables\nas CSV for people; restore checks every member before touching the store.",
}

# first line of the import header and of the first non-import statement
body_nodes = tree.body
doc_end = body_nodes[0].end_lineno  # module docstring
imports_end = max(n.end_lineno for n in body_nodes if isinstance(n, (ast.Import, ast.ImportFrom)))
header_imports = "\n".join(lines[doc_end:imports_end])

chunks = {k: [] for k in ["common", "schema", "importing", "queries", "fixes", "backup", "init"]}
methods = {k: [] for k in list(METHODS) + ["init"]}
prev_end = imports_end
store_class = None
for node in body_nodes:
    if node.lineno <= imports_end:
        continue
    start = prev_end  # 0-based index of the first line after the previous node
    text = "\n".join(lines[start : node.end_lineno])
    prev_end = node.end_lineno
    name = getattr(node, "name", None)
    if name is None and isinstance(node, (ast.Assign, ast.AnnAssign)):
        t = node.targets[0] if isinstance(node, ast.Assign) else node.target
        name = getattr(t, "id", None)
    if name == "Store":
        store_class = (node, start)
        continue
    dest = next((k for k, names in TOP.items() if name in names), "common")
    if name and (name.startswith("_V") or name == "_NOTE_WHO_PREFIXES"):
        dest = "schema"
    if name == "_README":
        dest = "backup"
    chunks[dest].append((name, text))

# the Store class: header (decorators, def line, docstring) stays; methods are distributed
node, start = store_class
first = node.body[0]
cls_head_end = first.end_lineno if isinstance(first, ast.Expr) else node.lineno
cls_head = "\n".join(lines[start:cls_head_end])
prev = cls_head_end
for m in node.body:
    if m is first and isinstance(first, ast.Expr):
        continue
    mstart = min([m.lineno] + [d.lineno for d in getattr(m, "decorator_list", [])]) - 1
    text = "\n".join(lines[prev : m.end_lineno])
    prev = m.end_lineno
    name = getattr(m, "name", None)
    dest = next((k for k, names in METHODS.items() if name in names), "init")
    methods[dest].append((name, text))
tail = "\n".join(lines[node.end_lineno : prev_end]) if False else ""

defined = {k: {n for n, _ in v if n} for k, v in chunks.items()}
order = ["common", "schema", "importing", "queries", "fixes", "backup"]


def imports_for(mod, body):
    out = []
    for other in order:
        if other == mod:
            continue
        used = sorted(n for n in defined[other] if re.search(r"(?<![\w.])" + re.escape(n) + r"\b", body))
        if used:
            out.append(f"from ita_metrics.store.{other} import {', '.join(used)}")
    return out


for mod in order:
    body = "\n".join(t for _, t in chunks[mod]).strip("\n")
    if mod in MIXIN:
        mbody = "\n".join(t for _, t in methods[mod]).strip("\n")
        body = (
            (body + "\n\n\n" if body else "")
            + f'class {MIXIN[mod]}(_StoreBase):\n    """The `Store` methods for this part (see `ita_metrics.store.Store`)."""\n\n'
            + mbody
        )
        base = "from ita_metrics.store.base import _StoreBase\n"
    else:
        base = ""
    imps = imports_for(mod, body)
    text = f'"""{DOCS[mod]}"""\n' + header_imports + "\n" + base + "\n".join(imps) + "\n\n\n" + body + "\n"
    (ROOT / f"ita_metrics/store/{mod}.py").write_text(text)

# the core: connection, retries, transactions (the methods every part uses)
init_methods = "\n".join(t for _, t in methods["init"]).strip("\n")
core_body = (
    'class _StoreBase:\n    """The store\'s connection, lock, retries and transactions; the parts build on it."""\n\n'
    + init_methods
)
imps = imports_for("base", core_body)
text = (
    '"""The core of the store: one SQLite connection per `Store`, a lock, whole-transaction retries."""\n'
    + header_imports
    + "\n"
    + "\n".join(imps)
    + "\n\n\n"
    + core_body
    + "\n"
)
text = text.replace(") -> Store:", ") -> Self:").replace("from typing import ", "from typing import Self, ", 1)
(ROOT / "ita_metrics/store/base.py").write_text(text)

# the facade
doc = "\n".join(lines[:doc_end])
public = sorted(n for k in order for n in defined[k] if not n.startswith("_"))
private_reexport = ["_user_version", "_insert_rows", "_apply_fixes"]
reexp = []
for k in order:
    names = sorted(
        set(n for n in defined[k] if not n.startswith("_")) | {n for n in private_reexport if n in defined[k]}
    )
    if names:
        reexp.append(
            f"from ita_metrics.store.{k} import " + ", ".join(f"{n} as {n}" if n.startswith("_") else n for n in names)
        )
allv = "__all__ = [\n" + "".join(f'    "{n}",\n' for n in public + ["Store"]) + "]\n"
cls = cls_head.replace("class Store:", "class Store(Importing, Queries, Fixes, Backup):")
text = (
    doc
    + "\n\nfrom __future__ import annotations\n\nfrom ita_metrics.model import STORED_FIELDS as STORED_FIELDS\nfrom ita_metrics.words import when_text as when_text\n"
    + "\n".join(reexp)
    + "\nfrom ita_metrics.store.backup import Backup\nfrom ita_metrics.store.fixes import Fixes\nfrom ita_metrics.store.importing import Importing\nfrom ita_metrics.store.queries import Queries\n\n"
    + allv
    + "\n\n"
    + cls
    + "\n"
)
SRC.write_text(text)
print({k: len(v) for k, v in chunks.items()}, {k: len(v) for k, v in methods.items()})
