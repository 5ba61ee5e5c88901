"""Provinces, districts and subdistricts: where an agency is, when its report does not say.

The data is the `geothai` package's own copy of the Department of Provincial Administration's
lists (MIT code, CC-BY 4.0 data; it reads files inside the package, never the network), plus the
fictitious sample province in `data/gazetteer_sample.csv`.

Subdistrict-level agencies (อบต., ทต.) are named after their subdistrict, so an agency's place
name is looked up among the subdistricts (town and city municipalities also among districts)
of the report's province; with no province, of the whole country. One place found: district and
province filled, flagged `place_from_gazetteer`. Several (795 subdistrict names repeat) or none:
left unresolved and flagged `place_ambiguous` / `place_not_found` — never guessed.

>>> place_of("อบต.ทุ่งมะพร้าว").district
'ท้ายเหมือง'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ita_metrics.datafiles import load_table
from ita_metrics.thai.agencies import agency_kind, base_name, normalize_agency

FOUND, AMBIGUOUS, NOT_FOUND = "found", "ambiguous", "not_found"
FLAG = {FOUND: "place_from_gazetteer", AMBIGUOUS: "place_ambiguous", NOT_FOUND: "place_not_found"}
SAMPLE_TABLE = "gazetteer_sample.csv"
_SPACES = re.compile(r"\s+")
_PROVINCE_WORD = re.compile(r"^(?:จังหวัด|จ\.)\s*")
_DISTRICT_WORD = re.compile(r"^(?:อำเภอ|อ\.|เขต)\s*")
DEFAULT_PREFIX = "องค์การบริหารส่วนตำบล"  # a subdistrict's agency when no report says otherwise


@dataclass(frozen=True)
class Area:
    """One subdistrict with its district and province (Thai names, as DOPA writes them)."""

    province: str
    district: str
    subdistrict: str
    code: str = ""


@dataclass(frozen=True)
class Placement:
    """Where an agency is: `status` found / ambiguous / not_found; `candidates` "district, province"."""

    status: str
    district: str = ""
    province: str = ""
    candidates: tuple[str, ...] = field(default_factory=tuple)

    @property
    def flag(self) -> str:
        return FLAG[self.status]


def _key(name: str) -> str:
    return _SPACES.sub("", str(name or ""))


def province_key(name: str) -> str:
    """ "จังหวัด บุรีรัมย์" and "บุรีรัมย์" compare equal."""
    return _PROVINCE_WORD.sub("", _key(name))


def district_key(name: str) -> str:
    return _DISTRICT_WORD.sub("", _key(name))


@lru_cache(maxsize=1)
def areas() -> tuple[Area, ...]:
    """Every subdistrict of Thailand (geothai), then the sample province's."""
    import geothai

    out: list[Area] = []
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            out.extend(Area(p.name_th, d.name_th, s.name_th, s.code) for s in geothai.subdistricts(d.code))
    out.extend(
        Area(r["province"].strip(), r["district"].strip(), r["subdistrict"].strip()) for r in load_table(SAMPLE_TABLE)
    )
    return tuple(out)


def data_version() -> str:
    """The gazetteer release (for the README and the roster's note)."""
    import geothai

    return str(geothai.DATA_VERSION)


@lru_cache(maxsize=1)
def _by_subdistrict() -> dict[str, tuple[Area, ...]]:
    index: dict[str, list[Area]] = {}
    for a in areas():
        index.setdefault(_key(a.subdistrict), []).append(a)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _districts() -> dict[str, tuple[tuple[str, str], ...]]:
    """District key → (district, province) pairs."""
    index: dict[str, set[tuple[str, str]]] = {}
    for a in areas():
        index.setdefault(district_key(a.district), set()).add((a.district, a.province))
    return {k: tuple(sorted(v)) for k, v in index.items()}


def provinces() -> list[str]:
    """Province names, in Thai alphabetical order (the sample province included)."""
    return sorted({a.province for a in areas()})


def known_province(name: str) -> str:
    """The gazetteer's spelling of a province name, or "" when it is not one."""
    wanted = province_key(name)
    return next((p for p in provinces() if province_key(p) == wanted), "") if wanted else ""


def subdistricts_of(province: str) -> list[Area]:
    wanted = province_key(province)
    return [a for a in areas() if province_key(a.province) == wanted]


def place_of(agency: str, province: str = "") -> Placement:
    """The district (and province) of `agency`, within `province` when given."""
    name = _key(base_name(agency))
    if not name:
        return Placement(NOT_FOUND)
    wanted = province_key(province)
    pairs = {(a.district, a.province) for a in _by_subdistrict().get(name, ())}
    if not pairs and agency_kind(agency) == "เทศบาล":  # เทศบาลเมืองบุรีรัมย์: named after its town
        pairs = set(_districts().get(name, ())) | set(_districts().get("เมือง" + name, ()))
    if wanted:
        pairs = {p for p in pairs if province_key(p[1]) == wanted}
    if len(pairs) == 1:
        district, prov = next(iter(pairs))
        return Placement(FOUND, district, prov, (f"{district}, {prov}",))
    status = AMBIGUOUS if pairs else NOT_FOUND
    return Placement(status, candidates=tuple(f"{d}, {p}" for d, p in sorted(pairs)))


def fill_places(records: Iterable[dict]) -> None:
    """Records (measure dicts) without a district get it from the gazetteer, in place: district
    and province when one subdistrict matches (flag place_from_gazetteer), else a flag saying why
    not. One lookup per agency and province."""
    from ita_metrics.flags import join_flags

    cache: dict[tuple[str, str], Placement] = {}
    for rec in records:
        agency = rec.get("agency") or ""
        if rec.get("district") or not agency:
            continue
        key = (agency, rec.get("province") or "")
        if key not in cache:
            cache[key] = place_of(*key)
        placed = cache[key]
        if placed.status == FOUND:
            rec["district"] = placed.district
            rec["province"] = rec.get("province") or placed.province
        rec["flags"] = join_flags((rec.get("flags") or "").split(";") + [placed.flag])


def roster_draft(province: str, reported: Sequence[str] = ()) -> list[dict]:
    """One agency per subdistrict of `province` (district, agency), named as a report names it
    when one does (เทศบาลตำบลห้วยยาว), else องค์การบริหารส่วนตำบล + the subdistrict: a draft the
    officer corrects (a town municipality is named after its town, not one subdistrict).
    Reported agencies that match no subdistrict are added at the end of their district when the
    gazetteer knows them, else with no district."""
    by_base: dict[str, list[str]] = {}
    for a in reported:
        canon = normalize_agency(a)
        if canon:
            by_base.setdefault(_key(base_name(canon)), []).append(canon)
    rows, used = [], set()
    for area in subdistricts_of(province):
        names = by_base.get(_key(area.subdistrict)) or [DEFAULT_PREFIX + _key(area.subdistrict)]
        for name in names:
            if name in used:
                continue
            used.add(name)
            rows.append(
                {
                    "province": area.province,
                    "district": area.district,
                    "agency": name,
                    "subdistrict": area.subdistrict,
                    "source": "gazetteer",
                }
            )
    for names in by_base.values():
        for name in names:
            if name in used:
                continue
            used.add(name)
            placed = place_of(name, province)
            rows.append(
                {
                    "province": known_province(province) or province,
                    "district": placed.district,
                    "agency": name,
                    "subdistrict": "",
                    "source": "report",
                }
            )
    return rows
