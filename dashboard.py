"""ITA measures dashboard — entry point: `streamlit run dashboard.py`.

Sets up the page, the sidebar (language, reading settings), loads the data once per run (uploads
or the bundled sample, cached on the files' bytes) and hands over to the chosen page.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # pythainlp must never try the network

import streamlit as st

from components import data, i18n, memo, navigation, style
from components.auth import require_login
from components.bootstrap import entry_started
from components.i18n import t
from ita_metrics.datafiles import DataFileError, require_valid
from ita_metrics.interpret import periods
from ita_metrics.presentation.ui_text import text
from ita_metrics.thai import catalogs

entry_started()  # leave Streamlit's old "pages/ folder" mode before drawing anything (components/bootstrap.py)
broken: DataFileError | None = None
try:
    require_valid()  # every data/ table against its schema, first: even the page title is a word of one
except DataFileError as exc:
    broken = exc
st.set_page_config(
    page_title="ITA" if broken else text("app.page_title"), page_icon=":material/fact_check:", layout="wide"
)
if broken is not None:  # a typo stops here with file:line (before the login page, whose words are data too)
    st.error(str(broken).splitlines()[0])
    st.code("\n".join(str(p) for p in broken.problems), language=None)
    st.stop()
require_login()  # optional password / OIDC gate from .streamlit/secrets.toml (components/auth.py)

st.session_state.setdefault(i18n.LANG_KEY, "th")
st.session_state.setdefault(data.CORRECTIONS_KEY, [])
st.session_state.setdefault(data.UPLOADS_KEY, {})


def sidebar() -> tuple[data.ReadOptions, Any]:
    """Language and the settings for reading files (all optional: detected when left empty)."""
    with st.sidebar:
        st.segmented_control(
            t("app.language"),
            ["th", "en"],
            key=i18n.LANG_KEY,
            required=True,
            format_func=lambda c: text("app.language_name", c),  # each language in its own words
        )
        source_slot = st.empty()  # "Data: …" once this run's data is loaded (uploads, store or sample)
        with st.expander(t("settings.title"), icon=":material/tune:"):
            as_of = st.date_input(
                t("settings.as_of"), value=None, key="as_of", help=t("settings.as_of_help"), format="DD/MM/YYYY"
            )
            auto = t("settings.auto")
            rounds: dict[int | None, str] = {None: auto, **{n: t("settings.round_n", n=n) for n in periods.rounds()}}
            years = periods.offered_fiscal_years(data.bangkok_today())  # up to the current fiscal year
            fy = st.selectbox(
                t("settings.fiscal_year"),
                [None, *years],
                key="opt_fy",
                format_func=lambda v: auto if v is None else str(v),
                help=t("settings.override_help"),
            )
            rd = st.selectbox(t("settings.round"), list(rounds), key="opt_round", format_func=lambda v: rounds[v])
            cat = st.selectbox(
                t("settings.catalog_year"),
                [None, *catalogs.available_years()],
                key="opt_catalog",
                format_func=lambda v: auto if v is None else str(v),
                help=t("settings.catalog_help"),
            )
    return data.ReadOptions(as_of, fy, rd, cat, data.bangkok_today()), source_slot


style.from_url()  # ?present=1 opens in presentation mode
options, source_slot = sidebar()
style.inject()
dataset = data.load(options)
source_slot.caption(data.source_caption(dataset))
memo.warm(dataset)

pages = navigation.pages(short=style.presenting())  # short names: every page fits the top bar
# presentation mode hides the sidebar, so the page menu moves to the top bar (arrow keys turn pages)
style.presenter_keys()
st.navigation(pages, position="top" if style.presenting() else "sidebar").run()
