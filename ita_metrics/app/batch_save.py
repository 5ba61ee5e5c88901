"""Saving what the dashboard shows to the store in one action (issue 10, "saving keeps what is shown").

Why not file by file: the dashboard counts each agency/year/round once (dedupe: the newer upload
wins) and applies the officer's corrections and as-of dates; storing every uploaded file as it
came would store reports the screen does not count, ask about each conflict separately and drop
the corrections. So the batch is exactly the counted measures, conflicts with stored reports are
decided once (replace all / keep all / per file), and the corrections go with it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ita_metrics.app.app_state import Dataset
from ita_metrics.interpret.importer import FileResult
from ita_metrics.scoring import corrections as officer
from ita_metrics.store import Conflict, ImportOutcome, Store

REPLACE_ALL, KEEP_ALL, PER_FILE = "replace_all", "keep_all", "per_file"


@dataclass
class BatchOutcome:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    n_corrections: int = 0


def counted_results(ds: Dataset) -> list[FileResult]:
    """The dataset's file results cut to the measures the dashboard counts (files whose reports
    were all superseded by newer uploads are left out), in upload order."""
    counted = set(
        zip(ds.measures["source_file"].astype(str), ds.measures["source_sheet"].astype(str), ds.measures["source_row"])
    )
    out = []
    for r in ds.results:
        if r.error is not None:
            continue
        m = r.measures
        assert m is not None  # built from the records on first use (importer.FileResult)
        keep = [k in counted for k in zip(m["source_file"].astype(str), m["source_sheet"].astype(str), m["source_row"])]
        if not any(keep):
            continue
        part = copy.copy(r)
        part.measures = m.loc[keep]
        out.append(part)
    return out


def batch_conflicts(store: Store, results: Sequence[FileResult]) -> dict[str, list[Conflict]]:
    """file → the stored reports it would replace; files without a conflict are not listed."""
    found = {r.file: store.conflicts_of(r) for r in results}
    return {f: cs for f, cs in found.items() if cs}


def save_batch(
    store: Store, ds: Dataset, choice: str | Mapping[str, str] = REPLACE_ALL, note: str = "", by: str = ""
) -> BatchOutcome:
    """Store the counted reports; `choice` decides every conflict with stored reports at once
    (REPLACE_ALL, KEEP_ALL) or per file ({file: "replace" | "keep"}). Then the officer's
    corrections (status, dates, as-of dates) are stored with who (`by`), when and `note` (why)."""
    per_file = dict(choice) if isinstance(choice, Mapping) else {}
    default = "keep" if choice == KEEP_ALL else "replace"
    outcome = BatchOutcome()
    for r in counted_results(ds):
        outcome.outcomes.append(store.import_result(r, per_file.get(r.file, default)))
    outcome.n_corrections = corrections_to_store(store, ds.corrections, note, by)
    return outcome


def corrections_to_store(store: Store, corrections: Sequence[Mapping], note: str = "", by: str = "") -> int:
    """The session's corrections recorded in the store for the active reports holding those
    measures; a value the store already has in force is not recorded twice. Returns how many."""
    if not corrections:
        return 0
    stored = store.measures(active_only=True, corrected=False)
    report_of = {
        (str(f), str(s), int(r)): int(i)
        for f, s, r, i in zip(stored["source_file"], stored["source_sheet"], stored["source_row"], stored["report_id"])
        if r is not None and r == r
    }
    in_force = store.corrections(include_undone=False)
    last = {
        (int(i), str(s), int(r), str(f)): str(v or "")
        for i, s, r, f, v in zip(
            in_force["report_id"],
            in_force["source_sheet"],
            in_force["source_row"],
            in_force["field"],
            in_force["new_value"],
        )
    }
    records = []
    for c in corrections:
        c = officer.normalise(c)
        report_id = report_of.get(officer.key_of(c))
        if report_id is None:
            continue
        fields = {
            f: c[f]
            for f in officer.FIELDS
            if c[f] and last.get((report_id, c["source_sheet"], int(c["source_row"]), f)) != c[f]
        }
        if fields:
            records.append(
                {"report_id": report_id, "source_sheet": c["source_sheet"], "source_row": c["source_row"], **fields}
            )
    if records:
        store.add_corrections(records, note=note, by=by)
    return sum(len(r) - 3 for r in records)
