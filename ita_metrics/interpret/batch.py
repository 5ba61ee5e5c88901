"""Many files parsed at once on all cores: the CLI's batches and the dashboard's uploads.

Why one place: the browser upload was a single thread parsing file after file while `python -m
ita_metrics parse` handed whole files to the reader workers (`reading/worker_pool.py`) from a few
threads; both now go through `in_workers`. A whole parse runs in a worker (its read too), so a file
that kills its worker costs that file only. Results come back in order and at most a window of
them waits at a time, so a caller that stores each result before taking the next (the store's
streamed import) holds a few results, never the whole batch.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ita_metrics.interpret.importer import FileResult
from ita_metrics.reading import worker_pool
from ita_metrics.reading.limits import worker_caps
from ita_metrics.reading.readers import worker_message

# A job: the parse to run in a worker (a module-level function, sent by reference), its arguments,
# and the file's name (for the message when the worker fails).
Job = tuple[Callable[..., FileResult], tuple[Any, ...], str]
WINDOW_PER_WORKER = 2  # results waiting for the caller, per worker


def run_in_worker(pool: worker_pool.Pool, job: Job) -> FileResult:
    """One whole parse in a worker; a worker that fails (a cap hit, a crash) gives an error result."""
    fn, args, name = job
    ext = Path(name).suffix.lower()
    try:
        return pool.run(fn, *args, caps=worker_caps(ext))
    except worker_pool.WorkerFailed as exc:
        return FileResult(name, "", error=worker_message(exc, name, ext))


def in_workers(jobs: Iterable[Job], workers: int, pool: worker_pool.Pool | None = None) -> Iterator[FileResult]:
    """Every job's result, in order, `workers` at a time. Without `pool`, one is started for the
    batch and closed after it (the CLI); the dashboard passes the process's pool."""
    own = pool is None
    used = worker_pool.Pool(workers) if pool is None else pool
    if own:
        used.prestart()  # forked while this process still runs one thread
    try:
        with ThreadPoolExecutor(max(1, workers)) as threads:
            pending: deque[Future[FileResult]] = deque()
            for job in jobs:
                pending.append(threads.submit(run_in_worker, used, job))
                if len(pending) >= WINDOW_PER_WORKER * max(1, workers):
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    finally:
        if own:
            used.close()
