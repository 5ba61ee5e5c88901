"""What a CSV's quoting did to its records, checked after reading: never one measure in silence.

One unescaped `"` opens a quoted field that runs to the next quote or the end of the file: the
records in between become one cell (1 measure read instead of 6, and a wrong grade). The reader is
lenient on purpose (a stray quote inside a field is common), so these checks look at the result:

- **swallowed records** (refused): a field whose lines look like records of their own (as many
  delimiters as a record has fields, on two lines or more) — an unbalanced quote;
- **a tall field** (warning): far more line breaks in one field than in any other;
- **collapsed rows** (warning): many more lines in the file than records read.
"""

from __future__ import annotations

from collections import Counter
from statistics import median

from ita_metrics.errors import Message, ReadError, message

TALL_FIELD_LINES = 30  # a field with more line breaks than this, and ...
TALL_FIELD_FACTOR = 5  # ... this many times the typical multi-line field, is flagged
COLLAPSE_MIN_LINES = 30  # a file this long ...
COLLAPSE_FACTOR = 4  # ... with this many lines per record has collapsed rows


def check(rows: list[list[str]], starts: list[int], lines: int, delimiter: str, name: str) -> list[Message]:
    """Raise ReadError for swallowed records; return warnings for tall fields and collapsed rows.
    `starts[i]` is the physical line record i begins on; `lines` the file's line count."""
    width = _usual_width(rows)
    breaks: list[tuple[int, int]] = []  # (line breaks, record index) of each multi-line field
    for i, row in enumerate(rows):
        for cell in row:
            n = cell.count("\n")
            if not n:
                continue
            breaks.append((n, i))
            rowlike = sum(1 for line in cell.split("\n")[1:] if width > 1 and line.count(delimiter) >= width - 1)
            if rowlike >= 2:
                raise ReadError(
                    message("csv_unbalanced_quote", file=name, row=i + 1, record=i + 1, line=starts[i], n=rowlike + 1)
                )
    return _tall_fields(breaks, starts, name) + _collapsed(len(rows), lines, name)


def _usual_width(rows: list[list[str]]) -> int:
    """The number of fields most records have (the table's width)."""
    counts = Counter(len(r) for r in rows if len(r) > 1)
    return counts.most_common(1)[0][0] if counts else 1


def _tall_fields(breaks: list[tuple[int, int]], starts: list[int], name: str) -> list[Message]:
    if not breaks:
        return []
    tallest, at = max(breaks)
    others = [n for n, i in breaks if i != at] or [1]
    if tallest > TALL_FIELD_LINES and tallest > TALL_FIELD_FACTOR * median(others):
        return [message("csv_tall_field", "warning", file=name, row=at + 1, record=at + 1, line=starts[at], n=tallest)]
    return []


def _collapsed(records: int, lines: int, name: str) -> list[Message]:
    if lines >= COLLAPSE_MIN_LINES and records * COLLAPSE_FACTOR < lines:
        return [message("csv_few_records", "warning", file=name, lines=f"{lines:,}", records=f"{records:,}")]
    return []
