"""Where the dashboard's data comes from, in this order: the officer's uploads (kept in session
state), else the active reports of the report store (ita_metrics.store, so a restart shows the same
data), else the bundled sample province. Files are parsed once and cached on their bytes.

Why this shape:
- `st.cache_data` is keyed by plain values — bytes, name, as-of date, overrides — never by an
  UploadedFile object, so the same file uploaded again (or by a colleague) is not parsed again.
- Uploaded files are copied into session state by the uploader's callback: a widget's value is
  dropped when the officer switches page, the data must not be.
- The combined table is memoised per session on the files' hashes, so a filter change does not
  re-run the dedupe.
- One `Store` per process and store path (`st.cache_resource`); the path is read from
  ITA_STORE_PATH on every call (tests point it at a temporary folder). Reading never creates the
  store file: a missing file is an empty store. The stored data is memoised on a signature of
  the active reports and the corrections, so any change to the store shows on the next run.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import streamlit as st

from components.i18n import lang, t
from components.safe import md
from ita_metrics import config
from ita_metrics.app.app_state import Dataset, combine_results, corrections_key
from ita_metrics.interpret import batch
from ita_metrics.interpret.importer import FileResult, ParseOptions, parse_file
from ita_metrics.model import empty_measures
from ita_metrics.reading import worker_pool
from ita_metrics.scoring.corrections import apply_corrections
from ita_metrics.store import Store, StoreError
from ita_metrics.store.check import StoreHealth, check_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"
UPLOAD_TYPES = ["xlsx", "xls", "ods", "csv", "docx", "pdf"]

UPLOADER_KEY = "uploader"  # the st.file_uploader widget
UPLOADS_KEY = "uploads"  # {file_id: {"name": str, "data": bytes}}, in upload order
SHOWN_KEY = "_uploader_ids"  # file ids the uploader widget showed last time
CANCELLED_KEY = "_cancelled_ids"  # file ids whose reading was cancelled: not read again while shown
CORRECTIONS_KEY = "corrections"  # list of correction dicts (ita_metrics.scoring.corrections)
DATASET_KEY = "dataset"
SOURCE_KEY = "data_source"  # "uploads" | "store" | "sample": where this run's dataset came from
OPTIONS_KEY = "read_options"  # this run's ReadOptions (the store page parses uploads with them)
STORE_ERROR_KEY = "store_error"  # Message when the store could not be opened this run
STORE_DAMAGED_KEY = "store_damaged"  # True when the store's check found it damaged this run
_MEMO_KEY = "_combined"
_PARSED_KEY = "_parsed_keys"
BATCH_CACHE_ENTRIES = 5000  # files parsed in batches kept for reruns and other sessions


@dataclass(frozen=True)
class ReadOptions:
    """The sidebar's reading settings; None = detect from the file."""

    as_of: date | None = None
    fiscal_year: int | None = None
    round: int | None = None
    catalog_year: int | None = None
    today: date | None = None  # Bangkok's date, read once per run at the edge (bangkok_today)


def bangkok_today() -> date:
    """Today in Thailand: the only place the dashboard reads the clock for the as-of rule."""
    return datetime.now(ZoneInfo("Asia/Bangkok")).date()


@st.cache_data(show_spinner=False, max_entries=5000)
def parse_cached(
    data: bytes,
    name: str,
    as_of: date | None,
    fiscal_year: int | None,
    round_: int | None,
    catalog_year: int | None,
    today: date | None = None,
    _progress=None,
) -> FileResult:
    """importer.parse_file, cached on the bytes, the name and the reading settings (`_progress`,
    a scan's per-page callback, is not part of the key)."""
    return parse_file(data, name, as_of, ParseOptions(fiscal_year, round_, catalog_year, today), _progress)


@st.cache_resource(show_spinner=False)
def _batch_results() -> OrderedDict:
    """Files parsed together (`_parse_batch`), shared by the sessions of this process like
    `parse_cached`, kept as the objects themselves (no pickling a table per file per rerun)."""
    return OrderedDict()


def _read_options(options: ReadOptions) -> ParseOptions:
    return ParseOptions(options.fiscal_year, options.round, options.catalog_year, options.today)


def _parse_batch(files: list[tuple[str, bytes]], keys: list[tuple], options: ReadOptions, bar) -> None:
    """New non-scan files parsed on all cores through the reader workers, as the CLI does
    (ita_metrics.interpret.batch); the bar moves as each file comes back."""
    cache = _batch_results()
    jobs = [(parse_file, (data, name, options.as_of, _read_options(options)), name) for name, data in files]
    pool = worker_pool.pool()
    for i, result in enumerate(batch.in_workers(jobs, pool.size, pool)):
        cache[(keys[i], options)] = result
        bar.progress((i + 1) / len(files), text=t("import.reading_file", i=i + 1, n=len(files), name=md(files[i][0])))
    while len(cache) > BATCH_CACHE_ENTRIES:
        cache.popitem(last=False)


def sample_files() -> list[tuple[str, bytes]]:
    """The bundled sample province (data/sample), in name order."""
    if not SAMPLE_DIR.is_dir():
        return []
    return [
        (p.name, p.read_bytes())
        for p in sorted(SAMPLE_DIR.iterdir())
        if p.suffix.lower().lstrip(".") in UPLOAD_TYPES and p.is_file()
    ]


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
    cancelled = set(st.session_state.get(CANCELLED_KEY, ())) & current.keys()  # the file removed: forgotten
    st.session_state[CANCELLED_KEY] = cancelled
    for fid, f in current.items():
        if fid in store or fid in cancelled:
            continue
        data = f.getvalue()
        for old_id, old in list(store.items()):  # the same file again: keep one copy, last
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


_SHARED_ENTRIES = 4  # datasets kept per server process (each a few MB at province scale)


@st.cache_resource(show_spinner=False)
def _shared() -> tuple[threading.Lock, dict[tuple, tuple]]:
    """The combined data of the last few signatures, shared by every session of this server.

    Why: a new browser tab is a new session; reading the files again from the parse cache and
    combining them cost about 3 s for the sample province (the store's 250 agencies: 0.6 s) before
    the first card could be drawn. Kept once per process instead. Shared, not copied: the pages
    only read the tables (apply_corrections copies before it writes)."""
    return threading.Lock(), {}


def _shared_get(sig: tuple) -> tuple | None:
    lock, shared = _shared()
    with lock:
        return shared.get(sig)


def _shared_put(sig: tuple, value: tuple) -> None:
    lock, shared = _shared()
    with lock:
        shared.pop(sig, None)
        shared[sig] = value
        while len(shared) > _SHARED_ENTRIES:
            shared.pop(next(iter(shared)))


def _signature(files: list[tuple[str, bytes]], options: ReadOptions) -> tuple:
    return (tuple((name, hashlib.sha256(data).hexdigest()) for name, data in files), options)


def _parse_all(files: list[tuple[str, bytes]], options: ReadOptions, sig: tuple) -> list[FileResult]:
    """Parse every file (cache hits are instant), with a progress bar when some are new; a scan
    shows its OCR page by page, with a cancel button (see `cancel_scans`)."""
    parsed: set = st.session_state.setdefault(_PARSED_KEY, set())
    new = [i for i, key in enumerate(sig[0]) if (key, options) not in parsed]
    bar = st.progress(0.0, text=t("import.reading", n=len(files))) if new else None
    scans = [sig[0][i] for i in new if files[i][0].lower().endswith(".pdf")]
    slot = st.empty()
    if scans:
        slot.button(
            t("import.cancel_scan"), key="cancel_scan", icon=":material/cancel:", on_click=cancel_scans, args=(scans,)
        )
    batched = [i for i in new if not files[i][0].lower().endswith(".pdf")]  # scans: page by page below
    if bar is not None and len(batched) > 1:
        _parse_batch([files[i] for i in batched], [sig[0][i] for i in batched], options, bar)
    cache = _batch_results()
    results = []
    for i, (name, data) in enumerate(files):
        done = cache.get((sig[0][i], options))
        if done is not None:
            results.append(done)
            parsed.add((sig[0][i], options))
            continue
        if bar is not None:
            step = t("import.reading_file", i=i + 1, n=len(files), name=md(name))
            bar.progress(i / max(len(files), 1), text=step)
        results.append(
            parse_cached(
                data,
                name,
                options.as_of,
                options.fiscal_year,
                options.round,
                options.catalog_year,
                options.today,
                _page_progress(bar, step, i, len(files)) if bar else None,
            )
        )
        parsed.add((sig[0][i], options))
    slot.empty()
    if bar is not None:
        bar.empty()
    return results


def _page_progress(bar, step: str, i: int, n: int):
    """The bar moves with each OCR'd page. It is drawn from the script thread: a click on cancel
    interrupts the run right here, which stops the OCR and drops the file whole."""

    def show(done: int, total: int) -> None:
        bar.progress(
            min(1.0, (i + done / max(total, 1)) / max(n, 1)),
            text=step + " · " + t("import.ocr_page", done=done, total=total),
        )

    return show


def cancel_scans(keys: list[tuple[str, str]]) -> None:
    """Cancel button callback: the scans still being read leave the uploads, so the rerun does not
    start them again; nothing of them was imported (a parse either finishes or leaves nothing)."""
    uploads: dict = st.session_state.get(UPLOADS_KEY, {})
    dropped = []
    cancelled = set(st.session_state.get(CANCELLED_KEY, ()))
    for fid, f in list(uploads.items()):
        if (f["name"], hashlib.sha256(f["data"]).hexdigest()) in keys:
            dropped.append(uploads.pop(fid)["name"])
            cancelled.add(fid)  # still shown in the uploader: adding another file must not restart it
    st.session_state[CANCELLED_KEY] = cancelled
    st.session_state[UPLOADS_KEY] = uploads
    st.session_state["ocr_cancelled"] = dropped


# ---------------------------------------------------------------- the report store
@st.cache_resource(show_spinner=False, max_entries=20)
def _open_store(path: str) -> Store:
    """One Store per process and path; its methods hold a lock, so script threads may share it."""
    return Store(path)


def store_path() -> Path:
    """The store's file, from ITA_STORE_PATH (read now, not at import) or data/ita.sqlite."""
    return config.store_path().expanduser().resolve()


def get_store(create: bool = True) -> Store | None:
    """The shared Store; with create=False, None when the file does not exist yet (so merely
    looking never creates data/ita.sqlite). Raises StoreError when the file cannot be opened."""
    path = store_path()
    if not create and not path.exists():
        return None
    return _open_store(str(path))


def _stored_signature(store: Store) -> tuple:
    """What the stored data depends on: the active reports and every correction's state."""
    reports = store.reports(active_only=True)
    fixes = store.corrections()
    return (
        "store",
        str(store.path),
        tuple(zip(reports["id"].tolist(), reports["status_changed_at"].tolist())),
        tuple(zip(fixes["id"].tolist(), fixes["undone"].tolist())),
    )


def _open_for_reading() -> Store | None:
    """The store if it exists, opens and is sound; an error is kept for the page to show, not raised."""
    st.session_state.pop(STORE_ERROR_KEY, None)
    st.session_state.pop(STORE_DAMAGED_KEY, None)
    try:
        store = get_store(create=False)
        if store is None:
            return None
        health = store_health(store)
        if not health.ok:
            st.session_state[STORE_ERROR_KEY] = health.problems[0]
            st.session_state[STORE_DAMAGED_KEY] = True
            return None
        if store.counts()["active_reports"] == 0:
            return None
        return store
    except StoreError as exc:
        st.session_state[STORE_ERROR_KEY] = exc.msg
        return None


_health: dict[tuple, StoreHealth] = {}


def store_health(store: Store) -> StoreHealth:
    """The store's check (ita_metrics.store.check), done again only when its files change."""
    files = [store.path, store.path.with_name(store.path.name + "-wal")]
    key = (str(store.path),) + tuple((f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else None for f in files)
    if key not in _health:
        _health.clear()
        _health[key] = check_store(store)
    return _health[key]


def stop_if_store_damaged() -> None:
    """The error page for a damaged store (no uploads this session): what is wrong, what to do."""
    if not st.session_state.get(STORE_DAMAGED_KEY):
        return
    error = st.session_state.get(STORE_ERROR_KEY)
    st.title(t("store_damaged.title"))
    if error is not None:
        st.error(md(error.en if lang() == "en" else error.th), icon=":material/database:")
    st.markdown(t("store_damaged.what_to_do"))
    st.stop()


def n_stored_reports() -> int:
    """Active reports in the store (0 when there is no store or it cannot be opened)."""
    try:
        store = get_store(create=False)
        return 0 if store is None else int(store.counts()["active_reports"])
    except StoreError:
        return 0


def source_caption(dataset: Dataset) -> str:
    """The sidebar's "Data: …" line for the dataset this run loaded (so it never calls stored data
    the sample, or the sample stored data)."""
    kind = source()
    if kind == "uploads":
        return t("source.label", source=t("source.uploads", n=len(dataset.results)))
    if kind == "store":
        m = dataset.measures
        n = int(m["report_id"].nunique()) if "report_id" in m else 0
        return t("source.label", source=t("source.store", n=n))
    if st.session_state.get(STORE_ERROR_KEY) is not None:
        return t("source.label", source=t("source.sample_store_error"))
    return t("source.label", source=t("source.sample"))


def source() -> str:
    """ "uploads", "store" or "sample": where this run's dataset came from."""
    return st.session_state.get(SOURCE_KEY, "sample")


def load(options: ReadOptions) -> Dataset:
    """The current dataset: uploads if any, else the store's active reports, else the sample;
    corrections applied."""
    st.session_state[OPTIONS_KEY] = options
    uploads = uploaded_files()
    store = None if uploads else _open_for_reading()
    if not uploads:
        stop_if_store_damaged()
    error = st.session_state.get(STORE_ERROR_KEY)
    if error is not None:
        st.error(md(error.en if lang() == "en" else error.th), icon=":material/database:")
    cancelled = st.session_state.pop("ocr_cancelled", None)
    if cancelled:
        st.warning(t("import.cancelled", names=md(", ".join(cancelled))), icon=":material/cancel:")
    if store is not None:
        return _load_stored(store, options)
    files, is_sample = (uploads, False) if uploads else (sample_files(), True)
    st.session_state[SOURCE_KEY] = "uploads" if uploads else "sample"
    sig = _signature(files, options)
    memo = st.session_state.get(_MEMO_KEY)
    if memo is not None and memo[0] == sig:
        results, measures, replaced = memo[1]
    else:
        combined = _shared_get(sig)
        if combined is None:
            results = _parse_all(files, options, sig)
            with st.spinner(t("import.combining", n=len(files))):
                combined = (results, *combine_results(results))
            _shared_put(sig, combined)
        st.session_state.setdefault(_PARSED_KEY, set()).update((key, options) for key in sig[0])
        st.session_state[_MEMO_KEY] = (sig, combined)
        results, measures, replaced = combined
    corrections = list(st.session_state.get(CORRECTIONS_KEY, []))
    dataset = Dataset(
        results,
        apply_corrections(measures, corrections, options.as_of),
        replaced,
        is_sample,
        corrections,
        key=(sig, corrections_key(corrections)),
    )
    st.session_state[DATASET_KEY] = dataset
    return dataset


def _load_stored(store: Store, options: ReadOptions) -> Dataset:
    """The store's active reports (officers' stored corrections applied), labelled on screen."""
    st.session_state[SOURCE_KEY] = "store"
    try:
        sig = _stored_signature(store) + (options.as_of,)
        memo = st.session_state.get(_MEMO_KEY)
        if memo is not None and memo[0] == sig:
            measures = memo[1][1]
        else:
            shared = _shared_get(sig)
            if shared is None:
                with st.spinner(t("store.loading")):
                    shared = ([], store.measures(active_only=True, corrected=True), [])
                _shared_put(sig, shared)
            measures = shared[1]
            st.session_state[_MEMO_KEY] = (sig, shared)
    except StoreError as exc:  # e.g. busy for too long: say so, show nothing rather than stale data
        st.session_state[STORE_ERROR_KEY] = exc.msg
        st.error(md(exc.msg.en if lang() == "en" else exc.msg.th), icon=":material/database:")
        sig, measures = ("store-error", str(exc)), empty_measures()
    corrections = list(st.session_state.get(CORRECTIONS_KEY, []))
    dataset = Dataset(
        [],
        apply_corrections(measures, corrections, options.as_of),
        [],
        False,
        corrections,
        key=(sig, corrections_key(corrections)),
    )
    st.session_state[DATASET_KEY] = dataset
    n = int(measures["report_id"].nunique()) if "report_id" in measures else 0
    st.badge(t("store.badge", n=n), icon=":material/inventory_2:", color="blue")
    return dataset


def current() -> Dataset:
    """The dataset loaded by the entry point for this run."""
    ds = st.session_state.get(DATASET_KEY)
    return ds if ds is not None else Dataset()
