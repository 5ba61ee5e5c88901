"""The officer's as-of date ("ข้อมูล ณ วันที่") for one report, a selection (e.g. every round-6
report of FY2566) or all: recorded as corrections carrying `as_of` (ita_metrics.scoring.corrections), so
timeliness is judged again everywhere, the choice is saved with the uploads (batch_save) or written
to the store at once when the dashboard shows the store, and it can be undone."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import data, officer
from components.i18n import lang, t
from components.safe import md
from components.widgets import table
from ita_metrics.app import batch_save
from ita_metrics.presentation import correction_log, views
from ita_metrics.presentation.ui_text import format_date, format_datetime
from ita_metrics.scoring import corrections
from ita_metrics.store import StoreError


def report_table(measures: pd.DataFrame) -> pd.DataFrame:
    """One row per report: file, agency, fiscal year, round, its as-of date and measures."""
    keys = ["source_file", "agency", "fiscal_year", "round"]
    m = measures.assign(fiscal_year=measures["fiscal_year"].astype("Int64"), round=measures["round"].astype("Int64"))
    out = (
        m.groupby(keys, dropna=False, sort=False)
        .agg(as_of=("as_of", lambda s: ", ".join(sorted({str(v) for v in s if str(v)}))), n=("as_of", "size"))
        .reset_index()
    )
    return out


def _label(row: pd.Series) -> str:
    fy = "" if pd.isna(row["fiscal_year"]) else str(int(row["fiscal_year"]))
    rd = t("scope.no_round") if pd.isna(row["round"]) else t("settings.round_n", n=int(row["round"]))
    return f"{views.short(str(row['agency']))} · {fy} · {rd} · {row['source_file']}"


def _apply(reports: list[tuple], day: date) -> None:
    ds = data.current()
    fixes = corrections.as_of_corrections(ds.measures, reports, day)
    if data.source() != "store":  # uploads: kept with them, stored when they are saved (batch_save)
        saved = list(st.session_state.get(data.CORRECTIONS_KEY, []))
        for record in fixes:
            saved = corrections.upsert(saved, record)
        st.session_state[data.CORRECTIONS_KEY] = saved
    else:  # the dashboard shows the store: kept there now, with who and when (undone in the store)
        try:
            store = data.get_store(create=True)
            assert store is not None  # create=True always gives the store
            n = batch_save.corrections_to_store(store, fixes, by=officer.who())
            st.session_state["as_of_flash"] = t("asof.stored", n=n)
        except StoreError as exc:
            st.session_state["as_of_flash"] = exc.msg.en if lang() == "en" else exc.msg.th


def _undo(reports: list[tuple]) -> None:
    """Back to each picked report's own as-of date (the date set by the officer is dropped)."""
    ds = data.current()
    keys = {corrections.key_of(f) for f in corrections.as_of_corrections(ds.measures, reports, data.bangkok_today())}
    kept = []
    for c in st.session_state.get(data.CORRECTIONS_KEY, []):
        c = corrections.normalise(c)
        if corrections.key_of(c) in keys:
            c["as_of"] = ""
        if any(c[f] for f in corrections.FIELDS):
            kept.append(c)
    st.session_state[data.CORRECTIONS_KEY] = kept
    if data.source() == "store":
        try:
            store = data.get_store(create=True)
            assert store is not None  # create=True always gives the store
            log = store.corrections(include_undone=False)
            stored = store.measures(active_only=True, corrected=False)
            ids = {
                (str(f), str(s), int(r)): i
                for f, s, r, i in zip(
                    stored["source_file"], stored["source_sheet"], stored["source_row"], stored["report_id"]
                )
            }
            wanted = {(ids[k], k[1], k[2]) for k in keys if k in ids}
            for cid, rid, sheet, row, field in zip(
                log["id"], log["report_id"], log["source_sheet"], log["source_row"], log["field"]
            ):
                if field == "as_of" and (int(rid), str(sheet), int(row)) in wanted:
                    store.undo_correction(int(cid), by=officer.who())
        except StoreError as exc:
            st.session_state["as_of_flash"] = exc.msg.en if lang() == "en" else exc.msg.th


def _filtered(reports: pd.DataFrame) -> tuple[list[int], list[int], list]:
    """The fiscal-year and round filters, and the reports they leave."""
    years = sorted({int(y) for y in reports["fiscal_year"].dropna()}, reverse=True)
    rounds = sorted({int(r) for r in reports["round"].dropna()})
    with st.container(horizontal=True, vertical_alignment="bottom"):
        fy = st.multiselect(t("settings.fiscal_year"), years, key="asof_fy", placeholder=t("filter.all"), width=220)
        rd = st.multiselect(
            t("settings.round"),
            rounds,
            key="asof_round",
            placeholder=t("filter.all"),
            width=220,
            format_func=lambda n: t("settings.round_n", n=n),
        )
    matching = [
        i
        for i, r in reports.iterrows()
        if (not fy or (not pd.isna(r["fiscal_year"]) and int(r["fiscal_year"]) in fy))
        and (not rd or (not pd.isna(r["round"]) and int(r["round"]) in rd))
    ]
    return fy, rd, matching


def _setters() -> dict[str, tuple[str, str]]:
    """file → who set its as-of date and when (the store's record; {} when not on the store)."""
    if data.source() != "store":
        return {}
    try:
        store = data.get_store(create=False)
        return correction_log.as_of_setters(store.corrections()) if store is not None else {}
    except StoreError:
        return {}


def _reports_table(reports: pd.DataFrame, labels: dict) -> None:
    """Every report with its as-of date(s), number of measures and, on the store, who set the date
    and when (Thai date in the Buddhist era, Bangkok time)."""
    shown = reports.assign(label=[labels[i] for i in reports.index])
    frame = pd.DataFrame(
        {
            t("col.agency"): shown["label"],
            t("col.as_of"): [
                ", ".join(format_date(v, lang()) for v in str(a).split(", ") if v) for a in shown["as_of"]
            ],
            t("metric.measures"): shown["n"],
        }
    )
    setters = _setters()
    if setters:
        who = [setters.get(str(f), ("", "")) for f in shown["source_file"]]
        frame[t("asof.set_by")] = [w for w, _ in who]
        frame[t("asof.set_at")] = [format_datetime(a, lang()) for _, a in who]
    table(frame, key="asof_reports")


def setter(ds) -> None:
    """Pick reports (by fiscal year and round, or one by one), a date, apply."""
    st.subheader(t("asof.title"))
    st.caption(t("asof.caption"))
    if ds.measures.empty:
        return
    reports = report_table(ds.measures)
    labels = {i: _label(r) for i, r in reports.iterrows()}
    fy, rd, matching = _filtered(reports)
    picked = st.multiselect(
        t("asof.reports"),
        matching,
        default=matching,
        format_func=labels.__getitem__,
        key=f"asof_pick_{'-'.join(map(str, fy))}_{'-'.join(map(str, rd))}",  # new picks per filter
        placeholder=t("asof.pick"),
    )
    officer.name_field("asof")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        day = st.date_input(t("col.as_of"), value=None, key="asof_day", format="DD/MM/YYYY", width=220)
        chosen = [tuple(reports.loc[i, ["source_file", "agency", "fiscal_year", "round"]]) for i in picked]
        st.button(
            t("asof.apply", n=len(picked)),
            key="asof_apply",
            type="primary",
            icon=":material/event:",
            disabled=not picked or day is None,
            on_click=_apply,
            args=(chosen, day),
        )
        st.button(
            t("asof.undo"), key="asof_undo", icon=":material/undo:", disabled=not picked, on_click=_undo, args=(chosen,)
        )
    flash = st.session_state.pop("as_of_flash", None)
    if flash:
        st.success(md(flash), icon=":material/check_circle:")
    _reports_table(reports, labels)
