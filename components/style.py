"""The house style in the browser: Thai-friendly line height and the presentation mode.

The app's font is set in .streamlit/config.toml (`[theme] font`, same stack as data/ui.toml, which
a test keeps in step) so Streamlit applies it to every widget; this CSS only adds what the theme
cannot. CSS is built from our own config, never from file content, and the values are checked.
"""

from __future__ import annotations

import re

import streamlit as st

from ita_metrics.presentation.theme import theme

PRESENTATION_KEY = "presentation"
_SAFE_CSS_VALUE = re.compile(r"^[\w\s,.'\"%-]+$")


def _checked(value: object) -> str:
    s = str(value)
    if not _SAFE_CSS_VALUE.match(s):
        raise ValueError(f"data/ui.toml: unexpected characters in a CSS value: {s!r}")
    return s


def css(presentation: bool) -> str:
    """The <style> block for normal or presentation mode."""
    font = theme()["font"]
    family = _checked(font["family"])
    rules = [
        # Thai stacks vowels and tone marks above and below the line: give them room.
        f".stApp {{ font-family: {family}; }}",
        ".stMarkdown p, .stCaption p, [data-testid='stMetricLabel'] p { line-height: 1.7; }",
        "[data-testid='stMetricValue'] { line-height: 1.4; padding-bottom: 0.1rem; }",
        ".stExpander summary p, [data-testid='stWidgetLabel'] p { line-height: 1.6; }",
        # less empty space above the page title
        "[data-testid='stMainBlockContainer'] { padding-top: 2.5rem; }",
    ]
    if presentation:
        size = _checked(font["presentation_base_size"])
        rules += [
            f"html {{ font-size: {size}; }}",
            "section[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'],"
            " [data-testid='stExpandSidebarButton'] { display: none !important; }",
            # the page menu sits in the top bar in this mode: start the content below it
            ".block-container, [data-testid='stMainBlockContainer'] { max-width: 100% !important;"
            " padding-top: 4.5rem !important; padding-left: 2rem !important; padding-right: 2rem !important; }",
            "[data-testid='stMetricValue'] { font-size: 2.6rem !important; }",
        ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def inject(presentation: bool | None = None) -> None:
    """Add the style for this run (presentation mode read from session state when not given)."""
    if presentation is None:
        presentation = bool(st.session_state.get(PRESENTATION_KEY, False))
    st.html(css(presentation))


def presenting() -> bool:
    return bool(st.session_state.get(PRESENTATION_KEY, False))
