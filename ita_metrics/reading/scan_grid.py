"""Table cells of a straightened page image, found from its ruling lines (not from OCR line order).

Why rulings: Thai report tables wrap every cell over many lines; only the printed grid says which
words belong to which cell, and a row that spans the table (a heading) is a band without inner
vertical lines."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

MIN_BAND_PX = 15  # thinner bands between two rulings are double lines, not rows
LINE_GAP_PX = 3  # ruling pixels closer than this belong to one line
MIN_RULE_WIDTH = 0.25  # a row ruling spans the table: a quarter of the page width at least
MIN_RULE_HEIGHT = 0.08  # a column ruling runs through rows: text strokes stay far shorter
RULE_COVER = 0.75  # a faint ruling that fades before the next column still covers this share
RULE_END_PX = 6  # a ruling starts (and mostly ends) this close to a column ruling


@dataclass
class Cell:
    row: int  # band index on the page (0 = first band of the table)
    col0: int  # first and last column covered (a merged heading spans them all)
    col1: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels, rulings excluded


@dataclass
class PageGrid:
    columns: list[int]  # x of each vertical ruling, left to right
    cells: list[Cell] = field(default_factory=list)
    text_above: tuple[int, int, int, int] | None = None  # free text (titles) above the table
    text_below: tuple[int, int, int, int] | None = None  # signatures, notes below it

    @property
    def n_columns(self) -> int:
        return max(0, len(self.columns) - 1)

    @property
    def n_rows(self) -> int:
        return 1 + max((c.row for c in self.cells), default=-1)


def _ruling_positions(mask: np.ndarray, axis: int, min_len: float) -> list[tuple[int, int]]:
    """(first, last) pixel index of each ruling: runs of rows (axis=1) or columns (axis=0) whose
    line pixels cover at least `min_len` of the page."""
    counts = (mask > 0).sum(axis=axis)
    hits = np.nonzero(counts > min_len * mask.shape[axis])[0]
    runs: list[list[int]] = []
    for k in hits.tolist():
        if runs and k - runs[-1][1] <= LINE_GAP_PX:
            runs[-1][1] = k
        else:
            runs.append([k, k])
    return [(a, b) for a, b in runs]


def _clear_above(ink: np.ndarray, mask: np.ndarray, a: int, b: int) -> bool:
    """A ruling has paper just above it; a line of bold text, whose letters' feet can run together
    like a ruling, has the letters' bodies there."""
    xs = np.nonzero((mask[a : b + 1] > 0).any(axis=0))[0]
    if a < 5 or not len(xs):
        return True
    above = (ink[a - 5 : a - 1, xs] > 0).any(axis=0)
    return float(above.mean()) < 0.4


def _meets_columns(mask: np.ndarray, a: int, b: int, cols_x: list[tuple[int, int]]) -> bool:
    """A ruling starts at a column ruling and runs (nearly) unbroken to another (a partial one under
    a cell that spans rows starts at an inner column); a run of bold text starts after the cell's
    padding and has word gaps."""
    if len(cols_x) < 2:
        return True
    covered = (mask[a : b + 1] > 0).any(axis=0)
    xs = np.nonzero(covered)[0]
    if not len(xs):
        return False
    left, right = int(xs[0]), int(xs[-1])
    near = [(c0 + c1) // 2 for c0, c1 in cols_x]
    starts_at_column = min(abs(left - x) for x in near) <= RULE_END_PX
    ends_at_column = min(abs(right - x) for x in near) <= RULE_END_PX
    return starts_at_column and (ends_at_column or len(xs) / (right - left + 1) >= RULE_COVER)


def line_masks(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling pixels, and the ink mask they come from: ink that survives
    opening with a long thin kernel (text strokes are far shorter). Thin rulings print lighter than
    text, so ink here is anything darker than halfway between the paper and Otsu's threshold."""
    import cv2

    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    paper = float(np.median(gray))
    ink = ((gray < (otsu + paper) / 2) * 255).astype(np.uint8)
    h, w = ink.shape

    def lines(long: tuple[int, int], gap: tuple[int, int]) -> np.ndarray:
        # close the small breaks speckle and light toner leave, then keep only long runs
        closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, gap))
        return cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, long))

    horizontal = lines((max(10, w // 25), 1), (5, 1))
    vertical = lines((1, max(10, h // 30)), (1, 5))
    return horizontal, vertical, ink


def find_grid(gray: np.ndarray) -> PageGrid:
    """Cells of the page's table, row by row; a page without rulings is all free text."""
    h, w = gray.shape
    horizontal, vertical, ink = line_masks(gray)
    cols_x = _ruling_positions(vertical, 0, MIN_RULE_HEIGHT)
    rows_y = [
        (a, b)
        for a, b in _ruling_positions(horizontal, 1, MIN_RULE_WIDTH)
        if _clear_above(ink, horizontal, a, b) and _meets_columns(horizontal, a, b, cols_x)
    ]
    if len(rows_y) < 2 or len(cols_x) < 2:
        return PageGrid([], text_above=(0, 0, w, h))
    xs = [(a + b) // 2 for a, b in cols_x]
    grid = PageGrid(xs)
    band = 0
    top_rule = bottom_rule = None
    for (a0, a1), (b0, b1) in itertools.pairwise(rows_y):
        y0, y1 = a1 + 1, b0 - 1
        if y1 - y0 < MIN_BAND_PX:
            continue
        present = [k for k, (c0, c1) in enumerate(cols_x) if _crosses(vertical, c0, c1, y0, y1)]
        if len(present) < 2:
            continue  # no side rulings: not a table row (text between two tables, or a stray line)
        for left, right in itertools.pairwise(present):
            box = (cols_x[left][1] + 1, y0, cols_x[right][0] - 1, y1)
            grid.cells.append(Cell(band, left, right - 1, box))
        top_rule = a0 if top_rule is None else top_rule
        bottom_rule = b1
        band += 1
    if top_rule is None or bottom_rule is None:
        return PageGrid([], text_above=(0, 0, w, h))
    if top_rule > MIN_BAND_PX:
        grid.text_above = (0, 0, w, top_rule)
    if h - bottom_rule > MIN_BAND_PX * 3:
        grid.text_below = (0, bottom_rule + 1, w, h)
    return grid


def _crosses(vertical: np.ndarray, c0: int, c1: int, y0: int, y1: int) -> bool:
    """Whether a vertical ruling runs through most of the band y0..y1."""
    pad = 2
    strip = vertical[y0 + pad : max(y0 + pad + 1, y1 - pad), max(0, c0 - 3) : c1 + 4]
    return bool(strip.size) and float((strip > 0).any(axis=1).mean()) > 0.8


def crop(gray: np.ndarray, box: tuple[int, int, int, int], margin: int = 4) -> np.ndarray:
    """The inside of a cell, a few pixels in from the rulings so no line remnant reaches the OCR."""
    x0, y0, x1, y1 = box
    return gray[
        y0 + margin : max(y0 + margin + 1, y1 - margin + 1), x0 + margin : max(x0 + margin + 1, x1 - margin + 1)
    ]
