"""The meeting deck as the room sees it: built from the sample province with its chart images,
printed by LibreOffice (Impress) to PDF, each slide rendered to PNG (tests/artifacts/deck/) and read
back with pypdfium2: no two pieces of text overlap, no text lies on a chart image, and every chart
image's legend is at least 14 pt where it is placed on its slide.
"""

from __future__ import annotations

import io
import subprocess
from itertools import combinations
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from ita_metrics.app.app_state import combine_results
from ita_metrics.export.pptx import report_pptx
from ita_metrics.interpret.importer import parse_file
from ita_metrics.presentation import views
from ita_metrics.presentation.report_figures import meeting_figures

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "artifacts" / "deck"
MIN_LEGEND_PT = 14.0
PT_PER_EMU = 1 / 12700


def _overlap(a: tuple, b: tuple) -> float:
    """Area of the intersection of two (left, bottom, right, top) boxes over the smaller box's area."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 0.0


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """The sample province's latest reports as a deck (pptx bytes), its PDF and its figures."""
    files = sorted((ROOT / "data" / "sample").glob("*_r12.*"))
    results = [parse_file(p.read_bytes(), p.name) for p in files]
    measures = views.select_reports(combine_results(results)[0], views.LATEST)
    data, warnings = report_pptx(measures)
    assert not [w for w in warnings if w.level == "warning"], warnings  # chart images were drawn
    tmp = tmp_path_factory.mktemp("deck")
    (tmp / "deck.pptx").write_bytes(data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp / 'lo'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(tmp / "deck.pptx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return data, pdfium.PdfDocument(tmp / "deck.pdf"), meeting_figures(measures)[0]


def _lines(rects: list[tuple]) -> list[tuple]:
    """pypdfium2's text rectangles joined into line boxes: a Thai word comes as several pieces
    (a mark, ำ) whose boxes overlap, which is not text over text."""
    boxes = sorted(rects, key=lambda r: (round(-r[3]), r[0]))
    lines: list[list[float]] = []
    for left, bottom, right, top in boxes:
        for line in lines:
            shared = min(top, line[3]) - max(bottom, line[1])
            if shared >= 0.5 * min(top - bottom, line[3] - line[1]) and left <= line[2] + 2 and right >= line[0] - 2:
                line[:] = [min(left, line[0]), min(bottom, line[1]), max(right, line[2]), max(top, line[3])]
                break
        else:
            lines.append([left, bottom, right, top])
    return [tuple(line) for line in lines]


def test_no_text_overlaps_text_or_a_chart(deck):
    data, pdf, _ = deck
    prs = Presentation(io.BytesIO(data))
    OUT.mkdir(parents=True, exist_ok=True)
    problems = []
    for n, slide in enumerate(prs.slides):
        page = pdf[n]
        page.render(scale=1.5).to_pil().save(OUT / f"slide_{n + 1}.png")
        height = page.get_height()
        text = page.get_textpage()
        rects = [text.get_rect(i) for i in range(text.count_rects())]
        lines = _lines([r for r in rects if text.get_text_bounded(*r).strip()])
        words = {r: text.get_text_bounded(*r).strip()[:30] for r in lines}
        charts = [  # the chart images, from the deck's own geometry (PDF points, origin bottom left)
            (
                Emu(p.left).pt,
                height - Emu(p.top + p.height).pt,
                Emu(p.left + p.width).pt,
                height - Emu(p.top).pt,
            )
            for p in slide.shapes
            if p.shape_type == MSO_SHAPE_TYPE.PICTURE
        ]
        for a, b in combinations(lines, 2):
            if _overlap(a, b) > 0.25:
                problems.append(f"slide {n + 1}: {words[a]!r} overlaps {words[b]!r}")
        for r in lines:
            for chart in charts:
                if _overlap(r, chart) > 0:
                    problems.append(f"slide {n + 1}: {words[r]!r} lies on a chart image")
    assert len(pdf) >= 6
    assert not problems, "\n".join(problems)


def test_chart_legends_are_at_least_14_pt_on_the_slide(deck):
    data, _, figures = deck
    prs = Presentation(io.BytesIO(data))
    pictures = [shape for slide in prs.slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    # the deck's order: the status donut beside the headline cards, then the ranking, heatmap, lagging
    figures = [f for f in figures if f.name == "status"] + [f for f in figures if f.name != "status"]
    assert len(pictures) == len(figures), (len(pictures), [f.name for f in figures])
    checked = 0
    for shape, f in zip(pictures, figures):
        pt_per_px = Emu(shape.width).pt / f.size[0]  # the image is drawn at the figure's layout width
        layout = f.fig.layout
        if layout.showlegend is False or not any(t.showlegend is not False for t in f.fig.data):
            continue
        size = (layout.legend.font.size if layout.legend and layout.legend.font else None) or layout.font.size
        assert size * pt_per_px >= MIN_LEGEND_PT, f"{f.name}: legend {size} px drawn at {size * pt_per_px:.1f} pt"
        checked += 1
    assert checked >= 2  # the status donut and the ranking carry legends
