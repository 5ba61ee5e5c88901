"""The user's language (Thai by default) and the `t()` shortcut the pages use for every string."""

from __future__ import annotations

import streamlit as st

from ita_metrics.presentation import ui_text

LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY) or "th"
    return value if value in ui_text.LANGS else "th"


def t(key: str, **values: object) -> str:
    """The UI string `key` in the user's language."""
    return ui_text.text(key, lang(), **values)
