"""The officer's follow-up: who should report, who did, what to search.

`roster` (agency lists read from Excel/CSV), `submissions` (received / late / missing for a round)
and `search` (measures found by Thai words).

Place in the pipeline: beside `scoring`, on the measures `interpret` produced; never imports
`presentation`, `export` or the store.
"""

__all__ = [
    "roster",
    "search",
    "submissions",
]
