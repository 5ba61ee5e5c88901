"""Table shaping for the dashboard pages: which reports to show, filters, and one function per
table an officer reads. Pure pandas, no Streamlit, so every figure on a page can be tested and
benchmarked without a browser.

Raw tables keep codes (status "done", ISO dates) and English column names; `display_*`
functions turn them into what people read (Thai labels and dates, translated headers) and are
also what the downloads export, so the file matches the screen.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ita_metrics.coerce import to_date, to_int
from ita_metrics.flags import flag_catalog
from ita_metrics.interpret.timeliness import days_overdue
from ita_metrics.model import STATUSES, TIMELINESS, TOOLS, split_flags
from ita_metrics.presentation.ui_text import format_date, format_pct, status_label, text, timeliness_label
from ita_metrics.safe_cells import neutralise_frame
from ita_metrics.scoring import scoring
from ita_metrics.thai import agencies, catalogs
from ita_metrics.thai.responsible import split_units

LATEST = "latest"  # report choice: each agency's latest report
ALL = "all"  # report choice: every report (rounds side by side)


# ---------------------------------------------------------------- which reports
def _round_key(fiscal_year: object, round_: object) -> str:
    """ "2566/12"; "2565" when the round is unknown; "?" when neither is."""
    fy = to_int(fiscal_year)
    rd = to_int(round_)
    if fy is None:
        return "?" if rd is None else f"?/{rd}"
    return str(fy) if rd is None else f"{fy}/{rd}"


def _order(key: str) -> tuple[int, int]:
    fy, _, rd = key.partition("/")
    return (int(fy) if fy.isdigit() else 0, int(rd) if rd.isdigit() else 0)


def report_choices(measures: pd.DataFrame) -> list[str]:
    """LATEST, then each fiscal year/round present (newest first)."""
    keys = {_round_key(f, r) for f, r in zip(measures["fiscal_year"], measures["round"])}
    return [LATEST] + sorted(keys, key=_order, reverse=True)


def report_label(choice: str, lang: str = "th") -> str:
    if choice == LATEST:
        return text("filter.latest", lang)
    if choice == ALL:
        return text("filter.all_reports", lang)
    fy, _, rd = choice.partition("/")
    return text("filter.round_label", lang, fy=fy, round=rd) if rd else text("filter.year_label", lang, fy=fy)


def latest_reports(measures: pd.DataFrame) -> pd.DataFrame:
    """Each agency's latest report only (highest fiscal year, then round): the province "now".

    Measures with no agency are grouped by their file instead, so they are not lost.
    """
    if measures.empty:
        return measures
    keys = [_round_key(f, r) for f, r in zip(measures["fiscal_year"], measures["round"])]
    order = pd.Series([_order(k) for k in keys], index=measures.index)
    who = measures["agency"].where(measures["agency"].astype(str) != "", "file:" + measures["source_file"])
    best = order.groupby(who).transform("max")
    return measures.loc[order == best]


def select_reports(measures: pd.DataFrame, choice: str) -> pd.DataFrame:
    if choice == LATEST:
        return latest_reports(measures)
    if choice == ALL or not choice:
        return measures
    keys = pd.Series(
        [_round_key(f, r) for f, r in zip(measures["fiscal_year"], measures["round"])], index=measures.index
    )
    return measures.loc[keys == choice]


# ---------------------------------------------------------------- filters
@lru_cache(maxsize=8192)
def _kind(agency: str) -> str:
    return agencies.agency_kind(agency) if agency else ""


@lru_cache(maxsize=8192)
def short(agency: str) -> str:
    """ทต.ถาวร for เทศบาลตำบลถาวร; the name itself when it has no known prefix."""
    return (agencies.short_name(agency) or agency) if agency else scoring.unspecified()


NO_DISTRICT = ""  # the district filter's option for agencies whose reports name no district


def district_options(measures: pd.DataFrame) -> list[str]:
    """Districts present, then NO_DISTRICT when some agency has none (so it can be picked too)."""
    present = set(measures["district"].astype(str).str.strip())
    return sorted(d for d in present if d) + ([NO_DISTRICT] if NO_DISTRICT in present else [])


def kind_options(measures: pd.DataFrame) -> list[str]:
    return sorted({k for k in map(_kind, measures["agency"].astype(str).unique()) if k})


def filter_measures(measures: pd.DataFrame, districts: Sequence[str] = (), kinds: Sequence[str] = ()) -> pd.DataFrame:
    """Measures of the chosen districts and agency kinds (an empty choice means all)."""
    mask = pd.Series(True, index=measures.index)
    if districts:
        mask &= measures["district"].astype(str).str.strip().isin(list(districts))
    if kinds:
        mask &= measures["agency"].astype(str).map(_kind).isin(list(kinds))
    return measures.loc[mask]


# ---------------------------------------------------------------- agencies
OVERVIEW_SORTS = ("score", "name", "district", "overdue", "done")


def agency_overview(measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS) -> pd.DataFrame:
    """One row per agency: scoring.agency_table plus short name, kind, label and status shares."""
    table = scoring.agency_table(measures, weights=weights)
    table = table.rename(columns={"group": "agency"})
    names = table["agency"].astype(str)
    table.insert(1, "short", names.map(lambda a: short("" if a == scoring.unspecified() else a)))
    table.insert(2, "kind", names.map(_kind))
    n = table["n_measures"].where(table["n_measures"] > 0)
    for col in STATUSES:
        table[f"pct_{col}"] = (table[f"n_{col}"] / n * 100).astype("float64")
    return table


def sort_overview(table: pd.DataFrame, by: str = "score") -> pd.DataFrame:
    """Rank order by default; by name, district, most overdue or share done on request."""
    if by == "name":
        out = table.sort_values("short", kind="stable")
    elif by == "district":
        out = table.sort_values(["district", "rank"], kind="stable")
    elif by == "overdue":
        out = table.sort_values(["n_overdue", "rank"], ascending=[False, True], kind="stable")
    elif by == "done":
        out = table.sort_values(["pct_done", "rank"], ascending=[False, True], kind="stable")
    else:
        out = table.sort_values(["rank", "short"], kind="stable")
    return out.reset_index(drop=True)


def display_overview(table: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """The agency table as people read it (and as it is exported)."""
    out = pd.DataFrame(
        {
            text("col.rank", lang): table["rank"],
            text("col.agency", lang): table["short"],
            text("col.district", lang): table["district"],
            text("col.kind", lang): table["kind"],
            text("col.n_measures", lang): table["n_measures"],
            text("col.n_done", lang): table["n_done"],
            text("col.n_in_progress", lang): table["n_in_progress"],
            text("col.n_not_started", lang): table["n_not_started"],
            text("col.n_unknown", lang): table["n_unknown"],
            text("col.n_overdue", lang): table["n_overdue"],
            text("col.completion_pct", lang): table["completion_pct"].round(1),
            text("col.on_time_pct", lang): table["on_time_pct"].round(1),
            text("col.score", lang): table["score"].round(1),
            text("col.grade", lang): table["grade"],
        }
    )
    return out


# ---------------------------------------------------------------- indicators
@dataclass
class Matrix:
    """Agencies × indicators: completion % (NaN = no measure there) and number of measures."""

    values: pd.DataFrame  # index: agency (canonical), columns: indicator numbers
    counts: pd.DataFrame
    labels: list[str]  # display label per row (short name)
    districts: list[str]
    level: str = "agency"  # what a row is: agency, or district / province (scale_views aggregates)

    @property
    def empty(self) -> bool:
        return self.values.empty


def indicator_legend(indicators: Sequence[int], lang: str = "th") -> str:
    """ "1 การปฏิบัติหน้าที่ · 2 การใช้งบประมาณ · …" — the names behind the heatmap's numbers."""
    return " · ".join(indicator_label(i, lang) for i in indicators)


def indicator_label(indicator: object, lang: str = "th") -> str:
    """ "9 การเปิดเผยข้อมูล"; "(ไม่ระบุ)" for a measure without an indicator."""
    if indicator is None or pd.isna(indicator) or str(indicator) == scoring.unspecified():
        return text("indicator.none", lang)
    n = to_int(indicator)
    if n is None:
        return text("indicator.none", lang)
    return f"{n} {catalogs.indicator_name(n, lang)}".strip()


def tool_of_indicator(indicator: int) -> str:
    return catalogs.indicator_tool(int(indicator))


def completion_matrix(measures: pd.DataFrame, tool: str | None = None) -> Matrix:
    """Completion % per agency and indicator, agencies best first (by completion over the shown
    indicators), indicators in number order. `tool` limits to IIT / EIT / OIT."""
    scored = matrix_measures(measures, tool)
    if scored.empty:
        empty = pd.DataFrame()
        return Matrix(empty, empty, [], [])
    values, counts, overall = completion_by(scored, "agency")
    order = sorted(values.index, key=lambda a: (-overall[a], short(a)))
    values, counts = values.loc[order], counts.loc[order]
    district = scored.groupby("agency")["district"].agg(lambda s: s.mode().iat[0] if len(s.mode()) else "")
    return Matrix(values, counts, [short(a) for a in order], [str(district.get(a, "")) for a in order])


def matrix_measures(measures: pd.DataFrame, tool: str | None = None) -> pd.DataFrame:
    """The scored measures a completion matrix counts: with an indicator (as int) and an agency."""
    scored = scoring.add_measure_scores(measures)
    scored = scored.loc[scored["indicator"].notna() & (scored["agency"].astype(str) != "")]
    if tool:
        scored = scored.loc[scored["tool"] == tool]
    return scored.assign(indicator=scored["indicator"].astype(int)) if len(scored) else scored


def completion_by(scored: pd.DataFrame, key: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Mean completion % and measure counts per `key` × indicator, and each row's overall mean."""
    grouped = scored.groupby([key, "indicator"])["completion_score"]
    values = (grouped.mean() * 100).unstack("indicator").sort_index(axis=1)
    counts = grouped.size().unstack("indicator").reindex_like(values).fillna(0).astype(int)
    return values, counts, scored.groupby(key)["completion_score"].mean().reindex(values.index)


def not_in_matrix(measures: pd.DataFrame, tool: str | None = None) -> dict[str, int]:
    """What the agencies × indicators heatmap cannot show: measures without an indicator, and the
    agencies none of whose measures has one (they would silently be missing from the heatmap)."""
    m = measures if not tool else measures.loc[(measures["tool"] == tool) | measures["indicator"].isna()]
    without = m["indicator"].isna()
    shown = set(m.loc[~without, "agency"].astype(str))
    return {
        "measures": int(without.sum()),
        "agencies": len({a for a in m.loc[without, "agency"].astype(str) if a not in shown}),
    }


def not_on_timeline(measures: pd.DataFrame) -> int:
    """Measures the timeline cannot place: neither a deadline nor a completion date."""
    return int(((measures["due_date"].astype(str) == "") & (measures["completed_date"].astype(str) == "")).sum())


def indicator_summary(
    measures: pd.DataFrame, tool: str | None = None, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS
) -> pd.DataFrame:
    """Indicators province-wide, the lagging ones (lowest score) first: score_groups by indicator
    plus tool, name and the number of agencies with measures on it."""
    m = measures.loc[measures["indicator"].notna()]
    if tool:
        m = m.loc[m["tool"] == tool]
    table = scoring.score_groups(m, by="indicator", weights=weights)
    if table.empty:
        return table.assign(
            indicator=pd.Series(dtype="int64"), tool=pd.Series(dtype="str"), n_agencies=pd.Series(dtype="int64")
        )
    table = table.loc[table["group"] != scoring.unspecified()].copy()
    table["indicator"] = table["group"].astype(int)
    table["tool"] = table["indicator"].map(tool_of_indicator)
    per = m.assign(ind=m["indicator"].astype("Int64")).groupby("ind")["agency"].nunique()
    table["n_agencies"] = table["indicator"].map(per).fillna(0).astype(int)
    return table.sort_values(["score", "indicator"], kind="stable").reset_index(drop=True)


def tool_summary(measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS) -> pd.DataFrame:
    """Score per tool (IIT / EIT / OIT), in that order."""
    table = scoring.score_groups(measures.loc[measures["tool"].isin(TOOLS)], by="tool", weights=weights)
    return table.set_index("group").reindex([t for t in TOOLS if t in set(table["group"])]).reset_index()


# ---------------------------------------------------------------- one agency / measures
def agency_choices(measures: pd.DataFrame) -> list[str]:
    """Agencies present, by short name."""
    names = [a for a in measures["agency"].astype(str).unique() if a]
    return sorted(names, key=short)


def measures_of(measures: pd.DataFrame, agency: str | None = None, indicator: int | None = None) -> pd.DataFrame:
    m = measures
    if agency:
        m = m.loc[m["agency"] == agency]
    if indicator is not None:
        m = m.loc[m["indicator"] == indicator]
    return m


def _flag_text(flags: str, lang: str) -> str:
    cat = flag_catalog()
    return "; ".join(cat[c][lang] if c in cat else c for c in split_flags(flags))


def days_overdue_column(measures: pd.DataFrame) -> pd.Series:
    """Days overdue of each overdue measure, counted to that measure's own as-of date (its
    report's "ข้อมูล ณ วันที่"): the one computation screen and files share."""
    as_of = [to_date(v) for v in measures["as_of"]] if "as_of" in measures else [None] * len(measures)
    out = [
        days_overdue(to_date(due), when) if tl == "overdue" else None
        for due, when, tl in zip(measures["due_date"], as_of, measures["timeliness"])
    ]
    return pd.Series(out, index=measures.index, dtype="Int64")


def source_text(measures: pd.DataFrame, lang: str = "th") -> pd.Series:
    """ "thaworn.xlsx · ชีต Sheet1 · แถว 12" — where to find the measure in the officer's file."""
    sheet_word, row_word = text("source.sheet", lang), text("source.row", lang)
    return pd.Series(
        [
            f"{f} · {sheet_word} {s} · {row_word} {'' if pd.isna(r) else int(r)}"
            for f, s, r in zip(measures["source_file"], measures["source_sheet"], measures["source_row"])
        ],
        index=measures.index,
        dtype="object",
    )


def _dates(values: pd.Series, flags: pd.Series, flag: str, lang: str) -> list[str]:
    return [format_date(v, lang, month_only=flag in split_flags(f)) for v, f in zip(values, flags)]


def display_measures(measures: pd.DataFrame, lang: str = "th", with_agency: bool = False) -> pd.DataFrame:
    """Measures as an officer reads them: status, deadline, completion, timeliness, flags in
    words, and the source (file, sheet, row)."""
    m = measures
    cols: dict[str, object] = {}
    if with_agency:
        cols[text("col.agency", lang)] = m["agency"].astype(str).map(short)
    cols.update(
        {
            text("col.indicator", lang): [indicator_label(i, lang) for i in m["indicator"]],
            text("col.item_codes", lang): m["item_codes"],
            text("col.measure", lang): measure_text(m),
            text("col.responsible", lang): m["responsible"],
            text("col.status", lang): m["status"].map(lambda s: status_label(s, lang)),
            text("col.progress", lang): m["progress_pct"],
            text("col.due_date", lang): _dates(m["due_date"], m["flags"], "due_month_precision", lang),
            text("col.completed_date", lang): _dates(
                m["completed_date"], m["flags"], "completed_month_precision", lang
            ),
            text("col.timeliness", lang): m["timeliness"].map(lambda s: timeliness_label(s, lang)),
            text("col.days_overdue", lang): days_overdue_column(m),
            text("col.as_of", lang): [format_date(v, lang) for v in m["as_of"]],
            text("col.flags", lang): m["flags"].map(lambda f: _flag_text(f, lang)),
            text("col.source", lang): source_text(m, lang),
        }
    )
    return pd.DataFrame(cols, index=m.index).reset_index(drop=True)


# ---------------------------------------------------------------- timeliness and follow-up
def measure_text(measures: pd.DataFrame) -> pd.Series:
    """The measure as shown: its own cell, else the steps, else the issue (some reports write
    the measure in the steps column), so no row is shown without words."""
    out = measures["measure"].astype(str)
    for fallback in ("steps", "issue"):
        empty = out.str.strip() == ""
        out = out.where(~empty, measures[fallback].astype(str))
    return out


def overdue_list(measures: pd.DataFrame) -> pd.DataFrame:
    """Measures not done whose deadline has passed, most overdue first (days counted to each
    report's own as-of date). The one list the timeliness page and the meeting files show."""
    m = measures.loc[measures["timeliness"] == "overdue"].copy()
    m["days_overdue"] = days_overdue_column(m)
    m["measure_text"] = measure_text(m)
    return m.sort_values(
        ["days_overdue", "agency", "source_row"], ascending=[False, True, True], kind="stable", na_position="last"
    )


def display_overdue(overdue: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """The follow-up list: agency, days overdue, deadline, responsible unit, measure, source."""
    m = overdue
    return pd.DataFrame(
        {
            text("col.agency", lang): m["agency"].astype(str).map(short),
            text("col.district", lang): m["district"],
            text("col.days_overdue", lang): m["days_overdue"],
            text("col.due_date", lang): _dates(m["due_date"], m["flags"], "due_month_precision", lang),
            text("col.responsible", lang): m["responsible"],
            text("col.indicator", lang): [indicator_label(i, lang) for i in m["indicator"]],
            text("col.measure", lang): m["measure_text"],
            text("col.as_of", lang): [format_date(v, lang) for v in m["as_of"]],
            text("col.status", lang): m["status"].map(lambda s: status_label(s, lang)),
            text("col.source", lang): source_text(m, lang),
        }
    ).reset_index(drop=True)


def timeliness_by(measures: pd.DataFrame, by: str = "agency") -> pd.DataFrame:
    """Counts of on time / late / overdue / not due / unknown per agency or responsible unit,
    groups with the most overdue first. A measure with several units counts for each."""
    table = scoring.score_groups(measures, by=by)
    if by == "agency":
        table["label"] = table["group"].map(lambda a: short("" if a == scoring.unspecified() else a))
    else:
        table["label"] = table["group"]
    return table.sort_values(
        ["n_overdue", "n_late", "label"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def responsible_units(measures: pd.DataFrame) -> pd.Series:
    """Units named in each measure's responsible cell, joined for display."""
    return measures["responsible"].map(lambda t: ", ".join(split_units(t)))


# ---------------------------------------------------------------- headline
def headline(measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS) -> dict:
    """scoring.overall plus display strings."""
    o = scoring.overall(measures, weights)
    o["pct_done_text"] = format_pct(o["pct_done"])
    o["pct_on_time_text"] = format_pct(o["pct_on_time"])
    return o


def status_counts(measures: pd.DataFrame) -> dict[str, int]:
    return {s: int((measures["status"] == s).sum()) for s in STATUSES}


def timeliness_counts(measures: pd.DataFrame) -> dict[str, int]:
    return {s: int((measures["timeliness"] == s).sum()) for s in TIMELINESS}


# ---------------------------------------------------------------- exports
def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM, so Thai Excel on Windows opens it with the right characters."""
    return neutralise_frame(table).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(table: pd.DataFrame, sheet: str = "data") -> bytes:
    """An .xlsx with one sheet, a bold frozen header and columns wide enough to read."""
    buf = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        neutralise_frame(table).to_excel(writer, sheet_name=sheet[:31], index=False)
        ws = writer.sheets[sheet[:31]]
        ws.freeze_panes(1, 0)
        for i, col in enumerate(table.columns):
            longest = max([len(str(col))] + [len(str(v)) for v in table[col].head(200)])
            ws.set_column(i, i, min(max(8, longest + 2), 60))
    return buf.getvalue()


# ---------------------------------------------------------------- small helpers for pages
def agency_districts(measures: pd.DataFrame) -> dict[str, str]:
    """Each agency's district (the one most of its measures carry), in one pass."""
    m = measures.loc[(measures["agency"] != "") & (measures["district"] != ""), ["agency", "district"]]
    if m.empty:
        return {}
    counts = m.groupby(["agency", "district"]).size().reset_index(name="n")
    counts = counts.sort_values(["agency", "n", "district"], ascending=[True, False, True], kind="stable")
    return dict(counts.drop_duplicates("agency")[["agency", "district"]].itertuples(index=False, name=None))


def district_of(measures: pd.DataFrame, agency: str) -> str:
    """The district most of the agency's measures carry ("" when none does)."""
    d = measures.loc[(measures["agency"] == agency) & (measures["district"] != ""), "district"]
    return str(d.mode().iat[0]) if len(d) else ""


def delta(value: object, reference: object, decimals: int = 1) -> float | None:
    """value − reference, rounded, for st.metric's delta; None when either is missing."""
    try:
        a, b = float(value), float(reference)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if a != a or b != b:
        return None
    return round(a - b, decimals)
