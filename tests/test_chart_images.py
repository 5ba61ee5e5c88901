"""Chart images for real: Debian's chromium through kaleido, offline, Thai drawn with a Thai font.

Slow-ish (each browser start takes about 3–4 s), so every browser run here does several checks.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps

from ita_metrics.export import images as ci

THAI_WORD = "ภาษาไทย"  # spacing glyphs only: PIL's basic layout draws it right, for comparison
CDN_HOSTS = ("cdn.plot.ly", "cdnjs.cloudflare.com", "mathjax", "jsdelivr", "unpkg", "polyfill")


def word_figure(text: str = THAI_WORD, size: int = 90) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": size, "color": "black"}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(paper_bgcolor="white", plot_bgcolor="white", margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig


def ink(img: Image.Image) -> Image.Image:
    """Black-on-white → a 1-bit mask of the ink, cropped to it."""
    mask = ImageOps.invert(img.convert("L")).point(lambda v: 255 if v > 80 else 0)
    box = mask.getbbox()
    assert box, "nothing was drawn"
    return mask.crop(box)


def iou(a: Image.Image, b: Image.Image) -> float:
    """Overlap of two ink masks after scaling `a` onto `b`'s box."""
    a = a.resize(b.size)
    pa, pb = a.load(), b.load()
    inter = union = 0
    for y in range(b.size[1]):
        for x in range(b.size[0]):
            ia, ib = pa[x, y] > 127, pb[x, y] > 127
            inter += ia and ib
            union += ia or ib
    return inter / union if union else 0.0


def font_file(family: str) -> str | None:
    if not shutil.which("fc-match"):
        return None
    out = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True).stdout
    return out if out and family.lower() in Path(out).stem.lower() else None


def pil_word(font_path: str, size: int = 90) -> Image.Image:
    img = Image.new("RGB", (1600, 400), "white")
    ImageDraw.Draw(img).text((100, 100), THAI_WORD, font=ImageFont.truetype(font_path, size), fill="black")
    return ink(img)


# ---------------------------------------------------------------- without a browser


def test_missing_browser_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(ci, "find_browser", lambda: None)
    with pytest.raises(ci.ChartImageUnavailable) as err:
        ci.figure_png(word_figure())
    e = err.value
    assert e.reason == "no_browser"
    assert "Chromium" in e.th and "Chromium" in e.en and "ไม่พบ" in e.th
    assert str(e) == f"{e.th} / {e.en}"


def test_browser_path_setting(monkeypatch, tmp_path):
    monkeypatch.setenv(ci.BROWSER_ENV, str(tmp_path / "no-such-chromium"))
    assert ci.find_browser() is None
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv(ci.BROWSER_ENV, str(fake))
    assert ci.find_browser() == str(fake)


def test_page_needs_no_internet():
    """Kaleido's page: plotly.js from the plotly package (a file URL), MathJax off, and a dead
    proxy for anything else the browser might try."""
    page = ci.page_generator().generate_index()
    assert "http://" not in page and "https://" not in page
    assert "mathjax" not in page.lower()
    assert ci.plotlyjs_path().is_file() and str(ci.plotlyjs_path()) in page
    opts = ci.kaleido_options("/usr/bin/chromium", ci.RenderSettings())
    assert opts["proxy_server"] == ci.BLACKHOLE_PROXY
    assert opts["page_generator"] is not None


def test_font_list_puts_installed_thai_fonts_first(monkeypatch):
    monkeypatch.setattr(ci, "installed_thai_fonts", lambda: ("Garuda", "Loma"))
    assert ci.font_families(["Waree", "Loma", "Garuda"])[:2] == ["Loma", "Garuda"]
    assert ci.font_families()[-1] == "sans-serif"
    monkeypatch.setenv(ci.FONTS_ENV, "Garuda")
    assert ci.font_families()[0] == "Garuda"
    assert ci.css_font_list(["Loma", "Leelawadee UI", "sans-serif"]) == 'Loma, "Leelawadee UI", sans-serif'


def test_no_thai_font_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(ci, "find_browser", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(ci, "installed_thai_fonts", lambda: ())
    with pytest.raises(ci.ChartImageUnavailable) as err:
        ci.figure_png(word_figure())
    assert err.value.reason == "no_thai_font" and "fonts-thai-tlwg" in err.value.en


# ---------------------------------------------------------------- with chromium


def test_png_is_wide_and_thai_is_drawn_with_the_thai_font(tmp_path):
    """One browser run: a chart at the default size, one asked narrower (clamped to 1600 px),
    and a big Thai word whose shape is compared with the configured font drawn by PIL."""
    chart = go.Figure(go.Bar(x=[3, 5], y=["เทศบาลตำบลถาวร", "องค์การบริหารส่วนตำบลทุ่งมะพร้าว"], orientation="h"))
    pngs = ci.figures_png([chart, chart, word_figure()], scale=2, sizes=[(1600, None), (1200, 600), (1600, 400)])
    for png in pngs:
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    sizes = [Image.open(io.BytesIO(p)).size for p in pngs]
    assert sizes[0] == (1600, 900)  # height defaults to 16:9
    assert sizes[1][0] >= ci.MIN_WIDTH_PX  # never narrower than 1600 px
    drawn = ink(Image.open(io.BytesIO(pngs[2])))

    first = ci.font_families()[0]
    expected = font_file(first)
    assert expected is not None, f"cannot locate the font file of {first}"
    others = [f for f in ("Garuda", "Waree", "Norasi", "Loma") if f != first and font_file(f)]
    scores = {first: iou(drawn, pil_word(expected))}
    scores.update({f: iou(drawn, pil_word(font_file(f))) for f in others})
    assert scores[first] > 0.6, scores
    assert max(scores, key=scores.get) == first, scores


def test_tofu_without_a_thai_font_looks_different(tmp_path, monkeypatch):
    """Chromium restricted to DejaVu (no Thai glyphs) draws boxes; our normal rendering does not.
    The same restriction makes the pre-flight check refuse to draw."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        "<dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{tmp_path}/cache</cachedir></fontconfig>"
    )
    assert Path("/usr/share/fonts/truetype/dejavu").is_dir(), "fonts-dejavu-core (scripts/debian-packages.txt)"
    normal = ink(Image.open(io.BytesIO(ci.figure_png(word_figure(), width=1600, height=400, scale=1))))
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    assert ci.installed_thai_fonts() == ()
    with pytest.raises(ci.ChartImageUnavailable):
        ci.figure_png(word_figure())
    tofu_png = ci.figure_png(
        word_figure(),
        width=1600,
        height=400,
        scale=1,
        settings=ci.RenderSettings(fonts=("DejaVu Sans",), require_thai_font=False),
    )
    tofu = ink(Image.open(io.BytesIO(tofu_png)))
    assert iou(normal, tofu) < 0.5
    monkeypatch.delenv("FONTCONFIG_FILE")
    expected = font_file(ci.font_families()[0])
    if expected:  # the Thai font's own shapes match the normal rendering, not the boxes
        reference = pil_word(expected)
        assert iou(normal, reference) > 0.6 > iou(tofu, reference)


def test_no_network_requests_for_the_figure():
    """Every request Chromium makes goes through a counting proxy. Rendering with our settings
    asks for nothing from a CDN; kaleido's defaults (the control) fetch MathJax from cdnjs.

    Debian's Chromium still tries its own services (time, component updates) on start; in
    production those go to the dead proxy and fail at once."""
    seen: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(32)
    port = server.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    seen.append(conn.recv(1024))
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()
    proxy = f"http://127.0.0.1:{port}"
    try:
        png = ci.figure_png(word_figure(), settings=ci.RenderSettings(proxy=proxy))
        assert Image.open(io.BytesIO(png)).size[0] >= 1600
        ours = [s for s in seen if any(h.encode() in s for h in CDN_HOSTS)]
        assert ours == [], ours

        seen.clear()
        import kaleido

        async def default_kaleido() -> bytes:
            async with kaleido.Kaleido(path=ci.find_browser(), proxy_server=proxy, timeout=20) as k:
                return await k.calc_fig(word_figure(), opts={"format": "png", "width": 400, "height": 200})

        try:
            ci._run_in_thread(default_kaleido())
        except Exception:  # noqa: BLE001 - MathJax cannot load through the dead proxy; fine
            pass
        assert any(b"cdnjs.cloudflare.com" in s for s in seen), "the control should have tried the CDN"
    finally:
        server.close()
