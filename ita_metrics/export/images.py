"""Plotly figures to PNG bytes with kaleido ≥ 1 and the system's Chromium, offline, in Thai.

Kaleido 1.x drives a real Chromium (Debian's ``chromium`` package on the project's machines).
Three things are set here so that a chart never needs the internet and never shows tofu boxes:

- **no CDN**: MathJax is switched off (kaleido's default loads it from cdnjs) and plotly.js is the
  copy shipped inside the ``plotly`` package (a ``file://`` URL), never cdn.plot.ly;
- **no network at all**: Chromium is pointed at a proxy on a closed local port, so whatever it
  tries on its own (Debian's build phones home for time and component updates) fails at once
  instead of leaving the machine;
- **a Thai font first**: the figure's font family becomes a CSS list whose first entries are Thai
  fonts that are installed (Loma, Garuda, Waree from fonts-thai-tlwg; configurable).

When Chromium or a Thai font is missing, `ChartImageUnavailable` is raised with a Thai and an
English message; callers (the deck) catch it and fall back to native charts.

>>> ChartImageUnavailable("no_browser").reason
'no_browser'
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ita_metrics import config

MIN_WIDTH_PX = 1600
DEFAULT_SCALE = 2.0
# Thai-capable families, best first: fonts-thai-tlwg on Linux, then what Windows/macOS/Noto have.
THAI_FONT_FAMILIES: tuple[str, ...] = (
    "Loma",
    "Garuda",
    "Waree",
    "Tahoma",
    "Leelawadee UI",
    "Noto Sans Thai",
    "Thonburi",
)
GENERIC_FAMILY = "sans-serif"
BROWSER_ENV = config.BROWSER_ENV  # explicit browser path, checked first
FONTS_ENV = config.FONTS_ENV  # "Garuda,Loma": override the font list
BLACKHOLE_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens, requests fail at once
RENDER_TIMEOUT_S = 90


class ChartImageUnavailable(RuntimeError):
    """Chart images cannot be made here. `th` and `en` are the messages for people; `reason` is
    one of no_browser, no_thai_font, render_failed."""

    def __init__(self, reason: str, detail: str = "") -> None:
        from ita_metrics.presentation.ui_text import has, text

        key = f"chart_image.{reason}" if has(f"chart_image.{reason}") else "chart_image.render_failed"
        self.reason = reason
        self.detail = detail
        self.th = text(key, "th", detail=detail or reason)
        self.en = text(key, "en", detail=detail or reason)
        super().__init__(f"{self.th} / {self.en}")


@dataclass(frozen=True)
class RenderSettings:
    """How images are drawn. `proxy` None means the blackhole proxy (no network)."""

    fonts: tuple[str, ...] = ()
    browser: str | None = None
    proxy: str | None = None
    timeout: float = RENDER_TIMEOUT_S
    require_thai_font: bool = True


# ---------------------------------------------------------------- what is installed


def find_browser() -> str | None:
    """Path of a Chromium-family browser: $ITA_CHROMIUM, then chromium/chrome on PATH, then the
    usual install places (choreographer's own search). None when there is none."""
    explicit = config.chart_browser()
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    try:
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - any failure here just means "not found"
        return None


@lru_cache(maxsize=4)
def _fc_thai_families(fontconfig_file: str | None) -> tuple[str, ...] | None:
    """Families fontconfig says can draw Thai; None when fontconfig cannot be asked."""
    fc = shutil.which("fc-list")
    if not fc:
        return None
    try:
        out = subprocess.run([fc, ":lang=th", "family"], capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families = []
    for line in out.splitlines():
        for name in line.split(","):
            name = name.strip()
            if name and name not in families:
                families.append(name)
    return tuple(families)


def installed_thai_fonts() -> tuple[str, ...] | None:
    """Thai-capable font families installed here (fontconfig); None when that cannot be told
    (no fc-list, e.g. Windows — Tahoma is always there)."""
    return _fc_thai_families(config.fontconfig_file())


def font_families(fonts: Sequence[str] | None = None) -> list[str]:
    """The CSS font list for charts: the configured Thai fonts that are installed first, then any
    other installed Thai font, then the rest of the configured list and a generic family.

    Configured = `fonts`, else $ITA_CHART_FONTS ("Garuda,Loma"), else THAI_FONT_FAMILIES.
    """
    wanted = list(fonts or config.chart_fonts() or THAI_FONT_FAMILIES)
    installed = installed_thai_fonts()
    if installed is None:
        ordered = wanted
    else:
        have = {f.lower() for f in installed}
        ordered = [f for f in wanted if f.lower() in have]
        if not ordered:  # none of the configured fonts: the tlwg sans fonts, else any Thai font
            ordered = [f for f in ("Loma", "Garuda", "Waree", "Umpush") if f in installed]
            ordered = ordered or [f for f in installed if not f.lower().startswith("tlwg")][:1]
        ordered += [f for f in wanted if f not in ordered]
    return list(dict.fromkeys(ordered + [GENERIC_FAMILY]))


def css_font_list(families: Sequence[str]) -> str:
    """'Loma, "Leelawadee UI", sans-serif' — names with spaces quoted."""
    out = []
    for f in families:
        out.append(f'"{f}"' if " " in f and f != GENERIC_FAMILY else f)
    return ", ".join(out)


def check_available(settings: RenderSettings | None = None) -> str:
    """The browser path, or ChartImageUnavailable saying what is missing."""
    settings = settings or RenderSettings()
    browser = settings.browser or find_browser()
    if not browser:
        raise ChartImageUnavailable("no_browser")
    if settings.require_thai_font and installed_thai_fonts() == ():
        raise ChartImageUnavailable("no_thai_font")
    return browser


# ---------------------------------------------------------------- rendering


def thai_figure(fig, fonts: Sequence[str] | None = None):
    """A copy of the figure whose text uses the Thai font list (layout font and title font)."""
    import plotly.graph_objects as go

    out = go.Figure(fig)
    family = css_font_list(font_families(fonts))
    out.update_layout(font_family=family)
    if out.layout.title and out.layout.title.font and out.layout.title.font.family:
        out.update_layout(title_font_family=family)
    return out


def plotlyjs_path() -> Path:
    """plotly.js as shipped inside the plotly package: no CDN."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def page_generator():
    """Kaleido's page with local plotly.js and no MathJax (checked by the tests: no http URL)."""
    from kaleido import PageGenerator

    return PageGenerator(plotly=str(plotlyjs_path()), mathjax=False)


def figure_png(
    fig,
    width: int = MIN_WIDTH_PX,
    height: int | None = None,
    scale: float = DEFAULT_SCALE,
    fonts: Sequence[str] | None = None,
    settings: RenderSettings | None = None,
) -> bytes:
    """PNG bytes of a plotly figure, `width` pixels wide (at least 1600).

    `scale` is image pixels per layout pixel: the figure is laid out `width / scale` wide and
    drawn `scale` times denser, so 2 gives text twice as large relative to the picture — right
    for slides and projectors. `height` defaults to 9/16 of the width.
    """
    return figures_png([fig], width, height, scale, fonts, settings)[0]


def figures_png(
    figs: Sequence,
    width: int = MIN_WIDTH_PX,
    height: int | None = None,
    scale: float = DEFAULT_SCALE,
    fonts: Sequence[str] | None = None,
    settings: RenderSettings | None = None,
    sizes: Sequence[tuple[int, int | None] | None] | None = None,
) -> list[bytes]:
    """Several figures with one browser start (about 3 s once, then a fraction per figure).

    `sizes` optionally gives (width, height) in image pixels at `scale` per figure; one narrower than
    1600 px is drawn at its layout size with a finer scale, so no image is narrower than 1600 px.
    Raises ChartImageUnavailable.
    """
    settings = settings or RenderSettings(fonts=tuple(fonts or ()))
    browser = check_available(settings)
    jobs = []
    for i, fig in enumerate(figs):
        size = sizes[i] if sizes else None
        w, h = size if size else (width, height)
        h = int(h) if h else round(max(int(w), MIN_WIDTH_PX) * 9 / 16)
        # a figure asked narrower than 1600 px keeps its layout (so its text keeps its size where it
        # is placed, e.g. the deck's donut beside the cards) and is drawn at a finer scale instead
        k = scale * max(1.0, MIN_WIDTH_PX / int(w))
        jobs.append(
            {
                "fig": thai_figure(fig, fonts or settings.fonts or None),
                "opts": {"format": "png", "width": round(w / scale), "height": round(h / scale), "scale": k},
            }
        )
    if not jobs:
        return []
    try:
        return _run_in_thread(_render_all(jobs, browser, settings))
    except ChartImageUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - a browser crash or timeout becomes one clear message
        name = type(exc).__name__
        if name == "ChromeNotFoundError":
            raise ChartImageUnavailable("no_browser") from None
        raise ChartImageUnavailable("render_failed", f"{name}: {str(exc)[:120]}") from None


def kaleido_options(browser: str, settings: RenderSettings) -> dict:
    """Arguments for kaleido.Kaleido: local page (local plotly.js, no MathJax), the given browser,
    and every network request sent to a dead proxy unless the settings name another one."""
    return {
        "n": 1,
        "timeout": settings.timeout,
        "page_generator": page_generator(),
        "path": browser,
        "proxy_server": settings.proxy or BLACKHOLE_PROXY,
    }


async def _render_all(jobs: list[dict], browser: str, settings: RenderSettings) -> list[bytes]:
    import kaleido

    async with kaleido.Kaleido(**kaleido_options(browser, settings)) as k:
        return [await k.calc_fig(j["fig"], opts=j["opts"]) for j in jobs]


def _run_in_thread(coro):
    """Run a coroutine on its own event loop in a thread: works inside Streamlit or Jupyter too."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            box["error"] = exc

    t = threading.Thread(target=run, name="ita-chart-images", daemon=True)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box["value"]
