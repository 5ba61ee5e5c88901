"""Word (.docx) reports to one Sheet: the paragraphs before a table become title rows, every table
row becomes a row of cells with merged cells (gridSpan, vMerge) recorded as in spreadsheets.

Tables that share a header (or continue one without a header of their own) are one report and go
into one Sheet; a table with a different header starts another. Text boxes, headers and footers,
deleted text and field codes are not read. `origins` keeps where each row is: ("ตาราง 2", 5) is row
5 of the document's second table, ("ย่อหน้า", 3) its third paragraph.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from ita_metrics.errors import ReadError, message
from ita_metrics.reading.limits import check_sheet_size, check_zip, get_limits
from ita_metrics.reading.readers import OLE_MAGIC, ZIP_MAGIC, Sheet
from ita_metrics.thai.thai_text import symbol_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAIN_PART = "word/document.xml"
MAX_PART_MB = 64
# Subtrees whose text is not the report's: text boxes, drawings, deleted text, field codes.
SKIP_TAGS = {
    W + "txbxContent",
    W + "delText",
    W + "instrText",
    W + "drawing",
    W + "pict",
    W + "object",
    W + "footnoteReference",
    W + "endnoteReference",
    W + "commentReference",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
    "{urn:schemas-microsoft-com:vml}textbox",
}
WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}
TEXT_OF: dict[str, str | None] = {
    W + "t": None,
    W + "tab": " ",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
    W + "softHyphen": "",
}


@dataclass
class _Group:
    """Tables read as one report: their rows, merged ranges and where each row came from."""

    header: tuple[str, ...] = ()
    rows: list[list[object]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    origins: list[tuple[str, int]] = field(default_factory=list)
    tables: int = 0


def read_docx(data: bytes, name: str) -> list[Sheet]:
    """Sheets of a Word document (one per distinct table header)."""
    body = _body(data, name)
    groups: list[_Group] = []
    pending: list[tuple[str, int]] = []  # paragraphs not yet placed: (text, paragraph number)
    n_par = n_tbl = 0
    for kind, el in _blocks(body, unwrap=True):
        if kind == "p":
            n_par += 1
            text = paragraph_text(el)
            if text.strip():
                pending.append((text, n_par))
            continue
        n_tbl += 1
        grid = _table_grid(el)
        if not grid.rows:
            continue
        header = _header_signature(grid.rows)
        if not groups or (header and groups[-1].header and header != groups[-1].header):
            groups.append(_Group(header=header))
        group = groups[-1]
        group.header = group.header or header
        _add_paragraphs(group, pending)
        pending = []
        base = len(group.rows)
        group.rows.extend(grid.rows)
        group.merged.extend((r0 + base, c0, r1 + base, c1) for r0, c0, r1, c1 in grid.merged)
        group.origins.extend((f"ตาราง {n_tbl}", i + 1) for i in range(len(grid.rows)))
        group.tables += 1
    if groups and pending:  # text after the last table: signatures, notes
        _add_paragraphs(groups[-1], pending)
    if not groups:
        raise ReadError(message("no_table_document", file=name))
    lim = get_limits()
    sheets = []
    for i, g in enumerate(groups):
        label = "เอกสาร" if len(groups) == 1 else f"เอกสาร ส่วนที่ {i + 1}"
        width = max((len(r) for r in g.rows), default=0)
        check_sheet_size(len(g.rows), width, name, label, lim)
        sheets.append(Sheet(label, g.rows, g.merged, origins=g.origins))
    return sheets


def _add_paragraphs(group: _Group, paragraphs: list[tuple[str, int]]) -> None:
    """Paragraphs before the first table are title rows (column A); later ones stand right of the
    table's columns, so that a note between two tables is never read as a measure's issue."""
    col = max((len(r) for r in group.rows), default=0) if group.tables else 0
    for text, k in paragraphs:
        group.rows.append([None] * col + [text])
        group.origins.append(("ย่อหน้า", k))


def _body(data: bytes, name: str):
    """The parsed <w:body>, after the container checks every zip upload gets."""
    if data.startswith(OLE_MAGIC):
        # Word keeps a password-protected .docx inside an OLE container; a .doc renamed is OLE too.
        code = "encrypted_document" if "EncryptionInfo".encode("utf-16-le") in data else "old_word"
        raise ReadError(message(code, file=name))
    if not data.startswith(ZIP_MAGIC):
        raise ReadError(message("not_a_document", file=name, kind="Word (.docx)"))
    try:
        check_zip(data, name, ".docx")
    except ReadError as exc:  # the zip checks speak of workbooks: say "document" for a Word file
        mapped = {"damaged_workbook": "damaged_document", "encrypted_workbook": "encrypted_document"}.get(exc.msg.code)
        if mapped is None:
            raise
        detail = exc.msg.en.rsplit("(", 1)[-1].rstrip(")") if "(" in exc.msg.en else ""
        raise ReadError(message(mapped, file=name, detail=detail)) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise ReadError(message("macro_workbook", file=name))
            if MAIN_PART not in names:
                raise ReadError(message("not_a_document", file=name, kind="Word (.docx)"))
            if zf.getinfo(MAIN_PART).file_size > MAX_PART_MB * 1024 * 1024:
                raise ReadError(
                    message(
                        "too_large",
                        file=name,
                        size=f"{zf.getinfo(MAIN_PART).file_size / 2**20:,.1f}",
                        limit=str(MAX_PART_MB),
                    )
                )
            xml = zf.read(MAIN_PART)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile/zlib raise many types for broken files
        raise ReadError(message("damaged_document", file=name, detail=type(exc).__name__)) from None
    return _parse_xml(xml, name)


def _parse_xml(xml: bytes, name: str):
    """Parse without DTDs, entity expansion or network access (no external resources followed)."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(message("damaged_document", file=name, detail=str(exc)[:60])) from None
    body = root.find(W + "body")
    if body is None:
        raise ReadError(message("not_a_document", file=name, kind="Word (.docx)"))
    return body


def _blocks(parent, unwrap: bool = False):
    """Paragraphs and tables in document order, looking through content controls; with `unwrap`,
    a one-cell table that holds tables (a frame some writers put around the whole report) is
    replaced by what it holds."""
    for el in parent:
        if el.tag == W + "p":
            yield "p", el
        elif el.tag == W + "tbl":
            frame = _frame_cell(el) if unwrap else None
            if frame is not None:
                yield from _blocks(frame, unwrap)
            else:
                yield "tbl", el
        elif el.tag in WRAPPERS:
            yield from _blocks(el, unwrap)


def _frame_cell(tbl):
    """The only cell of a one-cell table, when it holds a table of its own."""
    cells = [tc for tr in _rows_of(tbl) for tc in _cells_of(tr)]
    if len(cells) == 1 and cells[0].find(W + "tbl") is not None:
        return cells[0]
    return None


def paragraph_text(p) -> str:
    """Visible text of one paragraph (runs, tabs, breaks), without text boxes or deleted text."""
    out: list[str] = []
    stack = [iter(p)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            continue
        if tag in TEXT_OF:
            fixed = TEXT_OF[tag]
            out.append((el.text or "") if fixed is None else fixed)
            continue
        if tag == W + "sym":  # Insert > Symbol: a check mark in Wingdings, a √ in Symbol
            out.append(_symbol(el))
            continue
        if len(el):
            stack.append(iter(el))
    return "".join(out)


def _symbol(el) -> str:
    try:
        code = int(el.get(W + "char", ""), 16)
    except ValueError:
        return ""
    return symbol_text(el.get(W + "font", ""), code) or ""


def cell_text(tc) -> str:
    """A cell's paragraphs one per line; a nested table's rows one per line."""
    lines = []
    for kind, el in _blocks(tc):
        if kind == "p":
            lines.append(paragraph_text(el))
        else:
            for row in _table_grid(el).rows:
                lines.append(" ".join(str(v) for v in row if v))
    return "\n".join(lines).strip()


@dataclass
class _Grid:
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]]


def _val(el, tag: str) -> str | None:
    """w:val of child `tag` of el ('' when present without a value, None when absent)."""
    child = el.find(W + tag) if el is not None else None
    return None if child is None else child.get(W + "val", "")


def _int(value: str | None, default: int) -> int:
    try:
        return max(0, min(int(value), 1000)) if value not in (None, "") else default
    except ValueError:
        return default


def _children(el, tag: str):
    """Child elements `tag` (w:tr of a table, w:tc of a row), looking through content controls."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def _rows_of(tbl):
    return _children(tbl, W + "tr")


def _cells_of(tr):
    return _children(tr, W + "tc")


def _table_grid(tbl) -> _Grid:
    """Cells placed on the table grid: a gridSpan cell holds its text in its first column and is a
    horizontal merged range; a vMerge run holds its text in its top cell and is a vertical range."""
    rows: list[list[object]] = []
    merged: list[tuple[int, int, int, int]] = []
    open_v: dict[int, list[int]] = {}  # column -> [top row, bottom row, last column] of a vMerge run
    for r, tr in enumerate(_rows_of(tbl)):
        row: list[object] = []
        col = _int(_val(tr.find(W + "trPr"), "gridBefore"), 0)
        row.extend([None] * col)
        seen: set[int] = set()
        for tc in _cells_of(tr):
            pr = tc.find(W + "tcPr")
            span = max(1, _int(_val(pr, "gridSpan"), 1))
            vmerge = _val(pr, "vMerge")
            hmerge = _val(pr, "hMerge")
            if hmerge is not None and hmerge != "restart" and row:
                row.extend([None] * span)  # old-style horizontal merge: part of the cell to the left
                col += span
                continue
            if vmerge is not None and vmerge != "restart" and col in open_v:
                open_v[col][1] = r
                row.extend([None] * span)
                seen.add(col)
            else:
                _close(open_v, col, merged)
                row.append(cell_text(tc))
                row.extend([None] * (span - 1))
                if vmerge == "restart":
                    open_v[col] = [r, r, col + span - 1]
                    seen.add(col)
                elif span > 1:
                    merged.append((r, col, r, col + span - 1))
            col += span
        for c in [c for c in open_v if c not in seen]:
            _close(open_v, c, merged)
        rows.append(row)
    for c in list(open_v):
        _close(open_v, c, merged)
    return _Grid(rows, merged)


def _close(open_v: dict[int, list[int]], col: int, merged: list[tuple[int, int, int, int]]) -> None:
    run = open_v.pop(col, None)
    if run and (run[1] > run[0] or run[2] > col):
        merged.append((run[0], col, run[1], run[2]))


def _header_signature(rows: list[list[object]]) -> tuple[str, ...]:
    """Roles named by the table's first header-like row (of its first three); () when none."""
    from ita_metrics.reading.layout import match_role

    for row in rows[:3]:
        roles = tuple(r for r in (match_role(v) if isinstance(v, str) and v.strip() else None for v in row) if r)
        if len(set(roles)) >= 2:
            return roles
    return ()
