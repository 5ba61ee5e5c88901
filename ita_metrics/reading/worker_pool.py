"""Untrusted bytes are read in separate processes, each job under caps on memory, CPU and time.

Why: the native readers (python-calamine, and later PDF/OCR tools) can abort the whole process, panic
with an exception that is not an `Exception`, hang, or try to allocate hundreds of gigabytes on a
crafted 5 KB file. In the Streamlit server that would drop every officer's session; in the CLI it
would kill or hang a batch. So the read runs in a worker process that the caller can lose:

- a small pool of long-lived workers (forked from a one-thread process such as the CLI, else a fresh
  `python -m ita_metrics.reading.worker_pool`), so a job costs a pipe round trip, not a Python start-up;
- before each job the worker lowers its own limits: address space (`RLIMIT_AS`, what the job may map
  on top of what the worker maps already), CPU seconds (`RLIMIT_CPU`, counted from what it has used
  so far); the caller waits at most the wall time;
- a worker that dies (abort, panic, signal), runs out of time or memory is replaced; the caller gets
  a `WorkerFailed` saying which cap (if any) was hit, and turns it into a Thai message.

`run(fn, *args, caps=...)` calls `fn(*args)` in a worker: `fn` must be a module-level function and
its arguments and result picklable. An exception `fn` raises comes back and is raised again here
(if it cannot be pickled it becomes a `WorkerFailed`). The caps come from `data/limits.toml`
(`[worker]`, `[worker.formats.<ext>]`) through `limits.worker_caps(ext)`.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ita_metrics.config import adopt_settings, child_environment, ita_settings

try:
    import resource
except ImportError:  # Windows: no rlimits; the wall-time cap still holds
    resource = None  # type: ignore[assignment]

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]
POLL_SECONDS = 0.2  # how often a cancel is looked at while a job runs
JOBS_PER_WORKER = 500  # a worker is retired after this many files (memory fragmentation)


@dataclass(frozen=True)
class Caps:
    """Limits for one job: address space in MB, CPU seconds, wall-clock seconds."""

    memory_mb: float = 2048
    cpu_seconds: float = 30
    wall_seconds: float = 60


class Cancelled(BaseException):  # like KeyboardInterrupt: no bad-input handler may swallow it
    """The caller's cancel event was set: the worker (and what it started) has been ended."""


class WorkerFailed(Exception):
    """The worker did not return: `reason` is "memory", "cpu", "timeout", "crash" or "error"."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


# ------------------------------------------------------------------ inside the worker
def _serve(conn: Any) -> None:
    """Worker main loop: one job at a time until the pipe closes."""
    global _in_worker
    _in_worker = True  # a job that reads again (a whole parse) reads here, not in a worker of its own
    if os.getpgrp() != os.getpid():
        os.setpgrp()  # its own process group: a timeout kills the tools it started as well
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which ends us by EOF
    _quiet_stderr()
    while True:
        try:
            fn, args, caps, env, with_progress = conn.recv()
        except (EOFError, OSError):
            return
        adopt_settings(env)
        _lower_limits(caps)
        kwargs = {"progress": _progress_sender(conn)} if with_progress else {}
        try:
            reply: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except MemoryError:
            reply = ("failed", ("memory", ""))
        except BaseException as exc:  # noqa: BLE001 - a pyo3 PanicException is a BaseException
            reply = ("raised", exc)
        finally:
            _raise_limits()
        try:
            conn.send(reply)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
            conn.send(("failed", ("error", f"{type(exc).__name__}: {str(exc)[:120]}")))
        if reply[0] == "failed":
            return  # after a MemoryError the heap is suspect: let a fresh worker take over


def _progress_sender(conn: Any) -> Callable[[int, int], None]:
    """A progress callback for the job: each call is one message to the caller, who shows it."""

    def send(done: int, total: int) -> None:
        conn.send(("progress", (int(done), int(total))))

    return send


def _quiet_stderr() -> None:
    """A native reader's panic text and backtrace would land in the CLI's or server's log as noise:
    what went wrong comes back as the job's message instead."""
    faulthandler.disable()  # a forked worker inherits the parent's (pytest's) fault handler
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _lower_limits(caps: Caps) -> None:
    if resource is None:
        return
    _set(resource.RLIMIT_AS, _mapped() + int(caps.memory_mb * MB))
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = used.ru_utime + used.ru_stime
    _set(resource.RLIMIT_CPU, int(spent + caps.cpu_seconds) + 1)


def _mapped() -> int:
    """Bytes of address space the worker maps already (a forked worker inherits its parent's): the cap
    is what one read may add on top."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _raise_limits() -> None:
    if resource is None:
        return
    _set(resource.RLIMIT_AS, resource.RLIM_INFINITY)
    _set(resource.RLIMIT_CPU, resource.RLIM_INFINITY)


def _set(which: int, soft: int) -> None:
    """Only the soft limit moves (an unprivileged process can raise it again up to the hard one)."""
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > hard):
        soft = hard
    try:
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        pass


# ------------------------------------------------------------------ in the caller
def _forkable() -> bool:
    """fork only while this process runs one thread (the CLI): instant, and no other thread can hold
    a lock the child would inherit locked. A threaded server starts a fresh interpreter instead."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class _Worker:
    """One worker process and the pipe to it: forked, or a fresh `python -m ita_metrics.reading.worker_pool`.

    Not multiprocessing's spawn or forkserver: they import the parent's main module in the child,
    and under `streamlit run` that is dashboard.py — every worker would run the whole dashboard."""

    def __init__(self) -> None:
        self.jobs = 0
        if _forkable():
            ctx = multiprocessing.get_context("fork")
            self.conn, child = ctx.Pipe()
            self.proc: Any = ctx.Process(target=_serve, args=(child,), daemon=True, name="ita-reader")
            self.proc.start()
            child.close()
            self.pid = self.proc.pid or 0
            return
        ours, theirs = socket.socketpair()
        env = child_environment(PYTHONPATH=os.pathsep.join(p for p in sys.path if p and os.path.isdir(p)))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ita_metrics.reading.worker_pool", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            start_new_session=True,
            env=env,
            cwd=str(ROOT),
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.pid = self.proc.pid

    def alive(self) -> bool:
        return self.proc.is_alive() if hasattr(self.proc, "is_alive") else self.proc.poll() is None

    def _wait(self, seconds: float) -> int | None:
        if hasattr(self.proc, "join"):
            self.proc.join(seconds)
            return self.proc.exitcode
        try:
            return self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        """End the worker and anything it started (its process group)."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            try:
                self.proc.kill()
            except (ProcessLookupError, OSError):
                pass
        self._wait(5)
        self.conn.close()

    def death(self) -> str:
        """Why the worker ended: the cap its signal points to, else a crash."""
        code = self._wait(5)
        if code is not None and code < 0 and -code == getattr(signal, "SIGXCPU", -1):
            return "cpu"
        return "crash"


class Pool:
    """At most `size` workers at a time; callers from many threads wait for a free one."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._slots = threading.BoundedSemaphore(self.size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        caps: Caps,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Any:
        with self._slots:
            worker = self._take()
            try:
                job = (fn, args, caps, ita_settings(), progress is not None)
                kind, value = self._ask(worker, job, caps, progress, cancel)
            except BaseException:  # a failed worker, or a job that could not be sent (unpicklable)
                worker.kill()
                raise
            worker.jobs += 1
            if kind == "failed" or worker.jobs >= JOBS_PER_WORKER:
                worker.kill()
            else:
                self._give(worker)
        if kind == "ok":
            return value
        if kind == "raised":
            raise value
        raise WorkerFailed(*value)

    def _ask(
        self,
        worker: _Worker,
        job: tuple,
        caps: Caps,
        progress: Callable[[int, int], None] | None,
        cancel: threading.Event | None,
    ) -> tuple[str, Any]:
        """Send the job, pass its progress messages on, and wait for its answer within the wall time
        (checking `cancel` every POLL_SECONDS)."""
        deadline = time.monotonic() + caps.wall_seconds
        try:
            worker.conn.send(job)
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise WorkerFailed("timeout", f"{caps.wall_seconds:g} s")
                if not worker.conn.poll(min(left, POLL_SECONDS) if cancel is not None else left):
                    continue
                kind, value = worker.conn.recv()
                if kind == "progress":
                    if progress is not None:
                        progress(*value)  # may raise (a Streamlit rerun): the caller kills the worker
                    continue
                return kind, value
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            raise WorkerFailed(worker.death()) from None

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.kill()
        return _Worker()

    def prestart(self) -> None:
        """Start every worker now: called while the process runs one thread, they are forked."""
        started = [_Worker() for _ in range(self.size)]
        with self._lock:
            self._idle.extend(started)

    def _give(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


_pool: Pool | None = None
_in_worker = False
_pool_pid = 0
_pool_lock = threading.Lock()


def pool() -> Pool:
    """The process's pool (a forked child gets its own: pipes are not shared across processes)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            from ita_metrics.reading.limits import worker_processes

            _pool, _pool_pid = Pool(worker_processes()), os.getpid()
        return _pool


def run(
    fn: Callable[..., Any],
    *args: Any,
    caps: Caps,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Any:
    """`fn(*args)` in a worker process under `caps`; see the module docstring. With `progress`, `fn` is
    also given `progress=` (its calls reach the caller's callback); with `cancel`, setting the event
    ends the worker and raises Cancelled. Inside a worker already (the CLI hands whole files to
    workers), `fn` runs right here under that worker's caps."""
    if _in_worker:
        extra = {k: v for k, v in (("progress", progress), ("cancel", cancel)) if v is not None}
        return fn(*args, **extra)
    return pool().run(fn, *args, caps=caps, progress=progress, cancel=cancel)


if __name__ == "__main__":  # a fresh worker: `python -m ita_metrics.reading.worker_pool FD`
    import ita_metrics.reading.readers  # noqa: F401 - the readers every job needs, imported once
    from ita_metrics.reading import worker_pool  # the module itself, not this __main__ copy: one _in_worker flag

    worker_pool._serve(Connection(int(sys.argv[1])))
