"""ita_metrics.scoring.corrections: officer fixes applied on top of the import, timeliness recomputed."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ita_metrics.model import to_frame
from ita_metrics.scoring.corrections import (
    CorrectionError,
    apply_corrections,
    edits_to_corrections,
    is_corrected,
    key_of,
    normalise,
    remove,
    upsert,
)


def measures(**overrides) -> pd.DataFrame:
    base = {
        "source_file": "a.xlsx",
        "source_sheet": "S",
        "source_row": 5,
        "agency": "เทศบาลตำบลถาวร",
        "fiscal_year": 2566,
        "round": 6,
        "status": "in_progress",
        "due_date": "2023-03-31",
        "completed_date": "",
        "timeliness": "not_due",
        "flags": "due_month_precision;status_inferred",
    }
    rows = [
        dict(base),
        dict(base, source_row=9, status="done", completed_date="2023-01-10", timeliness="on_time", flags=""),
    ]
    m = to_frame(rows)
    m["as_of"] = overrides.get("as_of", "2023-04-30")
    return m


FIX = {"source_file": "a.xlsx", "source_sheet": "S", "source_row": 5}


def test_status_done_with_date_is_on_time_and_flagged():
    out = apply_corrections(measures(), [dict(FIX, status="done", completed_date="2023-03-15")])
    row = out.iloc[0]
    assert (row.status, row.completed_date, row.timeliness) == ("done", "2023-03-15", "on_time")
    flags = row["flags"].split(";")
    assert "corrected" in flags and "status_inferred" not in flags and "due_month_precision" in flags
    assert out.iloc[1].equals(measures().iloc[1])  # other rows untouched


def test_done_after_deadline_is_late():
    out = apply_corrections(measures(), [dict(FIX, status="done", completed_date="2023-04-20")])
    assert out.iloc[0].timeliness == "late"


def test_new_deadline_in_the_past_makes_it_overdue_and_day_precise():
    out = apply_corrections(measures(), [dict(FIX, due_date="2023-02-01")])
    row = out.iloc[0]
    assert (row.status, row.due_date, row.timeliness) == ("in_progress", "2023-02-01", "overdue")
    assert "due_month_precision" not in row["flags"]


def test_done_without_date_is_unknown_timeliness_and_says_so():
    row = apply_corrections(measures(), [dict(FIX, status="done")]).iloc[0]
    assert row.timeliness == "unknown" and "done_without_date" in row["flags"]


def test_completion_after_as_of_is_not_done():
    row = apply_corrections(measures(), [dict(FIX, status="done", completed_date="2023-06-01")]).iloc[0]
    assert row.status == "in_progress" and "future_completion" in row["flags"]


def test_as_of_falls_back_to_round_end_then_argument():
    m = measures(as_of="")
    row = apply_corrections(m, [dict(FIX, due_date="2023-03-20")]).iloc[0]
    assert row.timeliness == "overdue"  # round 6 is judged at 2023-04-30
    row = apply_corrections(
        m.assign(round=pd.array([None, None], dtype="Int64")),
        [dict(FIX, due_date="2023-03-20")],
        as_of=date(2023, 3, 1),
    ).iloc[0]
    assert row.timeliness == "not_due"


def test_no_corrections_returns_the_same_table():
    m = measures()
    assert apply_corrections(m, []) is m
    assert not is_corrected(m).any()


def test_upsert_merges_and_remove_undoes():
    saved = upsert([], dict(FIX, status="done"))
    saved = upsert(saved, dict(FIX, completed_date=date(2023, 3, 2)))
    assert saved == [dict(FIX, status="done", due_date="", completed_date="2023-03-02", as_of="")]
    saved = upsert(saved, dict(FIX, source_row=9, status="not_started"))
    assert len(saved) == 2
    assert remove(saved, [("a.xlsx", "S", 5)]) == [
        dict(FIX, source_row=9, status="not_started", due_date="", as_of="", completed_date="")
    ]
    assert key_of(saved[0]) == ("a.xlsx", "S", 5)


@pytest.mark.parametrize("bad", [{"status": "finished"}, {"due_date": "31/03/2566"}])
def test_bad_values_are_refused_in_thai_and_english(bad):
    with pytest.raises(CorrectionError) as err:
        normalise(dict(FIX, **bad))
    assert "/" in str(err.value)


def test_edits_to_corrections_finds_changed_rows_only():
    before = pd.DataFrame(
        {
            "source_file": ["a", "a"],
            "source_sheet": ["S", "S"],
            "source_row": [1, 2],
            "status": ["done", "in_progress"],
            "due_date": ["2023-01-31", ""],
            "completed_date": ["2023-01-02", ""],
        }
    )
    after = before.copy()
    after.loc[1, "status"] = "done"
    after.loc[1, "completed_date"] = "2023-02-02"
    assert edits_to_corrections(before, after) == [
        {"source_file": "a", "source_sheet": "S", "source_row": 2, "status": "done", "completed_date": "2023-02-02"}
    ]
