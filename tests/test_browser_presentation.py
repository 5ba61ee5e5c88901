"""Presentation mode in a real browser, as a projector shows it: 1366×768 and 1920×1080; and the
exports page's stable controls.

One server (empty store: the sample province) and one chromium for the module. Opened with
`?present=1`, every page is visited through the top menu, screenshotted into
tests/artifacts/screenshots/present_<width>_<n>.png and checked: every page is in the menu (no
"N more" overflow item), nothing in the main area scrolls inside its own box (tables are paged),
chart text is at least 18 px, chart numbers are upright; the arrow keys and PageUp/PageDown turn
the pages.
"""

from __future__ import annotations

import pytest

from tests.browser_app import SHOTS, chromium, idle, running_app

N_PAGES = 12  # dashboard.py's pages: every one must be in the top menu
MIN_CHART_PX = 18
VIEWPORTS = [(1366, 768), (1920, 1080)]

# elements of the main area that scroll inside their own box (the page itself may scroll)
_INNER_SCROLL = """() => {
  const root = document.querySelector('[data-testid="stMainBlockContainer"]');
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const y = /(auto|scroll)/.test(cs.overflowY) && el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 2;
    const x = /(auto|scroll)/.test(cs.overflowX) && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 2;
    if (x || y) {
      const box = el.closest('[data-testid]');
      out.push(`${box ? box.getAttribute('data-testid') : el.tagName} ${x ? 'x' : ''}${y ? 'y' : ''}`
        + ` ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
    }
  }
  return out;
}"""

# every visible piece of chart text: its computed size, and whether it is turned
_CHART_TEXT = """() => {
  const out = [];
  const root = document.querySelector('[data-testid="stMainBlockContainer"]');
  for (const el of root.querySelectorAll('.js-plotly-plot .main-svg text, .js-plotly-plot .main-svg tspan')) {
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const t = el.closest('text');
    const turned = /rotate\\((-?\\d+(\\.\\d+)?)/.exec((t.getAttribute('transform') || '') + ' '
      + ((t.parentNode && t.parentNode.getAttribute && t.parentNode.getAttribute('transform')) || ''));
    const angle = turned ? Math.abs(parseFloat(turned[1])) % 180 : 0;
    out.push({text: own.slice(0, 40), size: parseFloat(cs.fontSize), numeric: /^[\\d.,%()+\\-–A-F ]+$/.test(own),
              angle: angle, axisTitle: !!el.closest('.xtitle, .ytitle, .g-xtitle, .g-ytitle, .colorbar, .cbtitle')});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """One server for the module, on an empty store: the sample province."""
    with running_app(tmp_path_factory.mktemp("store") / "ita.sqlite", "streamlit_presentation.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _open(browser, url: str, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height}, locale="th-TH")
    page.set_default_timeout(90_000)
    page.goto(url + "/?present=1")
    page.get_by_role("heading", name="ภาพรวมจังหวัดและนำเข้าข้อมูล").first.wait_for()
    page.locator('[data-testid="stTopNavLink"]').first.wait_for()
    page.locator('section[data-testid="stSidebar"]').wait_for(state="hidden")
    idle(page)
    return page


def _current(page) -> str:
    return page.locator('[data-testid="stTopNavLink"][aria-current="page"]').first.inner_text().strip()


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_every_page_fits_the_projector(browser, app_url, width, height):
    page = _open(browser, app_url, width, height)
    try:
        assert not page.locator('section[data-testid="stSidebar"]').is_visible()
        overflow = page.locator('[data-testid="stTopNavSection"]').all_inner_texts()
        assert not overflow, f"menu overflow item at {width}px: {overflow}"
        links = page.locator('[data-testid="stTopNavLink"]')
        assert links.count() == N_PAGES, links.all_inner_texts()
        names = [n.strip() for n in links.all_inner_texts()]
        problems: list[str] = []
        sizes: list[float] = []
        SHOTS.mkdir(parents=True, exist_ok=True)
        for i, name in enumerate(names):
            if i:
                links.nth(i).click()
                page.wait_for_function(
                    'n => document.querySelector(\'[data-testid="stTopNavLink"][aria-current="page"]\')'
                    "?.innerText.trim() === n",
                    arg=name,
                )
                idle(page)
            assert page.locator('[data-testid="stException"]').count() == 0, f"exception on {name}"
            assert not page.locator('[data-testid="stTopNavSection"]').count(), f"overflow on {name}"
            page.screenshot(path=str(SHOTS / f"present_{width}_{i:02d}.png"), full_page=True)
            problems += [f"{name}: inner scroll {s}" for s in page.evaluate(_INNER_SCROLL)]
            for item in page.evaluate(_CHART_TEXT):
                sizes.append(item["size"])
                if item["size"] < MIN_CHART_PX:
                    problems.append(f"{name}: chart text {item['text']!r} at {item['size']} px")
                if item["numeric"] and item["angle"] and not item["axisTitle"]:
                    problems.append(f"{name}: number {item['text']!r} turned {item['angle']}°")
        assert sizes, "no chart text measured"
        assert not problems, "\n".join(problems)
    finally:
        page.close()


def test_presenter_keys_turn_the_pages(browser, app_url):
    page = _open(browser, app_url, 1366, 768)
    try:
        names = [n.strip() for n in page.locator('[data-testid="stTopNavLink"]').all_inner_texts()]
        assert _current(page) == names[0]
        for key, expected in (("ArrowRight", names[1]), ("PageDown", names[2]), ("PageUp", names[1])):
            page.keyboard.press(key)
            page.wait_for_function(
                'n => document.querySelector(\'[data-testid="stTopNavLink"][aria-current="page"]\')'
                "?.innerText.trim() === n",
                arg=expected,
            )
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            'n => document.querySelector(\'[data-testid="stTopNavLink"][aria-current="page"]\')'
            "?.innerText.trim() === n",
            arg=names[0],
        )
        idle(page)
        assert page.get_by_role("heading", name="ภาพรวมจังหวัดและนำเข้าข้อมูล").count() > 0
    finally:
        page.close()


# every button of the main area: its label and where it is on the page (from the page's top left,
# so scrolling does not count as moving)
_BUTTONS = """() => {
  const top = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
  return Array.from(document.querySelectorAll(
    '[data-testid="stMainBlockContainer"] [data-testid="stButton"] button,'
    + ' [data-testid="stMainBlockContainer"] [data-testid="stDownloadButton"] button'))
  .map(b => { const r = b.getBoundingClientRect();
              return {label: b.innerText.trim(), x: Math.round(r.x - top.x), y: Math.round(r.y - top.y)}; }); }"""


def test_building_an_image_moves_no_other_button(browser, app_url):
    """Stable controls (exports page, normal mode): the chart image's download takes the place of
    its build button, and every other button stays where it was."""
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="th-TH")
    page.set_default_timeout(120_000)
    try:
        page.goto(app_url)
        page.get_by_role("heading", name="ภาพรวมจังหวัดและนำเข้าข้อมูล").first.wait_for()
        idle(page)
        page.locator('[data-testid="stSidebarNav"] a', has_text="ส่งออกไฟล์").first.click()
        page.get_by_role("heading", name="ส่งออกไฟล์สำหรับการประชุม").first.wait_for()
        idle(page)
        before = page.evaluate(_BUTTONS)
        builds = [b for b in before if b["label"].endswith("สร้างภาพ")]
        assert len(builds) == 4, before  # one per main chart
        target = builds[1]  # the status donut: quick to draw
        page.locator('[data-testid="stMainBlockContainer"] button', has_text="สร้างภาพ").nth(1).click()
        page.get_by_role("button", name="ดาวน์โหลด PNG").first.wait_for(timeout=180_000)
        idle(page)
        after = page.evaluate(_BUTTONS)
        downloads = [b for b in after if b["label"].endswith("ดาวน์โหลด PNG")]
        assert len(downloads) == 1 and len([b for b in after if b["label"].endswith("สร้างภาพ")]) == 3, after
        assert (downloads[0]["x"], downloads[0]["y"]) == (target["x"], target["y"])  # in the build button's place
        others_before = [b for b in before if b is not target]
        others_after = [b for b in after if b is not downloads[0]]
        assert others_after == others_before  # nothing else moved
    finally:
        page.close()
