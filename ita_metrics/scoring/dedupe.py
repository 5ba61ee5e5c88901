"""Combine imported files into one measures table that counts every report once.

Officers re-upload the same file, send a corrected report, or keep a consolidated workbook next
to the agencies' own files. Counting those twice would inflate an agency's measures, so:

1. a file whose bytes (content_hash) equal a later file's is dropped (reason "same_file");
2. a report — one agency's measures for one fiscal year and round inside one file — is dropped
   when a later file holds a report of the same agency, year and round ("same_report"). The same
   agency means the same name in the same province: เทศบาลตำบลสระแก้ว of two provinces are two
   agencies (issue 19). A consolidated file can hold many agencies, so this is decided per (file, agency).

"Later" is the order of the list: the newer import wins. Results with `.error` are ignored.
Measures without an agency cannot be matched to another report and are always kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from ita_metrics.coerce import to_int
from ita_metrics.model import MEASURE_FIELDS, empty_measures
from ita_metrics.thai.agencies import normalize_agency
from ita_metrics.thai.gazetteer import province_key
from ita_metrics.words import text, when_text

ReportKey = tuple[str, int | None, int | None, str]  # (agency, fiscal_year, round, province)
KEY_COLUMNS = ["agency", "fiscal_year", "round", "province"]


class FileResultLike(Protocol):
    file: str
    content_hash: str
    measures: pd.DataFrame
    error: Any


@dataclass
class Combined:
    measures: pd.DataFrame
    replaced: list[dict] = field(default_factory=list)  # what was left out, and why


def normalise_agency(name: object) -> str:
    """Canonical agency names have no spaces; strip any that slipped through (defensive)."""
    if name is None or name is pd.NA or (isinstance(name, float) and name != name):
        return ""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFC", str(name)))
    return normalize_agency(text) or text


def combine(results: Sequence[FileResultLike]) -> Combined:
    """One measures table from several file results, each file and each report counted once."""
    usable = [
        (i, r)
        for i, r in enumerate(results)
        if getattr(r, "error", None) is None and getattr(r, "measures", None) is not None
    ]
    replaced: list[dict] = []

    # 1. identical bytes: keep the last copy
    last_by_hash = {r.content_hash: i for i, r in usable if r.content_hash}
    kept = []
    for i, r in usable:
        winner = last_by_hash.get(r.content_hash, i) if r.content_hash else i
        if winner != i:
            replaced.append(_same_file_entry(r, results[winner]))
        else:
            kept.append((i, r))

    # 2. the same report in two files: keep the one from the later file. One table for all
    # files (concatenated once, agency names normalised once per distinct name), each row
    # tagged with its file's position.
    frames = [(i, r.measures) for i, r in kept if len(r.measures)]
    if not frames:
        return Combined(measures=empty_measures(), replaced=replaced)
    whole = pd.concat([f for _, f in frames], ignore_index=True)
    owner = [i for i, f in frames for _ in range(len(f))]
    names = whole["agency"].tolist()
    canonical = {n: normalise_agency(n) for n in set(names)}
    whole["agency"] = [canonical[n] if n in canonical else normalise_agency(n) for n in names]
    keys = [_key(row) for row in whole[KEY_COLUMNS].itertuples(index=False)]
    last_by_report: dict[ReportKey, int] = {}
    for i, key in zip(owner, keys):
        if key[0]:  # measures with no agency are no report: always kept
            last_by_report[key] = i
    for i, key in dict.fromkeys(zip(owner, keys)):  # file order, then order of appearance
        winner = last_by_report.get(key, i)
        if winner != i:
            replaced.append(_same_report_entry(results[i], results[winner], key))
    keep = [last_by_report.get(key, i) == i for i, key in zip(owner, keys)]
    return Combined(measures=_concat([whole.loc[keep].reset_index(drop=True)]), replaced=replaced)


def _with_agency_key(measures: pd.DataFrame) -> pd.DataFrame:
    out = measures.copy()
    out["agency"] = out["agency"].map(normalise_agency)
    return out


def _key(row: tuple) -> ReportKey:
    """An agency is its place and its name: namesakes in two provinces are two agencies (a report
    whose province is unknown matches only another with none)."""
    agency, fiscal_year, round_, province = row
    return (agency, to_int(fiscal_year), to_int(round_), province_key(str(province or "")))


def _report_keys(frame: pd.DataFrame) -> list[ReportKey]:
    """The reports in one file, in order of appearance; measures with no agency are not one."""
    keys = (_key(row) for row in frame[KEY_COLUMNS].itertuples(index=False))
    return list(dict.fromkeys(k for k in keys if k[0]))


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_measures()
    out = pd.concat(parts, ignore_index=True)
    others = [c for c in out.columns if c not in MEASURE_FIELDS]
    return out[MEASURE_FIELDS + others]


def _same_file_entry(result: FileResultLike, winner: FileResultLike) -> dict:
    frame = _with_agency_key(result.measures)
    keys = _report_keys(frame)
    agencies = list(dict.fromkeys(k[0] for k in keys))
    years = {k[1] for k in keys}
    rounds = {k[2] for k in keys}
    return {
        "file": result.file,
        "replaced_by": winner.file,
        "agency": ", ".join(agencies),
        "fiscal_year": years.pop() if len(years) == 1 else None,
        "round": rounds.pop() if len(rounds) == 1 else None,
        "reason": "same_file",
        "th": text("dedupe.same_file", "th", file=result.file, winner=winner.file),
        "en": text("dedupe.same_file", "en", file=result.file, winner=winner.file),
    }


def _same_report_entry(result: FileResultLike, winner: FileResultLike, key: ReportKey) -> dict:
    agency, fiscal_year, round_, _province = key
    when_th, when_en = when_text(fiscal_year, round_)
    values = {"agency": agency, "file": result.file, "winner": winner.file}
    return {
        "file": result.file,
        "replaced_by": winner.file,
        "agency": agency,
        "fiscal_year": fiscal_year,
        "round": round_,
        "reason": "same_report",
        "th": text("dedupe.same_report", "th", when=when_th, **values),
        "en": text("dedupe.same_report", "en", when=when_en, **values),
    }
