"""Agency names: one canonical form per local administrative organisation, however it is written.

Stored form is the full prefix and the name, without spaces: "ทต. ถาวร", "เทศบาลตำบล ถาวร" and
"เทศบาลตำบลถาวร อำเภอเฉลิมพระเกียรติ" are all "เทศบาลตำบลถาวร". Vocabularies are data:
`data/agency_prefixes.csv` (อบต., ทต., ...) and `data/place_prefixes.csv` (words that end a name).

>>> normalize_agency("อบต.ทุ่งมะพร้าว")
'องค์การบริหารส่วนตำบลทุ่งมะพร้าว'
>>> find_agency("เทศบาลตำบลถาวร อำเภอเฉลิมพระเกียรติ จังหวัดบุรีรัมย์")
AgencyMatch(agency='เทศบาลตำบลถาวร', district='เฉลิมพระเกียรติ', province='บุรีรัมย์')
>>> short_name("เทศบาลตำบลถาวร")
'ทต.ถาวร'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from ita_metrics.datafiles import load_table
from ita_metrics.thai.thai_text import clean, to_arabic_digits

# A run of Thai letters and marks: digits (๐-๙), ฯ and ๆ are not part of a name.
_NAME_CHARS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_NAME = re.compile(f"[{_NAME_CHARS}]+")
_LEADING_VOWELS = "เแโใไ"  # written before their consonant: "แทน." is not "ทน."
_MARK = re.compile("[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")  # vowel/tone marks: cannot start a name
_MAX_ABBREVIATION = 3  # a run this short followed by "." is an abbreviation (พ.ศ.)
_MAX_SPLIT_PART = 5  # a word this short after a space may be the rest of a split name (น้ำ ดำ)
_GLUED_PLACE = re.compile(f"[ \t]?[{_NAME_CHARS}]")  # what follows "อ." in "ถาวรอ.เฉลิมพระเกียรติ"


@dataclass(frozen=True)
class AgencyMatch:
    agency: str
    district: str
    province: str


@dataclass(frozen=True)
class _Prefix:
    short: str
    full: str
    kind: str


# ---------------------------------------------------------------- vocabularies


@lru_cache(maxsize=1)
def _prefixes() -> tuple[_Prefix, ...]:
    """Agency kinds, longest full form first so that no prefix shadows a longer one."""
    rows = (_Prefix(r["short"], r["full"], r["kind"]) for r in load_table("agency_prefixes.csv"))
    return tuple(sorted(rows, key=lambda p: -len(p.full)))


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], ...]:
    return load_table("place_prefixes.csv")


def _short_pattern(short: str) -> str:
    """ "ทต." also as "ท.ต." or "ทต ."; three-letter forms (อบต) also dotless at a word start."""
    letters = short.replace(".", "")
    body = r"\.?".join(map(re.escape, letters))
    dotted = rf"(?<![{_LEADING_VOWELS}]){body}\s?\."
    if len(letters) < 3:
        return dotted
    return rf"(?:{dotted}|(?<![{_NAME_CHARS}]){body})"


def _full_pattern(full: str) -> str:
    """Full form, forgiving spaces a PDF converter put inside it (องค์การบริหาร ส่วนตำบล)."""
    return r"\s?".join(map(re.escape, full))


@lru_cache(maxsize=1)
def _agency_regex() -> re.Pattern[str]:
    """One alternative per prefix form, in a named group per kind index, then optional spaces."""
    parts = []
    for i, p in enumerate(_prefixes()):
        parts.append(f"(?P<f{i}>{_full_pattern(p.full)})")
    for i, p in enumerate(_prefixes()):
        parts.append(f"(?P<s{i}>{_short_pattern(p.short)})")
    return re.compile(rf"(?:{'|'.join(parts)})[ \t]*")


def _glued_words() -> list[str]:
    """Words that end a name even without a space before them, longest first."""
    return sorted((r["full"] for r in _places() if r["glued"] == "1"), key=len, reverse=True)


def _place_letters() -> list[str]:
    """Short place forms without their dot (อ, จ, ต), for "ถาวรอ.เฉลิมพระเกียรติ"."""
    return [r["short"].rstrip(".") for r in _places() if r["short"]]


# ---------------------------------------------------------------- name parsing


def _cut_glued(name: str) -> str:
    """Drop a place or stop word written straight after the name (ถาวรอำเภอ… → ถาวร)."""
    for word in _glued_words():
        at = name.find(word)
        if at > 0:
            name = name[:at]
    return name


def _starts_with_stop(name: str) -> bool:
    """A bare prefix followed by a non-name word ("เทศบาลตำบล ประจำปี") names no agency."""
    for row in _places():
        word = row["full"]
        if name == word or (row["glued"] == "1" and name.startswith(word)):
            return True
    return False


def _read_name(text: str, start: int) -> tuple[str, int]:
    """The name that starts at `start` and where it ends; ("", start) if none."""
    m = _NAME.match(text, start)
    if not m or _MARK.match(m.group()) or _starts_with_stop(m.group()):
        return "", start
    name, end = m.group(), m.end()
    if text[end : end + 1] == ".":
        if len(name) <= _MAX_ABBREVIATION:
            return "", start
        if _GLUED_PLACE.match(text, end + 1):
            name = next((name[: -len(x)] for x in _place_letters() if name.endswith(x)), name)
    name = _cut_glued(name)
    if len(name) == m.end() - start:  # the run ended at a space or punctuation, not at a place word
        return _join_split_words(text, name, m.end())
    return name, start + len(name)


_SPLIT_PART = re.compile(f"[ \t]([{_NAME_CHARS}]{{1,{_MAX_SPLIT_PART}}})(?![{_NAME_CHARS}])")


def _is_place_or_stop(word: str) -> bool:
    return any(word.startswith(r["full"]) or (r["short"] and word == r["short"].rstrip(".")) for r in _places())


def _join_split_words(text: str, name: str, end: int) -> tuple[str, int]:
    """ "อบต.น้ำ ดำ" is น้ำดำ: a short word after one space belongs to the name when it is not a place
    or stop word and what follows it is a place or stop word, punctuation or the end of the line (a
    converter or a typist split the name; a sentence would go on with more words)."""
    while True:
        m = _SPLIT_PART.match(text, end)
        if not m or _is_place_or_stop(m.group(1)):
            return name, end
        rest = text[m.end() :]
        follow = _NAME.match(rest.lstrip(" \t"))
        if follow and not _is_place_or_stop(follow.group()):
            return name, end
        name, end = name + m.group(1), m.end()


def _matched_group(m: re.Match[str]) -> str:
    """Name of the prefix alternative that matched: "f<i>" (full form) or "s<i>" (short form)."""
    return next(k for k, v in m.groupdict().items() if v is not None)


def _inside_word(text: str, m: re.Match[str]) -> bool:
    """An abbreviation glued to the word before it must be glued to its name too ("ของทต.ถาวร");
    otherwise it is the end of a word ("อดทน. มาก")."""
    glued_before = m.start() > 0 and _NAME.match(text, m.start() - 1) is not None
    is_short = _matched_group(m).startswith("s")
    return glued_before and is_short and m.group()[-1].isspace()


def _find(text: str) -> tuple[str, int] | None:
    """First agency in text (canonical form) and the index just after its name."""
    for m in _agency_regex().finditer(text):
        name, end = _read_name(text, m.end())
        if name and not _inside_word(text, m):
            return _prefixes()[int(_matched_group(m)[1:])].full + name, end
    return None


def _prepare(text: object) -> str:
    return to_arabic_digits(clean(text)) if text is not None else ""


def _place_after(text: str, kind: str) -> str:
    """The first place of a kind (district, province) named in text: "อ.เมือง" → "เมือง".

    Full words may be glued to what precedes them; a one-letter short form (อ.) must start a word.
    """
    rows = [r for r in _places() if r["kind"] == kind]
    full = "|".join(re.escape(r["full"]) for r in rows)
    short = "|".join(re.escape(r["short"]) for r in rows if r["short"])
    pattern = rf"(?:{full}|(?<![{_NAME_CHARS}])(?:{short}))[ \t]*"
    for m in re.finditer(pattern, text):
        name, _ = _read_name(text, m.end())
        if name:
            return name
    return ""


# ---------------------------------------------------------------- public


def find_agency(text: str) -> AgencyMatch | None:
    """The first agency mentioned in free text, with the district and province after it if given.

    The name is the run of Thai letters after the prefix; it stops at a space, a digit, a place
    word (อำเภอ, จ.) or punctuation. District and province are read from the rest of that line.
    """
    s = _prepare(text)
    found = _find(s)
    if found is None:
        return None
    agency, end = found
    rest = s[end:].split("\n", 1)[0]
    return AgencyMatch(agency, _place_after(rest, "district"), _place_after(rest, "province"))


def normalize_agency(name: str) -> str:
    """Canonical full form without spaces ("ทต. ถาวร" → "เทศบาลตำบลถาวร"); "" if no agency."""
    found = _find(_prepare(name))
    return found[0] if found else ""


def _split(agency: str) -> tuple[_Prefix, str] | None:
    canonical = normalize_agency(agency)
    for p in _prefixes():
        if canonical.startswith(p.full):
            return p, canonical[len(p.full) :]
    return None


def agency_kind(agency: str) -> str:
    """ "เทศบาล", "อบต." or "อบจ." for the dashboard's agency-type filter; "" if unknown."""
    parts = _split(agency)
    return parts[0].kind if parts else ""


def short_name(agency: str) -> str:
    """Display form with the abbreviated prefix: "เทศบาลตำบลถาวร" → "ทต.ถาวร"; "" if no agency."""
    parts = _split(agency)
    return parts[0].short + parts[1] if parts else ""


def agency_from_filename(name: str) -> str:
    """Best-effort agency from a file name ("ทต.ถาวร_รอบ6.xlsx" → "เทศบาลตำบลถาวร"); "" if none."""
    stem = PurePath(str(name).replace("\\", "/")).name
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", stem)
    return normalize_agency(re.sub(r"[_\-+]+", " ", stem))


def base_name(agency: str) -> str:
    """The place part of an agency's name: "องค์การบริหารส่วนตำบลทุ่งมะพร้าว" → "ทุ่งมะพร้าว"
    (subdistrict-level agencies are named after their subdistrict); "" if no agency."""
    parts = _split(agency)
    return parts[1] if parts else ""


def full_prefix(agency: str) -> str:
    """ "องค์การบริหารส่วนตำบล" for any form of an อบต.'s name; "" if no agency."""
    parts = _split(agency)
    return parts[0].full if parts else ""
