"""History and comparison (ประวัติและการเปรียบเทียบ): each agency's score round 6 → round 12 and
year → year, the province's trend, the agencies that went backwards, and the same measures
followed across rounds. Works on whatever the dashboard shows (uploads, the store or the sample);
ita_metrics.scoring.history does the work, cached on the dataset's fingerprint (components/memo.py)."""

import pandas as pd
import streamlit as st

from components import memo, widgets
from components.bootstrap import require_entry
from components.i18n import lang, t
from components.style import presenting
from ita_metrics.presentation import charts, time_charts, views
from ita_metrics.presentation.ui_text import format_score
from ita_metrics.scoring import history

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)


def pair_label(pair: str) -> str:
    a, _, b = pair.partition(" → ")
    return f"{time_charts.period_text(a, lang())} → {time_charts.period_text(b, lang())}"


def direction_counts(slope: pd.DataFrame) -> str:
    first = slope[slope["stage"] == "from"]
    c = first["direction"].value_counts()
    return t("history.counts", up=int(c.get("up", 0)), same=int(c.get("same", 0)), down=int(c.get("down", 0)))


def slope_section(kind: str, frame: pd.DataFrame) -> None:
    st.subheader(t(f"history.{kind}_title"))
    if frame.empty:
        years = sorted({int(y) for y in ds.measures["fiscal_year"].dropna()})
        if kind == "year" and len(years) > 1:  # several years loaded, none shared by an agency
            st.info(t("history.year_none_many", n=len(years), years=", ".join(map(str, years))), icon=":material/info:")
        else:
            st.info(t(f"history.{kind}_none"), icon=":material/info:")
        return
    pairs = sorted(frame["pair"].unique(), reverse=True)
    pair = pairs[0]
    if len(pairs) > 1:
        pair = st.selectbox(t("history.pair"), pairs, format_func=pair_label, key=f"history_{kind}_pair")
    part = frame[frame["pair"] == pair]
    st.caption(f"{pair_label(pair)} · {direction_counts(part)}")
    widgets.chart(
        memo.figure(time_charts.slope_chart, part, lang(), presenting()),
        key=f"history_{kind}_chart",
        alt=t(f"history.{kind}_title"),
    )


def display_changes(changes: pd.DataFrame) -> pd.DataFrame:
    lg = lang()
    return pd.DataFrame(
        {
            t("col.agency"): changes["agency"].map(views.short),
            t("col.district"): changes["district"],
            t("history.col_comparison"): changes["comparison"].map(lambda c: t(f"history.comparison_{c}")),
            t("history.col_from"): [
                f"{time_charts.period_text(p, lg)}: {format_score(s, g)}"
                for p, s, g in zip(changes["period_from"], changes["score_from"], changes["grade_from"])
            ],
            t("history.col_to"): [
                f"{time_charts.period_text(p, lg)}: {format_score(s, g)}"
                for p, s, g in zip(changes["period_to"], changes["score_to"], changes["grade_to"])
            ],
            t("history.change"): changes["change"].round(1),
        }
    )


def display_matched(matched: pd.DataFrame) -> pd.DataFrame:
    lg = lang()
    return pd.DataFrame(
        {
            t("col.agency"): matched["agency"].map(views.short),
            t("history.col_periods"): [f"{a} → {b}" for a, b in zip(matched["period_from"], matched["period_to"])],
            t("history.col_method"): matched["method"].map(lambda m: t(f"history.method_{m}")),
            t("history.col_similarity"): (matched["similarity"].astype("Float64") * 100).round(0),
            t("history.col_codes"): [
                f"{a or '–'} → {b or '–'}" for a, b in zip(matched["item_codes_from"], matched["item_codes_to"])
            ],
            t("history.col_measure_from"): matched["measure_from"],
            t("history.col_measure_to"): matched["measure_to"],
            t("history.col_status"): [
                f"{charts.status_label(a, lg) if a else '–'} → {charts.status_label(b, lg) if b else '–'}"
                for a, b in zip(matched["status_from"], matched["status_to"])
            ],
            t("history.col_progress"): matched["progress"].map(lambda p: t(f"history.progress_{p}") if p else "–"),
        }
    )


ds = widgets.page_header("history.title", "history.caption")
if ds.measures.empty:
    st.info(t("history.no_data"), icon=":material/info:")
    st.stop()

h = memo.table(history.overview, ds.measures)

slope_section("round", h.round_slope)
slope_section("year", h.year_slope)

st.subheader(t("history.trend_title"))
if not presenting():
    st.caption(t("history.trend_caption"))
widgets.chart(
    memo.figure(time_charts.province_trend_chart, h.province_trend, lang(), presenting()),
    key="history_trend_chart",
    alt=t("history.trend_title"),
)

st.subheader(t("history.backwards_title"))
if h.backwards.empty:
    st.success(t("history.backwards_none"), icon=":material/trending_up:")
else:
    st.warning(t("history.backwards_n", n=h.backwards["agency"].nunique()), icon=":material/trending_down:")
widgets.table(
    display_changes(h.backwards),
    key="history_backwards",
    column_config={t("history.change"): st.column_config.NumberColumn(format="%+.1f")},
)
if not h.backwards.empty:
    widgets.downloads(lambda: display_changes(h.backwards), "ita-went-backwards", key="history_backwards_dl")

st.subheader(t("history.matched_title"))
if not presenting():
    st.caption(t("history.matched_caption"))
matched = h.matched
if matched.empty:
    st.info(t("history.matched_none"), icon=":material/info:")
else:
    counts = matched["method"].value_counts()
    st.caption(
        " · ".join(
            f"{t(f'history.method_{m}')}: {int(counts.get(m, 0)):,}"
            for m in ("item_codes", "text", "from_only", "to_only")
        )
    )
    agencies = sorted(matched["agency"].unique())
    picked = st.selectbox(
        t("history.matched_agency"),
        [None, *agencies],
        key="history_matched_agency",
        format_func=lambda a: t("filter.all") if a is None else views.short(a),
    )
    shown = matched if picked is None else matched[matched["agency"] == picked]
    widgets.table(
        display_matched(shown),
        key="history_matched",
        height=min(38 + 35 * len(shown), 520),
        column_config={t("history.col_similarity"): st.column_config.NumberColumn(format="%d%%")},
    )
    widgets.downloads(lambda: display_matched(shown), "ita-matched-measures", key="history_matched_dl")
