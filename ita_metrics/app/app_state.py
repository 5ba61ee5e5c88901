"""What the dashboard shows, built from parsed files: pure, so pages and tests share one recipe.

Pipeline for one screen: file results → `combine_results` (each report once, with the as-of date
each measure was judged at) → `apply_corrections` (officer's fixes) → `Selection` (which reports,
which districts and agency kinds). Streamlit caching and session state live in components/.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ita_metrics.interpret.importer import FileResult
from ita_metrics.model import empty_measures
from ita_metrics.presentation import views
from ita_metrics.scoring.corrections import apply_corrections
from ita_metrics.scoring.dedupe import combine


@dataclass
class Dataset:
    """Everything imported: the per-file results, every report combined (corrections applied)."""

    results: list[FileResult] = field(default_factory=list)
    measures: pd.DataFrame = field(default_factory=empty_measures)  # all reports, corrected
    replaced: list[dict] = field(default_factory=list)
    is_sample: bool = False
    corrections: list[dict] = field(default_factory=list)
    key: tuple = ()  # fingerprint of files, reading settings and corrections (for caching)

    @property
    def files_ok(self) -> int:
        return sum(r.error is None for r in self.results)

    @property
    def files_failed(self) -> list[FileResult]:
        return [r for r in self.results if r.error is not None]


@dataclass
class Selection:
    """The reports chosen for display: `scope` is the whole province for those reports, `measures`
    the part left after the district / agency-kind filters."""

    scope: pd.DataFrame
    measures: pd.DataFrame
    choice: str = views.LATEST
    districts: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        return bool(self.districts or self.kinds)


@dataclass
class _Part:
    """What dedupe.combine needs of a file result (its FileResultLike protocol)."""

    file: str
    content_hash: str
    measures: pd.DataFrame
    error: Any = None


def combine_results(results: Sequence[FileResult]) -> tuple[pd.DataFrame, list[dict]]:
    """dedupe.combine over the results; each measure carries its report's as-of date (`as_of`)."""
    usable = [_Part(r.file, r.content_hash, r.measures) for r in results if r.error is None]
    combined = combine(usable)
    return combined.measures, list(combined.replaced)


def corrections_key(corrections: Sequence[dict]) -> tuple:
    """A hashable fingerprint of the corrections in force."""
    return tuple(tuple(sorted((k, str(v)) for k, v in c.items())) for c in corrections)


def build_dataset(results: Sequence[FileResult], corrections: Sequence[dict] = (), is_sample: bool = False) -> Dataset:
    measures, replaced = combine_results(results)
    key = (tuple((r.file, r.content_hash) for r in results), corrections_key(corrections))
    return Dataset(list(results), apply_corrections(measures, corrections), replaced, is_sample, list(corrections), key)


def select(
    dataset: Dataset, choice: str = views.LATEST, districts: Sequence[str] = (), kinds: Sequence[str] = ()
) -> Selection:
    scope = views.select_reports(dataset.measures, choice)
    return Selection(scope, views.filter_measures(scope, districts, kinds), choice, tuple(districts), tuple(kinds))
