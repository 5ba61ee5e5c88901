"""Find the table in a sheet: header rows wherever they are, each column's role by meaning,
and the report's metadata from the title rows above it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ita_metrics.datafiles import load_table
from ita_metrics.reading.readers import Sheet
from ita_metrics.thai.thai_text import clean, is_blank, squash, to_arabic_digits

_HEADER_NOISE = re.compile(r"[\d()\[\]/\\.,:;\-–_*\"'“”]")

HEADER_SCAN_ROWS = 60
MAX_HEADER_KEY = 70
CONTENT_ROLES = {"measure", "issue", "result", "steps", "status_text", "status_done", "item_code"}


def header_key(text: object) -> str:
    """Header text reduced for matching: no spaces, digits, brackets or punctuation."""
    s = squash(clean(text))
    return _HEADER_NOISE.sub("", s)


@lru_cache(maxsize=1)
def _synonyms() -> tuple[tuple[str, str], ...]:
    rows = [(r["phrase"], r["role"]) for r in load_table("column_synonyms.csv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def match_role(text: object) -> str | None:
    """The role whose longest phrase covers at least half of the header text."""
    return _match_role(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=65536)
def _match_role(text: str) -> str | None:
    if len(text) > 4 * MAX_HEADER_KEY:
        return None  # long cell text is data, not a header
    key = header_key(text)
    if not key or len(key) > MAX_HEADER_KEY:
        return None
    for phrase, role in _synonyms():
        if phrase in key and len(phrase) * 2 >= len(key):
            return role
    return None


@dataclass
class Table:
    """Where the measures are in a sheet."""

    header_rows: list[int]  # 0-based
    roles: dict[int, str]  # column -> role
    header_text: dict[int, str] = field(default_factory=dict)

    def cols(self, role: str) -> list[int]:
        return [c for c, r in sorted(self.roles.items()) if r == role]

    def col(self, role: str) -> int | None:
        found = self.cols(role)
        return found[0] if found else None

    @property
    def data_start(self) -> int:
        return max(self.header_rows) + 1


def _row_roles(row: list[object]) -> dict[int, str]:
    out = {}
    for c, v in enumerate(row):
        if isinstance(v, str) and not is_blank(v):
            role = match_role(v)
            if role:
                out[c] = role
    return out


def _is_header_candidate(roles: dict[int, str]) -> bool:
    distinct = set(roles.values())
    return len(distinct) >= 2 and bool(distinct & CONTENT_ROLES)


def _merged_parent(sheet: Sheet, r: int, c: int) -> str:
    """Text of the merged range covering (r, c), read only inside that range."""
    for r0, c0, r1, c1 in sheet.merged:
        if r0 <= r <= r1 and c0 <= c <= c1:
            v = sheet.rows[r0][c0] if r0 < len(sheet.rows) and c0 < len(sheet.rows[r0]) else None
            return clean(v)
    return ""


def _cell(sheet: Sheet, r: int, c: int) -> object:
    row = sheet.rows[r] if 0 <= r < len(sheet.rows) else []
    return row[c] if c < len(row) else None


def find_table(sheet: Sheet) -> Table | None:
    """The first row that reads as a header (two or more roles, one about content), joined with a
    neighbouring row that completes it (two-row headers with merged parents)."""
    best: tuple[int, dict[int, str]] | None = None
    for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        roles = _row_roles(row)
        if _is_header_candidate(roles) and (best is None or len(roles) > len(best[1])):
            best = (r, roles)
    if best is None:
        return None
    r, _ = best
    header_rows = [r]
    for other in (r + 1, r - 1):
        if 0 <= other < len(sheet.rows) and _completes(sheet, r, other):
            header_rows.append(other)
    header_rows.sort()
    width = max((len(sheet.rows[h]) for h in header_rows), default=0)
    roles, texts = {}, {}
    for c in range(width):
        parts = []
        for h in header_rows:
            v = clean(_cell(sheet, h, c)) or _merged_parent(sheet, h, c)
            if v and v not in parts:
                parts.append(v)
        texts[c] = " / ".join(parts)
        # The most specific (lowest) header row that names a role decides.
        for h in reversed(header_rows):
            v = clean(_cell(sheet, h, c)) or _merged_parent(sheet, h, c)
            role = match_role(v) if v else None
            if role:
                roles[c] = role
                break
    return Table(header_rows, roles, texts)


def _completes(sheet: Sheet, header: int, other: int) -> bool:
    """`other` is part of the header when its labelled cells sit under/over merged or blank
    header cells and it holds no long text (data rows do)."""
    row = sheet.rows[other]
    roles = _row_roles(row)
    if not roles:
        return False
    for c, v in enumerate(row):
        if not is_blank(v) and c not in roles and len(str(v)) > 30:
            return False
    head = sheet.rows[header]
    for c in roles:
        hv = head[c] if c < len(head) else None
        if is_blank(hv) or _merged_parent(sheet, header, c):
            return True
    return False


def is_repeated_header(row: list[object], table: Table) -> bool:
    roles = _row_roles(row)
    same = sum(1 for c, r in roles.items() if table.roles.get(c) == r)
    return same >= 2 or (len(roles) >= 2 and same >= 1 and len(roles) == sum(1 for v in row if not is_blank(v)))


# ---- report metadata from title text -----------------------------------------------------

_FY = re.compile(r"(?:ปีงบประมาณ|ปีงบ\.?|ประจำปี)\s*(?:พ\s*\.?\s*ศ\s*\.?)?\s*(25\d\d)")
_FY_SHORT = re.compile(r"ปีงบ(?:ประมาณ)?\.?\s*(?:พ\s*\.?\s*ศ\s*\.?)?\s*(\d{2})(?!\d)")
_ROUND = re.compile(r"รอบ\s*(?:ที่\s*)?(6|12|๖|๑๒)\s*เดือน")
_ANALYSIS = ("ผลการประเมิน", "จากการวิเคราะห์")
_ANALYSIS_YEAR = re.compile(r"(?:ITA|ปี)\s*(?:พ\s*\.?\s*ศ\s*\.?)?\s*(25\d\d)")


def fiscal_year_in(text: str) -> int | None:
    """The report's fiscal year; a year named as the assessment analysed is not it."""
    s = to_arabic_digits(text)
    cut = _analysis_start(s)
    s = s if cut is None else s[:cut]
    m = _FY.search(s)
    if m:
        return int(m.group(1))
    short = _FY_SHORT.search(s)  # ปีงบประมาณ 66: two-digit years are Buddhist era 25xx
    return 2500 + int(short.group(1)) if short else None


def analysis_year_in(text: str) -> int | None:
    """The assessment analysed, which names the catalog year: 'จากการวิเคราะห์ผลการประเมิน …
    ประจำปีงบประมาณ พ.ศ. ๒๕๖๕', 'ตามผลการประเมิน ITA ปี พ.ศ. 2568' (the year after the words)."""
    s = to_arabic_digits(text)
    cut = _analysis_start(s)
    if cut is None:
        return None
    m = _FY.search(s, cut) or _ANALYSIS_YEAR.search(s, cut)
    return int(m.group(1)) if m else None


def _analysis_start(s: str) -> int | None:
    """Where the words naming an analysed assessment start in the text, None without them."""
    found = [i for i in (s.find(w) for w in _ANALYSIS) if i >= 0]
    if found:
        return min(found)
    return 0 if any(w in squash(s) for w in _ANALYSIS) else None  # the words broken by spaces


def round_in(text: str) -> int | None:
    m = _ROUND.search(to_arabic_digits(text))
    return int(to_arabic_digits(m.group(1))) if m else None


def round_in_filename(name: str) -> int | None:
    s = to_arabic_digits(name).lower()
    m = re.search(r"(?:^|[^a-z0-9])r(?:ound)?[ _-]?(6|12)(?!\d)", s) or re.search(r"รอบ[ _-]?(6|12)(?!\d)", s)
    return int(m.group(1)) if m else None


def fiscal_year_in_filename(name: str) -> int | None:
    m = re.search(r"(?<!\d)(25[5-7]\d)(?!\d)", to_arabic_digits(name))
    return int(m.group(1)) if m else None


@lru_cache(maxsize=1)
def _row_words() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in load_table("row_words.csv"):
        out.setdefault(r["kind"], []).append(squash(r["phrase"]).lower())
    return {k: tuple(v) for k, v in out.items()}


def has_words(text: str, kind: str) -> bool:
    s = squash(text).lower()
    return any(p in s for p in _row_words().get(kind, ()))


_THAI_LETTER = re.compile(r"[\u0e01-\u0e4f]")


def has_word_start(text: str, kind: str) -> bool:
    """Like has_words, but a phrase glued to the end of a longer Thai word does not count: a
    continuation row about "เจ้าหน้าที่" is no "หน้าที่ 2" page footer.

    >>> has_word_start("หน้าที่ 2/3", "footer"), has_word_start("เจ้าหน้าที่ผู้รับผิดชอบ", "footer")
    (True, False)
    """
    chars: list[str] = []
    after_gap: list[bool] = []
    gap = True
    for ch in to_arabic_digits(text).lower():
        if ch.isspace():
            gap = True
            continue
        chars.append(ch)
        after_gap.append(gap)
        gap = False
    s = "".join(chars)
    for phrase in _row_words().get(kind, ()):
        i = s.find(phrase)
        while i >= 0:
            if i == 0 or after_gap[i] or not _THAI_LETTER.match(s[i - 1]):
                return True
            i = s.find(phrase, i + 1)
    return False
