"""Thai digits read again by their shape, with templates drawn at first use from the Thai fonts
installed on this machine.

Why: Tesseract's Thai model confuses Thai digits (๖ read ๒, ๔ read ๕, ๗ read ๓), which ruins dates
and item codes, and no setting of it helps. The ten digit shapes are few and fixed, so a nearest-
neighbour vote over gradient histograms of the digits drawn in every installed Thai font (several
sizes, blurred, noised and turned a little as a scanner does) tells them apart reliably. Nothing
is downloaded or shipped: without Thai fonts the reading stays Tesseract's (and the year checks of
ocr_text still apply). Drawing takes some CPU seconds, so the templates are kept in the temporary
folder, keyed by the fonts and the drawing settings, for the next reader process."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ita_metrics.reading.tesseract import Word

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# Shapes that are no Thai digit but Tesseract may take for one (letters, mai yamok, Arabic digits,
# brackets): drawn as one "other" class, so such a glyph keeps Tesseract's reading.
OTHERS = "ดตถคฅฆญฎฏณภผฝยลวอรกฤๆฯ0123456789()oO"
OTHER = len(THAI_DIGITS)  # the label of the "other" class
SIDE = 24  # a glyph is compared as a SIDE × SIDE picture
CELL = 6  # gradient histograms over CELL × CELL squares
BINS = 9  # orientations per histogram
SIZES_PX = (
    18,
    21,
    24,
    28,
)  # font sizes drawn (pixels per em); glyphs are scaled to SIDE, so these vary stroke and blur
VARIANTS = 2  # degraded copies of each drawing (blur, noise, turn, threshold)
NEIGHBOURS = 5
MIN_SHARE = 0.6  # the winning digit's share of the neighbours' votes to overrule Tesseract
SPECK_PX = 4
DIGIT_ASPECT = (0.45, 1.4)  # a digit's width / height: narrower is a bracket, wider two digits touching
COARSE = 8  # the coarse picture of a glyph is COARSE × COARSE
FEATURE_WIDTH = (SIDE // CELL) ** 2 * BINS + 1 + COARSE * COARSE  # histograms, aspect, coarse picture
_BUILD_LOCK = threading.Lock()  # pages are read in threads: the templates are drawn once


@dataclass(frozen=True)
class Templates:
    features: np.ndarray  # one row per drawn digit
    labels: np.ndarray  # its digit (index into THAI_DIGITS), or OTHER


def _font_files() -> list[str]:
    """Upright font files that draw the Thai digits (fontconfig's list; none without fc-list)."""
    fc = shutil.which("fc-list")
    if not fc:
        return []
    try:
        out = subprocess.run(
            [fc, ":charset=0e50-0e59", "file", "style"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = set()
    for line in out.splitlines():
        path, _, style = line.partition(":")
        if path.strip() and not any(s in style.lower() for s in ("italic", "oblique")):
            files.add(path.strip())
    return sorted(files)


def _hog(pictures: np.ndarray) -> np.ndarray:
    """Histograms of gradient orientation per CELL × CELL square, for a stack of pictures."""
    import cv2

    n = pictures.shape[0]
    gx = np.stack([cv2.Sobel(p, cv2.CV_32F, 1, 0, ksize=3) for p in pictures])
    gy = np.stack([cv2.Sobel(p, cv2.CV_32F, 0, 1, ksize=3) for p in pictures])
    magnitude = np.hypot(gx, gy)
    angle = (np.arctan2(gy, gx) % np.pi) / np.pi * BINS
    low = np.floor(angle).astype(int) % BINS
    share = angle - np.floor(angle)
    k = SIDE // CELL
    out = np.zeros((n, k, k, BINS), np.float32)
    for b in range(BINS):
        weight = magnitude * ((low == b) * (1 - share) + (((low + 1) % BINS) == b) * share)
        out[..., b] = weight.reshape(n, k, CELL, k, CELL).sum(axis=(2, 4))
    flat = out.reshape(n, -1)
    return flat / (np.linalg.norm(flat, axis=1, keepdims=True) + 1e-6)


def _square(ink: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The glyph's ink cut to its box, centred in a square, scaled to SIDE; and its width/height."""
    import cv2

    ys, xs = np.nonzero(ink)
    if not len(xs):
        return None
    box = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.float32)
    h, w = box.shape
    s = max(h, w)
    square = np.zeros((s, s), np.float32)
    square[(s - h) // 2 : (s - h) // 2 + h, (s - w) // 2 : (s - w) // 2 + w] = box
    return cv2.resize(square, (SIDE, SIDE), interpolation=cv2.INTER_AREA) * 255.0, w / h


def features(glyphs: list[np.ndarray]) -> np.ndarray:
    """One feature row per glyph (ink = non-zero): gradient histograms, its shape's aspect and a
    coarse picture of it (weighted so that the gradients decide)."""
    import cv2

    squares = [_square(g) for g in glyphs]
    pictures = np.stack([s[0] if s else np.zeros((SIDE, SIDE), np.float32) for s in squares])
    coarse = np.stack([cv2.resize(p, (COARSE, COARSE), interpolation=cv2.INTER_AREA).ravel() for p in pictures]) / 255.0
    aspect = np.array([[0.5 * (s[1] if s else 0.0)] for s in squares], np.float32)
    return np.hstack([_hog(pictures), aspect, 0.15 * coarse]).astype(np.float32)


def _draw(font_path: str, digit: str, px: int) -> np.ndarray | None:
    """The digit drawn black on white at twice `px` and shrunk, so its edges grey as in a scan."""
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype(font_path, 2 * px)
    except OSError:
        return None
    size = 6 * px
    picture = Image.new("L", (size, size), 255)
    ImageDraw.Draw(picture).text((2 * px, px), digit, font=font, fill=0)
    return cv2.resize(np.array(picture), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)


def _degrade(gray: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """As a scanner leaves it: turned a little, thickened or not, blurred, grainy."""
    import cv2

    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), float(rng.uniform(-3, 3)), 1)
    out = cv2.warpAffine(gray, m, (w, h), borderValue=255)
    if rng.random() < 0.3:  # heavy toner or a bold face: strokes thicken, loops close
        out = cv2.erode(out, np.ones((2, 2), np.uint8))
    k = int(rng.choice([0, 1, 1, 2]))
    if k:
        out = cv2.GaussianBlur(out, (2 * k + 1, 2 * k + 1), 0)
    return np.clip(out + rng.normal(0, 12, out.shape), 0, 255).astype(np.uint8)


def _ink(gray: np.ndarray, threshold: float) -> np.ndarray:
    import cv2

    ink = (gray < threshold).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros(n, bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= SPECK_PX
    return keep[labels].astype(np.uint8)


def templates() -> Templates | None:
    """Every installed upright Thai font's digits, drawn and degraded (a few seconds, once per
    process); None without such fonts."""
    with _BUILD_LOCK:
        return _templates()


@lru_cache(maxsize=1)
def _templates() -> Templates | None:
    files = _font_files()
    if not files:
        return None
    path = _cache_path(files)
    try:
        with np.load(path, allow_pickle=False) as kept:
            features, labels = kept["features"], kept["labels"]
        if features.shape == (len(labels), FEATURE_WIDTH) and set(labels.tolist()) <= set(range(OTHER + 1)):
            return Templates(features.astype(np.float32), labels)
    except (OSError, KeyError, ValueError):
        pass  # missing, damaged or from other settings: drawn again
    drawn = _draw_templates(files)
    if drawn is not None:
        try:
            part = f"{path}.{os.getpid()}.npz"
            np.savez(part, features=drawn.features, labels=drawn.labels)
            os.replace(part, path)
        except OSError:
            pass  # a read-only temporary folder: draw again next time
    return drawn


TEMPLATE_VERSION = 1  # raise when the drawing or the features change


def _cache_path(files: list[str]) -> str:
    """Where the templates drawn from these fonts with these settings are kept."""
    stamp = [(f, os.path.getmtime(f) if os.path.exists(f) else 0) for f in files]
    settings = (TEMPLATE_VERSION, THAI_DIGITS, OTHERS, SIDE, CELL, BINS, SIZES_PX, VARIANTS, stamp)
    key = hashlib.sha256(repr(settings).encode()).hexdigest()[:20]
    return os.path.join(tempfile.gettempdir(), f"ita_digit_templates_{key}.npz")


def _draw_templates(files: list[str]) -> Templates | None:
    """The digits and their look-alikes of every font file, drawn at each size and degraded."""
    rng = np.random.default_rng(0)  # the same templates on every run
    glyphs, labels = [], []
    shapes = [(d, ch, VARIANTS) for d, ch in enumerate(THAI_DIGITS)] + [(OTHER, ch, 1) for ch in OTHERS]
    for path in files:
        for d, digit, variants in shapes:
            for px in SIZES_PX:
                drawn = _draw(path, digit, px)
                if drawn is None:
                    break
                for v in range(variants + 1):
                    gray = drawn if v == 0 else _degrade(drawn, rng)
                    ink = _ink(gray, 128 if v == 0 else float(rng.uniform(110, 190)))
                    if ink.any():
                        glyphs.append(ink)
                        labels.append(d)
    if not glyphs:
        return None
    return Templates(features(glyphs), np.array(labels))


def classify(glyphs: list[np.ndarray]) -> list[tuple[str, float]]:
    """Each glyph's digit and the share of its nearest templates that vote for it (0–1); "" for a
    glyph more like a letter or bracket than a Thai digit, and for every glyph when no Thai font is
    installed."""
    t = templates()
    if t is None or not glyphs:
        return [("", 0.0)] * len(glyphs)
    f = features(glyphs)
    d2 = (f * f).sum(1)[:, None] - 2 * f @ t.features.T + (t.features * t.features).sum(1)[None, :]
    out = []
    for row in d2:
        near = np.argpartition(row, NEIGHBOURS)[:NEIGHBOURS]
        votes = np.zeros(len(THAI_DIGITS) + 1)
        np.add.at(votes, t.labels[near], 1.0 / (1e-3 + np.maximum(row[near], 0)))
        best = int(votes.argmax())
        out.append((THAI_DIGITS[best] if best != OTHER else "", float(votes[best] / votes.sum())))
    return out


def glyph_columns(ink: np.ndarray) -> list[np.ndarray]:
    """The glyphs of a word's picture, left to right: its ink blobs, with blobs one above the other
    (a broken stroke) joined."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    spans: list[list[int]] = []  # [x0, x1, label, label, ...]
    for k in sorted(range(1, n), key=lambda k: stats[k, cv2.CC_STAT_LEFT]):
        if stats[k, cv2.CC_STAT_AREA] < SPECK_PX:
            continue
        x0, x1 = int(stats[k, cv2.CC_STAT_LEFT]), int(stats[k, cv2.CC_STAT_LEFT] + stats[k, cv2.CC_STAT_WIDTH])
        if spans and min(x1, spans[-1][1]) - max(x0, spans[-1][0]) > 0.5 * min(x1 - x0, spans[-1][1] - spans[-1][0]):
            spans[-1][0], spans[-1][1] = min(x0, spans[-1][0]), max(x1, spans[-1][1])
            spans[-1].append(k)
        else:
            spans.append([x0, x1, k])
    return [np.isin(labels, span[2:]).astype(np.uint8) for span in spans]


def _read_glyphs(text: str, glyphs: list[np.ndarray]) -> str:
    """`text` (as Tesseract read these glyphs) with its Thai digits read by shape: only when the
    glyphs line up with the characters one to one, or the text is all Thai digits and each glyph is
    one digit wide (Tesseract split ๖ into ๒๐ or ran digits together: the glyphs say how many); a
    vote short of MIN_SHARE keeps Tesseract's digit, a glyph more like a letter keeps the text."""
    if len(glyphs) != len(text):
        glyphs = _without_dots(glyphs)
    all_digits = all(ch in THAI_DIGITS for ch in text)
    if len(glyphs) < len(text) and all_digits:
        glyphs = _split_touching(glyphs, len(text))
    if len(glyphs) == len(text):
        places = [k for k, ch in enumerate(text) if ch in THAI_DIGITS]
        chars = list(text)
    elif all_digits and glyphs and all(_one_wide(g) for g in glyphs):
        places = list(range(len(glyphs)))
        chars = [""] * len(glyphs)
    else:
        return text
    for k, (digit, share) in zip(places, classify([glyphs[k] for k in places])):
        if digit and (share >= MIN_SHARE or not chars[k]):
            chars[k] = digit
    return "".join(chars) if all(chars) else text


def reread_words(words: list[Word], picture: np.ndarray) -> list[Word]:
    """A cell's words with each run of Thai digits read again by shape, as one word.

    Why runs: Tesseract cuts Thai into single characters and places their boxes loosely (half of
    a bold ๕ in one box, ๖ split into ๒ and ๐), so the digits of a number are taken together: every
    ink blob the run's boxes overlap more than the neighbouring words' boxes do, whole, then cut
    into glyphs."""
    out: list[Word] = []
    k = 0
    while k < len(words):
        end = k + 1
        if _all_thai_digits(words[k].text):
            while end < len(words) and _continues_run(words[k:end], words[end]):
                end += 1
            before = words[k - 1] if k and words[k - 1].line == words[k].line else None
            after = words[end] if end < len(words) and words[end].line == words[k].line else None
            out.append(_reread_run(words[k:end], before, after, picture))
        else:
            out.append(words[k])
        k = end
    return out


def _all_thai_digits(text: str) -> bool:
    return bool(text) and all(ch in THAI_DIGITS for ch in text)


def _continues_run(run: list[Word], w: Word) -> bool:
    if not _all_thai_digits(w.text) or w.line != run[-1].line:
        return False
    last = run[-1]
    return w.left - (last.left + last.width) <= 0.6 * max(x.height for x in [*run, w])


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _reread_run(run: list[Word], before: Word | None, after: Word | None, picture: np.ndarray) -> Word:
    import cv2

    x0, x1 = min(w.left for w in run), max(w.left + w.width for w in run)
    y0, y1 = min(w.top for w in run), max(w.top + w.height for w in run)
    n, labels, stats, _ = cv2.connectedComponentsWithStats((picture < 128).astype(np.uint8), connectivity=8)
    keep = []
    for k in range(1, n):
        left, top, width, height, area = (int(v) for v in stats[k])
        mine = _overlap(x0, x1, left, left + width)
        if area < SPECK_PX or not mine or not _overlap(y0, y1, top, top + height):
            continue
        theirs = max(
            (_overlap(w.left, w.left + w.width, left, left + width) for w in (before, after) if w is not None),
            default=0,
        )
        if mine >= theirs:
            keep.append(k)
    text = "".join(w.text for w in run)
    conf = min(w.conf for w in run)
    if not keep:
        return Word(text, conf, x0, y0, x1 - x0, y1 - y0, run[0].line)
    blobs = np.isin(labels, keep).astype(np.uint8)
    ys, xs = np.nonzero(blobs)
    top, bottom, left, right = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    read = _read_glyphs(text, glyph_columns(blobs[top:bottom, left:right]))
    return Word(read, conf, left, top, right - left, bottom - top, run[0].line)


def _without_dots(glyphs: list[np.ndarray]) -> list[np.ndarray]:
    """Glyphs without full stops and specks: ink under half as tall as the tallest glyph."""
    tallest = max((_extent(g)[1] for g in glyphs), default=0)
    return [g for g in glyphs if _extent(g)[1] * 2 >= tallest]


def _split_touching(glyphs: list[np.ndarray], wanted: int) -> list[np.ndarray]:
    """Digits printed close touch (๕'s tail reaches the next digit): the widest blob is cut at its
    thinnest column near the middle until there are `wanted` glyphs or no blob is too wide."""
    glyphs = list(glyphs)
    while len(glyphs) < wanted:
        widths = [_extent(g) for g in glyphs]
        k = max(range(len(glyphs)), key=lambda i: widths[i][0] / max(1, widths[i][1]))
        w, h = widths[k]
        if w <= DIGIT_ASPECT[1] * h:
            break
        xs = np.nonzero(glyphs[k].any(axis=0))[0]
        x0 = int(xs[0])
        ink_per_column = glyphs[k].sum(axis=0)
        lo, hi = x0 + int(0.3 * w), x0 + int(0.7 * w) + 1
        cut = lo + int(np.argmin(ink_per_column[lo:hi]))
        left, right = glyphs[k].copy(), glyphs[k].copy()
        left[:, cut:] = 0
        right[:, :cut] = 0
        glyphs[k : k + 1] = [left, right]
    return glyphs


def _extent(glyph: np.ndarray) -> tuple[int, int]:
    """Width and height of a glyph's ink."""
    ys, xs = np.nonzero(glyph)
    return (int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)) if len(xs) else (0, 0)


def _one_wide(glyph: np.ndarray) -> bool:
    w, h = _extent(glyph)
    return bool(h) and DIGIT_ASPECT[0] <= w / h <= DIGIT_ASPECT[1]
