"""Reports of a region for the scale benchmark: 8 north-eastern provinces, real place names.

Why: a regional office's batch differs from one province's in that the same agency names occur in
several provinces (อบต.หนองแวง, เทศบาลตำบลสระแก้ว) — the case that breaks a key without the
province. Agencies are named after real subdistricts of the DOPA gazetteer (the `geothai`
package, as `ita_metrics/thai/gazetteer.py` reads it), names shared between the eight provinces
first; their measures come from `sample_data.synth`. A province asked for more agencies than it has
subdistricts (×2 kinds: อบต. and เทศบาลตำบล) keeps synth's invented names for the rest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

PROVINCES = ("นครราชสีมา", "บุรีรัมย์", "สุรินทร์", "ศรีสะเกษ", "อุบลราชธานี", "ขอนแก่น", "มหาสารคาม", "ร้อยเอ็ด")
KINDS = (("องค์การบริหารส่วนตำบล", "อบต.", "abt"), ("เทศบาลตำบล", "ทต.", "tt"))


def subdistricts(province: str) -> list[tuple[str, str]]:
    """(subdistrict, district) of one province, as DOPA names them."""
    from ita_metrics.thai import gazetteer

    return [(a.subdistrict, a.district) for a in gazetteer.areas() if a.province == province]


def homes(province: str, shared: Counter) -> list[tuple[str, str, str, str, str]]:
    """(kind, short kind, code prefix, subdistrict, district) slots, shared names first."""
    places = sorted(subdistricts(province), key=lambda p: (-shared[p[0]], p))
    seen: set[tuple[str, str]] = set()
    out = []
    for kind, short, code in KINDS:
        for sub, district in places:
            if (kind, sub) not in seen:  # one agency per name in a province
                seen.add((kind, sub))
                out.append((kind, short, code, sub, district))
    return out


def region(n: int, seed: int, fiscal_year: int = 2568, round_: int = 12) -> list:
    """n synth agencies over the 8 provinces, renamed after real subdistricts."""
    from sample_data import synth

    shared = Counter(sub for p in PROVINCES for sub in {s for s, _ in subdistricts(p)})
    agencies = []
    for k, province in enumerate(PROVINCES):
        size = n // len(PROVINCES) + (1 if k < n % len(PROVINCES) else 0)
        made = synth.make_province(size, seed + k, fiscal_year, round_, province)
        slots = homes(province, shared)
        for i, agency in enumerate(made):
            if i < len(slots):
                kind, short, code, sub, district = slots[i]
                agency = _renamed(agency, kind + sub, kind, short + sub, f"{code}_{k}_{i}", district)
            else:
                agency = _renamed(
                    agency, agency.name, agency.kind, agency.short_name, f"x_{k}_{i}", slots[i % len(slots)][4]
                )
            agencies.append(agency)
    return agencies


def _renamed(agency, name: str, kind: str, short: str, code: str, district: str):
    measures = [replace(m, agency=name, district=district) for m in agency.measures]
    return replace(agency, name=name, kind=kind, short_name=short, code=code, district=district, measures=measures)


def write(agencies: list, out_dir: Path) -> list[Path]:
    """One file per agency, layouts rotating, one folder per province."""
    from sample_data import synth

    paths: list[Path] = []
    for k, province in enumerate(PROVINCES):
        mine = [a for a in agencies if a.province == province]
        paths += synth.write_province(mine, out_dir / f"p{k + 1:02d}")
    return paths


def repeated_names(agencies: list) -> int:
    """How many agency names occur in more than one province."""
    provinces: dict[str, set[str]] = {}
    for a in agencies:
        provinces.setdefault(a.name, set()).add(a.province)
    return sum(1 for v in provinces.values() if len(v) > 1)
