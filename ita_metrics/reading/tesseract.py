"""The Tesseract OCR program (Debian packages tesseract-ocr + tesseract-ocr-tha), called as a child
process on a batch of cell images.

Why the binary and one call per page: Tesseract is a system package the officer's IT installs;
a batch list file makes one process read every cell of a page, each as its own image (so each cell
is recognised on its own) without paying the model's start-up per cell."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ita_metrics import config

LANGS = "tha+eng"
PAGE_TIMEOUT_S = 300
TMP_PREFIX = "ita_ocr_"


@dataclass
class Word:
    text: str
    conf: float  # 0–100 as Tesseract reports it
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # block, paragraph, line inside its image


class OcrCancelled(BaseException):
    """The user pressed cancel: the file is dropped whole, nothing half-read is kept. A
    BaseException (like KeyboardInterrupt) so that no "bad input" handler turns it into a result."""


class OcrUnavailable(Exception):
    """Tesseract or its Thai model is missing; `code` names the message in the `msg.` rows of data/ui_text.csv."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@lru_cache(maxsize=1)
def _languages(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def binary() -> str | None:
    return shutil.which(config.tesseract_command())


def check_available() -> None:
    """Raise OcrUnavailable with the reason when scans cannot be read on this machine."""
    exe = binary()
    if not exe:
        raise OcrUnavailable("tesseract_missing")
    if not {"tha", "eng"} <= _languages(exe):
        raise OcrUnavailable("tesseract_no_thai")


def available() -> bool:
    try:
        check_available()
    except OcrUnavailable:
        return False
    return True


def recognise(
    images: list[np.ndarray], dpi: int, cancel: threading.Event | None = None, psm: int = 6
) -> list[list[Word]]:
    """Words (with boxes and confidences) of each image, in order; one Tesseract process."""
    if not images:
        return []
    import cv2

    exe = binary()
    if not exe:
        raise OcrUnavailable("tesseract_missing")
    remove_stale_dirs()
    with tempfile.TemporaryDirectory(prefix=TMP_PREFIX) as tmp:
        paths = []
        for k, image in enumerate(images):
            path = os.path.join(tmp, f"{k:04d}.png")
            cv2.imwrite(path, image)
            paths.append(path)
        listing = os.path.join(tmp, "cells.txt")
        with open(listing, "w", encoding="utf-8") as fh:
            fh.write("\n".join(paths) + "\n")
        cmd = [
            exe,
            listing,
            "stdout",
            "-l",
            LANGS,
            "--psm",
            str(psm),
            "--dpi",
            str(dpi),
            "-c",
            "preserve_interword_spaces=1",
            "tsv",
        ]
        out = _run(cmd, cancel)
    words: list[list[Word]] = [[] for _ in images]
    for row in csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        page = int(row["page_num"]) - 1
        if 0 <= page < len(words):
            words[page].append(
                Word(
                    text,
                    float(row["conf"]),
                    int(row["left"]),
                    int(row["top"]),
                    int(row["width"]),
                    int(row["height"]),
                    (int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
                )
            )
    return words


def remove_stale_dirs() -> None:
    """Page folders left by a reader worker that was killed (a cancel, a cap): no page lives longer
    than the page timeout, so folders twice as old belong to no running OCR."""
    import glob
    import shutil as sh

    cutoff = time.time() - 2 * PAGE_TIMEOUT_S
    for path in glob.glob(os.path.join(tempfile.gettempdir(), TMP_PREFIX + "*")):
        try:
            if os.path.isdir(path) and os.path.getmtime(path) < cutoff:
                sh.rmtree(path, ignore_errors=True)
        except OSError:
            continue


def _run(cmd: list[str], cancel: threading.Event | None) -> str:
    """Run Tesseract single-threaded (pages already run in parallel), killable by `cancel`."""
    env = config.child_env(OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        deadline = time.monotonic() + PAGE_TIMEOUT_S
        while proc.poll() is None:
            if (cancel is not None and cancel.is_set()) or time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                if cancel is not None and cancel.is_set():
                    raise OcrCancelled()
                raise OcrUnavailable("ocr_timeout")
            time.sleep(0.05)
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
        if proc.returncode != 0:
            err.seek(0)
            detail = err.read().decode("utf-8", errors="replace").strip().splitlines()[-1:] or [""]
            raise OcrUnavailable("ocr_failed:" + detail[0][:120])
    return text
