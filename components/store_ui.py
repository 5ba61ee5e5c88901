"""The pieces of the "stored reports" page (pages/store.py): save the current uploads to the report
store (asking replace / keep on a conflict), the reports table, delete with confirmation and undo,
bring a report back, backup download and restore.

Why callbacks: every change to the store happens in a button's `on_click`, which Streamlit runs
before the next script run, so dashboard.py's `data.load()` already sees the changed store and
every page shows the same data in that run. What a callback has to say is kept in session state
(`FLASH_KEY`) and shown once at the top of the page. Text from files (names, agencies) is escaped
with `safe.md` before it reaches Markdown.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import streamlit as st

from components import data, officer, widgets
from components.i18n import lang, t
from components.safe import md
from ita_metrics.app import batch_save
from ita_metrics.errors import Message
from ita_metrics.presentation.ui_text import format_datetime
from ita_metrics.store import Store, StoreError, when_text

FLASH_KEY = "store_flash"  # [(level, th, en)] said once at the top of the page
PENDING_KEY = "store_pending"  # {file: [conflict dict]}: the batch waiting for one decision
LAST_DELETED_KEY = "store_last_deleted"
DELETE_PICK_KEY = "store_delete_pick"
DELETE_CONFIRM_KEY = "store_delete_confirm"
RESTORE_FILE_KEY = "store_restore_file"
STATUSES = ("active", "replaced", "deleted")


# ---------------------------------------------------------------- messages
def _say(level: str, th: str, en: str) -> None:
    st.session_state.setdefault(FLASH_KEY, []).append((level, th, en))


def _say_msg(msg: Message, level: str | None = None) -> None:
    _say(level or msg.level, msg.th, msg.en)


def _say_key(level: str, key: str, **values: object) -> None:
    from ita_metrics.presentation import ui_text

    _say(level, ui_text.text(key, "th", **values), ui_text.text(key, "en", **values))


def show_flash() -> None:
    """What the last action did, once (escaped: messages carry file names)."""
    icons = {
        "success": ":material/check_circle:",
        "info": ":material/info:",
        "warning": ":material/warning:",
        "error": ":material/error:",
    }
    for level, th, en in st.session_state.pop(FLASH_KEY, []):
        getattr(st, level if level in icons else "info")(md(en if lang() == "en" else th), icon=icons.get(level))


def store_for_writing() -> Store | None:
    try:
        return data.get_store(create=True)
    except StoreError as exc:
        _say_msg(exc.msg, "error")
        return None


# ---------------------------------------------------------------- the reports table
def status_label(code: str) -> str:
    return t(f"store.status_{code}") if code in STATUSES else code


def report_label(row: pd.Series | dict) -> str:
    """ "#3 · เทศบาลตำบลถาวร · ปีงบประมาณ 2566 รอบ 6 เดือน · file.xlsx" (plain text for select boxes)."""
    fy = None if pd.isna(row["fiscal_year"]) else int(row["fiscal_year"])
    rd = None if pd.isna(row["round"]) else int(row["round"])
    th, en = when_text(fy, rd)
    return f"#{row['id']} · {row['agency'] or '-'} · {en if lang() == 'en' else th} · {row['file']}"


def display_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """Newest first, in the officer's language."""
    r = reports.sort_values("id", ascending=False)
    return pd.DataFrame(
        {
            t("store.col_id"): r["id"].astype("int64"),
            t("store.col_status"): r["status"].map(status_label),
            t("col.agency"): r["agency"],
            t("store.col_fiscal_year"): r["fiscal_year"],
            t("store.col_round"): r["round"],
            t("col.n_measures"): r["n_measures"].astype("int64"),
            t("store.col_file"): r["file"],
            t("store.col_imported_at"): r["imported_at"].map(lambda v: format_datetime(v, lang())),
            t("col.district"): r["district"],
        }
    )


def reports_section(store: Store | None) -> pd.DataFrame:
    reports = store.reports() if store is not None else pd.DataFrame()
    st.subheader(t("store.list_title"))
    if reports.empty:
        st.info(t("store.empty"), icon=":material/inventory_2:")
        return reports
    counts = reports["status"].value_counts()
    active = reports[reports["status"] == "active"]
    with st.container(horizontal=True, gap="small"):
        st.metric(t("store.metric_active"), f"{len(active):,}", border=True)
        st.metric(t("store.metric_measures"), f"{int(active['n_measures'].sum()):,}", border=True)
        st.metric(t("store.metric_agencies"), f"{active['agency'].replace('', pd.NA).nunique():,}", border=True)
        st.metric(t("store.metric_replaced"), f"{int(counts.get('replaced', 0)):,}", border=True)
        st.metric(t("store.metric_deleted"), f"{int(counts.get('deleted', 0)):,}", border=True)
    st.dataframe(
        display_reports(reports),
        hide_index=True,
        width="stretch",
        key="store_reports",
        height=min(38 + 35 * len(reports), 460),
        placeholder=widgets.MISSING,
    )
    return reports


# ---------------------------------------------------------------- saving the uploads
def _report_outcome(outcome) -> None:
    """One flash line per message of an import outcome, in the colour of what happened."""
    level = {
        "imported": "success",
        "already_stored": "info",
        "kept": "info",
        "empty": "warning",
        "failed": "error",
    }.get(outcome.status, "info")
    name = outcome.file
    for i, msg in enumerate(outcome.messages):
        prefix_th, prefix_en = f"{name}: ", f"{name}: "
        _say(level if i == 0 else "info", prefix_th + msg.th, prefix_en + msg.en)


def _save(choice) -> None:
    """Store exactly what the dashboard counts (batch_save), conflicts decided by `choice`."""
    store = store_for_writing()
    if store is None:
        return
    ds = data.current()
    try:
        done = batch_save.save_batch(store, ds, choice, by=officer.who())
    except StoreError as exc:
        _say_msg(exc.msg, "error")
        return
    st.session_state.pop(PENDING_KEY, None)
    for outcome in done.outcomes:
        _report_outcome(outcome)
    if done.n_corrections:
        _say_key("success", "store.corrections_saved", n=done.n_corrections)


def save_uploads() -> None:
    """Callback of "save to the store": the reports the dashboard counts, in one action; when some
    would replace stored reports, the officer decides once for the batch (conflicts_section)."""
    store = store_for_writing()
    if store is None:
        return
    ds = data.current()
    try:
        conflicts = batch_save.batch_conflicts(store, batch_save.counted_results(ds))
    except StoreError as exc:
        _say_msg(exc.msg, "error")
        return
    if not conflicts:
        _save(batch_save.REPLACE_ALL)
        return
    st.session_state[PENDING_KEY] = {
        f: [
            {
                "agency": c.agency,
                "fiscal_year": c.fiscal_year,
                "round": c.round,
                "existing_id": c.existing_id,
                "existing_file": c.existing_file,
                "existing_imported_at": c.existing_imported_at,
                "existing_measures": c.existing_measures,
                "new_measures": c.new_measures,
            }
            for c in cs
        ]
        for f, cs in conflicts.items()
    }
    _say_key("warning", "store.conflict_wait_batch", n=sum(len(cs) for cs in conflicts.values()))


def resolve() -> None:
    """Callback of the batch decision's confirm button."""
    pending: dict = st.session_state.get(PENDING_KEY) or {}
    choice = st.session_state.get("store_batch_choice")
    if not pending or choice not in (batch_save.REPLACE_ALL, batch_save.KEEP_ALL, batch_save.PER_FILE):
        return
    if choice == batch_save.PER_FILE:
        picks = {f: st.session_state.get(f"store_choice_{i}") for i, f in enumerate(pending)}
        if any(v not in ("replace", "keep") for v in picks.values()):
            return
        _save(picks)
    else:
        _save(choice)


def cancel() -> None:
    if st.session_state.pop(PENDING_KEY, None) is not None:
        _say_key("info", "store.conflict_cancelled_batch")


def save_section() -> None:
    st.subheader(t("store.save_title"))
    uploads = data.uploaded_files()
    if not uploads:
        st.caption(t("store.save_none"))
        st.page_link("pages/home.py", label=t("store.go_upload"), icon=":material/upload_file:")
        return
    st.caption(t("store.save_caption_batch", n=len(uploads)))
    officer.name_field("store")
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("store.save_button"), key="store_save", on_click=save_uploads, type="primary", icon=":material/save:"
        )
        if data.n_stored_reports():
            st.button(
                t("store.show_stored"),
                key="store_show",
                on_click=data.clear_uploads,
                icon=":material/inventory_2:",
                help=t("store.show_stored_help"),
            )


def conflicts_section() -> None:
    """The reports of this batch that would replace stored ones: one table, one decision."""
    pending: dict = st.session_state.get(PENDING_KEY) or {}
    if not pending:
        return
    rows = [(f, c) for f, cs in pending.items() for c in cs]
    with st.container(border=True):
        st.markdown(t("store.conflict_title_batch", n=len(rows)))
        table = pd.DataFrame(
            {
                t("col.agency"): [c["agency"] for _, c in rows],
                t("store.col_fiscal_year"): [c["fiscal_year"] for _, c in rows],
                t("store.col_round"): [c["round"] if c["round"] is not None else t("scope.no_round") for _, c in rows],
                t("store.col_new"): [f for f, _ in rows],
                t("store.col_new_measures"): [c["new_measures"] for _, c in rows],
                t("store.col_existing"): [f"#{c['existing_id']} · {c['existing_file']}" for _, c in rows],
                t("store.col_imported_at"): [format_datetime(c["existing_imported_at"], lang()) for _, c in rows],
                t("store.col_existing_measures"): [c["existing_measures"] for _, c in rows],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", key="store_conflicts", placeholder=widgets.MISSING)
        labels = {
            batch_save.REPLACE_ALL: t("store.batch_replace_all"),
            batch_save.KEEP_ALL: t("store.batch_keep_all"),
            batch_save.PER_FILE: t("store.batch_per_file"),
        }
        choice = st.radio(
            t("store.choice"), list(labels), format_func=labels.__getitem__, index=None, key="store_batch_choice"
        )
        ready = choice is not None
        if choice == batch_save.PER_FILE:
            per = {"replace": t("store.choice_replace"), "keep": t("store.choice_keep")}
            for i, f in enumerate(pending):
                pick = st.radio(
                    t("store.choice_for", name=md(f)),
                    list(per),
                    format_func=per.get,
                    index=None,
                    key=f"store_choice_{i}",
                    horizontal=True,
                )
                ready = ready and pick is not None
        with st.container(horizontal=True, gap="small"):
            st.button(
                t("store.confirm_choice"),
                key="store_resolve",
                on_click=resolve,
                disabled=not ready,
                type="primary",
                icon=":material/check:",
            )
            st.button(t("store.cancel"), key="store_cancel", on_click=cancel, type="tertiary")


# ---------------------------------------------------------------- delete, undo, bring back
def _keep_valid(key: str, options: list) -> None:
    """Forget a remembered pick that is no longer offered (e.g. the report was just deleted)."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def delete_report(report_id: int) -> None:
    store = store_for_writing()
    if store is None or not st.session_state.get(DELETE_CONFIRM_KEY):
        return
    try:
        _say_msg(store.delete_report(int(report_id)), "success")
        st.session_state[LAST_DELETED_KEY] = int(report_id)
    except StoreError as exc:
        _say_msg(exc.msg, "error")
    st.session_state[DELETE_CONFIRM_KEY] = False


def reactivate(report_id: int) -> None:
    store = store_for_writing()
    if store is None:
        return
    try:
        _say_msg(store.reactivate_report(int(report_id)), "success")
        if st.session_state.get(LAST_DELETED_KEY) == int(report_id):
            st.session_state.pop(LAST_DELETED_KEY, None)
    except StoreError as exc:
        _say_msg(exc.msg, "error")


def delete_section(store: Store | None, reports: pd.DataFrame) -> None:
    if store is None or reports.empty:
        return
    st.subheader(t("store.delete_title"))
    last = st.session_state.get(LAST_DELETED_KEY)
    if last is not None and last in set(reports.loc[reports["status"] == "deleted", "id"]):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.caption(t("store.undo_caption", id=last))
            st.button(t("store.undo"), key="store_undo", on_click=reactivate, args=(last,), icon=":material/undo:")
    active = reports[reports["status"] == "active"].sort_values("id", ascending=False)
    if active.empty:
        st.caption(t("store.delete_none"))
    else:
        labels = {int(r["id"]): report_label(r) for _, r in active.iterrows()}
        _keep_valid(DELETE_PICK_KEY, list(labels))
        pick = st.selectbox(
            t("store.delete_pick"),
            list(labels),
            format_func=labels.__getitem__,
            index=None,
            key=DELETE_PICK_KEY,
            placeholder=t("store.delete_placeholder"),
        )
        if pick is not None:
            with st.container(border=True):
                desc = store.describe_report(pick)
                st.markdown(t("store.delete_check"))
                st.info(md(desc.en if lang() == "en" else desc.th), icon=":material/description:")
                confirmed = st.checkbox(t("store.delete_confirm"), key=DELETE_CONFIRM_KEY)
                st.button(
                    t("store.delete_button"),
                    key="store_delete",
                    on_click=delete_report,
                    args=(pick,),
                    disabled=not confirmed,
                    type="primary",
                    icon=":material/delete:",
                )
    hidden = reports[reports["status"] != "active"].sort_values("id", ascending=False)
    if not hidden.empty:
        with st.expander(t("store.reactivate_title", n=len(hidden)), icon=":material/restore_page:"):
            labels = {int(r["id"]): f"{report_label(r)} · {status_label(r['status'])}" for _, r in hidden.iterrows()}
            _keep_valid("store_reactivate_pick", list(labels))
            pick = st.selectbox(
                t("store.reactivate_pick"), list(labels), format_func=labels.__getitem__, key="store_reactivate_pick"
            )
            st.button(
                t("store.reactivate_button"),
                key="store_reactivate",
                on_click=reactivate,
                args=(pick,),
                disabled=pick is None,
                icon=":material/restore:",
            )


# ---------------------------------------------------------------- backup and restore
def backup_file_name(today: date | None = None) -> str:
    return f"ita-backup-{(today or data.bangkok_today()):%Y%m%d}.zip"


def restore() -> None:
    upload = st.session_state.get(RESTORE_FILE_KEY)
    if upload is None:
        return
    store = store_for_writing()
    if store is None:
        return
    source = io.BytesIO(upload.getvalue())
    source.name = upload.name
    try:
        manifest = store.restore_zip(source)
    except StoreError as exc:
        _say_msg(exc.msg, "error")
        return
    counts = manifest.get("restored", {})
    _say_key(
        "success",
        "store.restored",
        reports=counts.get("reports", 0),
        measures=counts.get("measures", 0),
        corrections=counts.get("corrections", 0),
    )


def backup_section(store: Store | None, reports: pd.DataFrame) -> None:
    st.subheader(t("store.backup_title"))
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True, height="stretch"):
        st.markdown(t("store.backup_heading"))
        st.caption(t("store.backup_caption"))
        st.download_button(
            t("store.backup_button"),
            (lambda: store.backup_bytes()) if store is not None else b"",
            file_name=backup_file_name(),
            mime="application/zip",
            key="store_backup",
            on_click="ignore",
            icon=":material/download:",
            disabled=reports.empty,
        )
    with right, st.container(border=True, height="stretch"):
        st.markdown(t("store.restore_heading"))
        empty = reports.empty
        st.caption(t("store.restore_caption"))
        if not empty:  # said before the officer picks a file, not after
            st.info(t("store.restore_not_empty", n=len(reports)), icon=":material/block:")
            return
        st.file_uploader(t("store.restore_upload"), type=["zip"], key=RESTORE_FILE_KEY)
        st.button(
            t("store.restore_button"),
            key="store_restore",
            on_click=restore,
            icon=":material/settings_backup_restore:",
            disabled=st.session_state.get(RESTORE_FILE_KEY) is None,
        )
