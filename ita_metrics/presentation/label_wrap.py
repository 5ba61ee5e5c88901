"""Chart labels broken into lines at Thai word boundaries (Thai has no spaces between words, so the
breaks come from pythainlp's newmm tokenizer), HTML-escaped for plotly."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from ita_metrics.presentation.theme import theme


@lru_cache(maxsize=1)
def _tokenizer():
    from pythainlp.tokenize import word_tokenize  # imported late: loading the dictionary takes ~0.5 s

    return word_tokenize


def _words(label: str) -> list[str]:
    """Thai words (newmm) with spaces kept; Latin text split at spaces."""
    if not re.search("[\u0e00-\u0e7f]", label):
        return re.split(r"(\s+)", label)
    return _tokenizer()(label, engine="newmm", keep_whitespace=True)


@lru_cache(maxsize=8192)
def wrap_label(label: str, width: int | None = None, max_lines: int | None = None) -> str:
    """A label broken into lines of about `width` characters at word boundaries, joined with
    <br>, HTML-escaped; too many lines end with "…". Thai has no spaces between words, so the
    breaks come from pythainlp's newmm tokenizer.

    >>> wrap_label("องค์การบริหารส่วนตำบลทุ่งมะพร้าว", 12)
    'องค์การบริหารส่วนตำบล<br>ทุ่งมะพร้าว'
    """
    width = width or int(theme()["chart"]["label_width"])
    label = re.sub(r"\s+", " ", str(label)).strip()
    if len(label) <= width:
        return html.escape(label, quote=False)
    lines: list[str] = []
    line = ""
    for word in _words(label):
        if line and len(line) + len(word.rstrip()) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    if line.strip():
        lines.append(line.rstrip())
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    return "<br>".join(html.escape(x, quote=False) for x in lines)
