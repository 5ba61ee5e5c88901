"""Tables without ruling lines: text lines cut into columns where they leave a common gutter, rows
started by a wider line pitch; free text lines (titles, signatures) stay one cell."""

from __future__ import annotations

from statistics import median

from ita_metrics.reading.pdf_rules import _cell, _slot
from ita_metrics.reading.pdf_text import (
    COLUMN_GAP_EM,
    ROW_GAP_FACTOR,
    SNAP,
    Cell,
    Char,
    PageRow,
    chars_text,
    text_lines,
)

# --- tables from column positions (no ruling lines) ----------------------------------------


def _segments_of(line: list[Char]) -> list[list[Char]]:
    """A line cut where the gap between two characters is wider than COLUMN_GAP_EM."""
    segs: list[list[Char]] = [[line[0]]]
    for ch in line[1:]:
        gap = (
            ch.x0 - max(c.x1 for c in segs[-1] if not c.text.isspace())
            if any(not c.text.isspace() for c in segs[-1])
            else 0
        )
        if gap > COLUMN_GAP_EM * ch.size and not ch.text.isspace():
            segs.append([ch])
        else:
            segs[-1].append(ch)
    return [s for s in segs if any(not c.text.isspace() for c in s)]


def visual_lines(chars: list[Char]) -> list[list[list[Char]]]:
    """Runs of text grouped into lines across the page, top to bottom, each as its segments left to
    right (the text stream may give a table cell by cell, not line by line)."""
    pieces = [seg for run in text_lines(chars) if any(not c.text.isspace() for c in run) for seg in _segments_of(run)]
    pieces.sort(key=lambda s: s[0].base)
    lines: list[list[list[Char]]] = []
    for seg in pieces:
        if lines and abs(seg[0].base - lines[-1][0][0].base) <= 0.5 * max(seg[0].size, 4.0):
            lines[-1].append(seg)
        else:
            lines.append([seg])
    for line in lines:
        line.sort(key=lambda s: min(c.x0 for c in s))
    return lines


def free_rows(chars: list[Char]) -> list[PageRow]:
    """Text outside ruled tables: column-aligned lines become table rows, other lines free text."""
    segs = visual_lines(chars)
    if not segs:
        return []
    lines = [[c for seg in line for c in seg] for line in segs]
    seps = _column_separators([s for s in segs if len(s) >= 2])
    if len(seps) < 1 or sum(1 for s in segs if len(s) >= 2) < 3:
        return [_free(ln) for ln in lines]
    return _aligned_rows(lines, segs, seps)


def _free(line: list[Char]) -> PageRow:
    ink = [c for c in line if not c.text.isspace()] or line
    return PageRow(
        min(c.top for c in ink),
        max(c.bottom for c in ink),
        [Cell(min(c.x0 for c in ink), max(c.x1 for c in ink), chars_text(line))],
        in_table=False,
    )


def _column_separators(multi: list[list[list[Char]]]) -> list[float]:
    """x positions no segment of a multi-column line crosses: the gutters between columns."""
    spans = sorted((min(c.x0 for c in s), max(c.x1 for c in s)) for segs in multi for s in segs)
    if not spans:
        return []
    seps, reach = [], spans[0][1]
    for a, b in spans[1:]:
        if a > reach + 2:
            seps.append((reach + a) / 2)
        reach = max(reach, b)
    return seps


def _aligned_rows(lines: list[list[Char]], segs: list[list[list[Char]]], seps: list[float]) -> list[PageRow]:
    """Lines between the first and last multi-column line form a table; lines above and below stay
    free text. Rows are told apart by a wider line pitch where the table has one; in a table set
    without space between rows, by a column whose text starts again after a blank stretch (cells
    are top-aligned: within a row a column's lines follow each other, then it runs out)."""
    multi = [i for i, s in enumerate(segs) if len(s) >= 2]
    first, last = multi[0], multi[-1]
    edges = [min(c.x0 for ln in lines for c in ln)] + seps + [max(c.x1 for ln in lines for c in ln)]
    pitches = [lines[i + 1][0].base - lines[i][0].base for i in range(first, last)]
    normal = median([p for p in pitches if p > 0]) if any(p > 0 for p in pitches) else 0
    while (
        last + 1 < len(lines)
        and normal
        and lines[last + 1][0].base - lines[last][0].base <= ROW_GAP_FACTOR * normal
        and all(_within_column(seg, edges) for seg in segs[last + 1])
    ):
        last += 1  # the last row's wrapped lines, one column each
    spaced = any(p > ROW_GAP_FACTOR * normal for p in pitches) if normal else True
    out = [_free(ln) for ln in lines[:first]]
    current: list[list[Char]] | None = None
    top = bottom = prev_base = 0.0
    ends: dict[int, float] = {}  # column -> foot of its last line of text
    for i in range(first, last + 1):
        cols: list[list[Char]] = [[] for _ in range(len(edges) - 1)]
        for seg in segs[i]:
            cx = (min(c.x0 for c in seg) + max(c.x1 for c in seg)) / 2
            cols[_slot(edges, cx) or 0].extend(seg)
        base = lines[i][0].base
        restarts = any(
            col and min(c.top for c in col) - ends.get(k, -1e9) > 1.5 * max(c.size for c in col)
            for k, col in enumerate(cols)
        ) or (current is not None and _header_like(current))
        if current is None or (base - prev_base > ROW_GAP_FACTOR * normal if spaced else restarts):
            if current is not None:
                out.append(_aligned(current, edges, top, bottom))
            current = cols
            top = min(c.top for c in lines[i])
        else:
            for k, col in enumerate(cols):
                current[k].extend(col)
        bottom = max(c.bottom for c in lines[i])
        prev_base = base
        ends.update({k: max(c.bottom for c in col) for k, col in enumerate(cols) if col})
    if current is not None:
        out.append(_aligned(current, edges, top, bottom))
    out.extend(_free(ln) for ln in lines[last + 1 :])
    return out


def _header_like(cols: list[list[Char]]) -> bool:
    """Two or more column headers (มาตรการ, ผู้รับผิดชอบ, …): the header row ends there."""
    from ita_metrics.reading.layout import match_role

    return len({match_role(chars_text(col)) for col in cols if col} - {None}) >= 2


def _within_column(seg: list[Char], edges: list[float]) -> bool:
    a, b = min(c.x0 for c in seg), max(c.x1 for c in seg)
    return any(edges[k] - SNAP <= a and b <= edges[k + 1] + SNAP for k in range(len(edges) - 1))


def _aligned(cols: list[list[Char]], edges: list[float], top: float, bottom: float) -> PageRow:
    return PageRow(top, bottom, [_cell(edges[k], edges[k + 1], col) for k, col in enumerate(cols)])
