"""Find measures by words across issue, measure, steps and result.

Thai is written without spaces, so both the query and the texts are cut into words with
pythainlp's newmm (offline dictionary): "ร้องเรียน" finds "การร้องเรียน" (cut as การ|ร้องเรียน)
but not "เรียน" inside "ร้องเรียน" by accident of letters. Latin words match case-insensitively
("no gift" finds "No Gift Policy"). Every word of the query must appear in one of the fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from ita_metrics.datafiles import load_table
from ita_metrics.thai.thai_text import clean, to_arabic_digits

FIELDS = ("issue", "measure", "steps", "result")
_DROP = re.compile(r"^[\s\W_]+$")


@lru_cache(maxsize=20000)
def _normal(text: str) -> str:
    """The text as it is cut into words: cleaned, Arabic digits, lower case."""
    return to_arabic_digits(clean(text)).lower()


@lru_cache(maxsize=20000)
def words(text: str) -> tuple[str, ...]:
    """The words of a text, lower-cased, punctuation and spaces dropped (newmm for Thai)."""
    from pythainlp.tokenize import word_tokenize

    text = _normal(text)
    if not text:
        return ()
    return tuple(
        w.strip()
        for w in word_tokenize(text, engine="newmm", keep_whitespace=False)
        if w.strip() and not _DROP.match(w)
    )


@lru_cache(maxsize=1)
def _prefixes() -> tuple[str, ...]:
    return tuple(r["prefix"].strip() for r in load_table("search_prefixes.csv"))


@lru_cache(maxsize=20000)
def _forms(word: str) -> frozenset[str]:
    """A word and, for "การร้องเรียน", also "ร้องเรียน" (data/search_prefixes.csv)."""
    forms = {word}
    for p in _prefixes():
        if word.startswith(p) and len(word) > len(p) + 1:
            forms.add(word[len(p) :])
    return frozenset(forms)


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    """`needle` as consecutive words of `haystack` (each word also in its unprefixed form)."""
    n = len(needle)
    return any(all(needle[k] in _forms(haystack[i + k]) for k in range(n)) for i in range(len(haystack) - n + 1))


def search(measures: pd.DataFrame, query: str, fields: Sequence[str] = FIELDS) -> pd.DataFrame:
    """The measures whose fields hold every term of the query, with `matched_in` (the fields
    that hold a term). Terms are space-separated; a Thai term of several words ("ช่องทางร้องเรียน")
    must appear as those words in a row."""
    terms = [words(t) for t in query.split()]
    terms = [t for t in terms if t]
    if not terms or measures.empty:
        return measures.iloc[0:0].assign(matched_in=pd.Series(dtype="object"))
    keep, where = [], []
    columns = [measures[f].astype(str).tolist() for f in fields]
    pieces = {w for term in terms for w in term}
    for values in zip(*columns):
        found: list[str] = []
        ok = True
        # every word of the query is a piece of the text: rows lacking one are not cut into words
        # (cutting is the slow part; a province's first search would otherwise cut every text)
        flat = " ".join(_normal(v) for v in values)
        if not all(p in flat for p in pieces):
            keep.append(False)
            where.append("")
            continue
        cut = [words(v) for v in values]
        for term in terms:
            hits = [f for f, w in zip(fields, cut) if _contains(w, term)]
            if not hits:
                ok = False
                break
            found.extend(h for h in hits if h not in found)
        keep.append(ok)
        where.append(";".join(f for f in fields if f in found) if ok else "")
    out = measures.loc[keep].copy()
    out["matched_in"] = [w for w, k in zip(where, keep) if k]
    return out
