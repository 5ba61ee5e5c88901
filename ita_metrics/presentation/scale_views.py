"""Views that stay readable at a region's scale: a chart draws at most `max_rows` rows.

Why (issue 19): at 2,000 agencies the heatmap was 52,130 px tall (20.9 MB of chart) and the ranking
75,509 px; the browser spent seconds drawing what nobody can read. So a ranking shows the best and
the weakest (the table under it still lists every agency), and the agencies × indicators heatmap
becomes districts × indicators, then provinces × indicators — the district filter is the way down.
The limit is `[chart] max_rows` in data/ui.toml (about two screens).
"""

from __future__ import annotations

import pandas as pd

from ita_metrics.presentation.theme import theme
from ita_metrics.presentation.ui_text import text
from ita_metrics.presentation.views import Matrix, completion_by, completion_matrix, matrix_measures, sort_overview

LEVELS = ("district", "province")  # the heatmap's rows when agencies are too many, finer first


def max_rows() -> int:
    return int(theme()["chart"]["max_rows"])


def ranking_rows(overview: pd.DataFrame, limit: int | None = None) -> tuple[pd.DataFrame, bool]:
    """The agencies a ranking chart draws: all of them, or when more than `limit` the best
    `limit // 2` and the weakest rest by rank; True when some were left to the table."""
    limit = limit or max_rows()
    if len(overview) <= limit:
        return overview, False
    ranked = sort_overview(overview, "score")
    return pd.concat([ranked.head(limit // 2), ranked.tail(limit - limit // 2)], ignore_index=True), True


def heatmap_matrix(
    measures: pd.DataFrame, tool: str | None = None, limit: int | None = None, lang: str = "th"
) -> Matrix:
    """Agencies × indicators; districts × indicators or provinces × indicators when the agencies
    are more than `limit` rows (the first level that fits; the provinces cut to best and weakest
    when even they do not)."""
    limit = limit or max_rows()
    matrix = completion_matrix(measures, tool)
    for level in LEVELS:
        if len(matrix.labels) <= limit:
            return matrix
        matrix = group_matrix(measures, level, tool, lang)
    if len(matrix.labels) <= limit:
        return matrix
    keep = list(range(limit // 2)) + list(range(len(matrix.labels) - (limit - limit // 2), len(matrix.labels)))
    return Matrix(
        matrix.values.iloc[keep],
        matrix.counts.iloc[keep],
        [matrix.labels[i] for i in keep],
        [matrix.districts[i] for i in keep],
        matrix.level,
    )


def group_matrix(measures: pd.DataFrame, level: str, tool: str | None = None, lang: str = "th") -> Matrix:
    """Completion % per district (named with its province when there are several) or province and
    indicator — the mean over the measures, as the agency rows are — best first."""
    scored = matrix_measures(measures, tool)
    if scored.empty:
        empty = pd.DataFrame()
        return Matrix(empty, empty, [], [], level)
    unknown = text("chart.place_unknown", lang)
    province = scored["province"].astype(str).str.strip().replace("", unknown)
    district = scored["district"].astype(str).str.strip().replace("", unknown)
    several = province.nunique() > 1
    key = province if level == "province" else (district + " · " + province if several else district)
    values, counts, overall = completion_by(scored.assign(_key=key), "_key")
    order = sorted(values.index, key=lambda k: (-overall[k], k))
    return Matrix(values.loc[order], counts.loc[order], list(order), ["" for _ in order], level)
