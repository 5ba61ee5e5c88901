"""Thai text clean-up shared by every reader: digits, spacing, broken words.

>>> to_arabic_digits("เม.ย.๖5")
'เม.ย.65'
>>> squash("ดำเนินกา ร")
'ดำเนินการ'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_BLANK_LINES = re.compile(r"\n{2,}")
_THAI_DIGIT = re.compile("[๐-๙]")

_ARABIC = dict(zip("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
# Invisible characters (format controls): zero-width spaces and joiners, the soft hyphen a word
# processor hides, bidi marks and embeddings, variation selectors, the BOM, Hangul fillers.
_ZERO_WIDTH = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]"
)
# The Thai typing faults PDF/Word copies carry: two SARA E for SARA AE, NIKHAHIT + SARA AA for
# SARA AM (a tone mark may sit between), SARA AM followed by a stray SARA AA (pdfminer: ดำาเนิน),
# spaces around a vowel or tone mark (poppler: ปั จจุบัน), a tone mark stored before the vowel it
# sits on (fonts that position marks themselves), and a mark typed twice.
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_THAI_FIXES = (
    (re.compile("\u0e40\u0e40"), "\u0e41"),
    (re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32"), "\\1\u0e33"),
    (re.compile("\u0e33\u0e32"), "\u0e33"),
    (re.compile(f"(?<=[\u0e01-\u0e2e\u0e30-\u0e4e])[ \u00a0]+(?=[{_MARKS}])"), ""),
    (re.compile("(?<=[\u0e31\u0e47])[ \u00a0]+(?=[\u0e01-\u0e2e])"), ""),  # ั and ็ never end a syllable
    (re.compile("([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e3a\u0e47])"), "\\2\\1"),
    (re.compile(f"([{_MARKS}])\\1+"), "\\1"),
)


@lru_cache(maxsize=1)
def _pua_table() -> dict[int, int]:
    from ita_metrics.datafiles import load_table

    return {int(r["pua"], 16): int(r["thai"], 16) for r in load_table("thai_pua.csv")}


def from_pua(text: str) -> str:
    """Thai marks a font put in the Private Use Area (U+F700–U+F71A) back to standard Thai."""
    return text.translate(_pua_table()) if _pua_chars().search(text) else text  # translate walks every char


@lru_cache(maxsize=1)
def _pua_chars() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in _pua_table()) + "]")


@lru_cache(maxsize=1)
def _symbol_table() -> dict[tuple[str, int], str]:
    from ita_metrics.datafiles import load_table

    return {(r["font"].lower().replace(" ", ""), int(r["code"], 16)): r["text"] for r in load_table("word_symbols.csv")}


def symbol_text(font: str, code: int) -> str | None:
    """What a character of a symbol font (Wingdings, Symbol) shows, e.g. a check mark; None when the
    font is not a symbol font. `code` is the font's code, with or without the U+F000 offset."""
    name = font.split("+", 1)[-1].lower().replace(" ", "").replace("-", "")  # "ABCDEF+Wingdings-Regular"
    name = name.removesuffix("regular")
    if name.startswith("opensymbol"):  # LibreOffice draws Wingdings codes with OpenSymbol
        name = "wingdings"
    if not any(name.startswith(f) for f in ("wingdings", "symbol", "webdings")):
        return None
    low = code & 0xFF
    return _symbol_table().get((name, low)) or chr(low)


def to_arabic_digits(text: str) -> str:
    """Thai digits to Arabic ones, everything else unchanged: one scan for the digits present, then
    one `replace` each (`str.translate` would look every character of Thai text up in a table)."""
    for digit in set(_THAI_DIGIT.findall(text)):
        text = text.replace(digit, _ARABIC[digit])
    return text


def clean(text: object) -> str:
    """Cell value to tidy text: NFC, Thai typing faults fixed, zero-width gone, spaces collapsed.

    Line breaks are kept (they separate steps in a cell); digits are left as written.
    """
    if text is None:
        return ""
    return _clean(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=65536)
def _clean(s: str) -> str:
    """Cached: reports repeat their titles, headers and unit lists on every page."""
    if s.isascii():
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    else:
        s = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", from_pua(s))).replace("\r\n", "\n").replace("\r", "\n")
        for pattern, repl in _THAI_FIXES:
            s = pattern.sub(repl, s)
    s = "\n".join(_SPACES.sub(" ", line).strip() for line in s.split("\n"))
    return _BLANK_LINES.sub("\n", s).strip()


_WHITESPACE = re.compile(r"\s+")
_BLANK_CHARS = " \t\r\n\u00a0-–—_.·…"


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """All whitespace removed and digits made Arabic: for matching words broken by spaces."""
    return _WHITESPACE.sub("", to_arabic_digits(text))


def one_line(text: str) -> str:
    """Line breaks to spaces, for labels and messages."""
    return _WHITESPACE.sub(" ", text).strip()


def is_blank(value: object) -> bool:
    """Empty cell, or one holding only dashes, dots or spaces (PDF converters leave these)."""
    if value is None:
        return True
    if not isinstance(value, str):
        value = str(value)
    return not value.strip(_BLANK_CHARS) or value.isspace()
