"""Page images of a scanned PDF, straightened. Why: a scan has no text, only pictures of pages, and
an office scanner turns them by a fraction of a degree, enough to merge table rows for the OCR."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

MIN_DPI, MAX_DPI = 150, 300
SPECK_PX = 4  # ink blobs smaller than this (pixels) are dust, not Thai marks
RULE_SLIVER_PX = 5  # a blob this thin and a third of the cell long is what is left of a ruling
_PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe: one call at a time in a process


@contextmanager
def pdfium_lock() -> Iterator[None]:
    with _PDFIUM_LOCK:
        yield


def scan_dpi(doc, index: int) -> int:
    """The resolution of the page's largest picture, kept within [150, 300] dpi: rendering finer than
    the scan adds nothing, coarser loses Thai marks."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with pdfium_lock():
        best = 0
        for obj in doc[index].get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
            try:
                px_w, _ = obj.get_px_size()
                left, _, right, _ = obj.get_bounds()
            except (pdfium.PdfiumError, ValueError):  # a damaged picture gives no hint
                continue
            if right > left:
                best = max(best, round(px_w * 72 / (right - left)))
    return min(MAX_DPI, max(MIN_DPI, best or MIN_DPI))


def render_page(doc, index: int, dpi: int) -> np.ndarray:
    """The page as an 8-bit grey image at `dpi`."""
    with pdfium_lock():
        bitmap = doc[index].render(scale=dpi / 72, grayscale=True)
        image = np.array(bitmap.to_pil().convert("L"))
    return image


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu): the form the line and glyph finders want."""
    import cv2

    return cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def skew_angle(gray: np.ndarray, limit: float = 3.0) -> float:
    """The rotation (degrees) that makes text lines and rulings horizontal: the angle whose row
    profile is sharpest, searched coarse then fine on a half-size image."""
    import cv2

    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = binarize(small)
    h, w = ink.shape

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1)
        turned = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST)
        profile = turned.sum(axis=1, dtype=np.float64)
        return float(((profile[1:] - profile[:-1]) ** 2).sum())

    best = max(np.arange(-limit, limit + 1e-9, 0.25), key=sharpness)
    return float(max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=sharpness))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    if abs(angle) < 0.01:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    angle = skew_angle(gray)
    return rotate(gray, angle), angle


def ink_threshold(gray: np.ndarray) -> float:
    """The page's text threshold (Otsu on the whole page): an empty region thresholded on its own
    would turn its paper grain into 'text'."""
    import cv2

    return float(cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0])


def clean_for_ocr(gray: np.ndarray, threshold: float, pad: int = 6) -> np.ndarray | None:
    """Black text on white, specks removed, cut to the ink plus a margin; None when nothing is
    left (an empty cell costs Tesseract time and returns noise)."""
    import cv2

    if gray.size == 0:
        return None
    ink = ((gray < threshold) * 255).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros(n, bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= SPECK_PX
    h, w = ink.shape
    ws, hs = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    sliver = ((ws >= 0.3 * w) & (hs <= RULE_SLIVER_PX)) | ((hs >= 0.3 * h) & (ws <= RULE_SLIVER_PX))
    keep &= ~sliver  # what is left of a ruling at the cell's edge is not text
    ink = (keep[labels] * 255).astype(np.uint8)
    ys, xs = np.nonzero(ink)
    if len(xs) < SPECK_PX * 4:
        return None
    y0, y1 = max(0, ys.min() - pad), min(ink.shape[0], ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(ink.shape[1], xs.max() + pad + 1)
    return 255 - ink[y0:y1, x0:x1]


def png_bytes(gray: np.ndarray) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".png", gray)
    return buf.tobytes() if ok else b""
