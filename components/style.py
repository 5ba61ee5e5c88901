"""The house style in the browser: Thai-friendly line height and the presentation mode.

The app's font is set in .streamlit/config.toml (`[theme] font`, same stack as data/ui.toml, which
a test keeps in step) so Streamlit applies it to every widget; this CSS only adds what the theme
cannot. CSS is built from our own config, never from file content, and the values are checked.
"""

from __future__ import annotations

import re

import streamlit as st
import streamlit.components.v1 as components

from ita_metrics.presentation.theme import theme

PRESENTATION_KEY = "presentation"
_FROM_URL_KEY = "_presentation_from_url"
_ON_KEY = "_presentation_on"  # the mode itself (see presenting)
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
            # every page in the top menu at 1366 px (no "N more" item): names only, no icons
            "[data-testid='stTopNavLink'] > span:has([data-testid='stIconMaterial']) { display: none; }",
            "[data-testid='stTopNavLink'] { padding-left: 0.45rem !important; padding-right: 0.45rem !important; }",
            # plain tables (paged in this mode) wrap long words rather than scroll sideways
            "[data-testid='stTable'] td, [data-testid='stTable'] th { overflow-wrap: anywhere; }",
            # a multiselect's chosen items wrap onto more lines rather than scroll sideways
            "[data-testid='stMultiSelectTagsContainer'] { flex-wrap: wrap !important; overflow: visible !important; }",
        ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def inject(presentation: bool | None = None) -> None:
    """Add the style for this run (presentation mode read from session state when not given)."""
    if presentation is None:
        presentation = presenting()
    st.html(css(presentation))


def presenting() -> bool:
    """Presentation mode is on for this session. Kept apart from the switch's own widget state,
    which Streamlit drops when the page changes unless the officer clicked it (so a mode opened
    from the address bar would end at the first page turn)."""
    return bool(st.session_state.get(_ON_KEY, False))


def set_presenting(on: bool) -> None:
    st.session_state[_ON_KEY] = bool(on)


def switch_changed() -> None:
    """The switch's callback: the officer turned presentation mode on or off."""
    set_presenting(bool(st.session_state.get(PRESENTATION_KEY, False)))


def prepare_switch() -> None:
    """Before drawing the switch on a page: show the session's mode, whatever page it is on."""
    st.session_state[PRESENTATION_KEY] = presenting()


def from_url() -> None:
    """`?present=1` opens the session in presentation mode (a bookmark for the meeting-room PC);
    once per session, so the switch still turns it off."""
    if st.query_params.get("present") == "1" and not st.session_state.get(_FROM_URL_KEY):
        set_presenting(True)
        st.session_state[_FROM_URL_KEY] = True


# The presenter's keys: → / PageDown the next page of the top menu, ← / PageUp the previous one (a
# clicker sends PageUp/PageDown). Installed once per browser tab; it acts only while the top menu
# (presentation mode) is shown and never while the officer types or uses a widget's own arrows.
_KEYS_JS = """<script>
const doc = window.parent.document;
if (!doc.__itaPresenterKeys) {
  doc.__itaPresenterKeys = true;
  doc.addEventListener("keydown", (e) => {
    const next = e.key === "ArrowRight" || e.key === "PageDown";
    const prev = e.key === "ArrowLeft" || e.key === "PageUp";
    if ((!next && !prev) || e.altKey || e.ctrlKey || e.metaKey) return;
    const el = e.target;
    const own = "[role=radiogroup],[role=listbox],[role=slider],[role=tablist],[role=menu],[role=grid]";
    if (el && (el.isContentEditable || /^(input|textarea|select)$/i.test(el.tagName || "")
        || (el.closest && el.closest(own)))) return;
    const links = Array.from(doc.querySelectorAll('[data-testid="stTopNavLink"]'));
    const at = links.findIndex((a) => a.getAttribute("aria-current") === "page");
    const to = at + (next ? 1 : -1);
    if (at < 0 || to < 0 || to >= links.length) return;
    e.preventDefault();
    links[to].click();
  });
}
</script>"""


def presenter_keys() -> None:
    """Keyboard next/previous page for the presenter (script above), from the hidden sidebar."""
    if presenting():
        with st.sidebar:
            components.html(_KEYS_JS, height=0)
