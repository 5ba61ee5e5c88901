"""The same measures followed from one of an agency's periods to the next: matched on item codes
(as cross-year concept ids), then on normalised measure text (difflib ratio), with the progress
between the two."""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

import pandas as pd

from ita_metrics.coerce import to_float, to_int
from ita_metrics.scoring import scoring
from ita_metrics.scoring.periods_frame import period_label, placed, typed
from ita_metrics.thai import catalogs
from ita_metrics.thai.thai_text import clean, squash

MATCH_THRESHOLD = 0.8  # difflib ratio of normalised measure texts that counts as the same measure
_PUNCT = re.compile(r"[\s\-–—_./\\,:;!?()\[\]{}\"'“”‘’*•·…ฯ|+=#%&<>~^`@$]+")

MATCH_COLUMNS = [
    "agency",
    "period_from",
    "period_to",
    "method",
    "similarity",
    "report_id_from",
    "source_file_from",
    "source_sheet_from",
    "source_row_from",
    "report_id_to",
    "source_file_to",
    "source_sheet_to",
    "source_row_to",
    "item_codes_from",
    "item_codes_to",
    "measure_from",
    "measure_to",
    "status_from",
    "status_to",
    "timeliness_from",
    "timeliness_to",
    "progress",
]


@lru_cache(maxsize=65536)
def normalise_text(text: object) -> str:
    """Measure text for comparing: tidy Thai, no spaces or punctuation, Arabic digits, lower case.

    >>> normalise_text("๑. ประชุม ประจำเดือน") == normalise_text("1.ประชุมประจำเดือน")
    True
    """
    return _PUNCT.sub("", squash(clean(text))).lower()


def similarity(a: str, b: str) -> float:
    """difflib ratio of two normalised texts (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _concepts(item_codes: object, catalog_year: object, fiscal_year: object) -> frozenset[str]:
    """The items a measure answers, as cross-year concept ids where the catalog knows the code, so
    that O17 of FY2565 (E-Service) and O18 of FY2566 (E-Service) are the same item."""
    codes = [c for c in str(item_codes or "").split(";") if c.strip()]
    year = to_int(catalog_year) or catalogs.catalog_year_for(to_int(fiscal_year))
    out = set()
    for code in codes:
        item = catalogs.lookup(code, year) if year else None
        out.add(catalogs.concept_family(item.concept_id) if item else catalogs.canonical_code(code))
    return frozenset(out)


def _completion(row: dict) -> float:
    pct = row.get("progress_pct")
    return scoring.completion_score(str(row["status"]), to_float(pct))


def match_measures(measures: pd.DataFrame, threshold: float = MATCH_THRESHOLD) -> pd.DataFrame:
    """The same measures followed from each of an agency's periods to its next one.

    Matched first on agency + item codes (the same items, compared as concept ids across catalog
    years; several measures on the same items are paired by text similarity), then on normalised
    measure text with a difflib ratio ≥ `threshold`. `method` says which: "item_codes", "text",
    or "from_only" / "to_only" for a measure found in one period only. `progress` compares the
    completion score: better / same / worse ("" when unmatched).
    """
    m = placed(measures)
    m["_agency"] = scoring.group_labels(m, "agency")
    periods: dict[str, dict[int, list[dict]]] = {}
    for rec in m.to_dict("records"):
        periods.setdefault(str(rec["_agency"]), {}).setdefault(int(rec["_order"]), []).append(rec)
    rows: list[dict] = []
    for agency in sorted(periods):
        by_order = periods[agency]
        orders = sorted(by_order)
        for o1, o2 in pairwise(orders):
            rows.extend(_match_pair(agency, by_order[o1], by_order[o2], threshold))
    out = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    for col in ("report_id_from", "report_id_to", "source_row_from", "source_row_to"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    return typed(out)


class _Similarity:
    """difflib ratios between two periods' normalised texts, each pair computed once; difflib
    indexes the second text once and reuses it for every first text."""

    def __init__(self, text_a: list[str], text_b: list[str], threshold: float) -> None:
        self.a, self.b, self.threshold = text_a, text_b, threshold
        self.matchers: dict[int, SequenceMatcher] = {}
        self.cache: dict[tuple[int, int], float] = {}

    def matcher(self, i: int, j: int) -> SequenceMatcher:
        sm = self.matchers.get(j)
        if sm is None:
            sm = self.matchers[j] = SequenceMatcher(None, autojunk=False)
            sm.set_seq2(self.b[j])
        sm.set_seq1(self.a[i])
        return sm

    def __call__(self, i: int, j: int) -> float:
        if (i, j) not in self.cache:
            x, y = self.a[i], self.b[j]
            self.cache[(i, j)] = 0.0 if not x or not y else 1.0 if x == y else self.matcher(i, j).ratio()
        return self.cache[(i, j)]

    def close_enough(self, i: int, j: int) -> bool:
        x, y = self.a[i], self.b[j]
        if not x or not y:
            return False
        if x == y:
            return True
        if 2 * min(len(x), len(y)) / (len(x) + len(y)) < self.threshold:  # difflib's real_quick_ratio
            return False
        return self.matcher(i, j).quick_ratio() >= self.threshold and self(i, j) >= self.threshold


def _match_pair(agency: str, ra: list[dict], rb: list[dict], threshold: float) -> list[dict]:
    keys_a = [_concepts(r["item_codes"], r["catalog_year"], r["fiscal_year"]) for r in ra]
    keys_b = [_concepts(r["item_codes"], r["catalog_year"], r["fiscal_year"]) for r in rb]
    sim = _Similarity([normalise_text(r["measure"]) for r in ra], [normalise_text(r["measure"]) for r in rb], threshold)
    close_enough = sim.close_enough

    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int, str]] = []

    def take(candidates: list[tuple[float, int, int]], method: str) -> None:
        for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                pairs.append((i, j, method))

    take(
        [(sim(i, j), i, j) for i in range(len(ra)) for j in range(len(rb)) if keys_a[i] and keys_a[i] == keys_b[j]],
        "item_codes",
    )
    take(
        [
            (sim(i, j), i, j)
            for i in range(len(ra))
            if i not in used_a
            for j in range(len(rb))
            if j not in used_b and close_enough(i, j)
        ],
        "text",
    )

    p1 = period_label(ra[0]["_fy"], ra[0]["_round"] or None)
    p2 = period_label(rb[0]["_fy"], rb[0]["_round"] or None)
    out = [_match_row(agency, p1, p2, method, sim(i, j), ra[i], rb[j]) for i, j, method in sorted(pairs)]
    out.extend(
        _match_row(agency, p1, p2, "from_only", math.nan, ra[i], None) for i in range(len(ra)) if i not in used_a
    )
    out.extend(_match_row(agency, p1, p2, "to_only", math.nan, None, rb[j]) for j in range(len(rb)) if j not in used_b)
    return out


def _match_row(agency: str, p1: str, p2: str, method: str, sim: float, a: dict | None, b: dict | None) -> dict:
    def get(s: dict | None, col: str, default: object = "") -> object:
        return default if s is None else s.get(col, default)

    progress = ""
    if a is not None and b is not None:
        before, after = _completion(a), _completion(b)
        progress = "better" if after > before + 1e-9 else "worse" if after < before - 1e-9 else "same"
    row = {
        "agency": agency,
        "period_from": p1,
        "period_to": p2,
        "method": method,
        "similarity": sim,
        "progress": progress,
    }
    for prefix, s in (("from", a), ("to", b)):
        row[f"report_id_{prefix}"] = get(s, "report_id", None)
        for col in ("source_file", "source_sheet", "item_codes", "measure", "status", "timeliness"):
            row[f"{col}_{prefix}"] = get(s, col)
        row[f"source_row_{prefix}"] = get(s, "source_row", None)
    return row
