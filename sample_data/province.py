"""An invented province: districts, agencies with their traits (good and weak reporters), their
round-6 measures and how they advance by round 12 — deterministic for a seed."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from sample_data.truth import (
    _BE,
    SynthAgency,
    SynthMeasure,
    _fy_month,
    _month_end,
    _names,
    _phrases,
    _Traits,
    items_for_catalog,
)

# --------------------------------------------------------------------------- the province


def make_province(
    n_agencies: int, seed: int, fiscal_year: int = 2566, round_: int = 6, province: str = "ตัวอย่าง"
) -> list[SynthAgency]:
    """A fictitious province's agencies with their measures and truth, for one round.

    Sized for real provinces (50–330 agencies; a few thousand at most before place names run
    out): the benchmark builds the whole country from several provinces.

    The same seed gives the same agencies, items and deadlines for round 6 and round 12; round 12
    carries the round-6 state forward (done stays done, most unfinished work gets done, often late),
    so the two rounds can be compared like real ones.
    """
    if round_ not in (6, 12):
        raise ValueError("round_ must be 6 or 12")
    items_for_catalog(fiscal_year - 1)  # fail early on an unknown framework year
    rng = random.Random(seed)
    districts = _district_names(rng, _district_count(n_agencies), province)
    homes = _agency_homes(rng, n_agencies, districts)
    silent = set(rng.sample(range(n_agencies), _silent_count(n_agencies)))
    agencies = []
    for i, (kind, place, code, district) in enumerate(homes):
        agency_seed = rng.randrange(2**31)
        agencies.append(
            _make_agency(agency_seed, kind, place, code, district, province, fiscal_year, round_, i in silent)
        )
    return agencies


def _district_count(n_agencies: int) -> int:
    """Real provinces have 5–25 districts; small test provinces have at most one per agency."""
    return max(1, min(n_agencies, max(5, min(25, n_agencies // 5))))


def _silent_count(n_agencies: int) -> int:
    """A few agencies send a report with nothing filled in."""
    return max(1 if n_agencies >= 10 else 0, round(n_agencies * 0.06))


def _place_name(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    """A unique compound place name (หนอง + บัว [+ เหนือ]) and its romanisation."""
    for attempt in range(10_000):
        pre, suf = rng.choice(_names("prefix")), rng.choice(_names("suffix"))
        th, code = pre["th"] + suf["th"], pre["code"] + suf["code"]
        if rng.random() < 0.08 or attempt > 200:
            direction = rng.choice(_names("direction"))
            th, code = th + direction["th"], code + direction["code"]
        if th not in taken:
            taken.add(th)
            return th, code
    raise RuntimeError("ran out of place names")


def _district_names(rng: random.Random, count: int, province: str) -> list[str]:
    """The capital district ``เมือง<province>`` and invented ones."""
    taken: set[str] = set()
    names = [f"เมือง{province}"]
    while len(names) < count:
        names.append(_place_name(rng, taken)[0])
    return names


def _agency_homes(rng: random.Random, n: int, districts: list[str]) -> list[tuple[dict, str, str, str]]:
    """(kind row, place, file code, district) for each agency; every district gets one."""
    kinds = list(_names("kind"))
    weights = [float(k["weight"]) for k in kinds]
    taken: set[str] = set()
    codes: set[str] = set()
    has_city = False
    homes = []
    for i in range(n):
        kind = rng.choices(kinds, weights)[0]
        if kind["code"] == "tn" and (has_city or n < 20):
            kind = kinds[1]  # a เทศบาลนคร is rare: at most one, and only in a big province
        has_city = has_city or kind["code"] == "tn"
        district = districts[i] if i < len(districts) else rng.choice(districts)
        if kind["code"] in ("tn", "tm") and rng.random() < 0.6:
            district = districts[0]
        place, romanised = _place_name(rng, taken)
        code = _unique_code(f"{kind['code']}_{romanised}", codes)
        homes.append((kind, place, code, district))
    return homes


def _unique_code(code: str, taken: set[str]) -> str:
    """Romanisations collide (ขาม/คำ → kham); number the later ones."""
    candidate, k = code, 2
    while candidate in taken:
        candidate, k = f"{code}{k}", k + 1
    taken.add(candidate)
    return candidate


def _make_agency(
    seed: int,
    kind: dict,
    place: str,
    code: str,
    district: str,
    province: str,
    fiscal_year: int,
    round_: int,
    silent: bool,
) -> SynthAgency:
    rng = random.Random(seed)
    traits = _traits(rng, silent)
    as_of_6, as_of_12 = _report_dates(rng, fiscal_year)
    agency = SynthAgency(
        name=kind["th"] + place,
        kind=kind["th"],
        short_name=kind["short"] + place,
        code=code,
        district=district,
        province=province,
        fiscal_year=fiscal_year,
        round=6,
        as_of=as_of_6.isoformat(),
        seed=seed,
    )
    agency.measures = _plan_measures(rng, agency, traits, as_of_6)
    if round_ == 12:
        agency = _advance_to_round_12(agency, traits, as_of_6, as_of_12)
    return agency


def _traits(rng: random.Random, silent: bool) -> _Traits:
    return _Traits(
        silent=silent,
        p_done=rng.uniform(0.40, 0.95),
        p_not_started=rng.uniform(0.3, 0.7),
        late_rate=rng.uniform(0.0, 0.35),
        month_rate=rng.uniform(0.2, 0.6),
        nodate_rate=0.08,
        code_rate=0.0 if rng.random() < 0.25 else 0.92,
        shuffled_order=rng.random() < 0.2,
    )


def _report_dates(rng: random.Random, fiscal_year: int) -> tuple[date, date]:
    """Round 6 is reported in April; round 12 at the turn of the fiscal year."""
    year = fiscal_year - _BE
    return date(year, 4, rng.randint(1, 30)), date(year, 9, 30) + timedelta(days=rng.randint(0, 15))


# --------------------------------------------------------------------------- measures (round 6)

_DUE_WEIGHTS = (8, 4, 6, 3, 2, 5, 2, 2, 2, 2, 1, 5)  # Oct … Sep: early months and round ends


def _plan_measures(rng: random.Random, agency: SynthAgency, traits: _Traits, as_of: date) -> list[SynthMeasure]:
    items = _pick_items(rng, agency.fiscal_year - 1, rng.randint(8, 20), traits.shuffled_order)
    measures = []
    for seq, item in enumerate(items, start=1):
        m = _new_measure(rng, agency, item, seq, traits)
        _set_round_6_status(rng, m, traits, as_of)
        m.timeliness = timeliness(m.status, m.due, m.completed, as_of)
        measures.append(m)
    return measures


def _pick_items(rng: random.Random, catalog_year: int, k: int, shuffled: bool) -> list[dict]:
    """k distinct items, OIT a little more often (weak website items are the usual target),
    in indicator order — or, for some agencies, indicator groups in a haphazard order."""
    weight = {"IIT": 1.0, "EIT": 1.0, "OIT": 1.3}
    pool = list(items_for_catalog(catalog_year))
    keyed = sorted(pool, key=lambda r: rng.random() ** (1 / weight[r["tool"]]), reverse=True)
    chosen = keyed[:k]
    group_order = list(range(1, 11))
    if shuffled:
        rng.shuffle(group_order)
    rank = {ind: i for i, ind in enumerate(group_order)}
    return sorted(chosen, key=lambda r: (rank[int(r["indicator"])], int(r["code"][1:])))


def _new_measure(rng: random.Random, agency: SynthAgency, item: dict, seq: int, traits: _Traits) -> SynthMeasure:
    due, due_also, schedule = _deadline(rng, agency.fiscal_year)
    measure = item["measure"] or rng.choice(_phrases("oit_measure")).format(title=item["title"])
    responsible = item["unit"] if rng.random() < 0.65 else rng.choice(_phrases("unit_group"))
    suggestion = ""
    if rng.random() < 0.5:
        suggestion = rng.choice(_phrases("suggestion")).format(fy=agency.fiscal_year)
    return SynthMeasure(
        agency=agency.name,
        district=agency.district,
        province=agency.province,
        fiscal_year=agency.fiscal_year,
        round=agency.round,
        seq=seq,
        tool=item["tool"],
        indicator=int(item["indicator"]),
        item_code=item["code"] if rng.random() < traits.code_rate else "",
        item=item["code"],
        item_title=item["title"],
        status="unknown",
        progress_pct=None,
        due=due,
        due_also=due_also,
        schedule=schedule,
        completed="",
        completed_precision="",
        timeliness="",
        as_of=agency.as_of,
        responsible=responsible,
        measure=measure,
        steps=tuple(rng.sample(_phrases("step"), rng.randint(1, 3))),
        monitoring=rng.choice(_phrases("monitoring")),
        result="",
        suggestion=suggestion,
    )


def _deadline(rng: random.Random, fiscal_year: int) -> tuple[str, str, str]:
    """(due, earlier due printed alongside, recurring schedule) — one month inside the year."""
    if rng.random() < 0.10:
        return "", "", rng.choice(_phrases("recurring"))
    index = rng.choices(range(12), _DUE_WEIGHTS)[0]
    due = _month_end(*_fy_month(fiscal_year, index))
    also = ""
    if index >= 2 and rng.random() < 0.08:
        also = _month_end(*_fy_month(fiscal_year, rng.randrange(index))).isoformat()
    return due.isoformat(), also, ""


def _set_round_6_status(rng: random.Random, m: SynthMeasure, traits: _Traits, as_of: date) -> None:
    if traits.silent or rng.random() < 0.03:
        return  # nothing reported: status stays unknown, result empty
    if rng.random() < traits.p_done:
        start = date(*_fy_month(m.fiscal_year, 0), 1)
        if rng.random() < 0.04:
            start -= timedelta(days=30)  # done before the fiscal year began
        _mark_done(rng, m, traits, start, as_of)
    elif rng.random() < traits.p_not_started:
        _mark_not_started(rng, m)
    else:
        _mark_in_progress(rng, m)


def _mark_done(rng: random.Random, m: SynthMeasure, traits: _Traits, lo: date, hi: date) -> None:
    """Done, completed between ``lo`` and ``hi``: on time or (sometimes) after the deadline."""
    m.status, m.progress_pct = "done", None
    m.result = rng.choice(_phrases("done"))
    if rng.random() < traits.nodate_rate:
        m.completed, m.completed_precision = "", ""
        return
    day = _completion_day(rng, m.due, lo, hi, rng.random() < traits.late_rate)
    month_end = _month_end(day.year, day.month)
    if rng.random() < traits.month_rate and month_end <= hi:
        m.completed, m.completed_precision = month_end.isoformat(), "month"
    else:
        m.completed, m.completed_precision = day.isoformat(), "day"


def _completion_day(rng: random.Random, due: str, lo: date, hi: date, late: bool) -> date:
    """A day in [lo, hi]; before the deadline unless ``late`` (or the deadline is before ``lo``)."""
    if due:
        deadline = date.fromisoformat(due)
        if late and deadline < hi:
            lo = max(lo, deadline + timedelta(days=1))
        elif lo <= deadline:
            hi = min(hi, deadline)
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _mark_in_progress(rng: random.Random, m: SynthMeasure, pct: int | None = None) -> None:
    m.status, m.completed, m.completed_precision = "in_progress", "", ""
    form = rng.random()
    if pct is not None or form < 0.5:
        m.progress_pct = pct if pct is not None else rng.randrange(10, 100, 10)
        m.result = rng.choice(_phrases("in_progress"))
    elif form < 0.75:
        m.progress_pct, m.result = None, rng.choice(_phrases("partial"))
    else:
        m.progress_pct, m.result = None, rng.choice(_phrases("in_progress"))


def _mark_not_started(rng: random.Random, m: SynthMeasure) -> None:
    m.status, m.progress_pct, m.completed, m.completed_precision = "not_started", None, "", ""
    m.result = rng.choice(_phrases("not_started"))


def timeliness(status: str, due: str, completed: str, as_of: date | str) -> str:
    """The truth rule of DOMAIN.md: deadlines are months here, so compare months.

    >>> timeliness("done", "2022-12-31", "2023-01-05", "2023-04-30")
    'late'
    >>> timeliness("in_progress", "2022-12-31", "", "2023-04-30")
    'overdue'
    """
    if status == "unknown":
        return ""
    as_of = as_of if isinstance(as_of, date) else date.fromisoformat(as_of)
    if not due:
        return "unknown"
    if status == "done":
        if not completed:
            return "unknown"
        return "on_time" if completed[:7] <= due[:7] else "late"
    return "overdue" if date.fromisoformat(due) < as_of else "not_due"


# --------------------------------------------------------------------------- round 12


def _advance_to_round_12(agency: SynthAgency, traits: _Traits, as_of_6: date, as_of_12: date) -> SynthAgency:
    """The same agency six months on: finished work stays, most open work gets finished."""
    rng = random.Random(f"{agency.seed}:r12")
    fy_end = date(agency.fiscal_year - _BE, 9, 30)
    wakes_up = traits.silent and rng.random() < 0.5
    after = replace(traits, silent=False, p_done=min(0.98, traits.p_done + 0.1))
    measures = []
    for old in agency.measures:
        m = replace(old, round=12, as_of=as_of_12.isoformat())
        if traits.silent and not wakes_up:
            pass
        elif traits.silent:
            _set_round_6_status(rng, m, after, fy_end)
        else:
            _progress(rng, m, traits, as_of_6 + timedelta(days=1), fy_end)
        m.timeliness = timeliness(m.status, m.due, m.completed, as_of_12)
        measures.append(m)
    return replace(agency, round=12, as_of=as_of_12.isoformat(), measures=measures)


def _progress(rng: random.Random, m: SynthMeasure, traits: _Traits, lo: date, hi: date) -> None:
    chance = {"in_progress": 0.75, "not_started": 0.5, "unknown": 0.5}.get(m.status)
    if chance is None:
        return  # done stays done, with its date
    if rng.random() < chance:
        _mark_done(rng, m, replace(traits, late_rate=0.0), lo, hi)
    elif m.status == "not_started" and rng.random() < 0.5:
        _mark_in_progress(rng, m)
    elif m.status == "in_progress" and m.progress_pct is not None:
        _mark_in_progress(rng, m, min(90, m.progress_pct + 20))
