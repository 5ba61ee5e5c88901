"""Scale benchmark: a region's reports (8 provinces, repeated agency names) end to end.

Why: a regional office or the national level compares many provinces on one server (issue 19).
For each size (250 / 2,000 / 8,000 reports; `benchmarks/scale_places.py` names them after real
subdistricts, the same names in several provinces), one run prints each figure next to its floor
measured in the same run:

- ``parse`` (``python -m ita_metrics parse``, whole process) ÷ the bare read of the same cells
  (``benchmarks/floor_read.py``: python-calamine / read_csv) — wall time; and the CPU per file in one
  process (``benchmarks/cpu_per_file.py``, target ≤ 3×);
- ``store import`` (``python -m ita_metrics store import``) ÷ ``parse`` of the same files (target
  ≤ 1.5×), its peak memory (target ≤ 300 MB at 8,000 files) and how many reports the store kept
  (every file is a different agency: kept must equal the files);
- the dashboard's upload of the same files (``benchmarks/scale_upload.py``, AppTest: the uploader,
  the parse, the combine and the first screen) ÷ ``parse`` (target ≤ 1.5×; ``--no-upload`` skips it);
- with ``--browser``: the dashboard in the real browser (chromium, Playwright) on that store — the
  first screen and the agencies and indicators pages: the server's time, how long the browser
  still draws after it (target ≤ 1 s), the charts' JSON size and the tallest chart
  (``benchmarks/scale_browser.py``).

    python benchmarks/scale_bench.py                   # 250 reports (quick)
    python benchmarks/scale_bench.py --sizes 250 2000 8000 [--browser]

Peak memory is the largest process's resident set (getrusage of the measuring wrapper's child).
Nothing here asserts a time; exit 1 only when a command failed outright.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import scale_places  # noqa: E402  (this folder is on sys.path: run as a script)
from import_bench import _child_env, measure  # noqa: E402

CPU_SAMPLE = 250  # files timed for CPU per file (the ratio does not depend on the batch size)
MB = 1024**2


def generate(n: int, seed: int, work: Path) -> tuple[Path, list[Path], int]:
    """The files and their list; also how many agency names occur in more than one province."""
    agencies = scale_places.region(n, seed)
    paths = scale_places.write(agencies, work / "files")
    list_file = work / "files.txt"
    list_file.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
    sample = work / "sample.txt"
    sample.write_text("\n".join(str(p) for p in paths[:: max(1, len(paths) // CPU_SAMPLE)]) + "\n", encoding="utf-8")
    return list_file, paths, scale_places.repeated_names(agencies)


def _json_run(cmd: list[str]) -> dict:
    """A helper script's one JSON line."""
    done = subprocess.run(cmd, cwd=ROOT, env=_child_env(), capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cpu_per_file(mode: str, list_file: Path) -> float:
    """CPU seconds per file of the bare read or the whole parse, in one process."""
    return float(
        _json_run([sys.executable, str(ROOT / "benchmarks" / "cpu_per_file.py"), mode, str(list_file)])["cpu_per_file"]
    )


def stored_reports(store_path: Path) -> int:
    from ita_metrics.store import Store

    with Store(store_path) as store:
        return len(store.reports(active_only=True))


def run_size(n: int, seed: int, work: Path, browser: bool, upload: bool) -> dict:
    """Every figure of one size."""
    start = time.perf_counter()
    list_file, paths, repeated = generate(n, seed, work)
    fig: dict = {"n": n, "generate_s": time.perf_counter() - start, "repeated_names": repeated}
    fig["mb_on_disk"] = sum(p.stat().st_size for p in paths) / MB
    fig["floor"] = measure([sys.executable, str(ROOT / "benchmarks" / "floor_read.py"), str(list_file)], work, "floor")
    parse_cmd = ["-m", "ita_metrics", "parse", f"@{list_file}", "--format", "csv", "-o", str(work / "parsed.csv")]
    fig["parse"] = measure([sys.executable, *parse_cmd], work, "parse")
    fig["cpu_floor"] = cpu_per_file("floor", work / "sample.txt")
    fig["cpu_parse"] = cpu_per_file("parse", work / "sample.txt")
    if upload:
        fig["upload"] = _json_run([sys.executable, str(ROOT / "benchmarks" / "scale_upload.py"), str(list_file)])
    store_path = work / "store.sqlite"
    store_cmd = [sys.executable, "-m", "ita_metrics", "store", "--store", str(store_path), "import", f"@{list_file}"]
    fig["store"] = measure(store_cmd, work, "store")
    fig["stored"] = stored_reports(store_path)
    if browser:
        import scale_browser

        fig["browser"] = scale_browser.measure_views(store_path, work)
    return fig


def show(fig: dict) -> None:
    """One block of figures per size, each with its ratio to the floor."""
    floor, parse, store = fig["floor"], fig["parse"], fig["store"]
    print(
        f"\n== {fig['n']} reports, 8 provinces ({fig['repeated_names']} names in more than one province), "
        f"{fig['mb_on_disk']:.1f} MB, generated in {fig['generate_s']:.1f} s"
    )
    print(f"floor read      {floor['seconds']:7.2f} s  cpu {floor['cpu_seconds']:7.2f} s  peak {_mb(floor)}")
    print(
        f"parse           {parse['seconds']:7.2f} s  cpu {parse['cpu_seconds']:7.2f} s  peak {_mb(parse)}"
        f"  = {_ratio(parse['seconds'], floor['seconds'])} floor (wall)  exit {parse['returncode']}"
    )
    print(
        f"cpu per file    parse {fig['cpu_parse'] * 1000:6.1f} ms / read {fig['cpu_floor'] * 1000:6.1f} ms"
        f"  = {_ratio(fig['cpu_parse'], fig['cpu_floor'])}  (target ≤ 3×)"
    )
    print(
        f"store import    {store['seconds']:7.2f} s  cpu {store['cpu_seconds']:7.2f} s  peak {_mb(store)}"
        f"  = {_ratio(store['seconds'], parse['seconds'])} parse (target ≤ 1.5×, ≤ 300 MB)  exit {store['returncode']}"
    )
    if "upload" in fig:
        up = fig["upload"]
        print(
            f"upload (AppTest) {up['seconds']:6.2f} s  = {_ratio(up['seconds'], parse['seconds'])} parse"
            f" (target ≤ 1.5×)  files read {up['read']} of {up['files']}"
        )
    print(f"stored reports  {fig['stored']} of {fig['n']} files (each file a different agency)")
    for name, row in fig.get("browser", {}).items():
        print(
            f"browser {name:<13} server {row['server_s']:6.2f} s, drawn {row['browser_s']:5.2f} s after it"
            f" (target ≤ 1 s)  charts {row['payload_mb']:.2f} MB (≤ 1 MB), tallest {row['tallest_px']} px"
        )


def _mb(run: dict) -> str:
    return f"{run['peak_bytes'] / MB:6.0f} MB"


def _ratio(value: float, floor: float) -> str:
    return f"{value / floor:5.2f}×" if floor else "  inf"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250], help="report counts (default 250)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--browser", action="store_true", help="also time the dashboard in chromium")
    parser.add_argument("--no-upload", action="store_true", help="skip the dashboard upload (AppTest)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    failed = False
    for n in args.sizes:
        work = (args.keep / str(n)) if args.keep else Path(tempfile.mkdtemp(prefix=f"ita_scale_{n}_"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            fig = run_size(n, args.seed, work, args.browser, not args.no_upload)
            show(fig)
            failed |= fig["floor"]["returncode"] != 0 or fig["parse"]["returncode"] not in (0, 1)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
