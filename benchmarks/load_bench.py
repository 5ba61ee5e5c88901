"""Several officers at once: N dashboard sessions and N concurrent imports into one shared store.

1. **Sessions** — N processes (multiprocessing, spawn), each running an AppTest of dashboard.py with
   ITA_STORE_PATH pointing at a temporary store. They start together (a barrier), each uploads its
   own synthetic files (sample_data.synth writers, a different seed per session) through the real
   uploader, then changes the district filter a few times. Timed: the upload rerun ("import") and
   each filter rerun.
2. **Store imports** — N processes import their own synthetic files into ONE SQLite store at the
   same time (`Store(path).import_result(parse_file(...), "replace")`). At the end the store must
   hold exactly the reports imported; the difference is printed as "lost".

Loopback only (no server, no network), bounded in count (--sessions, --files, --filters) and in
time (--timeout for the whole run; stuck workers are terminated and counted).

    PYTHAINLP_OFFLINE=1 .venv/bin/python -m benchmarks.load_bench [--sessions 8] [--files 4]

Prints figures only; nothing here asserts a time (machines differ). Exit code 1 if an import was
lost or a worker failed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent


def province_files(n: int, seed: int, province: str) -> list[tuple[str, bytes]]:
    """n synthetic agencies' round-12 reports, layouts rotating; names made unique per worker."""
    from sample_data import synth

    agencies = synth.make_province(n, seed, 2566, 12, province)
    files = []
    for i, a in enumerate(agencies):
        name, data = synth.WRITERS[synth.layout_for(i)](a)
        files.append((f"w{seed}_{i}_{name}", data))
    return files


# ---------------------------------------------------------------- workers (run in child processes)
def session_worker(i: int, args: dict, barrier, out) -> None:
    try:
        os.environ["ITA_STORE_PATH"] = args["store"]
        from streamlit.testing.v1 import AppTest

        files = province_files(args["files"], 7000 + i, f"โหลด{i}")
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=args["timeout"]).run()
        barrier.wait(timeout=args["timeout"])
        t0 = time.perf_counter()
        at.file_uploader(key="uploader").set_value([(n, d, "application/octet-stream") for n, d in files])
        at.run()
        import_s = time.perf_counter() - t0
        if at.exception:
            raise RuntimeError(f"exception after upload: {at.exception[0].value}")
        ds = at.session_state["dataset"]
        if ds.is_sample or len(ds.results) != len(files):
            raise RuntimeError(f"session {i}: upload not used ({len(ds.results)} of {len(files)} files)")
        options = at.multiselect(key="f_district").options
        filter_s = []
        for k in range(args["filters"]):
            choice = [options[k % len(options)]] if (k % 2 == 0 and options) else []
            t0 = time.perf_counter()
            at.multiselect(key="f_district").set_value(choice).run()
            filter_s.append(time.perf_counter() - t0)
            if at.exception:
                raise RuntimeError(f"exception after filter: {at.exception[0].value}")
        out.put(("session", i, {"import": [import_s], "filter": filter_s}, None))
    except Exception:  # noqa: BLE001 - reported to the parent
        out.put(("session", i, None, traceback.format_exc(limit=3)))


def store_worker(i: int, args: dict, barrier, out) -> None:
    try:
        from ita_metrics.interpret.importer import parse_file
        from ita_metrics.store import Store

        results = [parse_file(d, n) for n, d in province_files(args["files"], 9000 + i, f"คลัง{i}")]
        expected = {r.file for r in results if r.error is None and not r.measures.empty}
        store = Store(args["shared_store"])
        barrier.wait(timeout=args["timeout"])
        times, statuses = [], []
        for r in results:
            t0 = time.perf_counter()
            outcome = store.import_result(r, "replace")
            times.append(time.perf_counter() - t0)
            statuses.append(outcome.status)
        out.put(("store", i, {"import": times, "expected": sorted(expected), "statuses": statuses}, None))
    except Exception:  # noqa: BLE001
        out.put(("store", i, None, traceback.format_exc(limit=3)))


# ---------------------------------------------------------------- the parent
def percentiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    s = sorted(values)

    def pct(p: float) -> float:
        k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
        return s[k]

    return f"n={len(s):3d}  p50 {pct(50):6.2f}s  p90 {pct(90):6.2f}s  p99 {pct(99):6.2f}s  max {s[-1]:6.2f}s"


def run_phase(kind: str, target, n: int, args: dict) -> tuple[dict[int, dict], list[str]]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(n)
    out = ctx.Queue()
    procs = [ctx.Process(target=target, args=(i, args, barrier, out), daemon=True) for i in range(n)]
    for p in procs:
        p.start()
    deadline = time.time() + args["timeout"]
    got: dict[int, dict] = {}
    errors: list[str] = []
    while len(got) + len(errors) < n and time.time() < deadline:
        try:
            _, i, data, err = out.get(timeout=max(0.1, min(5.0, deadline - time.time())))
        except Exception:  # noqa: BLE001 - queue.Empty: keep waiting until the deadline
            continue
        if err:
            errors.append(f"{kind} {i}: {err.strip().splitlines()[-1]}")
        else:
            got[i] = data
    for p in procs:
        p.join(timeout=5)
        if p.is_alive():
            p.terminate()
            errors.append(f"{kind} worker pid {p.pid}: still running at the time limit, terminated")
    return got, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=8, help="concurrent dashboard sessions and store importers")
    ap.add_argument("--files", type=int, default=4, help="synthetic files per session / importer (≤ 50)")
    ap.add_argument("--filters", type=int, default=4, help="filter changes per session (≤ 20)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds allowed per phase")
    a = ap.parse_args(argv)
    n = max(1, min(a.sessions, 32))
    with tempfile.TemporaryDirectory(prefix="ita_load_") as tmp:
        args = {
            "files": max(1, min(a.files, 50)),
            "filters": max(0, min(a.filters, 20)),
            "timeout": a.timeout,
            "store": str(Path(tmp) / "sessions.sqlite"),
            "shared_store": str(Path(tmp) / "shared.sqlite"),
        }
        print(
            f"load bench: {n} sessions × {args['files']} files, {args['filters']} filter changes each; "
            f"{n} concurrent importers × {args['files']} files into one store (cpus: {os.cpu_count()})"
        )
        t0 = time.perf_counter()
        sessions, s_err = run_phase("session", session_worker, n, args)
        t1 = time.perf_counter()
        imports, i_err = run_phase("store", store_worker, n, args)
        t2 = time.perf_counter()

        from ita_metrics.store import Store

        expected = {f for d in imports.values() for f in d["expected"]}
        stored = Store(args["shared_store"]).reports() if Path(args["shared_store"]).exists() else None
        stored_files = set(stored["file"]) if stored is not None else set()
        lost = len(expected - stored_files)
        extra = len(stored) - len(expected) if stored is not None else 0

    print(f"\nsessions ({t1 - t0:.1f}s wall, {len(sessions)}/{n} finished)")
    print("  upload + import rerun  ", percentiles([x for d in sessions.values() for x in d["import"]]))
    print("  filter change rerun    ", percentiles([x for d in sessions.values() for x in d["filter"]]))
    print(f"\nshared store ({t2 - t1:.1f}s wall, {len(imports)}/{n} importers finished)")
    print("  Store.import_result    ", percentiles([x for d in imports.values() for x in d["import"]]))
    statuses = [s for d in imports.values() for s in d["statuses"]]
    print("  outcomes: " + ", ".join(f"{s} {statuses.count(s)}" for s in sorted(set(statuses))))
    print(f"  reports expected {len(expected)}, stored {len(stored_files)}, lost {lost}, unexpected extra {extra}")
    for e in s_err + i_err:
        print("  ERROR", e)
    return 1 if lost or extra or s_err or i_err else 0


if __name__ == "__main__":
    sys.exit(main())
