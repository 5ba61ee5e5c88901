"""The corrections editor: the officer fixes a measure's status or dates in a table; the fix is
stored as a correction record (ita_metrics.scoring.corrections) in session state, applied by the entry
point to every view, and can be undone one by one or all at once."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data, officer
from components.data import CORRECTIONS_KEY
from components.i18n import lang, t
from components.safe import md
from components.widgets import MISSING, downloads, keep_valid, table
from ita_metrics.app import batch_save
from ita_metrics.app.app_state import Dataset
from ita_metrics.coerce import to_date
from ita_metrics.model import STATUSES, split_flags
from ita_metrics.presentation import correction_log, views
from ita_metrics.presentation.ui_text import status_label, timeliness_label
from ita_metrics.scoring import corrections
from ita_metrics.store import StoreError

_COUNTER = "_fix_editor_n"  # bumped after each saved edit so the editor starts from fresh data


def editor_frame(measures: pd.DataFrame, lg: str) -> pd.DataFrame:
    """The editable table: key fields, what the officer needs to recognise the measure, and the
    three correctable fields (status as words, dates as dates)."""
    return pd.DataFrame(
        {
            "source_file": measures["source_file"].astype(str),
            "source_sheet": measures["source_sheet"].astype(str),
            "source_row": measures["source_row"].astype("Int64"),
            "agency": measures["agency"].astype(str).map(views.short),
            "measure": measures["measure"].astype(str).str.slice(0, 160),
            "status": measures["status"].map(lambda s: status_label(s, lg)),
            "due_date": [to_date(v) for v in measures["due_date"]],
            "completed_date": [to_date(v) for v in measures["completed_date"]],
            "timeliness": measures["timeliness"].map(lambda s: timeliness_label(s, lg)),
            "corrected": corrections.is_corrected(measures),
        }
    ).reset_index(drop=True)


def _codes(frame: pd.DataFrame, lg: str) -> pd.DataFrame:
    """Editor table back to codes and ISO dates, for comparison."""
    by_label = {status_label(s, lg): s for s in STATUSES}
    out = frame[list(corrections.KEY_FIELDS)].copy()
    out["status"] = frame["status"].map(lambda v: by_label.get(v, v))
    for col in ("due_date", "completed_date"):
        out[col] = frame[col].map(lambda v: "" if v is None or pd.isna(v) else pd.Timestamp(v).date().isoformat())
    return out


def _stored_mode() -> bool:
    """The dashboard shows the store: a correction goes to the store at once (who, when)."""
    return data.source() == "store"


def _to_store(new: list[dict]) -> bool:
    """Record corrections in the store with who and when; False (message shown) when it failed."""
    try:
        store = data.get_store(create=True)
        assert store is not None  # create=True always gives the store
        n = batch_save.corrections_to_store(store, new, by=officer.who())
    except (StoreError, corrections.CorrectionError) as exc:
        msg = exc.msg if isinstance(exc, StoreError) else None
        st.error(md((msg.en if lang() == "en" else msg.th) if msg else str(exc)), icon=":material/error:")
        return False
    st.session_state["fix_flash"] = t("fix.stored", n=n)
    return True


# the flags "only rows with a warning" keeps
_WARN_FLAGS = {
    "status_unknown",
    "status_conflict",
    "future_completion",
    "unparsed_date",
    "no_deadline",
    "done_without_date",
    "neighbour_text",
    "corrected",
}


def editor(ds: Dataset) -> None:
    lg = lang()
    st.markdown(t("fix.intro_store" if _stored_mode() else "fix.intro"))
    officer.name_field("fix")
    flash = st.session_state.pop("fix_flash", None)
    if flash:
        st.success(md(flash), icon=":material/check_circle:")
    files = sorted(ds.measures["source_file"].astype(str).unique())
    if not files:
        st.info(t("fix.nothing"))
        return
    keep_valid("fix_file", files, False, files[0])
    with st.container(horizontal=True, vertical_alignment="bottom"):
        file = st.selectbox(t("col.file"), files, key="fix_file", width=360)
        only_flagged = st.toggle(t("fix.only_flagged"), key="fix_only_flagged", value=False)
    rows = ds.measures.loc[ds.measures["source_file"] == file]
    if only_flagged:
        rows = rows.loc[rows["flags"].map(lambda f: bool(_WARN_FLAGS & set(split_flags(f))))]
    before = editor_frame(rows, lg)
    n = st.session_state.setdefault(_COUNTER, 0)
    edited = st.data_editor(
        before,
        key=f"fix_editor_{n}",
        hide_index=True,
        placeholder=MISSING,
        width="stretch",
        num_rows="fixed",
        height=min(38 + 35 * len(before), 520),
        disabled=["source_file", "source_sheet", "source_row", "agency", "measure", "timeliness", "corrected"],
        column_order=[
            "source_sheet",
            "source_row",
            "agency",
            "measure",
            "status",
            "due_date",
            "completed_date",
            "timeliness",
            "corrected",
        ],
        column_config=_columns(lg),
    )
    _keep(corrections.edits_to_corrections(_codes(before, lg), _codes(edited, lg)), n)


def _columns(lg: str) -> dict:
    """The editor's columns: the officer may change status and dates, nothing else."""
    return {
        "source_sheet": st.column_config.TextColumn(t("col.sheet"), width="small"),
        "source_row": st.column_config.NumberColumn(t("col.row"), width="small", format="%d"),
        "agency": st.column_config.TextColumn(t("col.agency")),
        "measure": st.column_config.TextColumn(t("col.measure"), width="large"),
        "status": st.column_config.SelectboxColumn(
            t("col.status"), options=[status_label(s, lg) for s in STATUSES], required=True
        ),
        "due_date": st.column_config.DateColumn(t("col.due_date"), format="DD/MM/YYYY"),
        "completed_date": st.column_config.DateColumn(t("col.completed_date"), format="DD/MM/YYYY"),
        "timeliness": st.column_config.TextColumn(t("col.timeliness")),
        "corrected": st.column_config.CheckboxColumn(t("col.corrected"), width="small"),
    }


def _keep(new: list[dict], n: int) -> None:
    """Store the new corrections (in the store, or in the session), then redraw a fresh editor."""
    if new and _stored_mode():
        if _to_store(new):
            st.session_state[_COUNTER] = n + 1
            st.rerun()
        return
    if new:
        saved = list(st.session_state.get(CORRECTIONS_KEY, []))
        try:
            for record in new:
                saved = corrections.upsert(saved, record)
        except corrections.CorrectionError as exc:
            st.error(md(str(exc)), icon=":material/error:")
            return
        st.session_state[CORRECTIONS_KEY] = saved
        st.session_state[_COUNTER] = n + 1
        st.rerun()


def _label(c: dict, measures: pd.DataFrame) -> str:
    key = corrections.key_of(c)
    hit = measures.loc[
        (measures["source_file"] == key[0]) & (measures["source_sheet"] == key[1]) & (measures["source_row"] == key[2])
    ]
    who = views.short(str(hit["agency"].iat[0])) if len(hit) and hit["agency"].iat[0] else ""
    what = str(hit["measure"].iat[0])[:50] if len(hit) else ""
    return f"{key[0]} · {t('source.sheet')} {key[1]} · {t('source.row')} {key[2]} — {who} {what}".strip()


def _undo() -> None:
    """Button callback: drop the picked corrections (runs before the script, so widgets can reset)."""
    picked = st.session_state.get("fix_undo") or []
    st.session_state[CORRECTIONS_KEY] = corrections.remove(st.session_state.get(CORRECTIONS_KEY, []), picked)
    st.session_state["fix_undo"] = []
    st.session_state[_COUNTER] = st.session_state.get(_COUNTER, 0) + 1


def _undo_all() -> None:
    st.session_state[CORRECTIONS_KEY] = []
    st.session_state["fix_undo"] = []
    st.session_state[_COUNTER] = st.session_state.get(_COUNTER, 0) + 1


def _pick(label: str, labels: dict, key: str) -> list:
    """The corrections to undo, picked by their labels."""
    return st.multiselect(
        label, list(labels), key=key, format_func=labels.__getitem__, placeholder=t("fix.undo_placeholder"), width=520
    )


def _undo_stored() -> None:
    """Button callback: the picked stored corrections undone, with who and when."""
    picked = st.session_state.get("log_undo") or []
    try:
        store = data.get_store(create=True)
        assert store is not None  # create=True always gives the store
        for cid in picked:
            store.undo_correction(int(cid), by=officer.who())
    except StoreError as exc:
        st.session_state["fix_flash"] = exc.msg.en if lang() == "en" else exc.msg.th
        return
    st.session_state["log_undo"] = []
    st.session_state["fix_flash"] = t("log.undone_n", n=len(picked))
    st.session_state[_COUNTER] = st.session_state.get(_COUNTER, 0) + 1


def stored_log(ds: Dataset) -> None:
    """The store's record of corrections and as-of dates: who, when, what; undo the ones in force."""
    try:
        store = data.get_store(create=False)
        log = store.corrections() if store is not None else None
    except StoreError as exc:
        st.error(md(exc.msg.en if lang() == "en" else exc.msg.th), icon=":material/database:")
        return
    st.subheader(t("log.title", n=0 if log is None else len(log)))
    if log is None or log.empty:
        st.caption(t("log.none"))
        return
    lg = lang()
    shown = correction_log.display_log(log, ds.measures, lg)
    table(shown, key="stored_log")
    live = log.loc[~log["undone"]].iloc[::-1]
    labels = {
        int(i): f"{correction_log.value_text(f, v, lg)} · {src} {t('source.row')} {r} · {by}"
        for i, f, v, src, r, by in zip(
            live["id"], live["field"], live["new_value"], live["source_file"], live["source_row"], live["made_by"]
        )
    }
    with st.container(horizontal=True, vertical_alignment="bottom"):
        _pick(t("log.undo_pick"), labels, "log_undo")
        st.button(
            t("log.undo"),
            icon=":material/undo:",
            disabled=not st.session_state.get("log_undo"),
            key="log_undo_btn",
            on_click=_undo_stored,
        )
    downloads(lambda: shown, "ita_corrections_log", "corrections_log", sheet="corrections")


def corrections_list(ds: Dataset) -> None:
    """The corrections in force, with undo (the store's record when the dashboard shows the store)."""
    if _stored_mode():
        stored_log(ds)
        return
    saved = list(st.session_state.get(CORRECTIONS_KEY, []))
    st.subheader(t("fix.list", n=len(saved)))
    if not saved:
        st.caption(t("fix.none_yet"))
        return
    lg = lang()
    shown = pd.DataFrame(
        {
            t("col.file"): [c["source_file"] for c in saved],
            t("col.sheet"): [c["source_sheet"] for c in saved],
            t("col.row"): [c["source_row"] for c in saved],
            t("col.status"): [status_label(c["status"], lg) if c["status"] else "" for c in saved],
            t("col.due_date"): [c["due_date"] for c in saved],
            t("col.completed_date"): [c["completed_date"] for c in saved],
        }
    )
    table(shown, key="corrections_table")
    labels = {corrections.key_of(c): _label(c, ds.measures) for c in saved}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        undo = _pick(t("fix.undo_pick"), labels, "fix_undo")
        st.button(t("fix.undo"), icon=":material/undo:", disabled=not undo, key="fix_undo_btn", on_click=_undo)
        st.button(t("fix.undo_all"), icon=":material/delete_sweep:", key="fix_undo_all", on_click=_undo_all)
    downloads(lambda: shown, "ita_corrections", "corrections", sheet="corrections")
