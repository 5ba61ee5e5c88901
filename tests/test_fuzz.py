"""Fuzz the importer with mutated copies of the shared fixtures (fixed seed, >= 1,000 cases).

Every case must end either in success (measures with the model columns) or in a clear, known
error (a code of the msg. rows of data/ui_text.csv, Thai and English text) — never an escaped exception, never
`internal_error`, never more than CASE_SECONDS. Cases run in 2 worker processes so a hard crash in
native code (calamine) shows up as a failure instead of killing pytest. Failing inputs are written
to the test's tmp dir so they can be replayed.
"""

from __future__ import annotations

import io
import os
import random
import re
import signal
import time
import traceback
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from xml.sax.saxutils import escape

import pytest

from tests.conftest import FIXTURES

SEED = 20261123
CASE_SECONDS = 60  # a hang guard, not a timing: a loaded CI machine reads a normal case in over 10 s
SHEET = "xl/worksheets/sheet1.xml"
# cases per mutation kind, per fixture (tuned so the whole test stays well under ~90 s on 2 cores)
PLAN = {
    "khaohuachang_2566_r12.xlsx": {
        "flip": 90,
        "truncate": 60,
        "cell_text": 110,
        "formula": 55,
        "xml_corrupt": 80,
        "cell_shuffle": 60,
        "members": 50,
    },
    "thaworn_2566_r6.xlsx": {
        "flip": 30,
        "truncate": 30,
        "cell_text": 12,
        "formula": 8,
        "xml_corrupt": 12,
        "cell_shuffle": 8,
        "members": 8,
    },
    "thungmaphrao_2565.csv": {
        "flip": 100,
        "truncate": 60,
        "lines": 60,
        "encoding": 60,
        "cell_shuffle": 60,
        "cell_text": 70,
    },
}

THAI = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะาำิีึืุู่้๊๋เแโใไ๐๑๒๓๔๕๖๗๘๙ "
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:/-"
EMOJI = "😀🔥✅❌🇹🇭👍🏽‍🧑‍💻"
FIXED = [
    "=CMD()",
    "=cmd|' /C calc'!A0",
    '+HYPERLINK("http://x")',
    "@SUM(1)",
    "-1+1",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "\x00\x01\x02\x1b[31m\u202e\u200b\ufeff",
    "\r\n\r\n",
    "../../etc/passwd",
    "NaN",
    "inf",
    "๓๑/๑๓/๒๕๖๖",
    "30 กุมภาพันธ์ 2566",
    "ร้อยละ ๑๐๐๐๐๐",
    "9" * 400,
    "ดำเนินการแล้ว",
    "",
    " ",
]


def payload(rng: random.Random) -> str:
    k = rng.random()
    if k < 0.35:
        return rng.choice(FIXED)
    if k < 0.45:
        return rng.choice(["x", "ก", "😀", "=A1&"]) * 100_000  # huge string
    alphabet = rng.choice([THAI, LATIN, EMOJI, THAI + LATIN + EMOJI])
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80)))


def xml_text(s: str, rng: random.Random) -> str:
    """XML-escaped text; sometimes control characters are left raw (invalid XML on purpose)."""
    out = escape(s)
    if rng.random() < 0.7:
        out = "".join(ch if ch in "\t\n\r" or ord(ch) >= 32 else f"&#{ord(ch)};" for ch in out)
    return out


# --- byte-level mutations ------------------------------------------------------------------


def flip(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        i = rng.randrange(len(b))
        b[i] = rng.randrange(256) if rng.random() < 0.5 else b[i] ^ (1 << rng.randrange(8))
    return bytes(b)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


# --- xlsx mutations --------------------------------------------------------------------------


def unzip(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def rezip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in members:
            z.writestr(n, d)
    return buf.getvalue()


def with_sheet(data: bytes, fn) -> bytes:
    members = unzip(data)
    return rezip([(n, fn(d.decode("utf-8")).encode("utf-8", "surrogatepass") if n == SHEET else d) for n, d in members])


T_RE = re.compile(r"<t(?: [^>]*)?>(.*?)</t>", re.S)
C_RE = re.compile(r"<c r=\"([A-Z]+)(\d+)\"([^>]*)>(.*?)</c>", re.S)


def cell_text(xml: str, rng: random.Random) -> str:
    spans = [m.span(1) for m in T_RE.finditer(xml)]
    picks = sorted(rng.sample(spans, min(len(spans), rng.randint(1, 8))), reverse=True)
    for a, b in picks:
        xml = xml[:a] + xml_text(payload(rng), rng) + xml[b:]
    return xml


def formula(xml: str, rng: random.Random) -> str:
    cells = list(C_RE.finditer(xml))
    for m in sorted(rng.sample(cells, min(len(cells), rng.randint(1, 6))), key=lambda m: -m.start()):
        f = rng.choice(["CMD()", "cmd|' /C calc'!A0", 'HYPERLINK("javascript:alert(1)")', "1/0", "A1", "SUM(A:A)"])
        new = f'<c r="{m.group(1)}{m.group(2)}" t="str"><f>{escape(f)}</f><v>{xml_text(payload(rng), rng)}</v></c>'
        xml = xml[: m.start()] + new + xml[m.end() :]
    return xml


def xml_corrupt(xml: str, rng: random.Random) -> str:
    k = rng.randrange(5)
    i = rng.randrange(len(xml))
    if k == 0:
        return xml[:i]  # truncated XML
    if k == 1:
        return xml[:i] + rng.choice(["<", ">", "&", "</row>", "<row>", "<c>", "\x00", "]]>", "&bogus;"]) + xml[i:]
    if k == 2:  # delete a random slice
        return xml[:i] + xml[i + rng.randint(1, 200) :]
    if k == 3:  # shuffle rows
        head, sep, rest = xml.partition("<sheetData>")
        body, sep2, tail = rest.partition("</sheetData>")
        rows = re.findall(r"<row\b.*?</row>", body, re.S)
        rng.shuffle(rows)
        return head + sep + "".join(rows) + sep2 + tail
    # odd but valid-looking references
    return re.sub(
        r'r="([A-Z]+)(\d+)"', lambda m: f'r="{m.group(1)}{int(m.group(2)) + rng.choice([0, 0, 1, 7, 500])}"', xml
    )


def cell_shuffle(xml: str, rng: random.Random) -> str:
    """Move cell contents to other columns of the same row."""

    def row(m: re.Match) -> str:
        cells = C_RE.findall(m.group(0))
        if len(cells) < 2:
            return m.group(0)
        bodies = [(attrs, inner) for _, _, attrs, inner in cells]
        rng.shuffle(bodies)
        cols = sorted({c for c, _, _, _ in cells} | {rng.choice("ABCDEFGH")})
        chosen = sorted(rng.sample(cols, len(bodies)))
        r = cells[0][1]
        new = "".join(f'<c r="{c}{r}"{a}>{i}</c>' for c, (a, i) in zip(chosen, bodies))
        return re.sub(r"<c r=.*</c>", lambda _: new, m.group(0), count=1, flags=re.S)

    return re.sub(r"<row\b.*?</row>", row, xml, flags=re.S)


def members(data: bytes, rng: random.Random) -> bytes:
    ms = unzip(data)
    k = rng.randrange(4)
    if k == 0:
        rng.shuffle(ms)
    elif k == 1:
        ms.pop(rng.randrange(len(ms)))
    elif k == 2:
        i = rng.randrange(len(ms))
        ms[i] = (ms[i][0], flip(ms[i][1], rng) if ms[i][1] else b"x")
    else:
        ms.append(
            (
                rng.choice(["xl/worksheets/sheet2.xml", "../evil.xml", "xl/media/a.exe"]),
                payload(rng).encode("utf-8", "replace"),
            )
        )
    return rezip(ms)


# --- csv mutations ---------------------------------------------------------------------------


def csv_lines(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    rng.shuffle(lines)
    return "".join(lines)


def csv_cells(text: str, rng: random.Random) -> str:
    import csv

    rows = list(csv.reader(io.StringIO(text)))
    for r in rows:
        if rng.random() < 0.5:
            rng.shuffle(r)
        if rng.random() < 0.2:
            r.insert(rng.randrange(len(r) + 1), "")
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def csv_text(text: str, rng: random.Random) -> str:
    import csv

    rows = list(csv.reader(io.StringIO(text)))
    for _ in range(rng.randint(1, 6)):
        r = rng.choice(rows)
        if r:
            r[rng.randrange(len(r))] = payload(rng)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def encode(text: str, rng: random.Random) -> bytes:
    enc = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp874", "tis-620", "latin-1", "utf-32"])
    return text.encode(enc, errors="replace")


def build_cases() -> list[tuple[int, str, str, str, bytes]]:
    rng = random.Random(SEED)
    cases = []
    for fixture, plan in PLAN.items():
        data = (FIXTURES / fixture).read_bytes()
        is_csv = fixture.endswith(".csv")
        text = data.decode("cp874") if is_csv else ""
        for kind, n in plan.items():
            for _ in range(n):
                if kind == "flip":
                    out = flip(data, rng)
                elif kind == "truncate":
                    out = truncate(data, rng)
                elif is_csv:
                    mutate = {"lines": csv_lines, "cell_shuffle": csv_cells, "cell_text": csv_text}.get(kind)
                    out = encode(mutate(text, rng) if mutate else text, rng)
                elif kind == "members":
                    out = members(data, rng)
                else:
                    fn = {
                        "cell_text": cell_text,
                        "formula": formula,
                        "xml_corrupt": xml_corrupt,
                        "cell_shuffle": cell_shuffle,
                    }[kind]
                    out = with_sheet(data, lambda xml, fn=fn: fn(xml, rng))
                cases.append((len(cases), fixture, kind, fixture, out))
    return cases


class CaseTimeout(BaseException):
    """BaseException so that parse_file's `except Exception` cannot swallow it."""


def _alarm(signum, frame):
    raise CaseTimeout()


def run_case(case: tuple[int, str, str, str, bytes]) -> tuple:
    from ita_metrics import words
    from ita_metrics.interpret.importer import parse_file
    from ita_metrics.model import MEASURE_FIELDS

    idx, _fixture, _kind, name, data = case
    known = set(words.codes("msg."))
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_SECONDS)
    start = time.monotonic()
    try:
        r = parse_file(data, name)
    except CaseTimeout:
        return idx, "hang", "", f"> {CASE_SECONDS} s", CASE_SECONDS
    except BaseException:  # noqa: BLE001
        return idx, "raised", "", traceback.format_exc(), time.monotonic() - start
    finally:
        signal.alarm(0)
    took = time.monotonic() - start
    if took > CASE_SECONDS:
        return idx, "hang", "", f"{took:.1f} s", took
    if r.error is None:
        ok = list(r.measures.columns) == list(MEASURE_FIELDS)
        return idx, "ok" if ok else "bad_frame", "", "" if ok else str(list(r.measures.columns)), took
    e = r.error
    if e.code == "internal_error" or e.code not in known or not e.th or not e.en or e.th == e.code:
        return idx, "bad_error", e.code, f"{e.th} / {e.en}", took
    return idx, "refused", e.code, "", took


@pytest.mark.timeout(300)
def test_fuzz_importer(fixtures_dir, tmp_path):
    t0 = time.monotonic()
    cases = build_cases()
    assert len(cases) >= 1000
    built = time.monotonic() - t0
    by_id = {c[0]: c for c in cases}
    results = []
    try:
        with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
            results = list(pool.map(run_case, cases, chunksize=8))
    except BrokenProcessPool as exc:  # a native crash (abort/segfault) in a worker
        pytest.fail(f"a worker process died (native crash) after {len(results)} cases: {exc}")
    outcomes = Counter()
    kinds = Counter()
    secs = Counter()
    failures = []
    for idx, status, code, detail, took in results:
        outcomes[f"{status}:{code}" if code else status] += 1
        kinds[(by_id[idx][1], by_id[idx][2], status)] += 1
        secs[f"{by_id[idx][1]} {by_id[idx][2]}"] += took
        if status not in ("ok", "refused"):
            _, fixture, kind, name, data = by_id[idx]
            path = tmp_path / f"case{idx}_{kind}_{name}"
            path.write_bytes(data)
            failures.append(f"case {idx} {fixture} {kind} -> {status} {code} [{path}]\n{detail}")
    slowest = max(r[4] for r in results)
    print(
        f"\nfuzz: {len(results)} cases, seed {SEED}, built in {built:.1f} s, total {time.monotonic() - t0:.1f} s, "
        f"slowest case {slowest:.2f} s"
    )
    for key, n in sorted(outcomes.items(), key=lambda kv: -kv[1]):
        print(f"  {key:35s} {n}")
    print("  seconds by fixture/mutation: " + ", ".join(f"{k} {v:.1f}" for k, v in secs.most_common(6)))
    assert not failures, f"{len(failures)} bad outcomes:\n" + "\n\n".join(failures[:10])
