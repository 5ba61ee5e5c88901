"""Thai digits read by shape (ita_metrics.reading.digit_shapes): words drawn as a 150 dpi scan draws them
and read as Tesseract misreads them (๖ → ๒, ๔ → ๕, one ๖ split into ๒๐), then re-read."""

from __future__ import annotations

import numpy as np
import pytest

from ita_metrics.reading import digit_shapes
from ita_metrics.reading.tesseract import Word

FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"  # fonts-thai-tlwg: TH Sarabun's free cousin


def scanned_word(text: str, px: int = 32, font: str = FONT) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """`text` printed at 16 pt and 150 dpi (px = the em), blurred and thresholded as a scan's cell
    reaches Tesseract; and its ink box."""
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("L", (px * (len(text) + 4), px * 4), 255)
    ImageDraw.Draw(picture).text((px, px), text, font=ImageFont.truetype(font, px), fill=0)
    gray = cv2.GaussianBlur(np.array(picture), (3, 3), 0)
    clean = np.where(gray < 128, 0, 255).astype(np.uint8)
    ys, xs = np.nonzero(clean < 128)
    return clean, (int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))


def reread(read_as: str, picture: np.ndarray, box: tuple[int, int, int, int], pieces: int = 1) -> str:
    """What the cell's words say after the re-reading, Tesseract having read the box as `read_as`
    in `pieces` words (it cuts Thai into characters, with loose boxes)."""
    x, y, w, h = box
    cuts = [x + w * k // pieces for k in range(pieces + 1)]
    step = -(-len(read_as) // pieces)
    texts = [read_as[k * step : (k + 1) * step] for k in range(pieces)]
    words = [Word(t, 90.0, a, y, b - a, h, (1, 1, 1)) for t, a, b in zip(texts, cuts, cuts[1:]) if t]
    return " ".join(w.text for w in digit_shapes.reread_words(words, picture))


def test_thai_fonts_are_found_and_templates_drawn():
    t = digit_shapes.templates()
    assert t is not None  # fonts-thai-tlwg is installed by make test (scripts/debian-packages.txt)
    assert set(t.labels.tolist()) == set(range(11)) and len(t.labels) >= 11 * 20  # ten digits + look-alikes


@pytest.mark.parametrize(
    ("printed", "tesseract_read"),
    [("๒๕๖๖", "๒๕๒๒"), ("๒๔", "๒๕"), ("๗", "๓"), ("๑๙", "๑๓"), ("๘๐", "๘๐")],
)
def test_misread_thai_digits_are_read_by_their_shape(printed, tesseract_read):
    picture, box = scanned_word(printed)
    assert reread(tesseract_read, picture, box) == printed


@pytest.mark.parametrize(
    "font", ["/usr/share/fonts/truetype/tlwg/Garuda.ttf", "/usr/share/fonts/truetype/tlwg/Norasi-Bold.ttf"]
)
def test_other_faces_and_sizes(font):
    picture, box = scanned_word("๒๕๖๗", px=40, font=font)
    assert reread("๒๕๒๓", picture, box) == "๒๕๖๗"


def test_a_digit_split_in_two_by_tesseract_is_one_glyph():
    picture, box = scanned_word("๖")
    assert reread("๒๐", picture, box) == "๖"
    assert reread("๒๐", picture, box, pieces=2) == "๖"  # two words, each over half of the ๖


def test_a_number_cut_into_loose_boxes_is_read_whole():
    picture, box = scanned_word("๒๕๖๖")
    x, y, w, h = box
    assert reread("๒๕๒๒๐", picture, (x + 3, y + 4, w - 6, h - 8), pieces=5) == "๒๕๖๖"


def test_letters_and_arabic_digits_are_left_as_read():
    picture, box = scanned_word("I๑๓")
    assert reread("1๑๓", picture, box) == "1๑๓"  # only runs of Thai digits are re-read
    picture, box = scanned_word("ตุลาคม")
    assert reread("ตุลาคม", picture, box) == "ตุลาคม"


def test_glyphs_that_do_not_line_up_with_the_reading_leave_it():
    picture, box = scanned_word("(๒๕๖๖)")
    assert reread("๒๕๒๒", picture, box) == "๒๕๒๒"  # 6 glyphs, 4 digits read: no guess


def test_without_thai_fonts_the_reading_stays_tesseracts(monkeypatch):
    monkeypatch.setattr(digit_shapes, "_font_files", lambda: [])
    digit_shapes._templates.cache_clear()
    try:
        picture, box = scanned_word("๒๕๖๖")
        assert reread("๒๕๒๒", picture, box) == "๒๕๒๒"
    finally:
        digit_shapes._templates.cache_clear()


def test_templates_kept_from_other_settings_are_drawn_again(tmp_path, monkeypatch):
    stale = tmp_path / "templates.npz"
    np.savez(stale, features=np.zeros((3, 5), np.float32), labels=np.array([0, 1, 99]))
    monkeypatch.setattr(digit_shapes, "_cache_path", lambda files: str(stale))
    digit_shapes._templates.cache_clear()
    try:
        t = digit_shapes.templates()
        assert t is not None and t.features.shape[1] == digit_shapes.FEATURE_WIDTH and len(t.labels) > 3
        with np.load(stale) as kept:  # and kept in its place for the next process
            assert kept["features"].shape == t.features.shape
    finally:
        digit_shapes._templates.cache_clear()
