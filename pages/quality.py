"""Data quality: every flag and skipped row per file, and the officer's corrections of a
measure's status or dates (applied in every view, marked, and undoable)."""

import streamlit as st

from components import as_of_ui, fixes, memo, ocr_review, widgets
from components.bootstrap import require_entry
from components.i18n import lang, t
from ita_metrics.presentation import quality_views

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)

ds = widgets.page_header("quality.title", "quality.caption")
lg = lang()
tab_flags, tab_skipped, tab_fix, tab_ocr = st.tabs(
    [t("quality.tab_flags"), t("quality.tab_skipped"), t("quality.tab_fix"), t("quality.tab_ocr")]
)

with tab_flags:
    flags = memo.table(quality_views.flag_rows, ds.measures, lg)
    with st.container(horizontal=True):
        files = st.multiselect(
            t("col.file"), sorted(flags["source_file"].unique()), key="q_files", placeholder=t("filter.all"), width=320
        )
        messages = dict(zip(flags["code"], flags["message"]))
        codes = st.multiselect(
            t("col.flag"),
            sorted(messages),
            key="q_codes",
            format_func=messages.__getitem__,
            placeholder=t("filter.all"),
            width=380,
        )
        levels = {s: t(f"severity.{s}") for s in ("warning", "info")}
        severities = st.multiselect(
            t("col.severity"),
            list(levels),
            key="q_severity",
            format_func=levels.__getitem__,
            placeholder=t("filter.all"),
            width=200,
        )
    shown = flags
    if files:
        shown = shown.loc[shown["source_file"].isin(files)]
    if codes:
        shown = shown.loc[shown["code"].isin(codes)]
    if severities:
        shown = shown.loc[shown["severity"].isin(severities)]
    kinds = (
        shown.groupby(["severity", "message"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["severity", "n"], ascending=[False, False])
    )
    st.markdown(t("quality.flag_kinds"))
    widgets.table(quality_views.display_flag_kinds(kinds, lg), key="flag_kinds")
    st.markdown(
        t(
            "quality.flag_count",
            n=len(shown),
            measures=shown[["source_file", "source_sheet", "source_row"]].drop_duplicates().shape[0],
        )
    )
    flag_table = quality_views.display_flags(shown, lg)
    widgets.table(flag_table, key="flags_table", height=min(38 + 35 * len(flag_table), 480))
    widgets.downloads(lambda: flag_table, "ita_flags", "flags", sheet="flags")

with tab_skipped:
    skipped = quality_views.skipped_rows(ds.results, lg)
    with st.container(horizontal=True):
        s_files = st.multiselect(
            t("col.file"),
            sorted(skipped["source_file"].unique()),
            key="q_skip_files",
            placeholder=t("filter.all"),
            width=320,
        )
        reasons = st.multiselect(
            t("col.reason"),
            sorted(skipped["reason_text"].unique()),
            key="q_reasons",
            placeholder=t("filter.all"),
            width=380,
        )
    if s_files:
        skipped = skipped.loc[skipped["source_file"].isin(s_files)]
    if reasons:
        skipped = skipped.loc[skipped["reason_text"].isin(reasons)]
    st.markdown(t("quality.skipped_count", n=len(skipped)))
    widgets.table(quality_views.skip_reason_counts(skipped, lg), key="skip_counts")
    widgets.table(
        quality_views.display_skipped(skipped, lg), key="skipped_table", height=min(38 + 35 * len(skipped), 480)
    )

with tab_fix:
    as_of_ui.setter(ds)
    fixes.editor(ds)
    fixes.corrections_list(ds)

with tab_ocr:
    ocr_review.review(ds)
