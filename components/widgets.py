"""Reusable pieces of the pages: header, filter bar, headline cards, charts, downloads, the
"how is this scored?" popover and the per-file import report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import memo, style
from components.data import current
from components.i18n import lang, t
from components.safe import md
from components.style import PRESENTATION_KEY, presenting
from ita_metrics.app.app_state import Dataset, Selection
from ita_metrics.presentation import quality_views, views
from ita_metrics.presentation.data_scope import scope_of
from ita_metrics.presentation.theme import theme
from ita_metrics.presentation.ui_text import format_pct, format_score

MISSING = ""  # what a table shows for a missing value (Streamlit would write "None")

METHOD_PAGE = "pages/method.py"
AGENCY_PAGE = "pages/agency.py"

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


# ---------------------------------------------------------------- header and filters
def page_header(title_key: str, caption_key: str | None = None) -> Dataset:
    """Title, presentation-mode switch, the sample-data label; returns the dataset."""
    ds = current()
    left, right = st.columns([5, 1.4], vertical_alignment="center")
    left.title(t(title_key))
    style.prepare_switch()
    right.toggle(
        t("app.presentation"),
        key=PRESENTATION_KEY,
        help=t("app.presentation_help") + " · " + t("nav.keys_help"),
        on_change=style.switch_changed,
    )
    if ds.is_sample:
        st.badge(t("sample.badge"), icon=":material/science:", color="orange")
    if caption_key and not presenting():
        st.caption(t(caption_key))
    memo.remember(ds.measures, ("dataset", ds.key))  # the tables built from it are cached on its fingerprint
    return ds


def keep_valid(key: str, options: Sequence, multi: bool, default: object) -> None:
    """Drop a remembered choice that the current data no longer offers (e.g. after an upload)."""
    if key not in st.session_state:
        st.session_state[key] = default
        return
    value = st.session_state[key]
    if multi:
        kept = [v for v in (value or []) if v in options]
        if kept != list(value or []):
            st.session_state[key] = kept
    elif value not in options:
        st.session_state[key] = default


def filter_bar(ds: Dataset, districts: bool = True) -> Selection:
    """Which reports (latest per agency by default) and, optionally, which districts and agency
    kinds. Choices are remembered across pages."""
    choices = views.report_choices(ds.measures)
    keep_valid("f_report", choices, False, views.LATEST)
    wide = 1.4 if presenting() else 1.0  # bigger type in presentation mode needs wider boxes
    with st.container(horizontal=True, gap="medium"):
        labels = {c: views.report_label(c, lang()) for c in choices}
        choice = st.selectbox(
            t("filter.report"),
            choices,
            key="f_report",
            persist_state="session",
            format_func=labels.__getitem__,
            width=int(300 * wide),
        )
        picked_d: list[str] = []
        picked_k: list[str] = []
        if districts:
            d_opts = views.district_options(ds.measures)
            k_opts = views.kind_options(ds.measures)
            keep_valid("f_district", d_opts, True, [])
            keep_valid("f_kind", k_opts, True, [])
            picked_d = st.multiselect(
                t("filter.district"),
                d_opts,
                key="f_district",
                persist_state="session",
                placeholder=t("filter.all"),
                width=int(300 * wide),
                format_func=lambda d: d or t("filter.no_district"),
            )
            picked_k = st.multiselect(
                t("filter.kind"),
                k_opts,
                key="f_kind",
                persist_state="session",
                placeholder=t("filter.all"),
                width=int(220 * wide),
                format_func=lambda k: t(f"kind.{k}"),
            )
    sel = memo.selection(ds, choice or views.LATEST, picked_d, picked_k)
    if sel.filtered:
        st.caption(t("filter.active", n=sel.measures["agency"].nunique(), total=sel.scope["agency"].nunique()))
    scope = scope_of(sel.measures)  # what the figures below hold, and the date they are judged at
    st.caption(" · ".join(p for p in (scope.label(lang()), scope.as_of_label(lang())) if p))
    return sel


# ---------------------------------------------------------------- numbers
def score_help(key: str) -> None:
    """A small popover next to any score: the formula in two lines and a link to the full page."""
    with st.popover(t("method.link"), icon=":material/help:", key=f"help_{key}", type="tertiary"):
        st.markdown(t("method.short"))
        st.page_link(METHOD_PAGE, label=t("method.open"), icon=":material/calculate:")


def headline(measures: pd.DataFrame, key: str = "home") -> None:
    """Agencies, measures, % done, % on time, overdue, score and grade."""
    o = views.headline(measures)
    with st.container(horizontal=True, gap="small"):
        st.metric(t("metric.agencies"), f"{o['n_agencies']:,}", border=True)
        st.metric(t("metric.measures"), f"{o['n_measures']:,}", border=True)
        st.metric(t("metric.pct_done"), format_pct(o["pct_done"]), border=True, help=t("metric.pct_done_help"))
        st.metric(t("metric.pct_on_time"), format_pct(o["pct_on_time"]), border=True, help=t("metric.pct_on_time_help"))
        st.metric(t("metric.overdue"), f"{o['n_overdue']:,}", border=True, help=t("metric.overdue_help"))
        st.metric(t("metric.score"), format_score(o["score"], o["grade"]), border=True, help=t("metric.score_help"))
    score_help(key)


def chart(
    fig: go.Figure,
    key: str | None = None,
    alt: str | None = None,
    on_select: Literal["ignore", "rerun"] = "ignore",
    selection_mode: Any = ("points",),
):
    """st.plotly_chart with our colours and fonts kept (theme=None) and a lean toolbar."""
    return st.plotly_chart(
        fig,
        width="stretch",
        theme=None,
        config=PLOTLY_CONFIG,
        key=key,
        alt=alt,
        on_select=on_select,
        selection_mode=selection_mode,
    )


def downloads(make_table: Callable[[], pd.DataFrame], basename: str, key: str, sheet: str = "data") -> None:
    """Excel and CSV (UTF-8 with BOM, opens in Thai Excel) of the table on screen, built on click."""
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            t("download.excel"),
            lambda: views.to_excel_bytes(make_table(), sheet),
            file_name=f"{basename}.xlsx",
            key=f"{key}_xlsx",
            on_click="ignore",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/table_view:",
        )
        st.download_button(
            t("download.csv"),
            lambda: views.to_csv_bytes(make_table()),
            file_name=f"{basename}.csv",
            key=f"{key}_csv",
            on_click="ignore",
            mime="text/csv",
            icon=":material/download:",
        )


def table(
    df: pd.DataFrame,
    key: str | None = None,
    height: int | Literal["auto"] = "auto",
    column_config: dict | None = None,
) -> None:
    """The table as an interactive grid; in presentation mode as screens of plain rows."""
    if presenting():
        paged_table(df, key or "table")
        return
    st.dataframe(
        df,
        hide_index=True,
        width="stretch",
        height=height,
        key=key,
        column_config=column_config,
        placeholder=MISSING,
    )


def _turn(key: str, step: int, n_pages: int) -> None:
    st.session_state[key] = min(max(int(st.session_state.get(key, 0)) + step, 0), n_pages - 1)


def paged_table(df: pd.DataFrame, key: str) -> None:
    """Presentation mode: a projector shows no inner scroll box well (the overdue table showed 2 of
    its 3 rows in one), so the table is cut into screens of `[presentation] table_rows` rows,
    drawn as a plain table at the presentation type size, with previous/next buttons."""
    rows = int(theme()["presentation"]["table_rows"])
    n_pages = max(1, -(-len(df) // rows))
    state = f"_page_{key}"
    page = min(int(st.session_state.get(state, 0)), n_pages - 1)
    shown = df.iloc[page * rows : (page + 1) * rows].reset_index(drop=True)
    for c in shown.select_dtypes("float").columns:  # one decimal, never 0.000000 on the projector
        shown[c] = shown[c].map(lambda v: "" if pd.isna(v) else f"{v:,.1f}")
    shown = shown.astype(object).where(shown.notna(), MISSING)
    st.table(shown, hide_index=True)
    if n_pages > 1:
        with st.container(horizontal=True, gap="small", vertical_alignment="center", key=f"pager_{key}"):
            st.button(
                t("table.previous"),
                key=f"{key}_prev",
                icon=":material/chevron_left:",
                disabled=page == 0,
                on_click=_turn,
                args=(state, -1, n_pages),
            )
            st.markdown(t("table.page", page=page + 1, n=n_pages, rows=len(df)), width="content")
            st.button(
                t("table.next"),
                key=f"{key}_next",
                icon=":material/chevron_right:",
                disabled=page >= n_pages - 1,
                on_click=_turn,
                args=(state, 1, n_pages),
            )


# ---------------------------------------------------------------- import report
def import_report(ds: Dataset) -> None:
    """Per file: measures read, skipped rows by reason (with row numbers), warnings and errors in
    plain words; then the files or reports not counted twice."""
    lg = lang()
    if not ds.results:
        st.info(t("import.none"))
        return
    n_ok, failed = ds.files_ok, ds.files_failed
    st.markdown(t("import.summary", n=len(ds.results), ok=n_ok, measures=len(ds.measures)))
    for r in failed:
        msg = "" if r.error is None else r.error.en if lg == "en" else r.error.th
        st.error(f"**{md(r.file)}**: {md(msg)}", icon=":material/error:")
    table(quality_views.file_summary(ds.results, lg), key="file_summary", height=min(38 + 35 * len(ds.results), 420))
    names = [r.file for r in ds.results]
    name = st.selectbox(t("import.detail_pick"), names, key="import_detail")
    result = next((r for r in ds.results if r.file == name), None)
    if result is not None:
        file_detail(result)
    if ds.replaced:
        st.info(t("import.replaced", n=len(ds.replaced)), icon=":material/content_copy:")
        table(quality_views.display_replaced(ds.replaced, lg), key="replaced")


def file_detail(result) -> None:
    """One file's report: what was read, why rows were skipped, what to check."""
    lg = lang()
    if result.error is not None:
        st.error(md(result.error.en if lg == "en" else result.error.th), icon=":material/error:")
        return
    skipped = result.skipped
    cols = st.columns(3)
    cols[0].metric(t("import.measures_read"), len(result.measures))
    cols[1].metric(t("import.rows_skipped"), len(skipped))
    cols[2].metric(t("import.warnings"), sum(m.level != "info" for m in result.messages))
    if len(skipped):
        st.markdown(t("import.skip_reasons"))
        table(quality_views.skip_reason_counts(skipped, lg), key=f"reasons_{result.file}")
        with st.expander(t("import.skipped_rows", n=len(skipped))):
            table(
                quality_views.display_skipped(quality_views.skipped_rows([result], lg), lg),
                key=f"skipped_{result.file}",
            )
    if result.messages:
        with st.expander(t("import.messages", n=len(result.messages))):
            table(quality_views.display_messages(result.messages, lg), key=f"messages_{result.file}")
