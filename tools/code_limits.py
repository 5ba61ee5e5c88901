"""Module and function sizes against the house limits (issue 14): modules <= 500 lines, functions
<= 60 lines, outside the exceptions listed in docs/architecture.md (tests/test_code_limits.py).

    python tools/code_limits.py          # every module and function over a limit, and the totals

Complexity (mccabe <= 15) is ruff's rule C901, configured in pyproject.toml and run by `make lint`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("ita_metrics", "components", "pages", "sample_data")
MAX_MODULE, MAX_FUNCTION = 500, 60


def files() -> list[Path]:
    found = [ROOT / "dashboard.py"]
    for folder in FOLDERS:
        found += sorted((ROOT / folder).rglob("*.py"))
    return found


def measure() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(module, lines) over the module limit; (module:function, lines) over the function limit."""
    modules, functions = [], []
    for path in files():
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        lines = len(text.splitlines())
        if lines > MAX_MODULE:
            modules.append((rel, lines))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION:
                    functions.append((f"{rel}:{node.name}", length))
    return modules, functions


def main() -> int:
    modules, functions = measure()
    for rel, lines in sorted(modules, key=lambda m: -m[1]):
        print(f"module   {rel}: {lines} lines")
    for name, length in sorted(functions, key=lambda f: -f[1]):
        print(f"function {name}: {length} lines")
    print(f"{len(files())} modules; {len(modules)} over {MAX_MODULE} lines; {len(functions)} functions over a limit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
