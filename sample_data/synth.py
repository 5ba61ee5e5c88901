"""Synthetic agency measure reports in the layouts of the real ones, with the truth of each measure.

Why: three real fixtures cannot show every way a province's reports differ, and the import
benchmark needs thousands of files. This module invents a province of agencies (fictitious names,
real ITA items, a realistic spread of good and weak reporters), remembers the truth of every
measure, and writes each agency's report the way real agencies do:

- ``write_pdf_style_xlsx``  — converted from PDF: title and header repeated every page, indicator
  headings in column A, OCR-mangled item codes (``1๑๓``, ``l๒๓``, ``๐๓๕``), Thai digits, deadlines
  as ``ภายในเดือน …`` phrases, completion dates inside the result text, page-break continuations.
- ``write_checkmark_xlsx``  — two-row merged header with three status tick columns, merged section
  rows (``๑. ด้านการใช้งบประมาณ``), completion dates as Excel dates (a few with a BE year).
- ``write_csv_cp874``       — CSV saved by Thai Excel (CP874), ranges like ``กุมภาพันธ์ – เมษายน 2566``,
  short dates such as ``10 มี.ค.66``.
- ``write_consolidated_xlsx`` — an officer's workbook: a notes sheet and one row per measure.

Everything is deterministic: the same seed gives the same agencies, truth and bytes.

>>> agencies = make_province(3, seed=7)
>>> name, data = write_pdf_style_xlsx(agencies[0])
>>> name.endswith("_2566_r6.xlsx")
True
"""

from __future__ import annotations

import calendar
import csv
import io
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import xlsxwriter

from ita_metrics.datafiles import load_table

LAYOUTS = ("pdf", "check", "csv")
STATUS_WORDS = {  # consolidated sheets write the status as text
    "done": "ดำเนินการแล้ว",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "not_started": "ยังไม่ได้ดำเนินการ",
    "unknown": "",
}
TRUTH_FIELDS = [
    "file_stem",
    "seq",
    "agency",
    "district",
    "province",
    "fiscal_year",
    "round",
    "as_of",
    "tool",
    "indicator",
    "item_code",
    "item",
    "status",
    "progress_pct",
    "due",
    "due_month",
    "completed",
    "completed_month",
    "completed_precision",
    "timeliness",
    "responsible",
    "measure",
    "result",
]
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_BE = 543


# --------------------------------------------------------------------------- the truth


@dataclass
class SynthMeasure:
    """What one measure really is; writers render it, tests compare the parser's reading with it.

    ``item_code`` is the code as the report states it ("" when the report prints none), ``item``
    the item the measure answers. Deadlines are months, so ``due`` is a month end; "" means the
    report gives a recurring schedule (``schedule``) and no deadline. ``completed`` is a month end
    when the report gives only the month (``completed_precision`` "month"). ``timeliness`` is as
    of ``as_of`` (the report date) and "" when the status is unknown (nothing to judge).
    ``result`` is the narrative; each layout adds the date and percentage in its own style.
    """

    agency: str
    district: str
    province: str
    fiscal_year: int
    round: int
    seq: int
    tool: str
    indicator: int
    item_code: str
    item: str
    item_title: str
    status: str
    progress_pct: int | None
    due: str
    due_also: str
    schedule: str
    completed: str
    completed_precision: str
    timeliness: str
    as_of: str
    responsible: str
    measure: str
    steps: tuple[str, ...]
    monitoring: str
    result: str
    suggestion: str = ""


@dataclass
class SynthAgency:
    """One agency's report for one fiscal year and round, and the seed its writers render with."""

    name: str  # canonical full form, e.g. องค์การบริหารส่วนตำบลหนองบัว
    kind: str  # องค์การบริหารส่วนตำบล | เทศบาลตำบล | เทศบาลเมือง | เทศบาลนคร
    short_name: str  # อบต.หนองบัว — how officers abbreviate it
    code: str  # romanised, for file names: abt_nongbua
    district: str
    province: str
    fiscal_year: int
    round: int
    as_of: str  # report date (ISO)
    seed: int
    measures: list[SynthMeasure] = field(default_factory=list)

    @property
    def file_stem(self) -> str:
        """``abt_nongbua_2566_r6`` — the fixtures' naming: agency, fiscal year, round."""
        return f"{self.code}_{self.fiscal_year}_r{self.round}"


@dataclass
class _Traits:
    """How an agency reports: the knobs that make some agencies strong and others weak."""

    silent: bool
    p_done: float
    p_not_started: float
    late_rate: float
    month_rate: float
    nodate_rate: float
    code_rate: float
    shuffled_order: bool


# --------------------------------------------------------------------------- vocabularies


@cache
def _names(part: str) -> tuple[dict[str, str], ...]:
    return tuple(r for r in load_table("synth_names.csv") if r["part"] == part)


@cache
def _phrases(kind: str) -> tuple[str, ...]:
    return tuple(r["text"] for r in load_table("synth_phrases.csv") if r["kind"] == kind)


@cache
def indicators() -> dict[int, dict[str, str]]:
    """Indicator number → its tool, printed name and section-row wording."""
    return {int(r["indicator"]): r for r in load_table("synth_indicators.csv")}


@cache
def items_for_catalog(catalog_year: int) -> tuple[dict[str, str], ...]:
    """The ITA items of one catalog year (BE), in catalog order.

    >>> [r["title"] for r in items_for_catalog(2565) if r["code"] == "O17"]
    ['E-Service']
    """
    rows = [r for r in load_table("synth_items.csv") if int(r["first_year"]) <= catalog_year <= int(r["last_year"])]
    if not rows:
        raise ValueError(f"no ITA item catalog for {catalog_year}")
    order = {"I": 0, "E": 1, "O": 2}
    return tuple(sorted(rows, key=lambda r: (order[r["code"][0]], int(r["code"][1:]))))


@cache
def _month_names(number: int) -> tuple[str, str]:
    """Month number → (full Thai name, short form with dots)."""
    row = next(r for r in _names("month") if int(r["code"]) == number)
    return row["th"], row["short"]


# --------------------------------------------------------------------------- Thai text and dates


def thai_digits(value: object) -> str:
    """Arabic digits to Thai ones, as most reports print them.

    >>> thai_digits("พ.ศ. 2566")
    'พ.ศ. ๒๕๖๖'
    """
    return str(value).translate(_THAI_DIGITS)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fy_month(fiscal_year: int, index: int) -> tuple[int, int]:
    """Month ``index`` of a fiscal year (0 = October of the year before) → (CE year, month)."""
    ce_start = fiscal_year - _BE - 1
    month = (index + 9) % 12 + 1
    return (ce_start if month >= 10 else ce_start + 1), month


def _fy_index(fiscal_year: int, day: date) -> int:
    """Inverse of ``_fy_month``: −1 for September before the fiscal year."""
    ce_start = fiscal_year - _BE - 1
    return (day.year - ce_start) * 12 + day.month - 10


def _long_date(day: date) -> str:
    """``๓ ตุลาคม ๒๕๖๕``"""
    return thai_digits(f"{day.day} {_month_names(day.month)[0]} {day.year + _BE}")


def _long_month(day: date, thai: bool = True) -> str:
    """``ตุลาคม ๒๕๖๕`` (or with Arabic digits)."""
    text = f"{_month_names(day.month)[0]} {day.year + _BE}"
    return thai_digits(text) if thai else text


def _short_date(day: date, rng: random.Random) -> str:
    """``10 มี.ค.66`` / ``10 มี.ค. 66`` — the CSV reports' shorthand with a two-digit BE year."""
    sep = rng.choice(["", " "])
    return f"{day.day} {_month_names(day.month)[1]}{sep}{(day.year + _BE) % 100:02d}"


def _short_month(day: date, rng: random.Random) -> str:
    """``ก.พ. 66``, ``มี.ค. 2566`` or ``เม.ย.๖6`` (digits mixed, as typed)."""
    short = _month_names(day.month)[1]
    yy = f"{(day.year + _BE) % 100:02d}"
    form = rng.choice(["short", "short", "long", "mixed"])
    if form == "long":
        return f"{short} {day.year + _BE}"
    if form == "mixed":
        return f"{short}{thai_digits(yy[0])}{yy[1]}"
    return f"{short} {yy}"


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


# --------------------------------------------------------------------------- shared rendering


def _writer_rng(agency: SynthAgency, layout: str) -> random.Random:
    """Rendering choices per agency and layout, the same in both rounds (one agency, one habit)."""
    return random.Random(f"{agency.seed}:{layout}")


def _new_workbook(buf: io.BytesIO, agency_as_of: str) -> xlsxwriter.Workbook:
    """An in-memory workbook whose bytes depend only on what is written (fixed created date)."""
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    stamp = datetime.fromisoformat(agency_as_of)
    # the author stays the generator's old name: data/sample's files were written with it
    wb.set_properties({"created": stamp, "author": "ita_metrics.synth"})  # moved_modules: keep
    return wb


def _formats(wb: xlsxwriter.Workbook) -> dict[str, object]:
    base = {"font_name": "TH SarabunPSK", "font_size": 14, "text_wrap": True, "valign": "top"}
    return {
        "title": wb.add_format({**base, "bold": True, "align": "center"}),
        "head": wb.add_format(
            {**base, "bold": True, "align": "center", "valign": "vcenter", "border": 1, "bg_color": "#E7E6E6"}
        ),
        "cell": wb.add_format({**base, "border": 1}),
        "center": wb.add_format({**base, "border": 1, "align": "center"}),
        "section": wb.add_format({**base, "border": 1, "bold": True}),
        "date": wb.add_format({**base, "border": 1, "align": "center", "num_format": "[$-th-TH]d mmm yy"}),
        "text": wb.add_format(base),
    }


def _numbered(parts: Sequence[str], thai: bool, sep: str) -> str:
    """``๑.first ๒.second`` — steps as agencies number them inside one cell."""
    out = []
    for i, part in enumerate(parts, start=1):
        n = thai_digits(i) if thai else str(i)
        out.append(f"{n}.{part}")
    return sep.join(out)


def _round_months(fiscal_year: int, round_: int) -> tuple[str, str]:
    """Start and end month of the period a round covers, with BE years in Thai digits."""
    end = "มีนาคม" if round_ == 6 else "กันยายน"
    return f"ตุลาคม {thai_digits(fiscal_year - 1)}", f"{end} {thai_digits(fiscal_year)}"


_CODE_LABELS = ("({c}) ", "{c} ", "ข้อ {c} ", "[{c}] ")


def _code_label(code: str, pattern: str, thai: bool) -> str:
    """The item code as a typed report prints it before the measure: ``(I13)``, ``I๑๓``, ``ข้อ I13``."""
    if thai:
        code = code[0] + thai_digits(code[1:])
    return pattern.format(c=code)


# --------------------------------------------------------------------------- PDF-style workbook

_PDF_HEADER = (
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "การดำเนินการ",
)


def write_pdf_style_xlsx(agency: SynthAgency) -> tuple[str, bytes]:
    """A report converted from PDF, like thaworn: every page repeats two title lines and the header."""
    rng = _writer_rng(agency, "pdf")
    style = _OcrStyle.pick(rng)
    buf = io.BytesIO()
    wb = _new_workbook(buf, agency.as_of)
    fmt = _formats(wb)
    ws = wb.add_worksheet(rng.choice(["Sheet1", "Sheet1", "Table 1"]))
    for col, width in enumerate((34, 18, 42, 42, 30)):
        ws.set_column(col, col, width)
    row = 0
    for line in _pdf_title_lines(agency):
        ws.merge_range(row, 0, row, 4, line, fmt["title"])
        row += 1
    row += 1
    carry: list[str] | None = None
    pages = _paginate(rng, len(agency.measures))
    for p, page in enumerate(pages):
        row = _pdf_page_top(ws, row, agency, fmt)
        if carry:
            ws.write_row(row, 0, carry, fmt["cell"])
            row, carry = row + 1, None
        previous_indicator = None
        for i, m in enumerate(agency.measures[page[0] : page[1]]):
            heading = i == 0 or m.indicator != previous_indicator or not m.item_code
            split = i == page[1] - page[0] - 1 and p < len(pages) - 1 and rng.random() < 0.07
            row, carry = _pdf_measure_rows(ws, row, m, rng, style, fmt, heading, split)
            previous_indicator = m.indicator
    wb.close()
    return f"{agency.file_stem}.xlsx", buf.getvalue()


def _pdf_title_lines(agency: SynthAgency) -> list[str]:
    start, end = _round_months(agency.fiscal_year, agency.round)
    return [
        "แบบรายงาน",
        "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        f"ประจำปีงบประมาณ พ.ศ.{thai_digits(agency.fiscal_year)} รอบ {thai_digits(agency.round)} "
        f"เดือน (เดือน{start} - {end})",
        f"{agency.name} อำเภอ{agency.district} จังหวัด{agency.province}",
    ]


def _paginate(rng: random.Random, n: int) -> list[tuple[int, int]]:
    """(start, stop) of the measures on each page: mostly two or three a page."""
    pages, start = [], 0
    while start < n:
        size = rng.choices((1, 2, 3), (1, 4, 3))[0]
        pages.append((start, min(n, start + size)))
        start += size
    return pages


def _pdf_page_top(ws, row: int, agency: SynthAgency, fmt: dict) -> int:
    """The two title lines and the header every converted page starts with."""
    fy = thai_digits(agency.fiscal_year)
    lines = [
        f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ {agency.name} ประจำปีงบประมาณ พ.ศ. {fy}",
        "จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. "
        f"{thai_digits(agency.fiscal_year - 1)} นำมาสู่ข้อเสนอแนะในการกำหนดมาตรการในการส่งเสริม"
        f"คุณธรรมและความโปร่งใสภายในหน่วยงานของ {agency.name} ดังนี้",
    ]
    for line in lines:
        ws.merge_range(row, 0, row, 4, line, fmt["title"])
        row += 1
    ws.write_row(row, 0, _PDF_HEADER, fmt["head"])
    return row + 1


@dataclass
class _OcrStyle:
    """How one converted file garbles item codes: the same OCR makes the same mistakes."""

    i_letter: str
    o_letter: str
    e_letter: str

    @classmethod
    def pick(cls, rng: random.Random) -> _OcrStyle:
        return cls(
            i_letter=rng.choice(["I", "1", "1", "l", ""]),
            o_letter=rng.choice(["O", "๐", "0"]),
            e_letter=rng.choice(["E", "E", "e"]),
        )

    def render(self, code: str, with_tool: bool, rng: random.Random) -> str:
        """``I13`` → ``1๑๓``; a bare number only where the tool is named in the same cell."""
        letter = {"I": self.i_letter, "O": self.o_letter, "E": self.e_letter}[code[0]]
        if rng.random() < 0.15:
            letter = code[0]
        if letter == "" and not with_tool:
            letter = "1"
        digits = code[1:]
        return letter + (thai_digits(digits) if rng.random() < 0.9 else digits)


def _pdf_column_a(
    m: SynthMeasure, rng: random.Random, style: _OcrStyle, heading: bool, stranded: bool
) -> tuple[str, str]:
    """(heading text, item text) for column A: ``ตัวชี้วัดที่ ๓ การใช้อำนาจ เครื่องมือการประเมิน IIT``
    and ``1๑๓ ท่านได้รับมอบหมายงาน…``. A wrong indicator name or tool word now and then is a
    typo the real files have; the number and the printed code still tell the truth."""
    info = indicators()
    name, tool = info[m.indicator]["name"], m.tool
    if m.item_code and rng.random() < 0.03:  # typos only where the code can outvote them
        name = info[rng.choice([k for k in info if k != m.indicator])]["name"]
    if m.item_code and m.tool == "EIT" and rng.random() < 0.1:
        tool = "OIT"
    head = f"ตัวชี้วัดที่ {thai_digits(m.indicator)} {name} เครื่องมือการประเมิน {tool}" if heading else ""
    code = style.render(m.item_code, heading and not stranded, rng) + " " if m.item_code else ""
    return head, f"{code}{m.item_title}"


def _pdf_deadline(m: SynthMeasure, rng: random.Random) -> str:
    """``ภายในเดือน ธันวาคม ๒๕๖๕`` — sometimes without the year, sometimes two deadlines."""
    if not m.due:
        return m.schedule
    due = date.fromisoformat(m.due)
    if m.due_also:
        first = date.fromisoformat(m.due_also)
        return f"ภายในเดือน{_long_month(first)} และรายงานผลภายในเดือน{_long_month(due)}"
    month = _month_names(due.month)[0]
    return rng.choice(
        [
            f"ภายในเดือน {_long_month(due)}",
            f"ให้แล้วเสร็จภายในเดือน{_long_month(due)}",
            f"ภายในเดือน {month}",
            f"ภายใน {_long_month(due)}",
            f"ภายในเดือน{_long_month(due)}",
        ]
    )


def _pdf_result(m: SynthMeasure, rng: random.Random) -> str:
    """The result cell: narrative plus the completion date or percentage in Thai digits."""
    if m.status == "done" and m.completed:
        day = date.fromisoformat(m.completed)
        if m.completed_precision == "day":
            when = rng.choice(["ในวันที่ ", "เมื่อวันที่ ", "วันที่ "]) + _long_date(day)
        else:
            when = rng.choice(["ในเดือน", "ในเดือน ", "เมื่อเดือน"]) + _long_month(day)
        joiner = "" if m.result.endswith("แล้ว") and when.startswith("ใน") else " "
        return f"{m.result}{joiner}{when}"
    if m.status == "in_progress" and m.progress_pct is not None:
        return rng.choice([f"{m.result} ร้อยละ {thai_digits(m.progress_pct)}", f"{m.result} ({m.progress_pct}%)"])
    return m.result


def _pdf_measure_rows(
    ws, row: int, m: SynthMeasure, rng: random.Random, style: _OcrStyle, fmt: dict, heading: bool, split: bool
) -> tuple[int, list[str] | None]:
    """Write one measure; return the next row and, when a page break cuts it, the continuation
    row that opens the next page (column A repeated or empty, result cells empty)."""
    stranded = heading and rng.random() < 0.06
    head, item = _pdf_column_a(m, rng, style, heading, stranded)
    if stranded:
        ws.write(row, 0, head, fmt["cell"])  # heading stranded in a row of its own
        row, head = row + 1, ""
    col_a = (head + rng.choice(["  ", "\n", " "]) + item) if head else item
    sep = rng.choice([" ", "\n"])
    parts = [m.measure, *m.steps]
    steps_text = _numbered(parts, thai=True, sep=sep)
    deadline = f"{thai_digits(1)}.{m.monitoring} {_pdf_deadline(m, rng)}"
    carry = None
    if split and len(parts) >= 2:
        cut = rng.randint(1, len(parts) - 1)
        steps_text = _numbered(parts[:cut], thai=True, sep=sep)
        rest = sep.join(f"{thai_digits(i)}.{p}" for i, p in enumerate(parts[cut:], start=cut + 1))
        keep_a = rng.random() < 0.5
        carry = [col_a if keep_a else "", m.responsible if keep_a else "", rest, "", ""]
    ws.write_row(row, 0, [col_a, m.responsible, steps_text, deadline, _pdf_result(m, rng)], fmt["cell"])
    return row + 1, carry


# --------------------------------------------------------------------------- check-mark workbook


def write_checkmark_xlsx(agency: SynthAgency) -> tuple[str, bytes]:
    """A typed report with tick columns under a merged ``ผลการดำเนินงาน`` and section rows."""
    rng = _writer_rng(agency, "check")
    tick = rng.choice(["✓", "/", "√", "✔"])
    code_style = (rng.choice(_CODE_LABELS), rng.random() < 0.3)
    headers = _check_headers(rng)
    repeat_header = rng.random() < 0.5
    buf = io.BytesIO()
    wb = _new_workbook(buf, agency.as_of)
    fmt = _formats(wb)
    ws = wb.add_worksheet(rng.choice([f"รอบ {agency.round} เดือน", "Sheet1"]))
    for col, width in enumerate((40, 40, 16, 18, 9, 9, 9, 14, 40)):
        ws.set_column(col, col, width)
    row = 0
    for line in _check_title_lines(agency):
        ws.merge_range(row, 0, row, 8, line, fmt["title"])
        row += 1
    row = _check_header(ws, row + 1, headers, fmt)
    since_header = 0
    for k, (indicator, group) in enumerate(_sections(agency.measures), start=1):
        if repeat_header and since_header >= 5:
            row, since_header = _check_header(ws, row, headers, fmt), 0
        ws.merge_range(row, 0, row, 8, f"{thai_digits(k)}. {indicators()[indicator]['section']}", fmt["section"])
        row += 1
        for j, m in enumerate(group, start=1):
            label = _code_label(m.item_code, *code_style) if m.item_code else ""
            number = thai_digits(f"{k}.{j}")
            row = _check_measure_row(ws, row, m, f"{number} {label}{m.measure}", tick, rng, fmt)
            since_header += 1
    wb.close()
    return f"{agency.file_stem}.xlsx", buf.getvalue()


def _check_title_lines(agency: SynthAgency) -> list[str]:
    start, end = _round_months(agency.fiscal_year, agency.round)
    return [
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        f"(Integrity and Transparency Assessment : ITA) {agency.name}",
        f"ประจำปีงบประมาณ พ.ศ. {thai_digits(agency.fiscal_year)}",
        f"รอบ {thai_digits(agency.round)} เดือน (เดือน{start} ถึงเดือน{end})",
        f"{agency.name} อำเภอ{agency.district} จังหวัด{agency.province}",
    ]


def _check_headers(rng: random.Random) -> list[str]:
    """Column titles, worded (and broken) the ways real forms word them."""
    return [
        "มาตรการ/แนวทาง",
        "ขั้นตอน/วิธีการปฏิบัติ",
        rng.choice(["หน่วยงานผู้รับผิดชอบ", "หน่วยงาน ผู้รับผิดชอบ"]),
        rng.choice(["ระยะเวลาดำเนินการ", "ระยะเวลา ดำเนินการ"]),
        rng.choice(["วันที่ดำเนินการแล้วเสร็จ", "วันที่ดำเนินการแล้วเสร็จ", "วันที่แล้วเสร็จ"]),
        rng.choice(["ผลการดำเนินงาน", "สรุปผลการดำเนินงาน"]),
    ]


def _check_header(ws, row: int, headers: list[str], fmt: dict) -> int:
    """Two header rows: status ticks under a merged ``ผลการดำเนินงาน``, the rest merged down."""
    for col, text in zip((0, 1, 2, 3), headers[:4]):
        ws.merge_range(row, col, row + 1, col, text, fmt["head"])
    ws.merge_range(row, 4, row, 6, "ผลการดำเนินงาน", fmt["head"])
    ws.write_row(row + 1, 4, ["ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการแล้ว"], fmt["head"])
    ws.merge_range(row, 7, row + 1, 7, headers[4], fmt["head"])
    ws.merge_range(row, 8, row + 1, 8, headers[5], fmt["head"])
    return row + 2


def _sections(measures: list[SynthMeasure]) -> list[tuple[int, list[SynthMeasure]]]:
    """Consecutive measures of one indicator, in report order."""
    groups: list[tuple[int, list[SynthMeasure]]] = []
    for m in measures:
        if groups and groups[-1][0] == m.indicator:
            groups[-1][1].append(m)
        else:
            groups.append((m.indicator, [m]))
    return groups


def _check_period(m: SynthMeasure, rng: random.Random) -> str:
    """``ต.ค. ๒๕๖๕ – ธ.ค. ๒๕๖๕``, ``ม.ค. - มี.ค. ๒๕๖๖`` or ``ภายใน ๓๑ ธันวาคม ๒๕๖๕``."""
    if not m.due:
        return m.schedule
    due = date.fromisoformat(m.due)
    if m.due_also:
        return f"ภายในเดือน{_long_month(date.fromisoformat(m.due_also))} และ ภายในเดือน{_long_month(due)}"
    form = rng.random()
    if form < 0.2:
        return f"ภายในเดือน{_long_month(due)}"
    if form < 0.3:
        return f"ภายใน {_long_date(due)}"
    index = _fy_index(m.fiscal_year, due)
    start = date(*_fy_month(m.fiscal_year, max(0, index - rng.randint(1, 3))), 1)
    if start.month == due.month:
        return f"ภายในเดือน{_long_month(due)}"
    s_short, d_short = _month_names(start.month)[1], _month_names(due.month)[1]
    if rng.random() < 0.15:
        s_short = s_short.replace(".", " . ").strip()  # ต . ค . — spaced as in khaohuachang
    dash = rng.choice([" – ", " - ", "-"])
    if start.year == due.year and rng.random() < 0.5:
        return f"{s_short}{dash}{d_short} {thai_digits(due.year + _BE)}"
    return f"{s_short} {thai_digits(start.year + _BE)}{dash}{d_short} {thai_digits(due.year + _BE)}"


def _check_measure_row(ws, row: int, m: SynthMeasure, label: str, tick: str, rng: random.Random, fmt: dict) -> int:
    ticks = ["", "", ""]
    column = {"not_started": 0, "in_progress": 1, "done": 2}.get(m.status)
    if column is not None:
        ticks[column] = tick
    steps = _numbered(m.steps, thai=rng.random() < 0.6, sep="\n")
    result = m.result
    if m.status == "in_progress" and m.progress_pct is not None:
        result = f"{m.result} คิดเป็นร้อยละ {m.progress_pct}"
    ws.write_row(row, 0, [label, steps, m.responsible, _check_period(m, rng)], fmt["cell"])
    ws.write_row(row, 4, ticks, fmt["center"])
    _write_completion(ws, row, 7, m, rng, fmt, be_rate=0.12)
    ws.write(row, 8, result, fmt["cell"])
    return row + 1


def _write_completion(ws, row: int, col: int, m: SynthMeasure, rng: random.Random, fmt: dict, be_rate: float) -> None:
    """A real Excel date (now and then typed with a BE year), a month as text, or nothing."""
    if m.status != "done" or not m.completed:
        ws.write_blank(row, col, None, fmt["cell"])
        return
    day = date.fromisoformat(m.completed)
    if m.completed_precision == "month":
        ws.write_string(row, col, _short_month(day, rng), fmt["center"])
        return
    year = day.year + _BE if rng.random() < be_rate else day.year
    ws.write_datetime(row, col, datetime(year, day.month, day.day), fmt["date"])


# --------------------------------------------------------------------------- CP874 CSV

_CSV_HEADER = ("มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน", "ข้อเสนอแนะ")


def write_csv_cp874(agency: SynthAgency) -> tuple[str, bytes]:
    """A report saved as CSV by Thai Windows Excel (CP874, CRLF), like thungmaphrao."""
    rng = _writer_rng(agency, "csv")
    code_style = rng.choice(_CODE_LABELS[:3])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in _csv_rows(agency, rng, code_style):
        writer.writerow(line)
    return f"{agency.file_stem}.csv", out.getvalue().encode("cp874")


def _csv_rows(agency: SynthAgency, rng: random.Random, code_style: str) -> Iterable[list[str]]:
    """Two title rows (agency, district, year, round; report date), the header, then section
    rows and measures; every row padded to six fields as Excel saves them."""
    width = len(_CSV_HEADER)
    pad = [""] * (width - 1)
    reported = date.fromisoformat(agency.as_of)
    yield [
        f"รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของ{agency.name} "
        f"อำเภอ{agency.district} จังหวัด{agency.province} ประจำปีงบประมาณ {agency.fiscal_year} "
        f"รอบ {agency.round} เดือน",
        *pad,
    ]
    yield [
        f"สำนักปลัด {agency.name}",
        "",
        "",
        "",
        "วันที่รายงาน",
        f"{reported.day:02d}/{reported.month:02d}/{(reported.year + _BE) % 100:02d}",
    ]
    yield list(_CSV_HEADER)
    thai_numbers = rng.random() < 0.5
    for k, (indicator, group) in enumerate(_sections(agency.measures), start=1):
        number = thai_digits(k) if thai_numbers else str(k)
        yield [f"{number}. {indicators()[indicator]['section']}", *pad]
        for j, m in enumerate(group, start=1):
            label = _code_label(m.item_code, code_style, thai=False) if m.item_code else ""
            sub = thai_digits(f"{k}.{j}") if thai_numbers else f"{k}.{j}"
            yield [
                f"{sub} {label}{m.measure}",
                _numbered(m.steps, thai_numbers, "\n"),
                m.responsible,
                _csv_period(m, rng),
                _csv_result(m, rng),
                m.suggestion,
            ]


def _csv_period(m: SynthMeasure, rng: random.Random) -> str:
    """``กุมภาพันธ์ – เมษายน 2566`` (years in Arabic digits, as typed in Excel)."""
    if not m.due:
        return m.schedule
    due = date.fromisoformat(m.due)
    if m.due_also:
        return f"{_long_month(date.fromisoformat(m.due_also), thai=False)} และ {_long_month(due, thai=False)}"
    index = _fy_index(m.fiscal_year, due)
    start = date(*_fy_month(m.fiscal_year, max(0, index - rng.randint(1, 3))), 1)
    if start.month == due.month:
        return _long_month(due, thai=False)
    if start.year == due.year:
        return f"{_month_names(start.month)[0]} – {_long_month(due, thai=False)}"
    return f"{_long_month(start, thai=False)} – {_long_month(due, thai=False)}"


def _csv_result(m: SynthMeasure, rng: random.Random) -> str:
    if m.status == "done" and m.completed:
        day = date.fromisoformat(m.completed)
        when = _short_date(day, rng) if m.completed_precision == "day" else _short_month(day, rng)
        return f"{rng.choice(['', '- ', '1. '])}{m.result} {when}"
    if m.status == "in_progress" and m.progress_pct is not None:
        return f"{m.result} {m.progress_pct}%"
    return m.result


# --------------------------------------------------------------------------- consolidated workbook

_CONSOLIDATED_HEADER = (
    "ลำดับ",
    "อำเภอ",
    "หน่วยงาน",
    "ตัวชี้วัด/ข้อการประเมิน",
    "มาตรการ",
    "ผู้รับผิดชอบ",
    "กำหนดแล้วเสร็จ",
    "สถานะ",
    "วันที่แล้วเสร็จ",
    "หมายเหตุ",
)


def write_consolidated_xlsx(agencies: Sequence[SynthAgency]) -> tuple[str, bytes]:
    """An officer's compiled workbook: a notes sheet, then one row per measure of every agency."""
    if not agencies:
        raise ValueError("no agencies to consolidate")
    first = agencies[0]
    if any((a.fiscal_year, a.round) != (first.fiscal_year, first.round) for a in agencies):
        raise ValueError("a consolidated workbook holds one fiscal year and round")
    rng = random.Random(f"{first.seed}:consolidated:{len(agencies)}")
    buf = io.BytesIO()
    wb = _new_workbook(buf, max(a.as_of for a in agencies))
    fmt = _formats(wb)
    _notes_sheet(wb.add_worksheet("คำชี้แจง"), fmt)
    ws = wb.add_worksheet("สรุปผลรายหน่วยงาน")
    for col, width in enumerate((7, 16, 26, 20, 50, 20, 14, 24, 14, 16)):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, 9, _consolidated_title(first), fmt["title"])
    ws.write_row(2, 0, _CONSOLIDATED_HEADER, fmt["head"])
    row, number = 3, 1
    for agency in agencies:
        abbreviate = rng.random() < 0.5
        for m in agency.measures:
            _consolidated_row(ws, row, number, agency, m, abbreviate, rng, fmt)
            row, number = row + 1, number + 1
    wb.close()
    return f"consolidated_{first.fiscal_year}_r{first.round}.xlsx", buf.getvalue()


def _consolidated_title(agency: SynthAgency) -> str:
    return (
        "สรุปผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        f"ประจำปีงบประมาณ พ.ศ. {agency.fiscal_year} รอบ {agency.round} เดือน "
        f"จังหวัด{agency.province}"
    )


def _notes_sheet(ws, fmt: dict) -> None:
    ws.set_column(0, 0, 100)
    ws.write(0, 0, "คำชี้แจงการกรอกข้อมูล", fmt["title"])
    for i, note in enumerate(_phrases("note"), start=2):
        ws.write(i, 0, f"{i - 1}. {note}", fmt["text"])


def _consolidated_row(
    ws, row: int, number: int, agency: SynthAgency, m: SynthMeasure, abbreviate: bool, rng: random.Random, fmt: dict
) -> None:
    district = agency.district if rng.random() < 0.7 else f"อ.{agency.district}"
    item = f"ตัวชี้วัดที่ {m.indicator}" + (f" ({m.item_code})" if m.item_code else "")
    if m.item_code and rng.random() < 0.5:
        item = m.item_code
    status = STATUS_WORDS[m.status]
    if m.status == "in_progress" and m.progress_pct is not None:
        status = f"{status} {m.progress_pct}%"
    ws.write_row(
        row,
        0,
        [number, district, agency.short_name if abbreviate else agency.name, item, m.measure, m.responsible],
        fmt["cell"],
    )
    if m.due:
        due = date.fromisoformat(m.due)
        ws.write_datetime(row, 6, datetime(due.year, due.month, due.day), fmt["date"])
    else:
        ws.write(row, 6, m.schedule, fmt["cell"])
    ws.write(row, 7, status, fmt["cell"])
    _write_completion(ws, row, 8, m, rng, fmt, be_rate=0.05)
    ws.write_blank(row, 9, None, fmt["cell"])


# --------------------------------------------------------------------------- province on disk

WRITERS: dict[str, Callable[[SynthAgency], tuple[str, bytes]]] = {
    "pdf": write_pdf_style_xlsx,
    "check": write_checkmark_xlsx,
    "csv": write_csv_cp874,
}


def layout_for(index: int, layouts: Sequence[str] = LAYOUTS) -> str:
    """The layout the ``index``-th agency gets when layouts rotate."""
    return layouts[index % len(layouts)]


def write_province(
    agencies: Sequence[SynthAgency], out_dir: str | Path, layouts: Sequence[str] = LAYOUTS
) -> list[Path]:
    """One file per agency into ``out_dir``, layouts rotating across agencies."""
    unknown = set(layouts) - set(WRITERS)
    if unknown:
        raise ValueError(f"unknown layouts: {sorted(unknown)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, agency in enumerate(agencies):
        name, data = WRITERS[layout_for(i, layouts)](agency)
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def truth_rows(agencies: Iterable[SynthAgency], as_of: date | None = None) -> list[dict[str, object]]:
    """One dict per measure with the ``TRUTH_FIELDS``; ``as_of`` (not before any report date)
    judges timeliness at one date for all, as a parser run with ``--as-of`` does."""
    rows = []
    for agency in agencies:
        for m in agency.measures:
            row = asdict(m)
            row["file_stem"] = agency.file_stem
            if as_of is not None:
                row["as_of"] = as_of.isoformat()
                row["timeliness"] = timeliness(m.status, m.due, m.completed, as_of)
            row["progress_pct"] = "" if m.progress_pct is None else m.progress_pct
            row["due_month"] = m.due[:7]
            row["completed_month"] = m.completed[:7]
            rows.append({k: row[k] for k in TRUTH_FIELDS})
    return rows


def truth_csv(agencies: Iterable[SynthAgency], as_of: date | None = None) -> str:
    """The truth as CSV text (UTF-8 when written), one line per measure, keyed by file stem and
    ``seq`` (the measure's order in its report)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TRUTH_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(truth_rows(agencies, as_of))
    return out.getvalue()
