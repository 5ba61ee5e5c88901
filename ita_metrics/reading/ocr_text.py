"""From OCR words to a cell's text, and the check of its years against the report's fiscal year.

Why a check: even after the digit-shape reading, a year can be wrong (๒๕๖๕ ↔ ๒๕๒๕). A report for
fiscal year N dates its work October N−1 to September N; a year that fits no such reading is
doubtful, and a doubtful date must not decide timeliness until an officer confirms it."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from ita_metrics.datafiles import load_table
from ita_metrics.reading.tesseract import Word
from ita_metrics.thai.dates import _months

NOISE_CONF = 45.0  # below this, a word with no Thai letter and no digit is scanner dust
LATIN_NOISE_CONF = 75.0  # ... and so is a short one (≤ 3 characters) below this
THAI_LETTER = re.compile(r"[ก-ฮะ-ฺเ-๎]")
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")  # vowels above/below and tone marks
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
DIGITS = THAI_DIGITS + "0123456789"


def is_digits(text: str) -> bool:
    return bool(text) and all(ch in DIGITS for ch in text)


def normalise(text: str) -> str:
    """Tesseract writes sara am as nikhahit + sara aa (ํา): the parser's words use ำ. Words the
    parser needs (data/ocr_words.csv, month names, and indicator names, these even when OCR put a
    space inside: ประสิทธิภาพของ การสือสาร) are respelled when only their marks differ."""
    text = text.replace("\u0e4d\u0e32", "\u0e33").replace("\u0e4d \u0e32", "\u0e33")
    for pattern, word in _repairs():
        text = pattern.sub(word, text)
    return text


MIN_NAME_LETTERS = 8  # shorter indicator phrases are not respelled: too many words share letters


@lru_cache(maxsize=1)
def _repairs() -> tuple[tuple[re.Pattern[str], str], ...]:
    words = [r["word"] for r in load_table("ocr_words.csv")] + [r["full"] for r in load_table("thai_months.csv")]
    names = {"".join(r["phrase"].split()) for r in load_table("indicator_keywords.csv")}
    names = {n for n in names if THAI_LETTER.match(n) and len(_MARKS.sub("", n)) >= MIN_NAME_LETTERS}
    out = []
    for word in sorted(set(words) | names, key=len, reverse=True):
        letters = [ch for ch in _MARKS.sub("", word.replace("\u0e33", "\u0e32"))]
        gap = "[ \t]?" if word in names else ""
        body = gap.join(re.escape(ch) + "[\u0e31\u0e33\u0e34-\u0e3a\u0e47-\u0e4e]*" for ch in letters)
        out.append((re.compile(body), word))
    return tuple(out)


@dataclass
class CellReading:
    text: str
    confidence: float  # 0–100, the mean of the word confidences weighted by length
    doubtful: str = ""  # why the cell needs an officer's look ("" when it does not)
    has_digits: bool = False


def _is_noise(w: Word) -> bool:
    """Scanner dust and the tone marks of a bold line read as a line of their own come out as
    short Latin or symbol words of low confidence."""
    if is_digits(w.text):
        return False
    if w.text.isascii() and w.text.isupper():
        return False  # IIT, EIT, OIT and item-code letters
    if not THAI_LETTER.search(w.text):
        return (w.conf < LATIN_NOISE_CONF and len(w.text) <= 3) or w.conf < NOISE_CONF
    return False


def _is_noise_line(words: list[Word]) -> bool:
    """A 'line' of a few unsure characters is the marks above a line, not text."""
    chars = sum(len(w.text) for w in words)
    return chars <= 4 and sum(w.conf for w in words) / max(1, len(words)) < 65


def _marks_of_next(words: list[Word], below: list[Word] | None) -> bool:
    """The vowels and tone marks above a Thai line, read as a line of their own: it lies within the
    height of the line below it (whose letters reach up to the marks) and is shorter than it."""
    if not below:
        return False
    top, bottom = min(w.top for w in words), max(w.top + w.height for w in words)
    b_top, b_bottom = min(w.top for w in below), max(w.top + w.height for w in below)
    inside = max(0, min(bottom, b_bottom) - max(top, b_top)) / max(1, bottom - top)
    return inside >= 0.7 and sum(len(w.text) for w in words) < sum(len(w.text) for w in below) / 2


def _join_words(words: list[Word]) -> str:
    """Words of one line: Tesseract cuts Thai into letters, so a space is put only where the image
    shows a gap of three quarters of a base letter's height (letters with marks stand taller)."""
    heights = sorted(w.height for w in words)
    gap_px = 0.75 * heights[len(heights) // 4] if heights else 12
    out = ""
    prev: Word | None = None
    for w in words:
        if prev is not None:
            out += " " if w.left - (prev.left + prev.width) > gap_px else ""
        out += w.text
        prev = w
    return out


def _join_lines(lines: list[str]) -> str:
    """Thai wraps inside words; lines join without a space unless a number or Latin meets them."""
    out = ""
    for line in lines:
        if out and not (THAI_LETTER.match(line[0]) and THAI_LETTER.match(out[-1])):
            out += " "
        out += line
    return out


def read_cell(words: list[Word]) -> CellReading:
    """The cell's text and its confidence; dust (unsure marks that are not letters) dropped."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        if w.text and not _is_noise(w):
            lines.setdefault(w.line, []).append(w)
    ordered = list(lines.values())
    real = [
        ws
        for k, ws in enumerate(ordered)
        if not _is_noise_line(ws) and not _marks_of_next(ws, ordered[k + 1] if k + 1 < len(ordered) else None)
    ]
    kept = [w for ws in real for w in ws]
    text = _join_lines([_join_words(ws) for ws in real])
    weight = sum(len(w.text) for w in kept)
    conf = sum(w.conf * len(w.text) for w in kept) / weight if weight else 0.0
    return CellReading(normalise(text), round(conf, 1), "", any(is_digits(w.text) for w in kept))


_YEAR_AFTER_MONTH = re.compile(r"\s*(?:พ\s*\.?\s*ศ\s*\.?\s*)?([๐-๙0-9]{2,6})(?![๐-๙0-9])")


def _number(digits: str) -> int:
    return int("".join(str(THAI_DIGITS.index(c)) if c in THAI_DIGITS else c for c in digits) or 0)


def _be_year(digits: str) -> int | None:
    """A Buddhist-era year written with 4 or 2 digits (65 → 2565); None for other lengths."""
    if len(digits) not in (2, 4):
        return None
    return _number(digits) + (2500 if len(digits) == 2 else 0)


def _variants(digits: str) -> set[str]:
    """The number as read and every reading with known confusions (data/ocr_confusions.csv)
    undone at any set of places."""
    swaps = [(r["read"], r["could_be"]) for r in load_table("ocr_confusions.csv")]
    out = {digits}
    for _ in range(3):
        grown = set(out)
        for v in out:
            for read, could in swaps:
                start = v.find(read)
                while start >= 0:
                    grown.add(v[:start] + could + v[start + len(read) :])
                    start = v.find(read, start + 1)
        if grown == out:
            break
        out = grown
    return out


def check_years(text: str, fiscal_year: int | None) -> tuple[str, str]:
    """Each month-and-year in `text` held against the fiscal year N: October–December belong to
    N−1, January–September to N. A year read otherwise is re-read through the known confusions
    (the calendar's year first, then any year of N−1…N+1 when only one fits) and the cell is
    marked `year_corrected`; a year no re-reading explains leaves the cell `year_implausible`."""
    if not fiscal_year:
        return text, ""
    from ita_metrics.thai.dates import month_number

    pattern, _ = _months()
    near = {fiscal_year - 1, fiscal_year, fiscal_year + 1}
    doubtful = ""
    out, pos = [], 0
    for m in pattern.finditer(text):
        y = _YEAR_AFTER_MONTH.match(text, m.end())
        if not y or y.start(1) < pos:
            continue
        digits = y.group(1)
        month = month_number(m.group(0)) or 0
        expected = fiscal_year - 1 if month >= 10 else fiscal_year
        read = _be_year(digits)
        if read == expected or (read in near and len(digits) == 4):
            continue
        variants = _variants(digits)
        fits = sorted(v for v in variants if _be_year(v) == expected)
        if not fits:
            fits = sorted(v for v in variants if _be_year(v) in near)
        if len({_be_year(v) for v in fits}) == 1:
            best = max(fits, key=len)
            out.append(text[pos : y.start(1)] + best)
            pos = y.end(1)
            doubtful = doubtful or "year_corrected"
        else:
            doubtful = "year_implausible"
    out.append(text[pos:])
    return "".join(out), doubtful


_ROUND_NUMBER = re.compile(r"รอบ\s*(?:ที่\s*)?([๐-๙0-9]{1,3})\s*เดือน")
_BE_NUMBER = re.compile(r"(?:พ\s*\.?\s*ศ\s*\.?|ปีงบประมาณ)\s*([๐-๙0-9]{2,6})(?![๐-๙0-9])")


def _replace_unique(text: str, m: re.Match, wanted: set[int], value) -> tuple[str, bool]:
    """Replace group 1 of `m` by its one confusion-variant whose value is in `wanted`."""
    fits = {v for v in _variants(m.group(1)) | {m.group(1)} if value(v) in wanted}
    if len({value(v) for v in fits}) != 1:
        return text, False
    best = max(fits, key=len)
    return text[: m.start(1)] + best + text[m.end(1) :], best != m.group(1)


def check_title(text: str, fiscal_year: int | None) -> tuple[str, str]:
    """The round (6 or 12) and Buddhist-era years of a title line, re-read through the known
    confusions when they are not possible values (รอบ ๒ เดือน, พ.ศ. ๒๕๒๒)."""
    changed = False
    m = _ROUND_NUMBER.search(text)
    if m and _number(m.group(1)) not in (6, 12):
        text, changed = _replace_unique(text, m, {6, 12}, _number)
    if fiscal_year:
        for m in list(_BE_NUMBER.finditer(text))[::-1]:
            if len(m.group(1)) == 4 and fiscal_year - 2 <= _number(m.group(1)) <= fiscal_year + 1:
                continue
            text, fixed = _replace_unique(text, m, {fiscal_year, fiscal_year - 1}, _be_year)
            changed |= fixed
    return text, "year_corrected" if changed else ""


_FY_NUMBER = re.compile(r"(?:ปีงบประมาณ|ปีงบ)\s*(?:พ\s*\.?\s*ศ\s*\.?)?\s*([๐-๙0-9]{2,6})(?![๐-๙0-9])")
_ANALYSIS = ("วิเคราะห์", "ผลการประเมิน")
FY_RANGE = (2550, 2600)


def fiscal_year_candidates(text: str) -> set[int]:
    """Fiscal years a title line may state, through the digit confusions (๒๕๒๒ → 2566 or 2562…);
    a line naming the assessment analysed (the year before) states none."""
    if any(w in text for w in _ANALYSIS):
        return set()
    out: set[int] = set()
    for m in _FY_NUMBER.finditer(text):
        for v in _variants(m.group(1)) | {m.group(1)}:
            year = _be_year(v)
            if year and FY_RANGE[0] <= year <= FY_RANGE[1]:
                out.add(year)
    return out


def dates_agree(text: str, fiscal_year: int) -> int:
    """How many month-and-year dates of `text` can be read (through the confusions) as falling in
    fiscal year `fiscal_year`."""
    from ita_metrics.thai.dates import month_number

    pattern, _ = _months()
    n = 0
    for m in pattern.finditer(text):
        y = _YEAR_AFTER_MONTH.match(text, m.end())
        if not y:
            continue
        month = month_number(m.group(0)) or 0
        expected = fiscal_year - 1 if month >= 10 else fiscal_year
        n += any(_be_year(v) == expected for v in _variants(y.group(1)) | {y.group(1)})
    return n


def header_phrase(text: object) -> object:
    """A header cell as the column vocabulary spells it when, ignoring the vowel and tone marks
    OCR drops from bold Thai (ขันตอน for ขั้นตอน), one of its phrases covers the cell; else as read."""
    from ita_metrics.reading.layout import _synonyms, header_key

    key = _MARKS.sub("", header_key(text))
    if not key:
        return text
    for phrase, _role in _synonyms():
        bare = _MARKS.sub("", phrase)
        if bare and bare in key and len(bare) * 2 >= len(key):
            return phrase
    return text


_INDICATOR_HEAD = re.compile(r"ตัวชี้วัดที่\s*([๐-๙0-9«»]{0,3})\s*")
_ASSESSED = re.compile(r"ประเมิน\s*")
_TOOL_LINE = re.compile(r"เครื่อง\s*ม\S{0,2}\s*การ\s*ประเมิน\s*")  # เครื่องมือการประเมิน, marks lost or not
_ITEM_NUMBER = re.compile(
    r"^(?:[^\s๐-๙]{0,4}\s*){0,2}[0-9]?\s*([๐-๙]{1,3})(?![๐-๙])"  # Thai digits (O read as ๐: ๐๑๑)
    r"|^[^\s0-9๐-๙]{0,3}\s*([0-9]{1,2})(?![0-9])(?![^๐-๙]{0,4}[๐-๙])"  # Arabic, when no Thai follows
)


LETTER_AS_DIGIT = {"I": "๑1", "O": "๐0", "E": "๖6"}  # an item code's letter read as a digit
_CODE_JUNK = re.compile(r"^(?:\s*[A-Za-z0-9๐-๙<>|«».]{1,4}(?=\s|[ก-๙]|$)){1,2}\s*")  # a misread tool and code


def check_indicator(text: str, catalog_year: int | None, heading: str = "") -> tuple[str, str]:
    """'ตัวชี้วัดที่ N <name> … เครื่องมือการประเมิน <tool> <code> <item text>' as OCR mangles it (N and
    the code misread: ๗ → ๓, I → 1 or ๑, E → 6, O → ๐, the code lost). The indicator is N as read
    or the one its printed name means, whichever the catalog puts the item number after การประเมิน
    in (N first: a report may print another indicator's name); without such an item, the name's.
    The item is the one its number means unless the text printed after it names another item of
    that indicator (catalogs.title_agrees), and the one the text names when no number is read.
    `heading`: the cell on the page before, when a page break cut the heading off this cell.
    Reason "indicator_reread" when anything was rewritten."""
    from ita_metrics.thai import catalogs

    m = _INDICATOR_HEAD.search(text)
    if m:
        named = catalogs.indicator_from_text(text[m.end() : m.end() + 60])
        read = _number(m.group(1)) if m.group(1) and is_digits(m.group(1)) else 0
        a = _ASSESSED.search(text, m.end())
    else:  # the heading's first words cut off by a page break: the name before the tool line
        a = _TOOL_LINE.search(text)
        head = _INDICATOR_HEAD.search(heading)
        before = heading[head.end() :] if head else "การ"  # most names start with การ, maybe the word lost
        named = catalogs.indicator_from_text(before + text[: a.start()].lstrip()) if a else None
        read = _number(head.group(1)) if head and head.group(1) and is_digits(head.group(1)) else 0
        if not named and not read:
            return text, ""
    candidates = [n for n in (read, named[1] if named else 0) if 1 <= n <= 10]
    numbers = _item_numbers(text[a.end() : a.end() + 14]) if a and catalog_year else []
    chosen, code, cut = (named[1] if named else 0), "", 0
    for n, (digits, end) in itertools.product(candidates, numbers):
        code = _item_by_number(n, digits, catalog_year)
        if code:
            chosen, cut = n, a.end() + end  # type: ignore[union-attr]  # numbers imply a
            break
    if a and catalog_year and (not code or catalogs.title_agrees(code, catalog_year, text[cut:]) is False):
        for n in [chosen] if chosen else candidates:
            by_title, junk = _item_by_title(n, text[a.end() :], catalog_year)
            if by_title:
                chosen, code, cut = n, by_title, a.end() + junk
                break
    if not chosen:
        return text, ""
    number = "".join(THAI_DIGITS[int(ch)] for ch in str(chosen))
    out = text
    if a and code:
        out = out[: a.end()] + f"{catalogs.indicator_tool(chosen)} {code} " + out[cut:].lstrip()
    if m:
        out = out[: m.start(1)] + number + " " + out[m.end() :]
    return out, "indicator_reread" if out != text else ""


def _item_numbers(head: str) -> list[tuple[str, int]]:
    """Numbers that may be the item's, with where each ends: the one the code pattern finds, then
    every run of Thai digits (a misread tool, ๐07 for OIT, may come first)."""
    out = []
    d = _ITEM_NUMBER.match(head)
    if d:
        out.append((d.group(1) or d.group(2), d.end()))
    out += [(g.group(0), g.end()) for g in re.finditer("[๐-๙]{1,3}", head)]
    return out


def _item_by_number(indicator: int, digits: str, catalog_year: int | None) -> str:
    """The code of the indicator's item numbered `digits` (or `digits` without a first digit that is
    the code's letter misread: ๑๘ for I8); "" when the catalog has none."""
    from ita_metrics.thai import catalogs

    tool = catalogs.indicator_tool(indicator)
    if not tool or not catalog_year:
        return ""
    numbers = [digits] + ([digits[1:]] if len(digits) > 1 and digits[0] in LETTER_AS_DIGIT.get(tool[:1], "") else [])
    for number in numbers:
        item = catalogs.lookup(f"{tool[:1]}{_number(number)}", catalog_year)
        if item is not None and item.indicator == indicator:
            return item.code
    return ""


def _item_by_title(indicator: int, after: str, catalog_year: int) -> tuple[str, int]:
    """The one item of the indicator whose title the text after การประเมิน names (a misread tool
    and code before it skipped), and how many characters that skip is; ("", 0) when none or many."""
    from ita_metrics.thai import catalogs

    junk = _CODE_JUNK.match(after)
    skips = sorted({junk.end() if junk else 0, 0}, reverse=True)
    for skip in skips:
        named = [
            it.code
            for it in catalogs.items(catalog_year)
            if it.indicator == indicator and catalogs.title_agrees(it.code, catalog_year, after[skip:]) is True
        ]
        if len(named) == 1:
            return named[0], skip
    return "", 0
