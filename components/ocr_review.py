"""The data-quality tab for scans: each doubtful OCR cell's picture beside what was read, with one
click to confirm the reading or a date field to correct it (a correction record, as in the
corrections editor, shown and undoable there)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.data import CORRECTIONS_KEY
from components.i18n import t
from components.safe import md
from ita_metrics.app.app_state import Dataset
from ita_metrics.scoring import corrections, ocr_review

PAGE_SIZE = 20


def _save(record: dict | None) -> None:
    """Button callback: keep the correction (merged with any earlier one of the same measure)."""
    if record is None:
        return
    st.session_state[CORRECTIONS_KEY] = corrections.upsert(st.session_state.get(CORRECTIONS_KEY, []), record)


def _save_typed(cell: dict, key: str) -> None:
    value = st.session_state.get(key)
    if isinstance(value, date):
        _save(ocr_review.correct(cell, value.isoformat()))


def review(ds: Dataset) -> None:
    cells = ocr_review.cells_to_review(ds.results, ds.measures)
    if not cells:
        st.info(t("ocr.nothing"))
        return
    st.markdown(t("ocr.intro", n=len(cells)))
    pages = max(1, -(-len(cells) // PAGE_SIZE))
    page = st.number_input(t("ocr.page"), 1, pages, 1, key="ocr_page", width=160) if pages > 1 else 1
    for cell in cells[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        key = f"ocr_{cell['source_file']}_{cell['source_row']}_{cell['page']}_{cell['row_on_page']}_{cell['column']}"
        with st.container(border=True):
            left, right = st.columns([3, 2], vertical_alignment="center")
            left.image(
                cell["image"],
                caption=t("ocr.where", file=md(cell["source_file"]), page=cell["page"], row=cell["row_on_page"]),
            )
            right.markdown(
                t(f"ocr.doubt.{cell['doubtful'] or 'low'}") + " · " + t("ocr.confidence", c=f"{cell['confidence']:.0f}")
            )
            right.markdown(t("ocr.read", text=md(cell["text"][-160:])))
            if cell["field"]:
                right.markdown(t(f"ocr.field.{cell['field']}", value=cell["value"] or "—"))
                with right.container(horizontal=True, vertical_alignment="bottom"):
                    st.button(
                        t("ocr.confirm"),
                        key=key + "_ok",
                        icon=":material/check:",
                        type="primary",
                        on_click=_save,
                        args=(ocr_review.confirm(cell),),
                        disabled=not cell["value"],
                    )
                    st.date_input(
                        t("ocr.correct"),
                        value=None,
                        key=key + "_date",
                        format="DD/MM/YYYY",
                        on_change=_save_typed,
                        args=(cell, key + "_date"),
                        width=180,
                    )
