"""A PNG download for one plotly figure, drawn on request by `ita_metrics.export.images` (kaleido with
the system's Chromium, offline, Thai fonts first). Any page can use it:

    from components.chart_download import png_download
    png_download(fig, key="ranking_png", file_name="ranking.png")

Drawing starts a browser (~3 s), so it happens only when the officer clicks "สร้างภาพ"; the bytes are
kept in session state against a fingerprint of the figure, so the download button stays until the
figure changes. When images cannot be drawn here (no Chromium, no Thai font, a render failure) a
Thai message (English in English mode) is shown instead — never an exception.
"""

from __future__ import annotations

import copy
import hashlib
import html

import streamlit as st

from components.i18n import lang, t
from components.safe import md

PNG_WIDTH = 2400  # image pixels (≥ 1600, chart_images.MIN_WIDTH_PX); laid out 1200 px wide at scale 2
PNG_SCALE = 2.0
MAX_HEIGHT_PX = 16000  # a very long ranking is drawn at a lower density rather than as a 50,000 px image
_STATE = "_png_{key}"


def fingerprint(fig) -> str:
    return hashlib.sha256(fig.to_json().encode("utf-8")).hexdigest()


def titled(fig, title: str | None):
    """A copy of the figure with `title` (escaped: plotly renders a subset of HTML) above the plot."""
    if not title:
        return fig
    out = copy.deepcopy(fig)
    top = int(out.layout.margin.t or 20) + 60
    out.update_layout(
        title={
            "text": html.escape(title),
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 18},
        },
        margin={"t": top},
    )
    if out.layout.height:
        out.update_layout(height=int(out.layout.height) + 60)
    return out


def render_png(fig, width: int = PNG_WIDTH, scale: float = PNG_SCALE) -> bytes:
    """PNG bytes at `width` image pixels, as tall as the figure's own layout height asks for."""
    from ita_metrics.export import images as chart_images

    width = max(int(width), chart_images.MIN_WIDTH_PX)
    layout_h = int(fig.layout.height or 0)
    height = int(layout_h * scale) if layout_h else None
    if height and height > MAX_HEIGHT_PX:
        scale = max(1.0, scale * MAX_HEIGHT_PX / height)
        height = int(layout_h * scale)
    return chart_images.figure_png(fig, width=width, height=height, scale=scale)


def unavailable_text(exc: Exception) -> str:
    """The message for a chart image that could not be drawn, in the user's language, Markdown-safe."""
    th, en = getattr(exc, "th", None), getattr(exc, "en", None)
    if not th:
        th = t("chart_png.failed", detail=type(exc).__name__)
        en = th
    return t("chart_png.unavailable", reason=md(en if lang() == "en" else th))


def _request(key: str) -> None:
    """Button callback: the click is kept in session state, so a rerun of the page through the entry
    point (components/bootstrap.py) does not lose it; the body then draws with a spinner."""
    st.session_state[f"_want_png_{key}"] = True


def png_download(
    fig,
    *,
    key: str,
    file_name: str,
    label: str | None = None,
    title: str | None = None,
    width: int = PNG_WIDTH,
    scale: float = PNG_SCALE,
) -> bytes | None:
    """A "build image" button, then — in its place — a download button for the PNG. Returns the
    bytes once drawn (a failure is a warning beside the button, which stays for another try)."""
    fig = titled(fig, title)
    sig = (fingerprint(fig), width, scale)
    state = _STATE.format(key=key)
    stored = st.session_state.get(state)
    data = stored[1] if stored and stored[0] == sig else None
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        slot = st.empty()  # one place: "build image", the spinner while drawing, then the download
        if data is None and st.session_state.pop(f"_want_png_{key}", False):
            try:
                with slot, st.spinner(t("chart_png.building")):
                    data = render_png(fig, width, scale)
            except Exception as exc:  # noqa: BLE001 - an image is optional; never a traceback
                st.warning(unavailable_text(exc), icon=":material/hide_image:")
            else:
                st.session_state[state] = (sig, data)
        if data is None:
            slot.button(
                t("chart_png.build"), key=f"{key}_build", icon=":material/image:", on_click=_request, args=(key,)
            )
        else:
            slot.download_button(
                label or t("chart_png.download"),
                data,
                file_name=file_name,
                mime="image/png",
                key=f"{key}_download",
                on_click="ignore",
                icon=":material/download:",
            )
    return data
