"""Files for the meeting: the Excel report, the PowerPoint deck, the blank submission template and
a PNG of each main chart. Everything is built from the reports chosen in the filter bar (the same
as on the other pages) and only when the officer clicks, so opening the page costs nothing.

File text (agency names, measures) only ever reaches the exporters (which guard Excel formulas
themselves) and plotly (charts.py escapes it); nothing here renders it as Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from components import auth, data, widgets
from components.bootstrap import require_entry
from components.chart_download import png_download
from components.i18n import lang, t
from components.safe import md
from components.style import presenting
from ita_metrics.interpret import periods
from ita_metrics.presentation import charts, scale_views, views
from ita_metrics.presentation.data_scope import scope_of
from ita_metrics.scoring import scoring
from ita_metrics.thai import catalogs

require_entry()  # never run a page without dashboard.py (see components/bootstrap.py)
if not auth.is_allowed():  # dashboard.py already stopped; a second line of defence
    st.stop()

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
WEIGHTS = scoring.DEFAULT_WEIGHTS

ds = widgets.page_header("exports.title", "exports.caption")
sel = widgets.filter_bar(ds)
measures = sel.measures
as_of = st.session_state.get("as_of")
if measures.empty:
    st.info(t("exports.empty"), icon=":material/info:")
    st.stop()

scope = scope_of(measures)
suffix = scope.file_stem()  # names the years and rounds the files really hold
# what the built files depend on: the data, the filters, the as-of date
signature = (ds.key, sel.choice, sel.districts, sel.kinds, as_of)


def _built(key: str):
    stored = st.session_state.get(key)
    return stored if stored and stored[0] == signature else None


def _request(name: str) -> None:
    """Button callback: remember the click in session state, so it survives a rerun of the page
    through dashboard.py (components/bootstrap.py); the page body then builds with a spinner."""
    st.session_state[f"_want_{name}"] = True


def _requested(name: str) -> bool:
    return bool(st.session_state.pop(f"_want_{name}", False))


def _message(msg) -> str:
    return md(msg.en if lang() == "en" else msg.th)


def build_card(kind: str, build, file_name: str, mime: str, icon: str, spinner_key: str = "exports.building") -> None:
    """A bordered card: title, caption and one place for its button — "build", then the spinner
    while building, then the download — so building moves no other control and no stale build
    button stays beside its download. `build()` returns (bytes, warnings); warnings are shown under
    the card in the officer's language."""
    state_key = f"_export_{kind}"  # (signature, bytes, warnings)
    with st.container(border=True):
        st.subheader(t(f"exports.{kind}_title"))
        if not presenting():
            st.caption(t(f"exports.{kind}_caption"))
        slot = st.empty()
        if _requested(kind):
            try:
                with slot, st.spinner(t(spinner_key)):
                    data, warnings = build()
                st.session_state[state_key] = (signature, data, warnings)
            except Exception as exc:  # noqa: BLE001 - a failed export is a message, never a traceback
                st.error(t("exports.failed", detail=md(type(exc).__name__)), icon=":material/error:")
        built = _built(state_key)
        if built:
            slot.download_button(
                t(f"exports.{kind}_download"),
                built[1],
                file_name=file_name,
                mime=mime,
                key=f"download_{kind}",
                on_click="ignore",
                type="primary",
                icon=icon,
            )
        else:
            slot.button(
                t("exports.build"), key=f"build_{kind}", icon=":material/build:", on_click=_request, args=(kind,)
            )
        for w in built[2] if built else []:
            (st.warning if w.level in ("warning", "error") else st.info)(_message(w), icon=":material/info:")


def _xlsx():
    from ita_metrics.export.xlsx import report_xlsx

    return report_xlsx(measures, as_of, WEIGHTS), []


def _pptx():
    from ita_metrics.export.pptx import report_pptx

    return report_pptx(measures, as_of=as_of, weights=WEIGHTS)


build_card("xlsx", _xlsx, f"{suffix}_report.xlsx", XLSX_MIME, ":material/table_view:")
build_card("pptx", _pptx, f"{suffix}_meeting.pptx", PPTX_MIME, ":material/slideshow:", "exports.building_pptx")

# ---------------------------------------------------------------- submission template
with st.container(border=True):
    st.subheader(t("exports.template_title"))
    if not presenting():
        st.caption(t("exports.template_caption"))
    from ita_metrics.export import template

    today = data.bangkok_today()  # the page is an edge: ita_metrics.interpret.periods takes today as a parameter
    years = periods.offered_fiscal_years(today)
    default_fy, default_round = periods.default_period(today)
    auto = t("settings.auto_catalog")
    with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
        fy = st.selectbox(t("settings.fiscal_year"), years, index=years.index(default_fy), key="tpl_fy", width=200)
        tpl_round = st.selectbox(
            t("settings.round"),
            periods.rounds(),
            index=periods.rounds().index(default_round),
            key="tpl_round",
            width=200,
            format_func=lambda n: t("settings.round_n", n=n),
        )
        cat = st.selectbox(
            t("settings.catalog_year"),
            [None, *reversed(catalogs.available_years())],
            key="tpl_catalog",
            format_func=lambda v: auto if v is None else str(v),
            width=300,
        )
        cat_used = cat or catalogs.catalog_year_for(fy)
        if cat_used and catalogs.items(cat_used):
            st.download_button(
                t("exports.template_download"),
                lambda: template.template_xlsx(fiscal_year=fy, catalog_year=cat_used, round=tpl_round),
                file_name=f"ITA_template_{fy}_r{tpl_round}_catalog{cat_used}.xlsx",
                mime=XLSX_MIME,
                key="download_template",
                on_click="ignore",
                icon=":material/edit_document:",
            )
    if not (cat_used and catalogs.items(cat_used)):
        st.warning(t("exports.template_no_catalog", year=cat_used or "-"), icon=":material/warning:")
    elif not presenting():
        st.caption(t("exports.template_uses", fy=fy, catalog=cat_used))

# ---------------------------------------------------------------- chart images
with st.container(border=True):
    st.subheader(t("exports.png_title"))
    if not presenting():
        st.caption(t("exports.png_caption"))
    lg = lang()
    overview = views.sort_overview(views.agency_overview(measures, WEIGHTS), "score")
    chart_builders = [
        (
            "ranking",
            "exports.png_ranking",
            lambda: charts.ranking_chart(scale_views.ranking_rows(overview)[0], lg, True),
        ),
        ("status", "exports.png_status", lambda: charts.donut_chart(views.status_counts(measures), "status", lg, True)),
        (
            "heatmap",
            "exports.png_heatmap",
            lambda: charts.heatmap_chart(scale_views.heatmap_matrix(measures, lang=lg), lg, True),
        ),
        (
            "lagging",
            "exports.png_lagging",
            lambda: charts.indicator_chart(views.indicator_summary(measures, weights=WEIGHTS), lg, True),
        ),
    ]
    for name, title_key, build in chart_builders:
        with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
            st.markdown(f"**{t(title_key)}**", width=320)
            try:
                fig = build()
            except Exception as exc:  # noqa: BLE001 - one chart failing must not hide the others
                st.warning(t("exports.failed", detail=md(type(exc).__name__)), icon=":material/warning:")
                continue
            png_download(fig, key=f"png_{name}", file_name=f"{suffix}_{name}.png", title=t(title_key))
