"""The roster: the agencies a province expects a report from, per fiscal year.

An officer gets it from the provincial local-government office as a spreadsheet, in one of two
layouts, both read here:

- a flat list: one row per agency with columns for the name, often the type (อบต. / ทต.) apart
  from the name, the district and sometimes the province;
- a list grouped by district: a heading row "อำเภอเมืองบุรีรัมย์" above the agencies of that
  district, each row a number and a full name ("ทต.ถาวร").

Or it is drafted from the gazetteer (gazetteer.roster_draft). Every row that is not an agency is
listed with its reason, never dropped silently. An agency's key is (province, district, agency),
the canonical full name: two agencies of one name in two districts are two agencies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ita_metrics.datafiles import load_table
from ita_metrics.errors import Message, ReadError, message
from ita_metrics.reading.readers import read_sheets
from ita_metrics.thai.agencies import agency_kind, find_agency, normalize_agency
from ita_metrics.thai.gazetteer import district_key, known_province, province_key
from ita_metrics.thai.thai_text import clean, is_blank

ROSTER_COLUMNS = ["province", "fiscal_year", "district", "agency", "kind", "subdistrict", "source"]
SKIP_COLUMNS = ["file", "sheet", "row", "reason", "th", "en", "text"]
_SPACES = re.compile(r"\s+")
_HEADING = re.compile(r"^(?:อำเภอ|อ\.|กิ่งอำเภอ)\s*([ก-๙]+)")
_PROVINCE_IN_TITLE = re.compile(r"(?:จังหวัด|จ\.)\s*([ก-๙]+)")
_HEADER_SCAN_ROWS = 20  # a roster's header is within its first rows
_HEADER_SLACK = 12  # a header cell may add a little to the word: "ชื่อ อปท. (ภาษาไทย)"


@dataclass
class RosterImport:
    """What was read from one file: the roster rows, the rows left out with reasons, messages."""

    file: str
    roster: pd.DataFrame
    skipped: pd.DataFrame
    messages: list[Message] = field(default_factory=list)
    error: Message | None = None


@lru_cache(maxsize=1)
def _synonyms() -> tuple[tuple[str, str], ...]:
    rows = [(r["role"], _SPACES.sub("", r["word"]).lower()) for r in load_table("roster_columns.csv")]
    return tuple(sorted(rows, key=lambda r: -len(r[1])))


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's 3.0 is the row number 3
    return "" if is_blank(value) else clean(str(value))


def _role(cell: str) -> str | None:
    key = _SPACES.sub("", cell).lower()
    for role, word in _synonyms():
        if key == word or (key.startswith(word) and len(key) <= len(word) + _HEADER_SLACK):
            return role
    return None


def _header(rows: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    """The first row with an agency-name column: (row index, role → column)."""
    for i, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        roles: dict[str, int] = {}
        for j, value in enumerate(row):
            role = _role(_text(value)) if _text(value) else None
            if role and role not in roles:
                roles[role] = j
        if "name" in roles:
            return i, roles
    return None


def empty_roster() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "fiscal_year" else "object") for c in ROSTER_COLUMNS})


def frame(rows: Sequence[dict], province: str = "", fiscal_year: int | None = None) -> pd.DataFrame:
    """Roster rows as a table: canonical names, kinds, bare district names, one row per key."""
    out = []
    seen = set()
    for r in rows:
        agency = normalize_agency(str(r.get("agency") or ""))
        if not agency:
            continue
        prov = known_province(r.get("province") or province) or province_key(r.get("province") or province)
        district = district_key(r.get("district") or "")
        key = (prov, district, agency)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            {
                "province": prov,
                "fiscal_year": r.get("fiscal_year") or fiscal_year,
                "district": district,
                "agency": agency,
                "kind": agency_kind(agency),
                "subdistrict": str(r.get("subdistrict") or ""),
                "source": str(r.get("source") or ""),
            }
        )
    df = pd.DataFrame(out, columns=ROSTER_COLUMNS) if out else empty_roster()
    df["fiscal_year"] = pd.to_numeric(df["fiscal_year"], errors="coerce").astype("Int64")
    return df.sort_values(["district", "agency"], kind="stable").reset_index(drop=True)


def read_roster(data: bytes, name: str, province: str = "", fiscal_year: int | None = None) -> RosterImport:
    """An agency list from Excel/CSV bytes (either layout). Never raises for bad input."""
    skipped: list[dict] = []
    try:
        sheets = read_sheets(data, name)
    except ReadError as exc:
        return RosterImport(name, empty_roster(), pd.DataFrame(columns=SKIP_COLUMNS), error=exc.msg)
    rows: list[dict] = []
    found_header = False
    for sheet in sheets:
        if sheet.hidden:
            continue
        head = _header(sheet.rows)
        if head is None:
            continue
        found_header = True
        rows.extend(_sheet_rows(sheet.rows, head, name, sheet.name, province, skipped))
    skipped_df = pd.DataFrame(skipped, columns=SKIP_COLUMNS)
    if not found_header:
        return RosterImport(name, empty_roster(), skipped_df, error=message("roster_no_header", file=name))
    roster = frame(rows, province, fiscal_year)
    if roster.empty:
        return RosterImport(name, roster, skipped_df, error=message("roster_empty", file=name))
    messages = []
    missing = int((roster["district"] == "").sum())
    if missing:
        msg = message("roster_no_district", "warning", name)
        messages.append(Message("warning", msg.code, f"{msg.th} ({missing})", f"{msg.en} ({missing})", name))
    return RosterImport(name, roster, skipped_df, messages)


def _skip(skipped: list[dict], name: str, sheet: str, row: int, code: str, text: str) -> None:
    msg = message(code, text=text[:60])
    skipped.append({"file": name, "sheet": sheet, "row": row, "reason": code, "th": msg.th, "en": msg.en, "text": text})


def _sheet_rows(
    rows: list[list[object]],
    head: tuple[int, dict[str, int]],
    name: str,
    sheet: str,
    province: str,
    skipped: list[dict],
) -> list[dict]:
    """The agencies of one sheet; title rows, district headings and other rows go to `skipped`."""
    header_at, roles = head
    title_province = ""
    for i in range(header_at + 1):
        line = " ".join(_text(v) for v in rows[i] if _text(v))
        if m := _PROVINCE_IN_TITLE.search(line):
            title_province = title_province or m.group(1)
        _skip(skipped, name, sheet, i + 1, "roster_title", line)
    district = ""
    out = []
    for i in range(header_at + 1, len(rows)):
        cells = [_text(v) for v in rows[i]]
        filled = [c for c in cells if c]
        if not filled:
            continue  # blank rows are not counted as rows at all
        line = " ".join(filled)
        get = {role: (cells[j] if j < len(cells) else "") for role, j in roles.items()}
        heading = _HEADING.match(_SPACES.sub("", filled[0])) if len(filled) <= 2 else None
        raw_name = get.get("name", "")
        if heading and not normalize_agency(raw_name):
            district = heading.group(1)
            _skip(skipped, name, sheet, i + 1, "roster_heading", line)
            continue
        agency = _agency(raw_name, get.get("kind", ""))
        if not agency:
            _skip(skipped, name, sheet, i + 1, "roster_no_agency", line)
            continue
        hit = find_agency(raw_name)
        out.append(
            {
                "agency": agency,
                "district": get.get("district") or (hit.district if hit else "") or district,
                "province": get.get("province") or (hit.province if hit else "") or title_province or province,
                "subdistrict": get.get("subdistrict", ""),
                "source": f"{name}:{i + 1}",
            }
        )
    return out


def _agency(name: str, kind: str) -> str:
    """ "ทุ่งมะพร้าว" with type "อบต." → องค์การบริหารส่วนตำบลทุ่งมะพร้าว; a full name as it is."""
    if not name:
        return ""
    direct = normalize_agency(name)
    if direct:
        return direct
    return normalize_agency(f"{kind.strip()}{name.strip()}") if kind else ""


# ---------------------------------------------------------------- matching reports to the roster
def roster_key(province: str, district: str, agency: str) -> tuple[str, str, str]:
    """The identity of a roster agency: province and district as bare names, canonical agency."""
    return province_key(province), district_key(district), normalize_agency(agency) or agency


def match_reports(roster: pd.DataFrame, reports: pd.DataFrame) -> pd.Series:
    """For each report row (agency, district, province), the index of its roster row, or -1.

    An agency name unique in the roster is enough; a name the roster holds in several districts
    needs the report's district too (else -1: shown as unmatched, never guessed)."""
    by_name: dict[str, list[int]] = {}
    for idx, agency in zip(roster.index, roster["agency"]):
        by_name.setdefault(agency, []).append(idx)
    out = []
    for agency, district, prov in zip(reports["agency"], reports["district"], reports["province"]):
        candidates = by_name.get(normalize_agency(str(agency)) or str(agency), [])
        if prov and len(candidates) > 1:
            candidates = [c for c in candidates if roster.at[c, "province"] in ("", province_key(prov))] or candidates
        if len(candidates) > 1:
            candidates = [c for c in candidates if roster.at[c, "district"] == district_key(district)]
        out.append(candidates[0] if len(candidates) == 1 else -1)
    return pd.Series(out, index=reports.index, dtype="int64")
