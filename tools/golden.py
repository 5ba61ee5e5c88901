"""Golden outputs of the command line on the fixtures: written once, compared by tests/test_golden.py.

    python tools/golden.py            # rewrite tests/golden/ (only when an output is MEANT to change)

Why: a restructuring (issue 14) must not change a single figure. Each command writes into a
folder; every written file is reduced to what it says — CSV, text and JSON as bytes; Office files
(zip) member by member with the creation/modification timestamps of docProps/core.xml removed and
embedded workbooks opened the same way; PDF with its /CreationDate and /ID (a hash of the time)
removed — and the reduced forms are compared byte for byte. The scanned PDFs are left out (OCR takes minutes).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
AS_OF = "2026-09-30"
INPUTS = [
    "buriram_2570_r6.xlsx",
    "khaohuachang_2566_r12.xlsx",
    "khoksanuan_2565_r12.xlsx",
    "khoksanuan_2566_r6.xlsx",
    "maekhri_2566_r12.csv",
    "nongbua_2566.csv",
    "nonsawan_2569_r12.xlsx",
    "thaworn_2566_r6.docx",
    "thaworn_2566_r6.pdf",
    "thaworn_2566_r6.xlsx",
    "thungmaphrao_2565.csv",
]
ROUND_INPUTS = ["khoksanuan_2566_r6.xlsx", "thaworn_2566_r6.xlsx"]  # one round: 2566/6
ROSTER = (
    "จังหวัด,อำเภอ,ชื่อหน่วยงาน\n"
    "บุรีรัมย์,โคกสนวน,องค์การบริหารส่วนตำบลโคกสนวน\n"
    "บุรีรัมย์,เฉลิมพระเกียรติ,เทศบาลตำบลถาวร\n"
    "บุรีรัมย์,เฉลิมพระเกียรติ,องค์การบริหารส่วนตำบลทุ่งมะพร้าว\n"
)
_CORE_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
_PDF_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:[^)]*\)|/ID \[<[0-9A-F]+><[0-9A-F]+>\]")


def commands(out: Path) -> list[list[str]]:
    """The command lines, writing into `out` (every one ends 0)."""
    files = [str(FIXTURES / n) for n in INPUTS]
    one_round = [str(FIXTURES / n) for n in ROUND_INPUTS]
    roster = out / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    report = ["--report", "2566/6", "--as-of", AS_OF]
    return [
        ["parse", *files, "--format", "csv", "-o", str(out / "parse.csv")],
        ["parse", *files, "--as-of", AS_OF, "--format", "json", "-o", str(out / "parse_as_of.json")],
        ["score", *files, "--as-of", AS_OF, "--format", "csv", "-o", str(out / "score_agency.csv")],
        [
            "score",
            *files,
            "--as-of",
            AS_OF,
            "--by",
            "indicator",
            "--format",
            "csv",
            "-o",
            str(out / "score_indicator.csv"),
        ],
        [
            "export",
            *files,
            "--as-of",
            AS_OF,
            "--xlsx",
            str(out / "export.xlsx"),
            "--pptx",
            str(out / "export.pptx"),
            "--no-images",
        ],
        ["template", str(out / "template.xlsx"), "--fiscal-year", "2569", "--agency", "เทศบาลตำบลถาวร"],
        [
            "submissions",
            *one_round,
            *report,
            "--roster",
            str(roster),
            "--province",
            "บุรีรัมย์",
            "--deadline",
            "2566-04-15",
            "--format",
            "csv",
            "-o",
            str(out / "submissions.csv"),
        ],
        [
            "letters",
            *one_round,
            *report,
            "--roster",
            str(roster),
            "--province",
            "บุรีรัมย์",
            "--date",
            "2026-11-30",
            "--out",
            str(out / "letters.zip"),
        ],
        ["summary", *one_round, *report, "--pdf", str(out / "summary.pdf")],
    ]


def run_all(out: Path) -> list[tuple[list[str], int]]:
    """Run every command in this process; return (argv, exit code) of each."""
    from ita_metrics.cli import main

    out.mkdir(parents=True, exist_ok=True)
    codes = []
    for argv in commands(out):
        with contextlib.redirect_stderr(io.StringIO()):
            codes.append((argv, main(argv)))
    return codes


def _zip_dump(data: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            body = z.read(name)
            if name.endswith("docProps/core.xml"):
                body = _CORE_TIMES.sub(b"", body)
            if name.endswith((".xlsx", ".docx", ".pptx")):
                for inner, digest in _zip_dump(body).items():
                    found[f"{name}!{inner}"] = digest
                continue
            found[name] = hashlib.sha256(body).hexdigest()
    return found


def normalised(path: Path) -> bytes:
    """What a file says, without the clock: see the module docstring."""
    data = path.read_bytes()
    if path.suffix in (".xlsx", ".pptx", ".docx", ".zip"):
        return (json.dumps(_zip_dump(data), indent=1, ensure_ascii=False) + "\n").encode()
    if path.suffix == ".pdf":
        return _PDF_DATES.sub(b"", data)
    return data


def golden_name(path: Path) -> str:
    return path.name + (".json" if path.suffix in (".xlsx", ".pptx", ".docx", ".zip") else "")


def outputs(out: Path) -> dict[str, bytes]:
    return {golden_name(p): normalised(p) for p in sorted(out.iterdir()) if p.name != "roster.csv"}


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for argv, code in run_all(Path(tmp)):
            if code != 0:
                print(f"exit {code}: {argv[0]}", file=sys.stderr)
                return 1
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.iterdir():
            old.unlink()
        for name, body in outputs(Path(tmp)).items():
            (GOLDEN / name).write_bytes(body)
            print(f"{name}: {len(body):,} bytes")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
