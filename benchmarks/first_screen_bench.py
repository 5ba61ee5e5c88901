"""How long until the officer sees the first screen: headline cards and the first plotly chart drawn?

Measured in Debian's chromium (Playwright, `executable_path`) against `streamlit run` servers that
are already warm (one visit before timing), each visit a new Streamlit session:
- the floor: a bare Streamlit page holding one plotly chart (benchmarks/floor_app.py), served and
  measured the same way — the time to its chart drawn;
- the dashboard on the bundled sample province (empty store);
- the dashboard on a store holding 250 synthetic agencies (built once into a temporary folder).
Each with a warm browser cache (one browser context, a new tab per visit) and a cold one (a new
context per visit); the three take turns visit by visit (the machine is shared: a change in its load
hits all three alike). Prints medians of `--repeat` visits and their ratio to the floor (target ≤ 1.15).

    PYTHAINLP_OFFLINE=1 .venv/bin/python -m benchmarks.first_screen_bench [--repeat 5] [--agencies 250]

Prints figures only; nothing asserts a time (machines differ).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # an entry point: pythainlp (loaded later) stays offline

from tests.browser_app import CHROME_ARGS, CHROMIUM, running_app

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.15
VIEWPORT = {"width": 1366, "height": 768}

# true once a plotly chart of the main area has drawn its data (bars or pie slices); with cards=True also once the
# headline cards are on screen. Returns performance.now(): ms since the navigation started.
_DRAWN = """cards => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const chart = main && main.querySelector('.js-plotly-plot .main-svg g.trace, .js-plotly-plot .main-svg g.slice');
  const card = main && main.querySelector('[data-testid="stMetricValue"]');
  return chart && (!cards || card) ? performance.now() : false;
}"""


def build_store(path: Path, n: int, seed: int = 2566) -> None:
    """A store holding n synthetic agencies' round-12 reports (what an office has after a season)."""
    from ita_metrics.interpret.importer import parse_file
    from ita_metrics.store import Store
    from sample_data import synth

    agencies = synth.make_province(n, seed, 2566, 12, "ทดสอบ")
    files = [synth.WRITERS[synth.layout_for(i)](a) for i, a in enumerate(agencies)]
    with Store(path) as store:
        store.import_results([parse_file(data, name) for name, data in files], on_conflict="keep")


def visit(context, url: str, cards: bool) -> float:
    """Seconds from navigation start to the first screen, in a new tab (a new Streamlit session)."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        ms = page.wait_for_function(_DRAWN, arg=cards, polling="raf", timeout=180_000).json_value()
        return float(ms) / 1000
    finally:
        page.close()


def measure(browser, targets: dict[str, tuple[str, bool]], repeat: int) -> dict[str, dict[str, float]]:
    """Median seconds per target with a warm and with a cold browser cache. The targets take turns
    visit by visit, so a change in the machine's load (it is shared) hits them alike."""
    warm_ctx = {name: browser.new_context(viewport=VIEWPORT, locale="th-TH") for name in targets}
    times: dict[str, dict[str, list[float]]] = {name: {"warm": [], "cold": []} for name in targets}
    try:
        for name, (url, cards) in targets.items():
            visit(warm_ctx[name], url, cards)  # warms the server (imports, caches) and this context's cache
        for _ in range(repeat):
            for name, (url, cards) in targets.items():
                times[name]["warm"].append(visit(warm_ctx[name], url, cards))
                ctx = browser.new_context(viewport=VIEWPORT, locale="th-TH")
                try:
                    times[name]["cold"].append(visit(ctx, url, cards))
                finally:
                    ctx.close()
    finally:
        for ctx in warm_ctx.values():
            ctx.close()
    return {name: {k: statistics.median(v) for k, v in t.items()} for name, t in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--agencies", type=int, default=250)
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    floor = "floor (one plotly chart)"
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        empty, big = Path(tmp) / "empty.sqlite", Path(tmp) / "big.sqlite"
        build_store(big, args.agencies)
        serve = lambda store, log, script="dashboard.py": stack.enter_context(running_app(store, log, script))  # noqa: E731
        targets = {
            floor: (serve(empty, "first_screen_floor.log", "benchmarks/floor_app.py"), False),
            "dashboard, sample province": (serve(empty, "first_screen_sample.log"), True),
            f"dashboard, store of {args.agencies} agencies": (serve(big, "first_screen_store.log"), True),
        }
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        stack.callback(browser.close)
        rows = measure(browser, targets, args.repeat)
    print(f"first screen (headline cards + first chart drawn), median of {args.repeat}, warm server, 1366×768")
    print(f"{'':42} {'warm cache':>16} {'cold cache':>16}")
    for name, r in rows.items():
        cells = [f"{r[k]:6.2f} s ×{r[k] / rows[floor][k]:.2f}" for k in ("warm", "cold")]
        print(f"{name:42} {cells[0]:>16} {cells[1]:>16}")
    print(f"target: ≤ ×{TARGET} the floor")


if __name__ == "__main__":
    main()
