"""Helpers of tests/test_clean_text.py: every text a Streamlit page shows (read from the AppTest
element tree: labels, options, help, captions, table headers and cells as displayed, chart titles,
axis labels, legends and hover text) and the rules of "clean text" (issue 10, point 5)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import pandas as pd

from ita_metrics.datafiles import load_table

MISSING = re.compile(r"(?<![A-Za-z])(None|nan|NaN|NaT|<NA>)(?![A-Za-z])")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")
# Not words: markup, icons, links, code spans and file paths / names (identifiers, not language).
_NOT_WORDS = (
    re.compile(r"<style>.*?</style>", re.S),  # the app's stylesheet (components/style.py)
    re.compile(r"<[^>]+>"),
    re.compile(r":material/[a-z_]+:"),
    re.compile(r"https?://\S+"),
    re.compile(r"`[^`]*`"),
    re.compile(r"%\{[^}]*\}"),
    re.compile(r"(?:[\w.\-]*/)+[\w.\-]+"),
    re.compile(r"[\w\-]+\.(?:py|csv|toml|sqlite|xlsx|xls|docx|pdf|zip|png|json|md|txt|ods|pptx)\b"),
)
# Proto fields that are ids, types, settings or raw values, never text a person reads.
_SKIP_FIELDS = {
    "id",
    "form_id",
    "icon",
    "url",
    "page_script_hash",
    "mime",
    "data",
    "theme",
    "format",
    "color",
    "arrow_data",
    "styler",
    "page",
    "url_path",
    "deferred_file_id",
    "type",
    "config",
    "raw_value",
    "raw_values",
    "value",
    "default",
    "element_hash",
    "css_class",
    "accept_file",
}


def allowed_phrases() -> list[str]:
    """data/screen_words.csv: Latin-script words the Thai screen may show, each with a reason."""
    return sorted((r["word"] for r in load_table("screen_words.csv")), key=len, reverse=True)


def strip_non_words(text: str) -> str:
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes (components/safe.md) show as the character
    for pattern in _NOT_WORDS:
        text = pattern.sub(" ", text)
    return text


def _proto_strings(msg, where: str) -> Iterator[tuple[str, str]]:
    for fd, val in msg.ListFields():
        if fd.name in _SKIP_FIELDS:
            continue
        if fd.name == "spec":
            yield from ((f"{where}.chart", s) for s in chart_texts(json.loads(val)))
            continue
        values = val if fd.is_repeated else [val]
        if fd.type == fd.TYPE_MESSAGE:
            for v in values:
                if hasattr(v, "ListFields"):
                    yield from _proto_strings(v, where)
        elif fd.type == fd.TYPE_STRING:
            yield from ((f"{where}.{fd.name}", v) for v in values)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict) and "bdata" not in value:
        for v in value.values():
            yield from _strings(v)


def chart_texts(spec: dict) -> Iterator[str]:
    """What a plotly chart shows: titles, axis titles and tick labels, legend, trace names,
    category labels, text and hover text."""
    layout = spec.get("layout", {})
    for part in layout.values():  # axes and the legend: their titles and tick labels
        if isinstance(part, dict):
            title = part.get("title")
            yield from _strings(title.get("text", "") if isinstance(title, dict) else "")
            yield from _strings(part.get("ticktext", []))
    yield from _strings((layout.get("title") or {}).get("text", ""))
    for note in layout.get("annotations", []) or []:
        yield from _strings(note.get("text", ""))
    for trace in spec.get("data", []):
        if trace.get("showlegend") is not False:  # a trace out of the legend shows its name nowhere
            yield from _strings(trace.get("name", ""))
        for key in ("text", "hovertext", "hovertemplate", "x", "y", "labels", "customdata", "texttemplate"):
            yield from _strings(trace.get(key, ""))


def _dataframe(node, where: str) -> Iterator[tuple[str, str]]:
    """Headers as labelled (column_config) and cells as displayed (a missing value shows the
    table's placeholder, else Streamlit writes "None")."""
    proto = node.proto
    config = json.loads(proto.columns) if proto.columns else {}
    shown = list(proto.column_order) or [str(c) for c in node.value.columns]
    missing = proto.placeholder if proto.HasField("placeholder") else "None"
    df = node.value
    for col in df.columns:
        if str(col) not in shown:
            continue
        label = (config.get(str(col)) or {}).get("label") or str(col)
        yield f"{where}.header", label
        for v in df[col].tolist():
            if isinstance(v, bool):  # drawn as a check box
                continue
            yield f"{where}.cell", missing if _is_missing(v) else str(v)


def _is_missing(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def screen_texts(node, where: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) for every text of an AppTest element tree."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from screen_texts(child, where)
    proto = getattr(node, "proto", None)
    if proto is None:
        return
    kind = type(node).__name__
    if kind == "Dataframe":
        yield from _dataframe(node, f"{where}{kind}")
        return
    yield from _proto_strings(proto, f"{where}{kind}")


def latin_words(text: str, allowed: Iterable[str], names: set[str]) -> list[str]:
    """Latin-script words of `text` that are neither allowed phrases nor words of the reports (`names`)."""
    text = strip_non_words(text)
    for phrase in allowed:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", " ", text)
    return [w for w in LATIN_WORD.findall(text) if w not in names]


def thai_runs(text: str, allowed: Iterable[str], names: str) -> list[str]:
    """Thai-script runs of `text` that are not in the report text `names` nor allowed."""
    text = strip_non_words(text)
    keep = set(allowed)
    return [r for r in THAI_RUN.findall(text) if r not in keep and r not in names]
