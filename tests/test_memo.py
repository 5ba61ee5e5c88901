"""components/memo.py: cache keys come from the arguments themselves (no page writes a key)."""

from __future__ import annotations

import pandas as pd

from components import memo

CALLS: list[tuple] = []


def _count(frame: pd.DataFrame, word: str) -> pd.DataFrame:
    CALLS.append((len(frame), word))
    return frame[frame["agency"].str.contains(word)]


def test_a_table_is_computed_once_per_distinct_input():
    CALLS.clear()
    a = pd.DataFrame({"agency": ["เทศบาลตำบลถาวร", "อบต.โคกสนวน"]})
    same = a.copy()  # equal content, not remembered: keyed by content
    memo.table(_count, a, "ถาวร")
    memo.table(_count, same, "ถาวร")
    assert len(CALLS) == 1
    memo.table(_count, a, "โคก")  # another argument
    changed = a.copy()
    changed.loc[1, "agency"] = "อบต.ถาวร"  # another cell
    memo.table(_count, changed, "ถาวร")
    assert len(CALLS) == 3


def test_a_remembered_table_is_keyed_by_what_it_was_made_from():
    frame = pd.DataFrame({"agency": ["x"]})
    memo.remember(frame, ("dataset", "abc"))
    assert memo.key_of(frame) == ("dataset", "abc")
    assert memo.key_of([frame, 2]) == (("dataset", "abc"), 2)
    other = frame.copy()
    assert memo.key_of(other)[0] == "content"  # a copy is not the remembered table


def test_a_returned_table_carries_its_key_to_the_next_call():
    CALLS.clear()
    base = memo.remember(pd.DataFrame({"agency": ["เทศบาลตำบลถาวร", "อบต.ถาวร"]}), ("dataset", "k1"))
    part = memo.table(_count, base, "ถาวร")
    assert memo.key_of(part)[1] == (("dataset", "k1"), "ถาวร")
