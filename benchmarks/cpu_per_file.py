"""CPU seconds per file, in one process: the bare calamine read (floor) or the whole `parse_file`.

Why: issue 19's point 5 compares the parser's CPU per file with merely reading the cells, without
the interpreter start, the imports and the worker processes (which spread CPU over processes).
Imports and the first file are warmed up before the clock starts. Prints one JSON line.

    python benchmarks/cpu_per_file.py floor|parse LISTFILE [--profile OUT.prof]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from floor_read import read_cells, read_list


def _floor(path: Path) -> None:
    read_cells(path)


def _parse(path: Path) -> None:
    from ita_metrics.interpret.importer import parse_path
    from ita_metrics.reading import worker_pool

    worker_pool._in_worker = True  # read here: CPU of this process only
    parse_path(path)


def main(argv: list[str]) -> int:
    mode, list_file, *rest = argv
    run = {"floor": _floor, "parse": _parse}[mode]
    paths = read_list(Path(list_file))
    run(paths[0])  # imports, caches
    profiler = None
    if rest[:1] == ["--profile"]:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.process_time()
    for path in paths:
        run(path)
    cpu = time.process_time() - start
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(rest[1])
    print(json.dumps({"files": len(paths), "cpu_seconds": cpu, "cpu_per_file": cpu / len(paths)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
