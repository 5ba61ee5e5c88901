"""File text must stay text, proven in a real browser (docs/security.md, "File text is never rendered
as HTML").

A workbook whose measure, result, responsible and agency-title cells (and file name) carry
`<script>`, `<img onerror>`, Markdown and an Excel formula is uploaded through the real file input
of `streamlit run dashboard.py`; the home, agency and quality pages are visited in Debian's
Chromium. Asserted: the payload shows as literal visible text, `window.__pwned` never gets set, no
`<img src="x">` element is ever created (a MutationObserver installed before any page script
watches the whole run), and the Markdown in the file is not rendered (no <strong>bold</strong>, no
link to http://evil).

Plus a source scan: every `unsafe_allow_html=True` / `st.html` in pages/ and components/ is in an
allow-listed place that only passes constant CSS.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser_app import CHROME_ARGS, CHROMIUM, idle, running_app
from tests.helpers import HEADER, TITLE, YEAR, xlsx_bytes

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
MARKDOWN = "**bold** _x_ [link](http://evil)"
FORMULA = '=HYPERLINK("http://evil")'
FILE_NAME = "<img src=x onerror=window.__pwned=1>.xlsx"
AGENCY = "เทศบาลตำบลสคริปต์"

# watches for any <img src="x"> ever inserted, and keeps __pwned observable
WATCH = """
window.__imgx = 0;
new MutationObserver(ms => { for (const m of ms) for (const n of m.addedNodes) {
  if (n.nodeType !== 1) continue;
  const imgs = n.matches && n.matches('img[src="x"]') ? [n]
    : Array.from(n.querySelectorAll ? n.querySelectorAll('img[src="x"]') : []);
  window.__imgx += imgs.length;
}}).observe(document, {childList: true, subtree: true});
"""


def evil_workbook() -> bytes:
    rows = [
        TITLE,
        YEAR,
        [f"{AGENCY} {SCRIPT} อำเภอเมือง จังหวัดขอนแก่น"],
        ["ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่"],
        HEADER,
        ["1. " + SCRIPT, "ปลัด", "ต.ค. 2565 - มี.ค. 2566", "ดำเนินการแล้ว " + IMG],
        ["2. " + MARKDOWN, "ปลัด " + IMG, "ต.ค. 2565 - มี.ค. 2566", FORMULA],
        ["3. " + FORMULA, "ปลัด", "ต.ค. 2565 - มี.ค. 2566", MARKDOWN],
    ]
    return xlsx_bytes(rows)


# ---------------------------------------------------------------- source scan (no browser needed)
# file -> why its HTML is safe. Anything else using unsafe_allow_html / st.html fails the test.
HTML_ALLOWED = {
    "components/style.py": "st.html(css(...)): CSS built from data/ui.toml, values checked by _checked()",
}


def test_no_file_text_reaches_html():
    found = {}
    for path in sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("components/*.py"), ROOT / "dashboard.py"]):
        src = path.read_text(encoding="utf-8")
        hits = [
            m.group(0)
            for m in re.finditer(
                r"unsafe_allow_html\s*=\s*True|\bst\.html\(|components\.v1|"
                r"\.html\(",
                src,
            )
        ]
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert set(found) <= set(HTML_ALLOWED), {k: v for k, v in found.items() if k not in HTML_ALLOWED}
    style = (ROOT / "components" / "style.py").read_text(encoding="utf-8")
    assert re.findall(r"st\.html\((.*?)\)\n", style) == ["css(presentation)"]
    assert "unsafe_allow_html" not in style


# ---------------------------------------------------------------- the browser
@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("store") / "ita.sqlite", "streamlit_injection.log") as url:
        yield url


_idle = idle


def _go(page, label: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=label).first.click()
    page.get_by_role("heading", name=label).first.wait_for()
    _idle(page)


def _body(page) -> str:
    return page.locator("body").inner_text()


def _no_markup_from_file(page, where: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", f"script ran on {where}"
    assert page.evaluate("window.__imgx") == 0, f'an <img src="x"> was created on {where}'
    assert page.locator('img[src="x"]').count() == 0
    html = page.content()
    assert "<strong>bold</strong>" not in html, f"file Markdown rendered on {where}"
    assert page.locator('a[href^="http://evil"]').count() == 0, f"file link rendered on {where}"
    assert page.locator('[data-testid="stException"]').count() == 0, f"exception on {where}"


def test_payloads_stay_text_in_the_browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="th-TH")
            page.set_default_timeout(60_000)
            page.add_init_script(WATCH)
            page.goto(app_url)
            page.get_by_role("heading", name="ภาพรวมจังหวัดและนำเข้าข้อมูล").first.wait_for()
            _idle(page)
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                [
                    {
                        "name": FILE_NAME,
                        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "buffer": evil_workbook(),
                    }
                ]
            )
            page.get_by_text("ใช้ข้อมูลจากไฟล์ที่อัปโหลด 1 ไฟล์").wait_for()
            _idle(page)
            seen: dict[str, str] = {"home": _body(page)}
            _no_markup_from_file(page, "home")

            _go(page, "รายหน่วยงาน")
            seen["agency"] = _body(page)
            _no_markup_from_file(page, "agency")

            _go(page, "คุณภาพข้อมูล")
            for exp in page.locator('[data-testid="stExpander"] summary').all():  # open every section
                exp.click()
            _idle(page)
            seen["quality"] = _body(page)
            _no_markup_from_file(page, "quality")

            everything = "\n".join(seen.values())
            if os.environ.get("ITA_DUMP"):
                Path("/tmp/seen.txt").write_text(everything, encoding="utf-8")
            assert AGENCY in seen["agency"]
            # the payloads are shown as the literal text of the file
            assert SCRIPT in everything, "the <script> text is not visible as text anywhere"
            assert "<img s" in seen["home"], "the file name with <img …> is not visible as text (uploader)"
            assert MARKDOWN in everything, "the Markdown of the file is not shown as typed"
        finally:
            browser.close()
