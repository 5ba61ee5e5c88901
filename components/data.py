"""Where the dashboard's data comes from: the officer's uploads (kept in session state) or the
bundled sample province, parsed once per file and cached on the file's bytes.

Why this shape:
- `st.cache_data` is keyed by plain values — bytes, name, as-of date, overrides — never by an
  UploadedFile object, so the same file uploaded again (or by a colleague) is not parsed again.
- Uploaded files are copied into session state by the uploader's callback: a widget's value is
  dropped when the officer switches page, the data must not be.
- The combined table is memoised per session on the files' hashes, so a filter change does not
  re-run the dedupe.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st

from ita_metrics.app_state import Dataset, combine_results, corrections_key
from ita_metrics.corrections import apply_corrections
from ita_metrics.importer import FileResult, ParseOptions, parse_file

from components.i18n import t
from components.safe import md

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"
UPLOAD_TYPES = ["xlsx", "xls", "ods", "csv"]

UPLOADER_KEY = "uploader"          # the st.file_uploader widget
UPLOADS_KEY = "uploads"            # {file_id: {"name": str, "data": bytes}}, in upload order
SHOWN_KEY = "_uploader_ids"        # file ids the uploader widget showed last time
CORRECTIONS_KEY = "corrections"    # list of correction dicts (ita_metrics.corrections)
DATASET_KEY = "dataset"
_MEMO_KEY = "_combined"
_PARSED_KEY = "_parsed_keys"


@dataclass(frozen=True)
class ReadOptions:
    """The sidebar's reading settings; None = detect from the file."""
    as_of: date | None = None
    fiscal_year: int | None = None
    round: int | None = None
    catalog_year: int | None = None


@st.cache_data(show_spinner=False, max_entries=5000)
def parse_cached(data: bytes, name: str, as_of: date | None, fiscal_year: int | None,
                 round_: int | None, catalog_year: int | None) -> FileResult:
    """importer.parse_file, cached on the bytes, the name and the reading settings."""
    return parse_file(data, name, as_of, ParseOptions(fiscal_year, round_, catalog_year))


def sample_files() -> list[tuple[str, bytes]]:
    """The bundled sample province (data/sample), in name order."""
    if not SAMPLE_DIR.is_dir():
        return []
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLE_DIR.iterdir())
            if p.suffix.lower().lstrip(".") in UPLOAD_TYPES and p.is_file()]


def uploaded_files() -> list[tuple[str, bytes]]:
    return [(f["name"], f["data"]) for f in st.session_state.get(UPLOADS_KEY, {}).values()]


def on_upload_change() -> None:
    """Uploader callback: mirror the widget's files into session state (files removed in the
    widget are removed; files uploaded before a page switch stay until "clear")."""
    files = st.session_state.get(UPLOADER_KEY) or []
    store: dict = dict(st.session_state.get(UPLOADS_KEY, {}))
    current = {f.file_id: f for f in files}
    for fid in set(st.session_state.get(SHOWN_KEY, [])) - current.keys():
        store.pop(fid, None)
    for fid, f in current.items():
        if fid in store:
            continue
        data = f.getvalue()
        for old_id, old in list(store.items()):      # the same file again: keep one copy, last
            if old["name"] == f.name and old["data"] == data:
                store.pop(old_id)
        store[fid] = {"name": f.name, "data": data}
    st.session_state[UPLOADS_KEY] = store
    st.session_state[SHOWN_KEY] = list(current)


def uploader_rendered_fresh() -> None:
    """Call before rendering the uploader: a new widget (after a page switch) shows no files."""
    if UPLOADER_KEY not in st.session_state:
        st.session_state[SHOWN_KEY] = []


def clear_uploads() -> None:
    st.session_state[UPLOADS_KEY] = {}
    st.session_state[SHOWN_KEY] = []


def _signature(files: list[tuple[str, bytes]], options: ReadOptions) -> tuple:
    return (tuple((name, hashlib.sha256(data).hexdigest()) for name, data in files), options)


def _parse_all(files: list[tuple[str, bytes]], options: ReadOptions, sig: tuple) -> list[FileResult]:
    """Parse every file (cache hits are instant), with a progress bar when some are new."""
    parsed: set = st.session_state.setdefault(_PARSED_KEY, set())
    new = [i for i, key in enumerate(sig[0]) if (key, options) not in parsed]
    bar = st.progress(0.0, text=t("import.reading", n=len(files))) if new else None
    results = []
    for i, (name, data) in enumerate(files):
        if bar is not None:
            bar.progress(i / max(len(files), 1), text=t("import.reading_file", i=i + 1, n=len(files), name=md(name)))
        results.append(parse_cached(data, name, options.as_of, options.fiscal_year, options.round,
                                    options.catalog_year))
        parsed.add((sig[0][i], options))
    if bar is not None:
        bar.empty()
    return results


def load(options: ReadOptions) -> Dataset:
    """The current dataset: uploads if any, else the sample; corrections applied."""
    uploads = uploaded_files()
    files, is_sample = (uploads, False) if uploads else (sample_files(), True)
    sig = _signature(files, options)
    memo = st.session_state.get(_MEMO_KEY)
    if memo is not None and memo[0] == sig:
        results, measures, replaced = memo[1]
    else:
        results = _parse_all(files, options, sig)
        measures, replaced = combine_results(results)
        st.session_state[_MEMO_KEY] = (sig, (results, measures, replaced))
    corrections = list(st.session_state.get(CORRECTIONS_KEY, []))
    dataset = Dataset(results, apply_corrections(measures, corrections, options.as_of), replaced,
                      is_sample, corrections, key=(sig, corrections_key(corrections)))
    st.session_state[DATASET_KEY] = dataset
    return dataset


def current() -> Dataset:
    """The dataset loaded by the entry point for this run."""
    ds = st.session_state.get(DATASET_KEY)
    return ds if ds is not None else Dataset()
