"""Every word a user reads comes from the Thai/English table (data/ui_text.csv): a Thai string
literal in product code fails here unless its file is listed, with a reason and a count, in
data/thai_literals.csv (reading patterns, stored identifiers); the command line's help and
messages hold no literal words at all, Thai or English."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from ita_metrics.datafiles import load_table

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ita_metrics", "components", "pages")
THAI = re.compile("[\u0e00-\u0e7f]")
PHRASE = re.compile(r"[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}")  # two English words: a message, not a flag or a unit
SAYING = {"say", "_say", "print", "input", "ArgumentTypeError", "ValueError", "CorrectionError", "StoreError"}


def product_files() -> list[Path]:
    return [ROOT / "dashboard.py"] + [p for d in PACKAGES for p in sorted((ROOT / d).rglob("*.py"))]


def file_key(path: Path) -> str:
    """ "ita_metrics/thai/dates.py": the file's path in the repository, as data/thai_literals.csv names it."""
    return path.relative_to(ROOT).as_posix()


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, nodes)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }


def thai_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal holding Thai; docstrings left out, f-string pieces in.

    >>> thai_literals('x = 1\\ny = f"สถานะ {x}"\\n')
    [(2, 'สถานะ ')]
    """
    tree = ast.parse(source)
    docs = _docstrings(tree)
    found = [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs and THAI.search(n.value)
    ]
    return sorted(found)


def thai_counts() -> tuple[Counter, dict[str, list[str]]]:
    counts: Counter = Counter()
    where: dict[str, list[str]] = {}
    for path in product_files():
        for line, value in thai_literals(path.read_text(encoding="utf-8")):
            key = file_key(path)
            counts[key] += 1
            where.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{line}: {value[:60]!r}")
    return counts, where


def allowed() -> dict[str, int]:
    return {row["file"]: int(row["count"]) for row in load_table("thai_literals.csv")}


def test_the_check_sees_thai_literals_but_not_docstrings():
    source = '"""เอกสาร"""\n\n\ndef f(x):\n    """คำอธิบาย"""\n    return f"สถานะ {x}" + "done" + "หน้า"\n'
    assert thai_literals(source) == [(6, "สถานะ "), (6, "หน้า")]


def test_no_hard_coded_thai_word_in_product_code():
    counts, where = thai_counts()
    limits = allowed()
    over = {key: n for key, n in counts.items() if n > limits.get(key, 0)}
    detail = "\n".join(line for key in over for line in where[key])
    assert not over, (
        f"Thai words hard-coded in product code (found, allowed): "
        f"{ {k: (n, limits.get(k, 0)) for k, n in over.items()} }\n{detail}\n"
        "Put words users read in data/ui_text.csv and use ui_text.text()/both(); a reading pattern "
        "belongs in a data file, or in data/thai_literals.csv with its reason."
    )


def test_the_allow_list_is_no_wider_than_the_code():
    counts, _ = thai_counts()
    stale = {key: (n, counts.get(key, 0)) for key, n in allowed().items() if counts.get(key, 0) < n}
    assert not stale, f"data/thai_literals.csv allows more than the code holds (allowed, found): {stale}"


def cli_literal_words(source: str) -> list[tuple[int, str]]:
    """Literal words in the command line: argparse help/description, and what is said to the user.

    >>> cli_literal_words('p.add_argument("--x", help="the x")\\nsay(f"{f}: file not found")\\nsay(both("k"))')
    [(1, 'the x'), (2, ': file not found')]
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg in ("help", "description") and isinstance(kw.value, ast.Constant) and kw.value.value:
                found.append((kw.value.lineno, str(kw.value.value)))
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in SAYING:
            for arg in node.args:
                parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
                found += [
                    (p.lineno, p.value)
                    for p in parts
                    if isinstance(p, ast.Constant) and isinstance(p.value, str) and PHRASE.search(p.value)
                ]
    return sorted(found)


def test_command_line_words_come_from_the_table():
    clis = sorted((ROOT / "ita_metrics" / "cli").rglob("*.py"))
    assert len(clis) >= 10
    found = [
        f"{p.relative_to(ROOT)}:{line}: {value!r}"
        for p in clis
        for line, value in cli_literal_words(p.read_text(encoding="utf-8"))
    ]
    assert found == [], "use ui_text.help_text()/both() with a cli.* key of data/ui_text.csv:\n" + "\n".join(found)
