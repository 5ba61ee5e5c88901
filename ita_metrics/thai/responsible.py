"""Responsible units (ผู้รับผิดชอบ): one cell of free text → canonical unit names.

A cell names several units in one breath, with words broken by PDF conversion, variants of the
same office and filler words; scoring by responsible unit needs each unit once, by one name.

>>> split_units("สำนักปลัด กองคลัง กองช่าง กอง การศึกษา เป็นต้น")
['สำนักปลัด', 'กองคลัง', 'กองช่าง', 'กองการศึกษา']
>>> split_units("กองคลัง/งานพัสดุ")
['กองคลัง', 'งานพัสดุ']
>>> split_units("เจ้าหน้าที่ทุกภารกิจ งาน") == [all_units()]
True

How it reads a cell (vocabulary in data/responsible_units.csv):
1. The text is cleaned and its spaces removed, so names broken by spaces still match.
2. Scanning left to right, the longest known variant at each position wins; separators
   (/ , ; - newline brackets) end a piece.
3. Text between known names is kept as cleaned text (an unlisted unit stays visible rather
   than vanishing), except: filler words standing alone (เป็นต้น, ทุก, ฯลฯ), bare numbering, and
   word remnants glued to a known name (หัวหน้าสำนักปลัด → สำนักปลัด), unless the remnant
   itself starts like a unit (งาน…, ฝ่าย…).
4. Unlisted text must look like a unit to be shown as one: it starts like a unit name (prefix)
   and holds no sentence word; anything else (a position, a person, an instruction copied from
   the form) is counted under other_units(), so a chart by unit lists units only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ita_metrics.datafiles import load_table
from ita_metrics.thai.thai_text import clean, squash, to_arabic_digits
from ita_metrics.words import text


def all_units() -> str:
    """The group of "every unit" (units.all in data/ui_text.csv): shown in tables and charts."""
    return text("units.all")


def other_units() -> str:
    """The group of names that are no unit (units.other in data/ui_text.csv)."""
    return text("units.other")


MAX_UNIT_CHARS = 40  # an unlisted unit name longer than this (spaces removed) is a sentence

_SEPARATORS = frozenset("/\\,;、|+()[]{}•·*\n-–—")
_NUMBERING = re.compile(r"^[\d.)(\-–—•·*:]+$")


@dataclass(frozen=True)
class _Vocabulary:
    variants: dict[str, tuple[tuple[str, str], ...]]  # first letter → (variant, canonical), longest first
    fillers: frozenset[str]
    prefixes: tuple[str, ...]
    sentence_words: tuple[str, ...]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    variants: dict[str, str] = {}
    fillers: set[str] = set()
    prefixes: list[str] = []
    sentence: list[str] = []
    for row in load_table("responsible_units.csv"):
        kind, canonical, variant = row["kind"].strip(), row["canonical"].strip(), row["variant"].strip()
        if kind == "unit":
            variants.setdefault(squash(canonical), canonical)
            variants.setdefault(squash(variant), canonical)
        elif kind == "all":
            variants.setdefault(squash(variant), all_units())
        elif kind == "filler":
            fillers.add(squash(variant))
        elif kind == "prefix":
            prefixes.append(squash(variant))
        elif kind == "sentence":
            sentence.append(squash(variant))
    by_letter: dict[str, list[tuple[str, str]]] = {}
    for variant, canonical in sorted(variants.items(), key=lambda kv: -len(kv[0])):
        by_letter.setdefault(variant[0], []).append((variant, canonical))
    return _Vocabulary(
        {k: tuple(v) for k, v in by_letter.items()}, frozenset(fillers), tuple(prefixes), tuple(sentence)
    )


def _match(squashed: str, pos: int) -> tuple[str, int] | None:
    """The longest known variant starting at `pos`: (canonical, length)."""
    for variant, canonical in _vocabulary().variants.get(squashed[pos], ()):
        if squashed.startswith(variant, pos):
            return canonical, len(variant)
    return None


def _starts_like_unit(word: str) -> bool:
    return any(word.startswith(p) for p in _vocabulary().prefixes)


def _leftover(text: str, glued_left: bool, glued_right: bool) -> list[str]:
    """Unlisted text between known names → pieces worth keeping (see module docstring)."""
    words = text.split()
    if not words:
        return []
    if glued_left and not _starts_like_unit(squash(words[0])):
        words = words[1:]
    if words and glued_right and not _starts_like_unit(squash(words[-1])):
        words = words[:-1]
    voc = _vocabulary()
    pieces: list[list[str]] = []
    for word in words:
        key = squash(word)
        if key in voc.fillers or _NUMBERING.match(key):
            if pieces:
                pieces.append([])  # a filler ends the piece before it
            continue
        if not pieces or not pieces[-1] or _starts_like_unit(key):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    out = []
    for piece in pieces:
        if not piece:
            continue
        # A piece that starts like a unit is one name broken by spaces ("งานการ เจ้าหน้าที่").
        joiner = "" if _starts_like_unit(squash(piece[0])) else " "
        name = joiner.join(piece)
        out.append(name if _looks_like_unit(name) else other_units())
    return out


def _looks_like_unit(name: str) -> bool:
    """An unlisted piece is shown as a unit only when it reads like one (rule 4 above)."""
    key = squash(name)
    return (
        _starts_like_unit(key)
        and len(key) <= MAX_UNIT_CHARS
        and not any(w in key for w in _vocabulary().sentence_words)
    )


def split_units(text: object) -> list[str]:
    """Canonical unit names named in a responsible cell, in order, each once.

    all_units() stands for "every unit"; unrecognised names are kept as cleaned text.
    """
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return []
    return list(_split(str(text)))


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    """split_units on one string; cached because a province repeats the same cells."""
    s = to_arabic_digits(clean(text))
    if not s:
        return ()
    positions = [i for i, ch in enumerate(s) if not ch.isspace()]
    squashed = "".join(s[i] for i in positions)
    found: list[str] = []
    gap_start = 0  # index into `squashed` where unlisted text began
    glued_left = False  # that text touches a known name on its left (no space between)

    def flush(end: int, glued_right: bool) -> None:
        if end > gap_start:
            raw = s[positions[gap_start] : positions[end - 1] + 1]
            found.extend(_leftover(raw, glued_left, glued_right))

    pos = 0
    while pos < len(squashed):
        hit = _match(squashed, pos)
        if hit is not None:
            canonical, length = hit
            touching = pos > gap_start and positions[pos] == positions[pos - 1] + 1
            flush(pos, touching)
            found.append(canonical)
            pos += length
            gap_start = pos
            glued_left = pos < len(squashed) and positions[pos] == positions[pos - 1] + 1
            continue
        if squashed[pos] in _SEPARATORS:
            flush(pos, False)
            pos += 1
            gap_start, glued_left = pos, False
            continue
        pos += 1
    flush(len(squashed), False)
    return tuple(dict.fromkeys(u for u in found if u))
