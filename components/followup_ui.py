"""The sections of the follow-up page (pages/followup.py): the roster (drafted from the gazetteer
or imported, edited, saved in the store per province and fiscal year), who has reported for a
round against a deadline, reminder letters and one-page summaries to download.

The roster being edited lives in session state until it is saved; the submission status, the
letters and the summaries always use what is on screen (the draft when there is one, else the
saved roster). Files are built only when a download button is clicked.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pandas as pd
import streamlit as st

from components import data, widgets
from components.i18n import lang, t
from components.safe import md
from components.style import presenting
from ita_metrics.app.app_state import Dataset
from ita_metrics.export.agency_page import FontMissing, file_stem, summaries, summary_docx, summary_pdf, thai_font_files
from ita_metrics.export.letters import LetterContext, follow_up_items, letters_zip
from ita_metrics.followup import roster as roster_mod
from ita_metrics.followup import submissions
from ita_metrics.presentation import views
from ita_metrics.presentation.followup_view import display_submissions, status_label, submissions_chart
from ita_metrics.presentation.ui_text import format_datetime
from ita_metrics.store import StoreError
from ita_metrics.thai import gazetteer

DRAFT_KEY = "fu_roster_draft"  # {(province, fiscal_year): {"frame": DataFrame, "source": str}}
EDITOR_VERSION_KEY = "fu_editor_version"
FLASH_KEY = "fu_flash"
EDIT_COLUMNS = ["agency", "district", "subdistrict", "source"]


def _flash(level: str, message: str) -> None:
    st.session_state.setdefault(FLASH_KEY, []).append((level, message))


def show_flash() -> None:
    for level, message in st.session_state.pop(FLASH_KEY, []):
        getattr(st, level)(md(message))


# ---------------------------------------------------------------- which round, which province
def round_choices(ds: Dataset) -> list[tuple[int, int]]:
    pairs = {
        (int(f), int(r))
        for f, r in zip(ds.measures["fiscal_year"], ds.measures["round"])
        if not pd.isna(f) and not pd.isna(r)
    }
    return sorted(pairs, reverse=True)


def pick_round_and_province(ds: Dataset) -> tuple[int, int, str] | None:
    rounds = round_choices(ds)
    if not rounds:
        st.info(t("import.none"))
        return None
    provinces = gazetteer.provinces()
    in_data = ds.measures["province"].astype(str)
    in_data = in_data[in_data.str.strip() != ""]
    default = gazetteer.known_province(in_data.mode().iat[0]) if len(in_data) else ""
    if default and default not in provinces:
        provinces = [default, *provinces]
    widgets.keep_valid("fu_round", rounds, False, rounds[0])
    widgets.keep_valid("fu_province", provinces, False, default or provinces[0])
    with st.container(horizontal=True, gap="medium"):
        fy, rnd = st.selectbox(
            t("sub.round"),
            rounds,
            key="fu_round",
            width=300,
            format_func=lambda p: t("filter.round_label", fy=p[0], round=p[1]),
        )
        province = st.selectbox(t("roster.province"), provinces, key="fu_province", width=260)
    return fy, rnd, province


# ---------------------------------------------------------------- roster
def _saved(province: str, fy: int) -> pd.DataFrame:
    try:
        store = data.get_store(create=False)
        return store.roster(province, fy) if store is not None else roster_mod.empty_roster()
    except StoreError as exc:
        st.error(md(exc.msg.en if lang() == "en" else exc.msg.th), icon=":material/database:")
        return roster_mod.empty_roster()


def _set_draft(province: str, fy: int, frame: pd.DataFrame, source: str) -> None:
    st.session_state.setdefault(DRAFT_KEY, {})[(province, fy)] = {"frame": frame, "source": source}
    st.session_state[EDITOR_VERSION_KEY] = st.session_state.get(EDITOR_VERSION_KEY, 0) + 1


def _draw_from_gazetteer(province: str, fy: int, reported: list[str]) -> None:
    frame = roster_mod.frame(gazetteer.roster_draft(province, reported), province, fy)
    _set_draft(province, fy, frame, t("roster.source_gazetteer"))
    _flash("info", t("roster.drafted", n=len(frame), source=t("roster.source_gazetteer")))


def _import_file(province: str, fy: int) -> None:
    upload = st.session_state.get("fu_roster_file")
    if upload is None:
        return
    got = roster_mod.read_roster(upload.getvalue(), upload.name, province, fy)
    if got.error is not None:
        _flash("error", f"{upload.name}: {got.error.en if lang() == 'en' else got.error.th}")
        return
    _set_draft(province, fy, got.roster, upload.name)
    _flash("info", t("roster.drafted", n=len(got.roster), source=upload.name))
    for m in got.messages:
        _flash("warning", f"{upload.name}: {m.en if lang() == 'en' else m.th}")
    if len(got.skipped):
        st.session_state["fu_roster_skipped"] = got.skipped


def _save(province: str, fy: int, edited: pd.DataFrame) -> None:
    frame = roster_mod.frame(edited.to_dict("records"), province, fy)
    try:
        store = data.get_store(create=True)
        assert store is not None  # create=True always gives a store (or raises StoreError)
        n = store.save_roster(frame, province, fy)
    except StoreError as exc:
        _flash("error", exc.msg.en if lang() == "en" else exc.msg.th)
        return
    st.session_state.get(DRAFT_KEY, {}).pop((province, fy), None)
    st.session_state[EDITOR_VERSION_KEY] = st.session_state.get(EDITOR_VERSION_KEY, 0) + 1
    _flash("success", t("roster.saved_now", n=n))


def _discard(province: str, fy: int) -> None:
    st.session_state.get(DRAFT_KEY, {}).pop((province, fy), None)
    st.session_state[EDITOR_VERSION_KEY] = st.session_state.get(EDITOR_VERSION_KEY, 0) + 1


def _roster_sources(province: str, fy: int, reported: list[str], has_draft: bool) -> None:
    """Where a roster comes from: the gazetteer, a file (its skipped rows shown), or back to the saved one."""
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("roster.from_gazetteer"),
            key="fu_gazetteer",
            icon=":material/map:",
            help=t("roster.from_gazetteer_help"),
            on_click=_draw_from_gazetteer,
            args=(province, fy, reported),
        )
        if has_draft:
            st.button(
                t("roster.discard"), key="fu_discard", icon=":material/undo:", on_click=_discard, args=(province, fy)
            )
    st.file_uploader(
        t("roster.upload"),
        type=["xlsx", "xls", "ods", "csv"],
        key="fu_roster_file",
        help=t("roster.upload_help"),
        on_change=_import_file,
        args=(province, fy),
    )
    skipped = st.session_state.get("fu_roster_skipped")
    if skipped is not None and len(skipped):
        with st.expander(t("roster.skipped", n=len(skipped))):
            widgets.table(skipped[["file", "row", "th" if lang() == "th" else "en", "text"]], key="fu_skipped")


def roster_section(ds: Dataset, province: str, fy: int) -> pd.DataFrame:
    """The roster on screen (draft or saved), editable; returns it (may be empty)."""
    st.subheader(t("roster.title"))
    saved = _saved(province, fy)
    draft = st.session_state.get(DRAFT_KEY, {}).get((province, fy))
    reported = sorted(set(ds.measures["agency"]) - {""})
    _roster_sources(province, fy, reported, draft is not None)
    if draft is None and saved.empty:
        st.info(t("roster.none"), icon=":material/info:")
        return saved
    if draft is None:
        st.caption(t("roster.saved", n=len(saved), at=format_datetime(saved["saved_at"].max(), lang())))
    frame = draft["frame"] if draft is not None else saved
    words = {"gazetteer": t("roster.source_gazetteer"), "report": t("roster.source_report")}
    frame = frame.assign(source=frame["source"].map(lambda v: words.get(v, v)))
    version = st.session_state.get(EDITOR_VERSION_KEY, 0)
    edited = st.data_editor(
        frame[EDIT_COLUMNS].reset_index(drop=True),
        key=f"fu_editor_{version}",
        num_rows="dynamic",
        placeholder=widgets.MISSING,
        width="stretch",
        height=min(38 + 35 * (len(frame) + 1), 420),
        hide_index=True,
        column_config={
            "agency": st.column_config.TextColumn(t("col.agency"), required=True, width="large"),
            "district": st.column_config.TextColumn(t("col.district")),
            "subdistrict": st.column_config.TextColumn(t("roster.col_subdistrict")),
            "source": st.column_config.TextColumn(t("roster.col_source"), disabled=True),
        },
    )
    st.caption(t("roster.edit_help"))
    st.button(
        t("roster.save"),
        key="fu_save",
        type="primary",
        icon=":material/save:",
        on_click=_save,
        args=(province, fy, edited),
    )
    return roster_mod.frame(edited.fillna("").to_dict("records"), province, fy)


# ---------------------------------------------------------------- submissions
def received_dates(ds: Dataset) -> dict[str, tuple[date | None, str]]:
    """File → (received date, basis): the date the report states, else the day it was stored."""
    out: dict[str, tuple[date | None, str]] = {
        f: (d, "report_date") for f, d in submissions.report_dates(ds.results).items()
    }
    if data.source() == "store":
        try:
            store = data.get_store(create=False)
            reports = store.reports(active_only=True) if store is not None else None
        except StoreError:
            reports = None
        if reports is not None:
            for f, at in zip(reports["file"], reports["imported_at"]):
                try:
                    out.setdefault(str(f), (datetime.fromisoformat(str(at)).date(), "stored"))
                except ValueError:
                    continue
    return out


def submissions_section(ds: Dataset, roster: pd.DataFrame, province: str, fy: int, rnd: int) -> pd.DataFrame | None:
    st.subheader(t("sub.title"))
    deadline = st.date_input(
        t("sub.deadline"),
        value=submissions.default_deadline(fy, rnd),
        key=f"fu_deadline_{fy}_{rnd}",
        format="DD/MM/YYYY",
        help=t("sub.deadline_help"),
        width=220,
    )
    if roster.empty:
        st.info(t("sub.need_roster"), icon=":material/info:")
        return None
    reports = submissions.received_reports(ds.measures, received_dates(ds))
    status = submissions.submission_status(roster, reports, fy, rnd, deadline)
    counts = submissions.counts(status)
    with st.container(horizontal=True, gap="small"):
        for state in (submissions.RECEIVED, submissions.LATE, submissions.MISSING):
            st.metric(status_label(state, lang()), f"{counts[state]:,}", border=True)
        st.metric(t("col.n_agencies"), f"{len(roster):,}", border=True)
    if counts[submissions.NOT_IN_ROSTER]:
        st.warning(t("sub.not_in_roster_note", n=counts[submissions.NOT_IN_ROSTER]), icon=":material/warning:")
    st.markdown(f"**{t('sub.by_district')}**")
    widgets.chart(
        submissions_chart(submissions.by_district(status), lang(), presenting()),
        key="fu_chart",
        alt=t("sub.by_district"),
    )
    st.markdown(f"**{t('sub.list')}**")
    states = list(submissions.STATUSES)
    picked = st.pills(
        t("sub.show"),
        states,
        selection_mode="multi",
        default=[submissions.MISSING],
        key="fu_show",
        format_func=lambda s: status_label(s, lang()),
    )
    shown = status.loc[status["status"].isin(picked or states)]
    if counts[submissions.MISSING] == 0 and picked == [submissions.MISSING]:
        st.success(t("sub.none_missing"), icon=":material/check_circle:")
    table = display_submissions(shown, lang(), province)
    widgets.table(table, key="fu_status_table", height=min(38 + 35 * max(len(table), 1), 520))
    widgets.downloads(lambda: display_submissions(shown, lang(), province), f"ita_submissions_{fy}_{rnd}", "fu_status")
    return status


# ---------------------------------------------------------------- letters and one-pagers
def letters_section(ds: Dataset, status: pd.DataFrame | None, province: str, fy: int, rnd: int) -> None:
    st.subheader(t("letters.title"))
    measures = views.select_reports(ds.measures, f"{fy}/{rnd}")
    items = follow_up_items(measures, status)
    if items.empty:
        st.info(t("letters.none"), icon=":material/info:")
        return
    names = sorted(items["agency"].unique(), key=views.short)
    _all_when_new("fu_letter_agencies", names)
    with st.container(horizontal=True, gap="medium"):
        chosen = st.multiselect(
            t("letters.agencies"), names, key="fu_letter_agencies", format_func=views.short, width=520
        )
        per = st.radio(
            t("letters.per"),
            ["agency", "district"],
            key="fu_letter_per",
            horizontal=True,
            format_func=lambda p: t(f"letters.per_{p}"),
        )
        when = st.date_input(
            t("letters.date"), value=data.bangkok_today(), key="fu_letter_date", format="DD/MM/YYYY", width=180
        )
    items = items.loc[items["agency"].isin(chosen)]
    st.caption(
        t(
            "letters.items",
            n=len(items),
            agencies=items["agency"].nunique(),
            overdue=int((items["kind"] == "overdue").sum()),
            missing=int((items["kind"] == "missing").sum()),
        )
    )
    deadline = st.session_state.get(f"fu_deadline_{fy}_{rnd}") or submissions.default_deadline(fy, rnd)
    ctx = LetterContext(province, fy, rnd, deadline, when)
    st.download_button(
        t("letters.download"),
        lambda: letters_zip(items, ctx, per),
        file_name=f"ita_letters_{fy}_{rnd}.zip",
        mime="application/zip",
        key="fu_letters_zip",
        on_click="ignore",
        icon=":material/mail:",
        disabled=items.empty,
    )
    st.caption(t("letters.template_note"))


def _all_when_new(key: str, names: list[str]) -> None:
    """Select every name when the list itself changed (a roster drawn, another round), else keep
    the officer's choice (minus names no longer offered)."""
    seen_key = f"{key}_options"
    if st.session_state.get(seen_key) != names:
        st.session_state[seen_key] = names
        st.session_state[key] = list(names)
    else:
        widgets.keep_valid(key, names, True, names)


def _docx_zip(pages) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for s in pages:
            zf.writestr(f"{file_stem(s)}.docx", summary_docx([s]))
    return buf.getvalue()


def onepage_section(ds: Dataset, fy: int, rnd: int) -> None:
    st.subheader(t("onepage.title"))
    scope = views.select_reports(ds.measures, f"{fy}/{rnd}")
    names = sorted(set(scope["agency"]) - {""}, key=views.short)
    _all_when_new("fu_onepage_agencies", names)
    chosen = st.multiselect(t("onepage.agencies"), names, key="fu_onepage_agencies", format_func=views.short)
    try:
        thai_font_files()
        no_font = ""
    except FontMissing as exc:
        no_font = str(exc)
        st.error(t("onepage.no_font", detail=no_font), icon=":material/font_download_off:")
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            t("onepage.pdf"),
            lambda: summary_pdf(summaries(scope, chosen)),
            file_name=f"ita_agencies_{fy}_{rnd}.pdf",
            mime="application/pdf",
            key="fu_onepage_pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
            disabled=not chosen or bool(no_font),
        )
        st.download_button(
            t("onepage.docx"),
            lambda: _docx_zip(summaries(scope, chosen)),
            file_name=f"ita_agencies_{fy}_{rnd}_word.zip",
            mime="application/zip",
            key="fu_onepage_docx",
            on_click="ignore",
            icon=":material/description:",
            disabled=not chosen,
        )
