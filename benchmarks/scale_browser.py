"""The dashboard in the real browser on a region's store: the first screen and page switches.

Why: at 2,000 agencies the server finished a page in under a second while chromium took seconds
more drawing charts tens of thousands of pixels tall (issue 19). For each view this times the
server's part (until Streamlit reports the script done) and the whole (until every plotly chart
on the page has drawn), and reads the charts' JSON size and the tallest chart from the page.
Debian's chromium, driven by Playwright (`tests/browser_app.py` starts the app).

    python benchmarks/scale_browser.py STORE.sqlite     # or through scale_bench.py --browser
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Every plotly chart drawn (its SVG present), and the charts' figures: JSON size and height.
DRAWN_JS = """() => [...document.querySelectorAll('.stPlotlyChart')].every(
    c => c.querySelector('.js-plotly-plot .main-svg'))"""
CHARTS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(el => ({
    bytes: JSON.stringify({data: el.data, layout: el.layout}).length,
    height: Math.round(el.getBoundingClientRect().height)}))"""
VIEWS = (("agencies", "เปรียบเทียบหน่วยงาน"), ("indicators", "ตัวชี้วัด"))


def _timed(page, action) -> dict:
    """Seconds until the server is done and until the charts are drawn, and the charts' sizes."""
    start = time.perf_counter()
    action()
    page.wait_for_timeout(200)  # the rerun starts
    page.locator(DONE).wait_for(timeout=600_000)
    server = time.perf_counter() - start
    page.wait_for_function(DRAWN_JS, timeout=600_000)
    whole = time.perf_counter() - start
    found = page.evaluate(CHARTS_JS)
    return {
        "server_s": server,
        "browser_s": whole - server,
        "payload_mb": sum(c["bytes"] for c in found) / 1024**2,
        "tallest_px": max((c["height"] for c in found), default=0),
    }


def measure_views(store_path: Path, work: Path | None = None) -> dict[str, dict]:
    """The first screen, then each heavy page opened from the sidebar."""
    from playwright.sync_api import sync_playwright

    app = importlib.import_module("tests.browser_app")  # the browser tests' launcher (not type-checked)

    rows: dict[str, dict] = {}
    with app.running_app(store_path, "scale_browser.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(app.CHROMIUM), args=app.CHROME_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="th-TH")
            rows["first screen"] = _timed(page, lambda: page.goto(url))
            for name, nav in VIEWS:
                link = page.locator('[data-testid="stSidebarNav"] a', has_text=nav).first
                rows[name] = _timed(page, link.click)
        finally:
            browser.close()
    return rows


if __name__ == "__main__":
    print(json.dumps(measure_views(Path(sys.argv[1])), ensure_ascii=False, indent=1))
