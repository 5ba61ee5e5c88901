"""Scoring: many reports' measures -> one table counted once -> scores per group.

`dedupe` (each agency / year / round once), `corrections` (the officer's fixes on top of the
import), `ocr_review` (reviewed OCR values as corrections), `scoring` (per-measure and per-group
scores and grades), `history` (rounds and years compared) with `measure_match` (measures followed
across rounds) and `periods_frame` (period labels and order).

Place in the pipeline: after `interpret`; `presentation`, `export`, `store` and the UI read from it.
"""

__all__ = [
    "corrections",
    "dedupe",
    "history",
    "measure_match",
    "ocr_review",
    "periods_frame",
    "scoring",
]
