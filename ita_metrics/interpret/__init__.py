"""Interpreting one report: raw rows -> measures with dates, status, timeliness and as-of date.

`interpret` (cells -> measure fields), `asof` (the date a report is judged at), `timeliness`
(on time / late / overdue / not due), `periods` (fiscal years and rounds offered, from a given today)
and `importer.parse_file` (one file's `FileResult`: measures, skipped rows, messages).

Place in the pipeline: after `reading` and `thai`; `scoring` and everything after build on it.
"""

__all__ = [
    "asof",
    "importer",
    "interpret",
    "periods",
    "timeliness",
]
