"""The reader worker: whatever a job does (abort, allocate, spin, hang, raise a non-Exception), the
caller gets a WorkerFailed naming the cap, and the pool serves the next job (issue 11, point 1)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from ita_metrics.errors import ReadError, message
from ita_metrics.reading import worker_pool
from ita_metrics.reading.limits import worker_caps, worker_processes
from ita_metrics.reading.readers import Sheet
from ita_metrics.reading.worker_pool import Caps, Pool, WorkerFailed

FAST = Caps(memory_mb=512, cpu_seconds=1, wall_seconds=60)  # the wall is generous: a shared machine is slow


# Jobs: module-level so a worker can be handed them by name.
def echo(x):
    return x


def sheets():
    return [Sheet("ชีต", [["มาตรการ", 1.5, None]], [(0, 0, 0, 1)], hidden=True)]


def abort():
    os.abort()


def allocate():
    return len(bytearray(8 * 1024**3))


def spin():
    while True:
        pass


def sleep_with_child(pidfile):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    with open(pidfile, "w") as fh:
        fh.write(str(child.pid))
    time.sleep(120)


def refuse(name):
    raise ReadError(message("damaged_workbook", file=name, detail="test"))


class Panic(BaseException):
    """Stands for pyo3's PanicException: not an Exception."""


def panic():
    raise Panic("TimeDelta::milliseconds out of bounds")


def pid():
    return os.getpid()


def getenv(name):
    return os.environ.get(name)


@pytest.fixture()
def pool():
    p = Pool(2)
    yield p
    p.close()


def test_result_and_sheets_come_back(pool):
    assert pool.run(echo, {"ก": [1, None]}, caps=FAST) == {"ก": [1, None]}
    got = pool.run(sheets, caps=FAST)[0]
    assert (got.name, got.rows, got.merged, got.hidden) == ("ชีต", [["มาตรการ", 1.5, None]], [(0, 0, 0, 1)], True)


def test_a_read_error_comes_back_as_itself(pool):
    with pytest.raises(ReadError) as err:
        pool.run(refuse, "a.xlsx", caps=FAST)
    assert err.value.msg.code == "damaged_workbook" and err.value.msg.file == "a.xlsx"


@pytest.mark.parametrize("job, reason", [(abort, "crash"), (allocate, "memory"), (spin, "cpu")])
def test_a_dying_job_is_named_and_the_pool_goes_on(pool, job, reason):
    with pytest.raises(WorkerFailed) as err:
        pool.run(job, caps=FAST)
    assert err.value.reason == reason
    assert pool.run(echo, "ต่อ", caps=FAST) == "ต่อ"


def test_a_non_exception_is_caught(pool):
    with pytest.raises(Panic):
        pool.run(panic, caps=FAST)
    assert pool.run(echo, 1, caps=FAST) == 1


def test_wall_time_kills_the_worker_and_what_it_started(pool, tmp_path):
    pidfile = tmp_path / "child.pid"
    t0 = time.monotonic()
    with pytest.raises(WorkerFailed) as err:
        pool.run(sleep_with_child, str(pidfile), caps=Caps(512, 5, 1.5))
    assert err.value.reason == "timeout" and time.monotonic() - t0 < 10
    child = int(pidfile.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the tool the worker started is still running")
    assert pool.run(echo, 2, caps=FAST) == 2


def test_workers_are_reused(pool):
    first = pool.run(pid, caps=FAST)
    assert pool.run(pid, caps=FAST) == first != os.getpid()


def test_many_threads_share_the_pool(pool):
    results, errors = [], []

    def one(i):
        try:
            results.append(pool.run(echo, i, caps=FAST))
            if i % 4 == 0:
                pool.run(abort, caps=FAST)
        except WorkerFailed as exc:
            errors.append(exc.reason)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == list(range(12)) and errors == ["crash"] * 3


def test_caps_per_format_come_from_limits_toml(monkeypatch):
    caps = worker_caps(".xlsx")
    assert caps == Caps(2048, 30, 60)
    monkeypatch.setenv("ITA_READ_WALL_SECONDS", "7")
    assert worker_caps("xlsx").wall_seconds == 7
    monkeypatch.setenv("ITA_READ_WALL_SECONDS", "-1")  # a bad override keeps the file's value
    assert worker_caps("xlsx").wall_seconds == 60
    assert worker_processes() >= 1


def test_a_format_section_overrides(monkeypatch):
    from ita_metrics.reading import limits

    doc = {"worker": {"memory_mb": 100, "cpu_seconds": 5, "wall_seconds": 9, "formats": {"pdf": {"wall_seconds": 300}}}}
    monkeypatch.setattr(limits, "_toml", lambda: doc)
    assert limits.worker_caps(".pdf") == Caps(100, 5, 300)
    assert limits.worker_caps(".xlsx") == Caps(100, 5, 9)


def test_the_worker_reads_with_the_callers_limits(monkeypatch):
    """A worker started earlier must see an ITA_* setting made since."""
    worker_pool.run(echo, 0, caps=FAST)  # make sure the process pool has a worker already
    monkeypatch.setenv("ITA_MAX_ROWS", "3")
    assert worker_pool.run(getenv, "ITA_MAX_ROWS", caps=FAST) == "3"
    monkeypatch.delenv("ITA_MAX_ROWS")
    assert worker_pool.run(getenv, "ITA_MAX_ROWS", caps=FAST) is None


def counting(n, progress=None):
    for i in range(1, n + 1):
        progress(i, n)
    return n


def slow_pages(progress=None):
    for i in range(1, 600):
        progress(i, 600)
        time.sleep(0.1)


def test_progress_reaches_the_caller(pool):
    seen = []
    assert pool.run(counting, 3, caps=FAST, progress=lambda d, t: seen.append((d, t))) == 3
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_cancel_ends_the_worker_at_once(pool):
    cancel = threading.Event()
    threading.Timer(1.0, cancel.set).start()
    t0 = time.monotonic()
    with pytest.raises(worker_pool.Cancelled):
        pool.run(slow_pages, caps=FAST, progress=lambda d, t: None, cancel=cancel)
    assert time.monotonic() - t0 < 10
    assert pool.run(echo, "ต่อ", caps=FAST) == "ต่อ"


def test_a_cancelled_read_is_an_ocr_cancel(monkeypatch):
    """read_sheets turns the worker's Cancelled into the OCR's own OcrCancelled (the file is dropped)."""
    from ita_metrics.reading import readers
    from ita_metrics.reading.tesseract import OcrCancelled

    def cancelled(*args, **kwargs):
        raise worker_pool.Cancelled()

    monkeypatch.setattr(worker_pool, "run", cancelled)
    with pytest.raises(OcrCancelled):
        readers.read_sheets(b"%PDF-1.4", "scan.pdf", cancel=threading.Event())
