"""Fuzz that reaches the workbook's structure (issue 11, point 7), not only its bytes.

A hand-built .xlsx (shared strings, a date style, a measures table) is mutated part by part: zip
members (renamed, dropped, doubled, junk), relationships (targets missing, absolute, external,
circular, doubled ids), XML nodes (rows doubled or nested, far cells, huge merges and dimensions),
shared strings (gone, out of range, rich runs), number formats (date formats on odd values, bad
style indexes) and cell values (negative, huge, NaN and infinite dates). 1,200 cases, fixed seed.

Every case must end in measures or in a known Thai/English refusal: no escaped exception, no
`internal_error`, and no reader worker lost (`reader_crash`, `reader_cpu`, `reader_memory`,
`reader_timeout`, `reader_error` count as crashes and hangs here: the checks before the reader must
catch the file first).
"""

from __future__ import annotations

import io
import random
import re
import time
import warnings
import zipfile
from collections import Counter

import pytest

from ita_metrics import words
from ita_metrics.interpret.importer import parse_file
from ita_metrics.model import MEASURE_FIELDS

SEED = 20261130
CASES = 1200
WORKER_LOST = {"reader_crash", "reader_cpu", "reader_memory", "reader_timeout", "reader_error"}
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

STRINGS = [
    "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน",
    "เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดขอนแก่น",
    "มาตรการ/แนวทาง",
    "ผู้รับผิดชอบ",
    "ระยะเวลาดำเนินการ",
    "ผลการดำเนินงาน",
    "สำนักปลัด",
    "ดำเนินการแล้ว",
] + [f"มาตรการที่ {i} เผยแพร่ข้อมูลต่อสาธารณะ" for i in range(1, 7)]


def _cell(ref: str, kind: str, value: object, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="s"><v>{value}</v></c>' if kind == "s" else f'<c r="{ref}"{s}><v>{value}</v></c>'


def sheet_xml() -> str:
    rows = [[("s", 0)], [("s", 1)], [("s", 2)], [("s", 3), ("s", 4), ("s", 5), ("s", 6)]]
    for i in range(6):
        rows.append([("s", 9 + i), ("s", 7), ("d", 45016 + i), ("s", 8)])
    body = []
    for r, cells in enumerate(rows, start=1):
        cs = "".join(_cell(f"{'ABCD'[c]}{r}", k, v, 1 if k == "d" else 0) for c, (k, v) in enumerate(cells))
        body.append(f'<row r="{r}">{cs}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {MAIN}><dimension ref="A1:D10"/>'
        f'<sheetData>{"".join(body)}</sheetData><mergeCells count="1"><mergeCell ref="A1:D1"/></mergeCells>'
        f"</worksheet>"
    )


def base_parts() -> dict[str, str]:
    sst = "".join(f"<si><t>{s}</t></si>" for s in STRINGS)
    return {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="/xl/{part}" ContentType="{OOXML}.{kind}+xml"/>'
            for part, kind in (
                ("workbook.xml", "sheet.main"),
                ("worksheets/sheet1.xml", "worksheet"),
                ("sharedStrings.xml", "sharedStrings"),
                ("styles.xml", "styles"),
            )
        )
        + "</Types>",
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {MAIN} xmlns:r="{REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml(),
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {MAIN} count="{len(STRINGS)}" '
        f'uniqueCount="{len(STRINGS)}">{sst}</sst>',
        "xl/styles.xml": f'<?xml version="1.0"?><styleSheet {MAIN}><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="d/m/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1">'
        '<fill><patternFill/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/>'
        '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>",
    }


def build(parts: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate member names are one of the mutations
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, body in parts:
                z.writestr(name, body)
    return buf.getvalue()


# --- mutations: each takes the parts (a list of [name, text-or-bytes]) and a Random ---------------
SHEET = "xl/worksheets/sheet1.xml"
RELS = "xl/_rels/workbook.xml.rels"
ODD_VALUES = [
    "-1e12",
    "1e308",
    "-1e308",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "2958466",
    "2958465.9999",
    "-1",
    "0",
    "1e20",
    "-0",
    "abc",
    "",
    "1e999",
    "9" * 400,
    "60",
    "0.5",
    "-693594",
]


def _get(parts, name):
    return next((p for p in parts if p[0] == name), None)


def _edit(parts, name, fn):
    p = _get(parts, name)
    if p is not None and isinstance(p[1], str):
        p[1] = fn(p[1])


def rename_sheet_part(parts, rng):
    new = rng.choice(["sheet1.dat", "sheet1.XML", "sheet1.bin", "SHEET1.xml", "data/s", "sheet1.xml.bak"])
    p = _get(parts, SHEET)
    if p:
        p[0] = "xl/worksheets/" + new
    if rng.random() < 0.8:
        _edit(parts, RELS, lambda t: t.replace("worksheets/sheet1.xml", "worksheets/" + new))
        _edit(parts, "[Content_Types].xml", lambda t: t.replace("/xl/worksheets/sheet1.xml", "/xl/worksheets/" + new))


def relationship_target(parts, rng):
    target = rng.choice(
        [
            "worksheets/missing.xml",
            "/xl/worksheets/sheet1.xml",
            "worksheets/../worksheets/sheet1.xml",
            'http://evil.example/x.xml" TargetMode="External',
            "",
            "workbook.xml",
            "sharedStrings.xml",
            "styles.xml",
            "../../../../etc/passwd",
            "worksheets/sheet1.xml#x",
            "WORKSHEETS/SHEET1.XML",
        ]
    )
    _edit(parts, RELS, lambda t: t.replace('Target="worksheets/sheet1.xml"', f'Target="{target}"', 1))


def relationship_ids(parts, rng):
    k = rng.randrange(3)
    if k == 0:  # the same id twice, pointing elsewhere
        _edit(
            parts,
            RELS,
            lambda t: t.replace(
                "</Relationships>",
                f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="sharedStrings.xml"/></Relationships>',
            ),
        )
    elif k == 1:  # the sheet's id missing
        _edit(parts, "xl/workbook.xml", lambda t: t.replace('r:id="rId1"', 'r:id="rId99"'))
    else:  # two sheets on one part
        two = '<sheet name="อีก" sheetId="2" r:id="rId1"/></sheets>'
        _edit(parts, "xl/workbook.xml", lambda t: t.replace("</sheets>", two))


def zip_members(parts, rng):
    k = rng.randrange(4)
    if k == 0 and len(parts) > 1:
        parts.pop(rng.randrange(len(parts)))
    elif k == 1:
        name, body = rng.choice(parts)
        parts.append([name, body[: len(body) // 2] if body else "x"])  # a second member of the same name
    elif k == 2:
        parts.append(
            [
                rng.choice(["xl/worksheets/sheet2.xml", "xl/media/a.png", "../evil.xml", "xl/x"]),
                bytes(rng.randrange(256) for _ in range(rng.randint(0, 400))),
            ]
        )
    else:
        i = rng.randrange(len(parts))
        body = parts[i][1]
        parts[i][1] = body[: rng.randrange(len(body) + 1)] if body else body  # truncated part


def far_cell(parts, rng):
    ref = rng.choice(
        [
            "XFD1048576",
            "A1048576",
            "XFD1",
            "ZZZZ1",
            "A0",
            "A99999999999",
            "XFD20001",
            "B20001",
            "AAA30000",
            "$A$1",
            "a1",
        ]
    )
    row = "".join(ch for ch in ref if ch.isdigit()) or "1"
    cell = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
    _edit(parts, SHEET, lambda t: t.replace("</sheetData>", cell + "</sheetData>"))


def cell_type(parts, rng):
    kind = rng.choice(["s", "str", "inlineStr", "b", "e", "d", "n", "n2", "", 's" t="b'])

    def fn(t):
        cells = list(re.finditer(r'<c r="[A-Z]+\d+"( s="\d+")?( t="[^"]*")?>', t))
        if not cells:
            return t
        m = rng.choice(cells)
        return t[: m.start()] + m.group(0).replace(m.group(2) or ">", "").rstrip(">") + f' t="{kind}">' + t[m.end() :]

    _edit(parts, SHEET, fn)


def cell_value(parts, rng):
    def fn(t):
        values = list(re.finditer(r"<v>[^<]*</v>", t))
        for m in sorted(rng.sample(values, min(len(values), rng.randint(1, 4))), key=lambda m: -m.start()):
            t = t[: m.start()] + f"<v>{rng.choice(ODD_VALUES)}</v>" + t[m.end() :]
        return t

    _edit(parts, SHEET, fn)


def date_values(parts, rng):
    """Odd values in the date-styled cells (s="1"): where calamine converts to dates."""

    def fn(t):
        return re.sub(
            r'(<c r="C\d+" s="1"><v>)[^<]*(</v>)', lambda m: m.group(1) + rng.choice(ODD_VALUES) + m.group(2), t
        )

    _edit(parts, SHEET, fn)


def style_index(parts, rng):
    s = rng.choice(["0", "1", "2", "99", "-1", "999999", "x", "1e3"])
    _edit(parts, SHEET, lambda t: re.sub(r' s="\d+"', f' s="{s}"', t, count=rng.randint(1, 4)))


def number_format(parts, rng):
    nid = rng.choice(["14", "15", "22", "45", "47", "164", "165", "0", "49", "-1", "99999"])
    code = rng.choice(
        [
            "yyyy-mm-dd",
            "[$-107041E]d mmm yyyy",
            "0.00",
            "@",
            "d/m/yyyy h:mm",
            "[h]:mm:ss",
            '";;;',
            "[Red]0",
            "yyyyyyyyyyyy",
            "B2dd/mm/yyyy",
            "",
        ]
    )
    _edit(
        parts,
        "xl/styles.xml",
        lambda t: (
            t.replace('<xf numFmtId="14"', f'<xf numFmtId="{nid}"')
            .replace('formatCode="d/m/yyyy"', f'formatCode="{code}"')
            .replace('numFmtId="164" ', f'numFmtId="{nid}" ')
        ),
    )
    if rng.random() < 0.5:  # and every text cell dated too
        _edit(parts, SHEET, lambda t: t.replace('t="s">', 's="1" t="n">', rng.randint(1, 6)))


def shared_strings(parts, rng):
    k = rng.randrange(5)
    if k == 0:
        parts[:] = [p for p in parts if p[0] != "xl/sharedStrings.xml"]
    elif k == 1:
        _edit(
            parts,
            SHEET,
            lambda t: re.sub(
                r'(t="s"><v>)\d+',
                lambda m: m.group(1) + rng.choice(["-1", "9999", "10000000000", "x", "", "3.5"]),
                t,
                count=rng.randint(1, 3),
            ),
        )
    elif k == 2:
        count = rng.choice(["-1", "0", "99999999999"])
        _edit(parts, "xl/sharedStrings.xml", lambda t: re.sub(r'count="\d+"', f'count="{count}"', t))
    elif k == 3:
        _edit(
            parts,
            "xl/sharedStrings.xml",
            lambda t: t.replace("<si><t>", "<si><r><rPr><b/></rPr><t>", 3).replace(
                "</t></si>", "</t></r><r><t>ต่อ</t></r></si>", 3
            ),
        )
    else:
        _edit(parts, "xl/sharedStrings.xml", lambda t: re.sub(r"<si>.*?</si>", "<si/>", t, count=rng.randint(1, 9)))


def xml_nodes(parts, rng):
    k = rng.randrange(8)

    def fn(t):
        rows = re.findall(r"<row\b.*?</row>", t)
        if k == 0 and rows:
            r = rng.choice(rows)
            return t.replace(r, r + r, 1)
        if k == 1 and rows:
            return t.replace(rng.choice(rows), "", 1)
        if k == 2 and rows:
            r = rng.choice(rows)
            return t.replace("</c>", "</c>" + r, 1)  # a row nested in a cell
        if k == 3:
            return re.sub(r"<sheetData>.*</sheetData>", "", t, flags=re.S)
        if k == 4:
            ref = rng.choice(["A1:XFD1048576", "A1:A1048576", "A2:D1", "ZZ1:A1", "A1", "A1:XFD1"])
            return t.replace('<mergeCell ref="A1:D1"/>', f'<mergeCell ref="{ref}"/>' * rng.randint(1, 3))
        if k == 5:
            ref = rng.choice(["A1:XFD1048576", "", "Z9:A1"])
            return t.replace('<dimension ref="A1:D10"/>', f'<dimension ref="{ref}"/>')
        if k == 6:
            return t.replace("<sheetData>", '<cols><col min="1" max="16384" width="9"/></cols><sheetData>')
        return re.sub(r'<row r="(\d+)"', lambda m: f'<row r="{int(m.group(1)) * rng.choice([1, 7, 1000, 100000])}"', t)

    _edit(parts, SHEET, fn)


MUTATIONS = [
    rename_sheet_part,
    relationship_target,
    relationship_ids,
    zip_members,
    far_cell,
    cell_type,
    cell_value,
    date_values,
    style_index,
    number_format,
    shared_strings,
    xml_nodes,
]


def cases() -> list[tuple[int, str, bytes]]:
    rng = random.Random(SEED)
    base = base_parts()
    out = []
    for i in range(CASES):
        parts = [[n, b] for n, b in base.items()]
        names = []
        for fn in rng.sample(MUTATIONS, rng.randint(1, 3)):
            fn(parts, rng)
            names.append(fn.__name__)
        body = [(n, b.encode("utf-8") if isinstance(b, str) else b) for n, b in parts]
        out.append((i, "+".join(names), build(body)))
    return out


def test_the_base_workbook_reads():
    r = parse_file(build([(n, b.encode()) for n, b in base_parts().items()]), "base.xlsx")
    assert r.error is None, r.error
    assert len(r.measures) == 6 and set(r.measures["due_date"]) == {f"2023-03-{d}" for d in range(31, 32)} | {
        "2023-04-01",
        "2023-04-02",
        "2023-04-03",
        "2023-04-04",
        "2023-04-05",
    }


@pytest.mark.timeout(900)
def test_structural_fuzz(tmp_path, monkeypatch):
    monkeypatch.setenv("ITA_READ_WALL_SECONDS", "20")  # a hang shows as reader_timeout, counted below
    known = set(words.codes("msg."))
    outcomes, bad = Counter(), []
    kinds = Counter()
    t0 = time.monotonic()
    all_cases = cases()
    assert len(all_cases) >= 1000
    for idx, kind, data in all_cases:
        for k in kind.split("+"):
            kinds[k] += 1
        name = f"case{idx}.xlsx"
        try:
            r = parse_file(data, name)
        except BaseException as exc:  # noqa: BLE001 - the test records any raise
            status, detail = "raised", f"{type(exc).__name__}: {exc}"
        else:
            if r.error is None:
                ok = list(r.measures.columns) == list(MEASURE_FIELDS)
                status, detail = ("ok", "") if ok else ("bad_frame", str(list(r.measures.columns)))
            else:
                e = r.error
                status = e.code
                detail = f"{e.th} / {e.en}"
                if e.code == "internal_error" or e.code in WORKER_LOST or e.code not in known or e.th == e.code:
                    status = f"BAD:{e.code}"
        outcomes[status.split(":")[0] if status.startswith("BAD") else status] += 1
        if status.startswith("BAD") or status in ("raised", "bad_frame"):
            path = tmp_path / f"{name[:-5]}_{kind}.xlsx"
            path.write_bytes(data)
            bad.append(f"case {idx} {kind} -> {status} [{path}]\n{detail[:300]}")
    print(f"\nstructural fuzz: {len(all_cases)} cases, seed {SEED}, {time.monotonic() - t0:.1f} s")
    print("  mutations: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    for key, n in outcomes.most_common():
        print(f"  {key:32s} {n}")
    assert not bad, f"{len(bad)} crashes, hangs or internal errors:\n" + "\n\n".join(bad[:10])
