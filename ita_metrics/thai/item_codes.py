"""ITA item codes in their printed and OCR-mangled forms (1๑๓ → I13, ๐๓๕ → O35, e๖ → E6).

>>> find_codes("เครื่องมือการประเมิน IIT  1๑๓ ท่านได้รับมอบหมายงาน")
['I13']
>>> find_codes("๐๓๙ แผนปฏิบัติการป้องกันการทุจริต")
['O39']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ita_metrics.thai.thai_text import to_arabic_digits

MAX_NUMBER = {"I": 30, "E": 15, "O": 43}
TOOL_LETTER = {"IIT": "I", "EIT": "E", "OIT": "O"}

_DIGIT = "0-9๐-๙"
# An optional letter-like prefix, then 1–3 digits (Thai, Arabic or mixed). Not inside a word or number.
_TOKEN = re.compile(rf"(?<![A-Za-z{_DIGIT}/.])([IiLl|EeOo]?)\s?([{_DIGIT}]{{1,3}})(?![{_DIGIT}]|\s*[.)/]\s*[{_DIGIT}])")
_LIST_NUMBER_END = re.compile(r"[.)](?!\.)")  # "๑. " / "1)" / "๑.จัด": a numbered list (not "011 ...")
_TOOL_WORD = re.compile(r"\b([IEO]IT)\b\s*[:：]?\s*$")


@dataclass(frozen=True)
class CodeHit:
    code: str
    start: int
    end: int


def _valid(letter: str, number: int) -> bool:
    return 1 <= number <= MAX_NUMBER[letter]


def _candidates(prefix: str, raw: str, tool_letter: str | None) -> list[str]:
    """Readings of one token, most literal first."""
    digits = to_arabic_digits(raw)
    out: list[str] = []
    p = prefix.upper()
    if p in ("I", "L", "|"):
        out.append(f"I{int(digits)}")
    elif p in ("E", "O"):
        out.append(f"{p}{int(digits)}")
    else:
        mixed_ascii_lead = raw[0] in "10" and len(raw) > 1 and any(ch in "๐๑๒๓๔๕๖๗๘๙" for ch in raw[1:])
        lead_zero = len(digits) == 3 and digits[0] == "0"
        if mixed_ascii_lead or lead_zero or (len(digits) == 3 and digits[0] == "1"):
            # The first character is a mangled letter: 1/๑ for I, 0/๐ for O.
            letter = "I" if digits[0] == "1" else "O"
            out.append(f"{letter}{int(digits[1:])}")
        elif tool_letter:
            out.append(f"{tool_letter}{int(digits)}")
            if len(digits) == 2 and digits[0] == "1" and tool_letter == "I":
                out.append(f"I{int(digits[1:])}")  # ๑๘ after IIT: I8 with the I read as ๑
    return [c for c in out if _valid(c[0], int(c[1:]))]


def find_code_hits(
    text: str, tool_hint: str | None = None, prefer: Callable[[str], bool] | None = None
) -> list[CodeHit]:
    """Codes in order of appearance. Bare numbers count only right after a tool word (IIT ๑๘) or
    when the whole cell is a code list; `prefer` picks between readings (e.g. agrees with the
    printed indicator)."""
    if not text:
        return []
    hits: list[CodeHit] = []
    cell_is_codes = re.fullmatch(rf"[\sA-Za-z{_DIGIT},;/|&และ\-–]*", text) is not None
    for m in _TOKEN.finditer(text):
        prefix, raw = m.group(1), m.group(2)
        if not prefix and len(raw) <= 2 and _LIST_NUMBER_END.match(text, m.end()):
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        tool_here = _TOOL_WORD.search(before)
        tool_letter = TOOL_LETTER[tool_here.group(1)] if tool_here else None
        if not prefix and not tool_letter and tool_hint and _starts_line(text, m.start()):
            # "15 บุคลากร…" opening an issue cell of a table whose tool is known: a code whose
            # letter the OCR read as a digit (or dropped); `prefer` picks the reading.
            tool_letter = TOOL_LETTER.get(tool_hint)
        if not prefix and not tool_letter:
            digits = to_arabic_digits(raw)
            marked = (raw[0] in "10" and len(raw) > 1 and raw[1] in "๐๑๒๓๔๕๖๗๘๙") or (
                len(digits) == 3 and digits[0] in "01"
            )
            if not marked and not cell_is_codes:
                continue
            if cell_is_codes and not marked and tool_hint:
                tool_letter = TOOL_LETTER.get(tool_hint)
        if prefix.upper() in ("E", "O", "I", "L") and _letter_is_word(text, m.start()):
            continue
        cands = _candidates(prefix, raw, tool_letter)
        if not cands:
            continue
        chosen = next((c for c in cands if prefer and prefer(c)), cands[0])
        hits.append(CodeHit(chosen, m.start(), m.end()))
    return hits


def _starts_line(text: str, pos: int) -> bool:
    return not text[:pos].rsplit("\n", 1)[-1].strip()


def _letter_is_word(text: str, pos: int) -> bool:
    """The I/E/O is part of a Latin word (ITA, E-Service handled by the regex) rather than a code."""
    return pos > 0 and text[pos - 1].isalpha() and text[pos - 1].isascii()


def find_codes(text: str, tool_hint: str | None = None, prefer=None) -> list[str]:
    """Canonical codes in order of appearance, without repeats."""
    return list(dict.fromkeys(h.code for h in find_code_hits(text, tool_hint, prefer)))
