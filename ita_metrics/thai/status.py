"""Completion status from report text, check-mark columns and percentages.

>>> classify("ยังไม่ได้ดำเนินการ").status   # negation decides, not the substring ดำเนินการ
'not_started'
>>> classify("มีการจัดประชุม แต่ไม่ได้เผยแพร่ผล").status
'in_progress'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ita_metrics.datafiles import load_table
from ita_metrics.thai.thai_text import is_blank, squash


@dataclass(frozen=True)
class StatusReading:
    status: str  # done | in_progress | not_started | unknown
    progress_pct: float | None = None
    inferred: bool = False  # read from a described result rather than status words


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[re.Pattern[str], ...]]:
    out: dict[str, list[re.Pattern[str]]] = {}
    for row in load_table("status_words.csv"):
        out.setdefault(row["kind"], []).append(re.compile(row["pattern"]))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _marks() -> frozenset[str]:
    return frozenset(r["mark"] for r in load_table("check_marks.csv"))


def _has(kind: str, s: str) -> bool:
    return any(p.search(s) for p in _words().get(kind, ()))


def is_check_mark(value: object) -> bool:
    """A ticked cell: a mark alone (√ ✓ ✔ / …) or True."""
    if value is True:
        return True
    if value is None or value is False:
        return False
    s = str(value).strip()
    return s in _marks() or (s.endswith(".0") and s[:-2] in _marks())


def percentage(text: str) -> float | None:
    """The last percentage written in the text (ร้อยละ 60, 60%, 60 %)."""
    s = squash(text)
    found = re.findall(r"(?:ร้อยละ)(\d{1,3}(?:\.\d+)?)|(\d{1,3}(?:\.\d+)?)(?:%|เปอร์เซ็นต์)", s)
    values = [float(a or b) for a, b in found if float(a or b) <= 100]
    return values[-1] if values else None


def classify(text: str, final_report: bool = False) -> StatusReading:
    """Status of one result/status text. A described result with no status words counts as done
    (and is marked inferred), because reports describe finished work that way (มีการจัดทำ…)."""
    if is_blank(text):
        return StatusReading("unknown")
    if is_check_mark(text):
        return StatusReading("done")
    s = squash(text)
    pct = percentage(text)
    if _has("partial", s):
        return StatusReading("in_progress", pct if pct is not None and pct < 100 else None)
    if _has("not_started", s) or _has("plan", s):
        return StatusReading("not_started", 0.0 if pct == 0 else None)
    if pct is not None:
        if pct >= 100:
            return StatusReading("done", 100.0)
        if pct <= 0:
            return StatusReading("not_started", 0.0)
        return StatusReading("in_progress", pct)
    if _has("in_progress", s):
        return StatusReading("in_progress")
    if _has("done", s):
        return StatusReading("done")
    if len(s) >= 8 and re.search(r"[ก-ฮ]", s):
        return StatusReading("done", inferred=True)
    return StatusReading("unknown")


def from_check_columns(not_started: object, in_progress: object, done: object) -> tuple[str, bool] | None:
    """Status from three check-mark columns; None when none is ticked. The flag says whether
    more than one was ticked (the most advanced wins, and the conflict is flagged)."""
    ticks = [is_check_mark(not_started), is_check_mark(in_progress), is_check_mark(done)]
    if not any(ticks):
        return None
    status = "done" if ticks[2] else "in_progress" if ticks[1] else "not_started"
    return status, sum(ticks) > 1
