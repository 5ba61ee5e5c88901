"""Thai text clean-up shared by every reader: digits, spacing, broken words.

>>> to_arabic_digits("เม.ย.๖5")
'เม.ย.65'
>>> squash("ดำเนินกา ร")
'ดำเนินการ'
"""
from __future__ import annotations

import re
import unicodedata

from pythainlp.util import normalize as _thai_normalize

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


def to_arabic_digits(text: str) -> str:
    """Thai digits to Arabic ones, everything else unchanged."""
    return text.translate(_THAI_DIGITS)


def clean(text: object) -> str:
    """Cell value to tidy text: NFC, Thai vowel order fixed, zero-width gone, spaces collapsed.

    Line breaks are kept (they separate steps in a cell); digits are left as written.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text))
    s = _ZERO_WIDTH.sub("", s)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    if any("\u0e00" <= ch <= "\u0e7f" for ch in s):
        s = "\n".join(_thai_normalize(line) for line in s.split("\n"))
    s = "\n".join(_SPACES.sub(" ", line).strip() for line in s.split("\n"))
    return re.sub(r"\n{2,}", "\n", s).strip()


def squash(text: str) -> str:
    """All whitespace removed and digits made Arabic: for matching words broken by spaces."""
    return re.sub(r"\s+", "", to_arabic_digits(text))


def one_line(text: str) -> str:
    """Line breaks to spaces, for labels and messages."""
    return re.sub(r"\s+", " ", text).strip()


def is_blank(value: object) -> bool:
    """Empty cell, or one holding only dashes, dots or spaces (PDF converters leave these)."""
    if value is None:
        return True
    return re.fullmatch(r"[\s\-–—_.·…]*", str(value)) is not None
