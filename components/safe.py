"""Showing text that came from an uploaded file without letting it act as Markdown or HTML.

Streamlit renders Markdown (and its own `:red[...]` / `:material/...:` directives) in st.error,
st.caption, expander labels and the like. File names, sheet names and cell text are data, so every
ASCII punctuation mark in them is backslash-escaped (CommonMark shows an escaped mark as itself).

>>> md("a*b*_[x](javascript:y)")
'a\\\\*b\\\\*\\\\_\\\\[x\\\\]\\\\(javascript\\\\:y\\\\)'
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md(value: object) -> str:
    """Text safe to put inside Markdown: punctuation escaped, line breaks as spaces."""
    s = "" if value is None else str(value)
    return _PUNCT.sub(r"\\\1", re.sub(r"\s*\n\s*", " ", s))
