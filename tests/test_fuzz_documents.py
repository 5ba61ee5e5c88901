"""Fuzz the Word and PDF readers with mutated copies of the fixture report (fixed seed, 300 cases).

Same contract as tests/test_fuzz.py: every case ends in measures or a known Thai/English refusal,
never an escaped exception, `internal_error` or a hang; cases run in 2 worker processes so a crash
in native code (pdfium, lxml) fails the test instead of killing pytest. The PDF cases use the
report's first three pages, so that a case costs what a small report costs.
"""

from __future__ import annotations

import io
import os
import random
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pypdfium2 as pdfium
import pytest

from tests.test_fuzz import flip, rezip, run_case, truncate, unzip

SEED = 20261130
DOC_PART = "word/document.xml"
PLAN = {
    "docx": {"flip": 40, "truncate": 30, "xml": 60, "members": 20},
    "pdf": {"flip": 80, "truncate": 40, "stream": 30},
}


def _first_pages(data: bytes, n: int = 3) -> bytes:
    src = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    out.import_pages(src, list(range(n)))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _docx_xml(data: bytes, rng: random.Random) -> bytes:
    """document.xml truncated, spliced with markup, table rows shuffled or cells dropped."""
    members = unzip(data)
    i = next(k for k, (n, _) in enumerate(members) if n == DOC_PART)
    xml = members[i][1].decode("utf-8")
    k, at = rng.randrange(4), rng.randrange(len(xml))
    if k == 0:
        xml = xml[:at]
    elif k == 1:
        xml = (
            xml[:at]
            + rng.choice(
                [
                    "<w:tc>",
                    "</w:tr>",
                    '<w:gridSpan w:val="9999"/>',
                    "<w:vMerge/>",
                    "&bogus;",
                    '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
                    "\x00",
                ]
            )
            + xml[at:]
        )
    elif k == 2:
        rows = re.findall(r"<w:tr>.*?</w:tr>", xml, re.DOTALL)
        if rows:
            shuffled = rows[:]
            rng.shuffle(shuffled)
            xml = xml.replace("".join(rows), "".join(shuffled)) if "".join(rows) in xml else xml
    else:
        xml = re.sub(r"<w:tc>", lambda m: "" if rng.random() < 0.1 else m.group(0), xml)
    members[i] = (DOC_PART, xml.encode("utf-8"))
    return rezip(members)


def _docx_members(data: bytes, rng: random.Random) -> bytes:
    members = unzip(data)
    k = rng.randrange(3)
    if k == 0:
        members = [m for m in members if m[0] != rng.choice([DOC_PART, "[Content_Types].xml", "word/styles.xml"])]
    elif k == 1:
        i = rng.randrange(len(members))
        members[i] = (members[i][0], flip(members[i][1], rng) if members[i][1] else b"x")
    else:
        members.append(("word/vbaProject.bin" if rng.random() < 0.3 else "word/media/x.bin", os.urandom(64)))
    return rezip(members)


def _pdf_stream(data: bytes, rng: random.Random) -> bytes:
    """Bytes flipped inside a content or font stream only (the file's structure stays intact)."""
    spans = [m.span(1) for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL)]
    if not spans:
        return flip(data, rng)
    a, b = rng.choice(spans)
    body = bytearray(data[a:b])
    for _ in range(rng.randint(1, 20)):
        if body:
            body[rng.randrange(len(body))] = rng.randrange(256)
    return data[:a] + bytes(body) + data[b:]


def build_cases(fixtures_dir) -> list[tuple[int, str, str, str, bytes]]:
    rng = random.Random(SEED)
    sources = {
        "docx": (fixtures_dir / "thaworn_2566_r6.docx").read_bytes(),
        "pdf": _first_pages((fixtures_dir / "thaworn_2566_r6.pdf").read_bytes()),
    }
    mutate = {"flip": flip, "truncate": truncate, "xml": _docx_xml, "members": _docx_members, "stream": _pdf_stream}
    cases = []
    for ext, kinds in PLAN.items():
        for kind, n in kinds.items():
            for _ in range(n):
                cases.append((len(cases), f"thaworn.{ext}", kind, f"report.{ext}", mutate[kind](sources[ext], rng)))
    return cases


@pytest.mark.timeout(600)
def test_fuzz_document_readers(fixtures_dir, tmp_path):
    cases = build_cases(fixtures_dir)
    assert len(cases) == 300
    try:
        with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
            results = list(pool.map(run_case, cases, chunksize=4))
    except BrokenProcessPool as exc:
        pytest.fail(f"a worker process died (native crash in a document reader): {exc}")
    failures = []
    outcomes: dict[str, int] = {}
    for idx, status, code, detail, _took in results:
        key = f"{status}:{code}" if code else status
        outcomes[key] = outcomes.get(key, 0) + 1
        if status not in ("ok", "refused"):
            _, fixture, kind, name, data = cases[idx]
            path = tmp_path / f"case{idx}_{kind}_{name}"
            path.write_bytes(data)
            failures.append(f"case {idx} {fixture} {kind} -> {status} {code} [{path}]\n{detail}")
    print("\ndocument fuzz:", ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1])))
    assert outcomes.get("ok", 0) >= 30  # the mutations leave many documents readable: the readers were exercised
    assert not failures, f"{len(failures)} bad outcomes:\n" + "\n\n".join(failures[:10])
