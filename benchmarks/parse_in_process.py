"""`python -m ita_metrics parse …` as it ran before the reader worker: every file read in the
process that parses it, a large batch on a fork pool. The import benchmark's baseline for what the
isolation (ita_metrics/reading/worker_pool.py) costs; never use it on untrusted files.

    python benchmarks/parse_in_process.py parse @files.txt --format csv -o out.csv
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ita_metrics.cli import common as cli_common
from ita_metrics.cli import main
from ita_metrics.reading import worker_pool


def iter_results(args):
    """The batch loop without workers: a fork pool of whole parses, reads in-process."""
    options = cli_common.ParseOptions(args.fiscal_year, args.round, args.catalog_year, today=date.today())
    paths, args.failed = cli_common.input_paths(args.files)
    jobs = [(p, args.as_of, options) for p in paths]
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) >= 16 and workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from cli_common._report(pool.imap(cli_common._parse_one, jobs, chunksize=8), args)
    else:
        yield from cli_common._report(map(cli_common._parse_one, jobs), args)


if __name__ == "__main__":
    worker_pool._in_worker = True  # worker_pool.run calls the reader right here
    cli_common.iter_results = iter_results
    raise SystemExit(main())
