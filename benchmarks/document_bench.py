"""Word/PDF reading benchmark: how much more than bare text extraction does reading a report cost?

Why: a province sends 50–330 reports, mostly PDF. The targets (issue 15): a 50-page text PDF in
≤ 3 s and a .docx in ≤ 0.5 s; a province of 250 PDF reports in ≤ 4 minutes on both cores. Every
figure is printed next to a floor measured in the same run, the time pypdfium2 alone needs to
extract the text of the same files (what any PDF reader must at least do), as a ratio.

    python -m benchmarks.document_bench            # one file each, then 250 PDFs as one batch
    python -m benchmarks.document_bench --n 40     # a smaller batch

The documents are the real report in tests/fixtures (49 pages, 43 measures), copied n times.
The batch runs `python -m ita_metrics parse @files.txt` as a whole process (it uses both cores for
16+ files); its floor is a process extracting the text of the same files on both cores.
Wall-clock seconds and CPU seconds are both printed: on a shared, loaded machine the wall clock
says more about the neighbours than about the code, and the CPU ratio stays put.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PDF, DOCX = FIXTURES / "thaworn_2566_r6.pdf", FIXTURES / "thaworn_2566_r6.docx"
PDF_SECONDS_PER_50_PAGES = 3.0
DOCX_SECONDS = 0.5
PROVINCE_SECONDS = 240.0


def extract_text(path: str) -> int:
    """The floor for one file: open it with pypdfium2 and extract every page's text."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()


def best_of(fn, repeat: int = 3) -> tuple[float, float]:
    """Fastest wall-clock and CPU seconds of `repeat` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def single_files() -> None:
    import pypdfium2 as pdfium

    from ita_metrics.interpret.importer import parse_file

    pdf_bytes, docx_bytes = PDF.read_bytes(), DOCX.read_bytes()
    pages = len(pdfium.PdfDocument(pdf_bytes))
    parse_file(pdf_bytes, PDF.name)  # warm the vocabularies once
    floor, floor_cpu = best_of(lambda: extract_text(str(PDF)))
    t_pdf, cpu_pdf = best_of(lambda: parse_file(pdf_bytes, PDF.name))
    t_docx, cpu_docx = best_of(lambda: parse_file(docx_bytes, DOCX.name))
    limit = PDF_SECONDS_PER_50_PAGES * pages / 50
    print(
        f"PDF  {pages} pages: parse {t_pdf:.2f} s wall / {cpu_pdf:.2f} s CPU; pypdfium2 text alone "
        f"{floor:.2f} s / {floor_cpu:.2f} s; ratio {t_pdf / floor:.1f}x wall, {cpu_pdf / floor_cpu:.1f}x CPU; "
        f"target ≤ {limit:.2f} s: {'OK' if t_pdf <= limit else 'MISSED'}"
    )
    print(
        f"DOCX: parse {t_docx:.3f} s wall / {cpu_docx:.3f} s CPU (= {cpu_docx / floor_cpu:.2f}x the PDF's text "
        f"extraction, CPU); target ≤ {DOCX_SECONDS} s: {'OK' if t_docx <= DOCX_SECONDS else 'MISSED'}"
    )


def floor_batch(paths: list[str]) -> None:
    """Child process: extract the text of every file on both cores."""
    with multiprocessing.get_context("fork").Pool(2) as pool:
        sum(pool.imap(extract_text, paths, chunksize=4))


def batch(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        paths = []
        for i in range(n):
            p = d / f"agency_{i:03d}.pdf"
            shutil.copyfile(PDF, p)
            paths.append(str(p))
        listing = d / "files.txt"
        listing.write_text("\n".join(paths), encoding="utf-8")
        start, cpu = time.perf_counter(), children_cpu()
        subprocess.run([sys.executable, __file__, "--floor-child", str(listing)], check=True)
        floor, floor_cpu = time.perf_counter() - start, children_cpu() - cpu
        start, cpu = time.perf_counter(), children_cpu()
        subprocess.run(
            [sys.executable, "-m", "ita_metrics", "parse", f"@{listing}", "--format", "csv", "-o", str(d / "out.csv")],
            check=True,
            cwd=ROOT,
        )
        took, took_cpu = time.perf_counter() - start, children_cpu() - cpu
        with (d / "out.csv").open(encoding="utf-8", newline="") as fh:
            rows = sum(1 for _ in csv.reader(fh)) - 1
    limit = PROVINCE_SECONDS * n / 250
    print(
        f"batch of {n} PDF reports ({rows} measures): parse {took:.1f} s wall / {took_cpu:.1f} s CPU; "
        f"pypdfium2 text alone {floor:.1f} s / {floor_cpu:.1f} s; ratio {took / floor:.1f}x wall, "
        f"{took_cpu / floor_cpu:.1f}x CPU; target ≤ {limit:.0f} s wall: {'OK' if took <= limit else 'MISSED'} "
        f"(CPU / 2 cores = {took_cpu / 2:.0f} s)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--n", type=int, default=250, help="PDF reports in the batch (default 250)")
    ap.add_argument("--floor-child", metavar="LIST", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.floor_child:
        floor_batch(Path(args.floor_child).read_text(encoding="utf-8").splitlines())
        return
    single_files()
    if args.n:
        batch(args.n)


if __name__ == "__main__":
    main()
