"""How fast does a page re-render after a filter change, at province scale (250 agencies)?

Budget: ≤ 0.5 s per filter change. Two measurements:
1. the pure work of each page (ita_metrics.presentation.views + ita_metrics.presentation.charts) after a district filter
   change, on the combined measures of 250 synthetic agencies;
2. a whole Streamlit rerun with AppTest after the same filter change (the 250 files are uploaded
   through the real uploader first; that first import is timed too, then cached).

    PYTHAINLP_OFFLINE=1 .venv/bin/python -m benchmarks.filter_bench [--agencies 250] [--repeat 5]

Prints figures only; nothing here asserts a time (machines differ).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from ita_metrics.app.app_state import Dataset, select
from ita_metrics.presentation import charts, time_charts, views
from sample_data import synth

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # an entry point: pythainlp (loaded later) stays offline
ROOT = Path(__file__).resolve().parent.parent

BUDGET = 0.5


def province_files(n: int, seed: int = 2566) -> list[tuple[str, bytes]]:
    """n synthetic agencies' round-12 reports, layouts rotating (PDF-style, check marks, CP874 CSV)."""
    agencies = synth.make_province(n, seed, 2566, 12, "ทดสอบ")
    return [synth.WRITERS[synth.layout_for(i)](a) for i, a in enumerate(agencies)]


def _page_work(ds: Dataset, district: str) -> dict[str, Callable[[], object]]:
    """What each page computes after the filter change (the same calls the pages make)."""

    def agencies():
        sel = select(ds, views.LATEST, [district])
        ov = views.sort_overview(views.agency_overview(sel.measures))
        charts.ranking_chart(ov), charts.status_mix_chart(ov), views.display_overview(ov)

    def indicators():
        sel = select(ds, views.LATEST, [district])
        charts.heatmap_chart(views.completion_matrix(sel.measures))
        charts.indicator_chart(views.indicator_summary(sel.measures))
        views.tool_summary(sel.measures)

    def agency():  # picking another agency (the province table comes from the cache)
        sel = select(ds, views.LATEST)
        a = views.agency_choices(sel.scope)[0]
        rows = views.measures_of(sel.scope, a)
        views.agency_districts(sel.scope), views.headline(rows), views.headline(sel.scope)
        time_charts.timeline_chart(rows), charts.compare_chart(views.headline(rows), views.headline(sel.scope))
        views.display_measures(rows)

    def timeliness():
        sel = select(ds, views.LATEST, [district])
        views.display_overdue(views.overdue_list(sel.measures))
        charts.timeliness_chart(views.timeliness_by(sel.measures, "agency"))
        charts.timeliness_chart(views.timeliness_by(sel.measures, "responsible"), limit=20)

    def home():
        sel = select(ds, views.LATEST, [district])
        views.headline(sel.measures)
        charts.donut_chart(views.status_counts(sel.measures), "status")
        charts.donut_chart(views.timeliness_counts(sel.measures), "timeliness")

    def whole_province_table():  # once per import (components/memo.warm), then cached
        views.agency_overview(select(ds, views.LATEST).measures)

    def whole_province_charts():  # no filter: every agency on the charts (cached after first view)
        sel = select(ds, views.LATEST)
        charts.heatmap_chart(views.completion_matrix(sel.measures))
        charts.ranking_chart(province_overview), charts.status_mix_chart(province_overview)

    province_overview = views.agency_overview(select(ds, views.LATEST).measures)
    return {
        "home": home,
        "agencies": agencies,
        "indicators": indicators,
        "agency": agency,
        "timeliness": timeliness,
        "all 250 agencies: charts": whole_province_charts,
        "all 250 agencies: score table": whole_province_table,
    }


def _median(fn, repeat: int) -> float:
    fn()  # warm caches (tokenizer, lookups)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agencies", type=int, default=250)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from streamlit.testing.v1 import AppTest

    t0 = time.perf_counter()
    files = province_files(args.agencies)
    print(
        f"synthetic province: {args.agencies} agencies, {len(files)} files "
        f"({sum(len(b) for _, b in files) / 1024:.0f} KB), written in {time.perf_counter() - t0:.1f} s"
    )

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900).run()
    t0 = time.perf_counter()
    at.file_uploader(key="uploader").set_value([(n, b, "application/octet-stream") for n, b in files]).run()
    print(f"first import through the uploader (parse {len(files)} files, combine): {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    at.run()
    print(f"rerun with every file already parsed (cache hit): {time.perf_counter() - t0:.2f} s")
    ds: Dataset = at.session_state["dataset"]
    districts = views.district_options(ds.measures)
    print(
        f"measures: {len(ds.measures):,}  agencies: {ds.measures['agency'].nunique()}  "
        f"districts: {len(districts)}  exceptions on screen: {len(at.exception)}"
    )

    print(f"\n1. pure page work after a district filter change, nothing cached (median of {args.repeat}):")
    for name, fn in _page_work(ds, districts[0]).items():
        t = _median(fn, args.repeat)
        print(f"   {name:<30} {t * 1000:7.0f} ms  {'ok' if t <= BUDGET else 'OVER BUDGET'}")

    print(f"\n2. AppTest: whole Streamlit rerun after changing the district filter (median of {args.repeat}):")
    for page in ("home", "agencies", "indicators", "agency", "timeliness", "quality"):
        at.switch_page(f"pages/{page}.py").run()
        times = []
        for i in range(args.repeat):
            choice = [] if i % 2 else [districts[i % len(districts)]]
            widget = at.multiselect(key="f_district") if page not in ("agency", "quality") else None
            t0 = time.perf_counter()
            if widget is not None:
                widget.set_value(choice).run()
            else:
                at.run()
            times.append(time.perf_counter() - t0)
        t = statistics.median(times)
        print(
            f"   {page:<30} {t * 1000:7.0f} ms  {'ok' if t <= BUDGET else 'OVER BUDGET'}"
            f"{'' if page not in ('agency', 'quality') else '  (plain rerun: no district filter there)'}"
        )
    print(
        f"\nbudget: {BUDGET * 1000:.0f} ms per filter change. AppTest figures include AppTest's own "
        "overhead (running the page, then dashboard.py; building the element tree)."
    )


if __name__ == "__main__":
    main()
