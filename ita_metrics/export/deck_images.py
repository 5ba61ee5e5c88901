"""Chart images for the deck and for PNG files: the meeting's figures drawn by kaleido with the
system's Chromium (`ita_metrics.export.images`), untitled for slides, titled for files that stand alone."""

from __future__ import annotations

from collections.abc import Sequence

from ita_metrics.errors import Message
from ita_metrics.presentation.report_figures import MeetingFigure
from ita_metrics.presentation.ui_text import text


def draw_pngs(
    figures: list[MeetingFigure], scale: float = 2.0, titles: bool = False
) -> tuple[dict[str, list[bytes]] | None, Message | None]:
    """PNG bytes per figure name (a list: the ranking may take two slides), or None and a warning
    saying why images could not be drawn. `titles` draws the slide title into the image (for PNG
    files that stand alone)."""
    found, problem = draw_png_sets(figures, (titles,), scale)
    return (found[0] if found else None), problem


def draw_png_sets(
    figures: list[MeetingFigure], variants: Sequence[bool] = (False, True), scale: float = 2.0
) -> tuple[list[dict[str, list[bytes]]] | None, Message | None]:
    """Several sets of the same charts (untitled for the deck, titled for PNG files) with one
    browser start. Returns one dict per variant, or None and the warning."""
    from ita_metrics.export import images as chart_images

    prepared, sizes = [], []
    for titled in variants:
        for f in figures:
            extra = (TITLE_BAND + (NOTE_BAND if f.note else 0)) if titled else 0
            height = f.size[1] + extra
            prepared.append(_titled(f, height) if titled else _untitled(f.fig))
            sizes.append((int(f.size[0] * scale), int(height * scale)))
    try:
        pngs = chart_images.figures_png(prepared, scale=scale, sizes=sizes)
    except chart_images.ChartImageUnavailable as exc:
        return None, Message(
            "warning",
            f"chart_images_{exc.reason}",
            text("deck.images_fallback", why=exc.th),
            text("deck.images_fallback", "en", why=exc.en),
        )
    out = []
    for v in range(len(variants)):
        found: dict[str, list[bytes]] = {}
        for f, png in zip(figures, pngs[v * len(figures) : (v + 1) * len(figures)]):
            found.setdefault(f.name, []).append(png)
        out.append(found)
    return out, None


def _untitled(fig):
    import plotly.graph_objects as go

    out = go.Figure(fig)
    out.update_layout(title=None)
    return out


def _titled(f: MeetingFigure, height: int):
    """A standalone PNG says what it shows: the slide title (and its note as a subtitle) in a
    band added above the chart, placed in pixels from the top of the image."""
    import plotly.graph_objects as go

    out = go.Figure(f.fig)
    note = f.note.split(" / ")[0] if f.note else ""
    extra = TITLE_BAND + (NOTE_BAND if note else 0)
    top = (out.layout.margin.t or 40) if out.layout.margin else 40
    title = {
        "text": f"<b>{f.title}</b>",
        "x": 0.01,
        "xanchor": "left",
        "xref": "container",
        "yref": "container",
        "y": 1 - 12 / height,
        "yanchor": "top",
        "font": {"size": 22, "color": "#1f4e79"},
    }
    if note:
        title["subtitle"] = {"text": note, "font": {"size": 15, "color": "#595959"}}
    out.update_layout(title=title, margin={"t": top + extra})
    return out


TITLE_BAND, NOTE_BAND = 56, 44
