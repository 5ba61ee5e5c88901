"""Who has reported: each roster agency received / received late / not received, for one round.

A report is *received* when a file holds measures of the agency for the fiscal year and round;
*late* when its received date is after the deadline the officer sets. The received date says
where it comes from (`received_basis`), so the figure is explainable:

- `report_date` — the date the report states (วันที่รายงาน), read from the file;
- `stored` — the day the report was saved in the store;
- `file_date` — the file's modification date (command line);
- `unknown` — none of these: counted as received, never as late.

Reports of agencies not on the roster are listed too (`not_in_roster`), never dropped.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd

from ita_metrics.datafiles import data_path
from ita_metrics.followup.roster import match_reports
from ita_metrics.interpret.importer import FileResult, round_end

RECEIVED, LATE, MISSING, NOT_IN_ROSTER = "received", "late", "missing", "not_in_roster"
STATUSES = (RECEIVED, LATE, MISSING, NOT_IN_ROSTER)
BASES = ("report_date", "stored", "file_date", "unknown")
REPORT_COLUMNS = [
    "agency",
    "district",
    "province",
    "fiscal_year",
    "round",
    "file",
    "received_on",
    "received_basis",
    "n_measures",
]
COLUMNS = [
    "agency",
    "district",
    "province",
    "status",
    "received_file",
    "received_on",
    "received_basis",
    "days_late",
    "n_measures",
]


@lru_cache(maxsize=1)
def settings() -> dict:
    """data/followup.toml: the default deadline and the letter's wording live there."""
    with data_path("followup.toml").open("rb") as fh:
        return tomllib.load(fh)


def default_deadline(fiscal_year: int | None, round_: int | None) -> date | None:
    """The round's end plus the days in data/followup.toml (officers change it on screen)."""
    end = round_end(fiscal_year, round_)
    days = int(settings()["submissions"]["days_after_round_end"])
    return end + timedelta(days=days) if end else None


def report_dates(results: Sequence[FileResult]) -> dict[str, date]:
    """File name → the date its report states (latest over its sheets), for files that state one."""
    out: dict[str, date] = {}
    for r in results:
        for sheet in (r.detected or {}).get("sheets", []):
            stated = (sheet.get("metadata") or {}).get("report_date")
            if stated:
                d = date.fromisoformat(stated)
                out[r.file] = max(out.get(r.file, d), d)
    return out


def received_reports(
    measures: pd.DataFrame, dates: Mapping[str, tuple[date | None, str]] | None = None
) -> pd.DataFrame:
    """One row per report found in the measures (agency × fiscal year × round × file), with the
    received date and its basis from `dates` (file → (date, basis)), else unknown."""
    dates = dates or {}
    if measures.empty:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    keys = ["agency", "district", "province", "fiscal_year", "round", "source_file"]
    m = measures.loc[measures["agency"] != "", keys].copy()
    m["fiscal_year"] = m["fiscal_year"].astype("Int64")
    m["round"] = m["round"].astype("Int64")
    grouped = m.groupby(keys, dropna=False, sort=False).size().reset_index(name="n_measures")
    grouped = grouped.rename(columns={"source_file": "file"})
    got = [dates.get(f, (None, "unknown")) for f in grouped["file"]]
    grouped["received_on"] = [d for d, _ in got]
    grouped["received_basis"] = [b if d else "unknown" for d, b in got]
    return grouped[REPORT_COLUMNS]


def submission_status(
    roster: pd.DataFrame, reports: pd.DataFrame, fiscal_year: int, round_: int, deadline: date | None
) -> pd.DataFrame:
    """Each roster agency's status for the round, then reports from agencies not on the roster.

    An agency with several files for the round counts once: the earliest received one."""
    rows = []
    these = (
        reports.loc[(reports["fiscal_year"] == fiscal_year) & (reports["round"] == round_)].copy()
        if len(reports)
        else reports
    )
    if len(these):
        these = these.assign(_at=pd.to_datetime(these["received_on"], errors="coerce"))
        these["_roster"] = match_reports(roster, these)
        these = these.sort_values(["_at", "file"], na_position="last", kind="stable")
    for idx, r in roster.iterrows():
        mine = these.loc[these["_roster"] == idx] if len(these) else these
        base = {"agency": r["agency"], "district": r["district"], "province": r["province"]}
        if mine.empty:
            rows.append(
                {
                    **base,
                    "status": MISSING,
                    "received_file": "",
                    "received_on": None,
                    "received_basis": "",
                    "days_late": None,
                    "n_measures": 0,
                }
            )
            continue
        first = mine.iloc[0]
        rows.append({**base, **_received(first, deadline)})
    if len(these):
        for _, first in these.loc[these["_roster"] == -1].drop_duplicates(["agency", "district"]).iterrows():
            rows.append(
                {
                    "agency": first["agency"],
                    "district": first["district"],
                    "province": first["province"],
                    **_received(first, deadline),
                    "status": NOT_IN_ROSTER,
                }
            )
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["days_late"] = out["days_late"].astype("Int64")
    out["n_measures"] = out["n_measures"].astype("Int64")
    return out


def _received(report: pd.Series, deadline: date | None) -> dict:
    on = report["received_on"]
    on = on if isinstance(on, date) else None
    days = (on - deadline).days if on is not None and deadline is not None else None
    late = days is not None and days > 0
    return {
        "status": LATE if late else RECEIVED,
        "received_file": report["file"],
        "received_on": on,
        "received_basis": report["received_basis"] if on else "unknown",
        "days_late": days if late else None,
        "n_measures": int(report["n_measures"]),
    }


def by_district(status: pd.DataFrame) -> pd.DataFrame:
    """Counts of received / late / missing per district (roster agencies only), most missing first."""
    s = status.loc[status["status"] != NOT_IN_ROSTER].copy()
    s["district"] = s["district"].replace("", "–")
    table = pd.crosstab(s["district"], s["status"]).reindex(columns=[RECEIVED, LATE, MISSING], fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.reset_index().sort_values([MISSING, "district"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


def counts(status: pd.DataFrame) -> dict[str, int]:
    return {s: int((status["status"] == s).sum()) for s in STATUSES}
