"""ITA framework catalogs: what each item code means in each framework year, and which indicator
a heading names.

OIT was renumbered in FY2566, so a code alone is ambiguous: O17 is E-Service in FY2565 and the
satisfaction survey in FY2566. Catalogs are data (`data/catalogs/fy<year>.csv`), one per framework
year, with a `concept_id` that stays the same when an item's code moves.

>>> lookup("O17", 2565).concept_id == lookup("O18", 2566).concept_id == "oit_e_service"
True
>>> pairs = [("O17", "E-Service"), ("O39", "แผนปฏิบัติการป้องกันการทุจริต")]   # a FY2566 report
>>> best_catalog_year(pairs, [2565, 2566])
2565
>>> indicator_from_text("๑. ด้านการใช้งบประมาณ")
('IIT', 2)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from ita_metrics.datafiles import data_path, load_table
from ita_metrics.thai.thai_text import clean, squash

_CODE = re.compile(r"([IEO])0*(\d{1,3})")

TOOL_BY_LETTER = {"I": "IIT", "E": "EIT", "O": "OIT"}

_MATCH = 0.75  # similarity (key-word share or difflib ratio) that counts as a match
_LONG_TEXT_MARGIN = 0.1  # how much better a rival title must match a long text to contradict
_MIN_TEXT = 4  # characters, after clean-up, below which a text says too little
_MIN_PART = 16  # characters of a title quoted in part that name it (when no rival is closer)
_PUNCT = re.compile(r"[\s\-–—_./\\,:;!?()\[\]{}\"'“”‘’*•·…ฯๆ|+]+")


@dataclass(frozen=True)
class CatalogItem:
    code: str
    tool: str
    indicator: int
    title: str
    concept_id: str
    year: int
    also: tuple[str, ...] = ()  # concept ids of earlier items this one absorbed (2568 merged several)
    confidence: str = ""  # how sure the catalog is of the item (2568+: "one page", "inferred", …)
    source: str = ""  # where the title was read (2568+)


# ---------------------------------------------------------------- catalogs


@lru_cache(maxsize=1)
def _years() -> tuple[int, ...]:
    """Framework years with a catalog of their own (a published item list), oldest first."""
    files = data_path("catalogs").glob("fy*.csv")
    return tuple(sorted(int(f.stem[2:]) for f in files if f.stem[2:].isdigit()))


@lru_cache(maxsize=1)
def _assumed() -> dict[int, int]:
    """Years without a published item list → the year whose numbering they are read with."""
    return {int(r["year"]): int(r["numbering_of"]) for r in load_table("catalogs/assumed.csv")}


def available_years() -> list[int]:
    """Framework years the tool can read codes of (own catalog or assumed numbering), oldest first."""
    return sorted(set(_years()) | {y for y, of in _assumed().items() if of in _years()})


def published_years() -> list[int]:
    """Framework years with a catalog of their own, oldest first."""
    return list(_years())


def numbering_year(year: object) -> int | None:
    """The catalog whose codes a framework year uses: itself, the assumed one (2570 → 2569), or None."""
    y = _as_year(year)
    if y in _years():
        return y
    of = _assumed().get(y) if y is not None else None
    return of if of in _years() else None


def is_assumed(year: object) -> bool:
    """True for a year read with another year's numbering because its own is not published."""
    y = _as_year(year)
    return y is not None and y not in _years() and numbering_year(y) is not None


def nearest_year(year: object) -> int | None:
    """The known framework year closest to `year` (itself when known; the later one on a tie)."""
    y, years = _as_year(year), available_years()
    if y is None or not years:
        return None
    return min(years, key=lambda k: (abs(k - y), -k))


def _as_year(year: object) -> int | None:
    """A year from whatever a table holds (int, numpy int, "2565"); None for blanks and NA."""
    try:
        return int(year)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _catalog(year: object) -> dict[str, CatalogItem]:
    y = numbering_year(year)
    return _load_catalog(y) if y is not None else {}


@cache
def _load_catalog(year: int) -> dict[str, CatalogItem]:
    rows = load_table(f"catalogs/fy{year}.csv")
    return {
        r["code"]: CatalogItem(
            r["code"],
            r["tool"],
            int(r["indicator"]),
            r["title"],
            r["concept_id"],
            year,
            tuple((r.get("also") or "").split()),
            r.get("confidence") or "",
            r.get("source") or "",
        )
        for r in rows
    }


def items(year: int) -> list[CatalogItem]:
    """Every item of a framework year in catalog order; empty for a year without a catalog."""
    return list(_catalog(year).values())


def canonical_code(code: str) -> str:
    """Tidy an already-recognised code: "o ๓๕" → "O35". OCR repair is item_codes' job."""
    s = squash(str(code)).upper()
    m = _CODE.fullmatch(s)
    return f"{m.group(1)}{m.group(2)}" if m else s


def lookup(code: str, year: int) -> CatalogItem | None:
    """The item a code means in a framework year; None if that year has no such code."""
    return _catalog(year).get(canonical_code(code))


def tool_of(code: str) -> str | None:
    """The tool a code belongs to, from its letter: the letter decides, whatever the year."""
    s = squash(str(code)).upper()
    return TOOL_BY_LETTER.get(s[:1]) if s else None


def catalog_year_for(fiscal_year: int | None) -> int | None:
    """Catalog a report of fiscal year N follows: N−1, because its measures answer the ITA of N−1.

    When N−1 is unknown (no catalog, not assumed) the nearest known year is used (the earlier one on
    a tie); the importer then flags every measure `catalog_assumed`.
    """
    fy, years = _as_year(fiscal_year), available_years()
    if fy is None or not years:
        return None
    target = fy - 1
    return min(years, key=lambda y: (abs(y - target), y))


# ---------------------------------------------------------------- titles


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    """Text for comparing titles: cleaned, no spaces or punctuation, Arabic digits, lower case."""
    return _PUNCT.sub("", squash(clean(text))).lower()


@lru_cache(maxsize=16384)
def _key_words(text: str) -> frozenset[str]:
    """Character trigrams of the text. Thai runs words together; trigrams compare titles without a
    word dictionary, whose loading would cost more than reading a whole province's files."""
    n = _norm(text)
    if len(n) < 3:
        return frozenset((n,)) if n else frozenset()
    return _grams(n)


def _coverage(words: frozenset[str], text: str) -> float:
    """Share of the key words found in the (normalised) text; 0 when there are no words."""
    if not words:
        return 0.0
    if len(next(iter(words))) < 3:  # a text too short for trigrams: plain containment
        return 1.0 if next(iter(words)) in text else 0.0
    return len(words & _grams(text)) / len(words)


@lru_cache(maxsize=65536)
def _grams(normalised: str) -> frozenset[str]:
    """The trigrams of a normalised text: a trigram occurs in the text iff it is one of these."""
    return frozenset(normalised[i : i + 3] for i in range(len(normalised) - 2))


def _is_long(text: str, title: str) -> bool:
    """A text much longer than the title (a full questionnaire question) rather than a title."""
    return len(_norm(text)) > 2 * len(_norm(title))


@lru_cache(maxsize=65536)
def _similarity(title: str, text: str, exact: bool = True) -> float:
    """How well a printed text names a title, 0–1, tolerant of spacing, digits, typos, extra words.

    A long text only needs to contain the title's key words. A title-length text is judged both
    ways (the mean of the title's words found in it and its words found in the title), or by
    difflib's ratio, which forgives OCR typos. With exact=False, a cheap value the exact one
    cannot exceed (difflib's quick ratio bounds its ratio), for ruling out rival titles fast.
    """
    t, p = _norm(title), _norm(text)
    if not t or not p:
        return 0.0
    words = _word_score(t, p, title, text)
    if _is_long(text, title):
        return words
    if 2.0 * min(len(t), len(p)) / (len(t) + len(p)) <= words:  # difflib's real_quick_ratio
        return words
    quick = _quick_ratio(t, p)
    if not exact:
        return max(words, quick)
    if quick <= words:
        return words  # ratio() ≤ quick_ratio(): the costly ratio cannot win
    return max(words, SequenceMatcher(None, t, p, autojunk=False).ratio())


def _quick_ratio(t: str, p: str) -> float:
    """difflib's quick_ratio (shared characters, counted with repeats) from cached counts, without
    building a SequenceMatcher's index of the text for every rival title."""
    return 2.0 * sum((_char_counts(t) & _char_counts(p)).values()) / (len(t) + len(p))


@lru_cache(maxsize=65536)
def _char_counts(text: str) -> Counter[str]:
    return Counter(text)


def _word_score(t: str, p: str, title: str, text: str) -> float:
    """Mean of the title's key words found in the text and the text's found in the title."""
    forward = 1.0 if t in p else _coverage(_key_words(title), p)
    if _is_long(text, title):
        return forward
    backward = 1.0 if p in t else _coverage(_key_words(text), t)
    return (forward + backward) / 2


def _beats(rival: CatalogItem, item: CatalogItem, text: str) -> bool:
    """Does another title name the text better than the item's own title does?

    For a title-length text the better score wins and, on a tie, the longer (more specific)
    title: "การดำเนินการตามนโยบาย…" is O24, not O23 "นโยบาย…". Questions paraphrase the terse
    IIT/EIT titles, so there a rival must be clearly better.
    """
    if _similarity(rival.title, text, exact=False) < _MATCH:
        return False  # cheap test first: most rivals share too little with the text
    own, other = _similarity(item.title, text), _similarity(rival.title, text)
    if other < _MATCH:
        return False
    if _is_long(text, item.title):
        return other > own + _LONG_TEXT_MARGIN
    probe = _norm(text)
    inside_rival, inside_own = probe in _norm(rival.title), probe in _norm(item.title)
    if len(probe) >= _MIN_PART and inside_rival != inside_own:
        return inside_rival  # quoted word for word from one title only ("แผนการบริหาร…" of 2569's O13)
    return (other, len(rival.title)) > (own, len(item.title))


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    """Indicator and topic names that are no item's title: such a text names no single item."""
    titles = {_norm(it.title) for year in _years() for it in items(year)}
    names = {_norm(r["phrase"]) for r in load_table("indicator_keywords.csv")}
    return frozenset(names - titles)


@lru_cache(maxsize=16384)
def title_agrees(code: str, year: int, text: str) -> bool | None:
    """Does the text printed after a code match that code's title in the year's catalog?

    True when the text matches the title and no other title of the same tool that year matches it
    better; False when it matches another title better, or is a title-length text that matches
    none. None when it cannot be judged: unknown code, too little text, only a topic name (reports
    print "O2 ข้อมูลพื้นฐาน", the topic of O1–O9), or a long text such as a questionnaire question
    that paraphrases the item too freely to match any title.
    """
    item = lookup(code, year)
    text = "" if text is None else str(text)
    probe = _norm(text)
    if item is None or (len(probe) < _MIN_TEXT and probe != _norm(item.title)):
        return None
    if any(_beats(other, item, text) for other in items(year) if other.tool == item.tool and other.code != item.code):
        return False
    if _similarity(item.title, text) >= _MATCH:
        return True
    if len(probe) >= _MIN_PART and probe in _norm(item.title):
        return True  # the first words of a long title ("การขับเคลื่อนนโยบาย No Gift Policy" for 2569's O20)
    if probe in _generic_names() or _is_long(text, item.title):
        return None
    return False


def best_catalog_year(pairs: list[tuple[str, str]], candidates: list[int]) -> int | None:
    """The candidate year whose titles agree most with the (code, printed title) pairs.

    Score = agreements − disagreements. None when nothing could be judged, when the best score is
    not positive, or when every candidate scores the same (the titles do not tell the years apart);
    ties between some candidates go to the one listed first.
    """
    if not candidates:
        return None
    scores: dict[int, int] = {}
    judged = False
    for year in candidates:
        verdicts = [title_agrees(code, year, text) for code, text in pairs]
        judged = judged or any(v is not None for v in verdicts)
        scores[year] = sum(v is True for v in verdicts) - sum(v is False for v in verdicts)
    best = max(scores.values())
    if not judged or best <= 0:
        return None
    if len(candidates) > 1 and all(s == best for s in scores.values()):
        return None
    return next(y for y in candidates if scores[y] == best)


# ---------------------------------------------------------------- concepts across years


@cache
def _by_concept(year: int) -> dict[str, CatalogItem]:
    """concept id → the item of a catalog that carries it, as its own id or one it absorbed."""
    catalog = _load_catalog(year).values()
    out = {c: it for it in catalog for c in it.also}
    out.update({it.concept_id: it for it in catalog})
    return out


def item_for_concept(concept_id: str, year: object) -> CatalogItem | None:
    """The item of a framework year that answers a concept (O42 of 2567 → O27 of 2568 → O25 of 2569).

    >>> [item_for_concept("oit_integrity_measures", y).code for y in (2566, 2568, 2569)]
    ['O42', 'O27', 'O25']
    """
    y = numbering_year(year)
    return _by_concept(y).get(concept_id) if y is not None else None


@cache
def concept_family(concept_id: str) -> str:
    """The id that stands for a concept across the whole history: an item merged into a later one
    (2566's procurement plan into 2568's O12) takes the id of the item that absorbed it, so
    measures on either are "the same item" when followed from year to year."""
    for year in reversed(_years()):
        for it in _load_catalog(year).values():
            if concept_id in it.also:
                return it.concept_id
    return concept_id


@dataclass(frozen=True)
class Resolved:
    """What a printed code, with the text beside it, means in a report's framework year.

    how: "code" (the code and its title agree with the year), "title_mismatch" (the title names
    another item and nothing resolves it: the code is kept and flagged), "other_year" (the code and
    title are another year's item, `via`, answered by `item` this year), "no_counterpart" (another
    year's item with no counterpart this year), "question_text" (an IIT/EIT code of a year whose
    I/E numbering is unpublished: `via` is the earlier item the question text names, for its
    indicator), "unresolved" (nothing known: never mapped by number).
    """

    code: str
    how: str
    item: CatalogItem | None = None
    via: CatalogItem | None = None

    @property
    def indicator(self) -> int | None:
        found = self.item or (self.via if self.how in ("no_counterpart", "question_text") else None)
        return found.indicator if found else None

    @property
    def final_code(self) -> str:
        """The code in the report's year's numbering when known, else the printed one."""
        return self.item.code if self.item else self.code


def resolve(code: str, year: object, text: str = "") -> Resolved:
    """Read a printed code with the title printed after it in a report of framework year `year`.

    >>> r = resolve("O42", 2568, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    >>> (r.how, r.final_code, r.via.code, r.via.year)
    ('other_year', 'O27', 'O42', 2567)
    """
    code = canonical_code(code)
    y = numbering_year(year)
    item = lookup(code, y) if y is not None else None
    verdict = title_agrees(code, y, text) if item is not None else None
    if verdict is True:
        return Resolved(code, "code", item)
    tool = tool_of(code)
    if y is not None and tool and not any(it.tool == tool for it in items(y)):
        asked = question_item(tool, text)  # I/E numbering of the year unpublished: the text decides
        return Resolved(code, "question_text", None, asked) if asked else Resolved(code, "unresolved")
    via = _other_year_item(code, y, text) if y is not None else None
    if via is None and item is not None and verdict is None:
        return Resolved(code, "code", item)  # nothing says the text is another item's
    if via is not None:
        target = item_for_concept(via.concept_id, y) or item_for_concept(concept_family(via.concept_id), y)
        if target is item:  # an earlier title of the same item ("E-Service" for 2569's O10)
            return Resolved(code, "code", item)
        if target is not None:
            return Resolved(code, "other_year", target, via)
        return Resolved(code, "no_counterpart", None, via)
    if item is not None:
        return Resolved(code, "title_mismatch", item)
    return Resolved(code, "unresolved")


def _other_year_item(code: str, year: int | None, text: str) -> CatalogItem | None:
    """The item another framework year gives this code whose title the printed text names."""
    if _norm(text or "") == "":
        return None
    others = sorted((y for y in _years() if y != year), key=lambda y: (abs(y - (year or 0)), -y))
    for other in others:
        if lookup(code, other) is not None and title_agrees(code, other, text) is True:
            return lookup(code, other)
    return None


_QUESTION_MATCH = 0.6  # share of a terse IIT/EIT gist found in a printed question that names it


def question_item(tool: str, text: str) -> CatalogItem | None:
    """The IIT/EIT item (of the latest year that numbers them) whose gist the question text names
    best, for its indicator; None when no gist is named clearly enough or two tie."""
    years = [y for y in reversed(_years()) if any(it.tool == tool for it in items(y))]
    if not years or len(_norm(text or "")) < _MIN_TEXT:
        return None
    scored = sorted(
        ((_similarity(it.title, text), it) for it in items(years[0]) if it.tool == tool), key=lambda p: -p[0]
    )
    if not scored or scored[0][0] < _QUESTION_MATCH:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1].indicator != scored[0][1].indicator:
        return None
    return scored[0][1]


# ---------------------------------------------------------------- indicators


@lru_cache(maxsize=1)
def _indicators() -> dict[int, dict[str, str]]:
    return {int(r["indicator"]): r for r in load_table("indicators.csv")}


def indicator_name(indicator: int, lang: str = "th") -> str:
    """Name of an indicator in Thai ("th") or English ("en"); "" for an unknown indicator."""
    row = _indicators().get(int(indicator))
    return row.get("name_en" if lang == "en" else "name_th", "") if row else ""


def indicator_tool(indicator: int) -> str:
    """The tool that measures an indicator (1–5 IIT, 6–8 EIT, 9–10 OIT); "" if unknown."""
    row = _indicators().get(int(indicator))
    return row["tool"] if row else ""


@lru_cache(maxsize=1)
def _keywords() -> tuple[tuple[str, str, int], ...]:
    """(squashed phrase, tool, indicator), longest phrase first; file order breaks ties."""
    rows = [(_norm(r["phrase"]), r["tool"], int(r["indicator"])) for r in load_table("indicator_keywords.csv")]
    return tuple(sorted((r for r in rows if r[0]), key=lambda r: -len(r[0])))


def indicator_from_text(text: str) -> tuple[str, int] | None:
    """(tool, indicator) named in a heading or printed indicator name; the longest phrase wins.

    >>> indicator_from_text("๘. ด้านการดำเนินการเพื่อป้องกันการทุจริต")
    ('OIT', 10)
    """
    probe = _norm("" if text is None else str(text))
    for phrase, tool, indicator in _keywords():
        if phrase in probe:
            return tool, indicator
    return None
