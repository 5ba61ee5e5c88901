"""Tables and plotly figures for the meeting exports (deck, PNGs, Excel).

`ita_metrics/presentation/charts.py` (the dashboard's figure builders) did not exist when the exports were
written, so the four figures the deck needs are built here: ranking, status mix, agencies ×
indicators heatmap, lagging indicators. They take their colours and font from `data/ui.toml`, the
file charts.py reads too, so a deck and the dashboard look alike.

Every table here is computed from the measures with `scoring` (one place per rule); the figures
only draw them.

>>> from ita_metrics.model import to_frame
>>> m = to_frame([{"agency": "เทศบาลตำบลถาวร", "status": "done", "timeliness": "on_time",
...                "indicator": 2}])
>>> agency_scores(m).loc[0, "short"]
'ทต.ถาวร'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ita_metrics.coerce import is_missing, to_date, to_int
from ita_metrics.model import STATUSES
from ita_metrics.presentation import views
from ita_metrics.presentation.theme import grade_colour, ink, pass_mark, status_colour, theme, timeliness_colour
from ita_metrics.presentation.ui_text import BE_OFFSET, both, month_name, status_label, text, timeliness_label
from ita_metrics.scoring import scoring
from ita_metrics.thai import agencies, catalogs

# ---------------------------------------------------------------- words and dates


def thai_date(day: date | str | None, short: bool = False) -> str:
    """date(2023, 3, 31) → "31 มีนาคม 2566" (Buddhist era); "" for nothing."""
    parsed = to_date(day)
    if parsed is None:
        return "" if is_missing(day) else str(day)
    return f"{parsed.day} {month_name(parsed.month, short)} {parsed.year + BE_OFFSET}"


def round_text(round_: object) -> str:
    """6 → "รอบ 6 เดือน"; "" when unknown."""
    r = to_int(round_)
    return text("settings.round_n", n=r) if r else ""


def indicator_label(indicator: object, width: int | None = None) -> str:
    """9 → "9. การเปิดเผยข้อมูล"; "(ไม่ระบุ)" when there is none."""
    n = to_int(indicator)
    if n is None:
        return scoring.unspecified()
    return f"{n}. {catalogs.indicator_name(n)}"


def short_agency(name: object) -> str:
    """เทศบาลตำบลถาวร → ทต.ถาวร (the name itself when it has no known prefix)."""
    s = "" if name is None or name is pd.NA else str(name)
    if not s or s == scoring.unspecified():
        return scoring.unspecified()
    return agencies.short_name(s) or s


# ---------------------------------------------------------------- tables


def fill_as_of(measures: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """The measures with `as_of` set to the given date where a measure carries none (each report's
    own date always wins: one as-of rule for screen and files, ita_metrics.interpret.asof)."""
    if as_of is None and "as_of" in measures:
        return measures
    out = measures.copy()
    own = out["as_of"].astype(str) if "as_of" in out else pd.Series("", index=out.index)
    fallback = as_of.isoformat() if as_of else ""
    out["as_of"] = [v if to_date(v) else fallback for v in own]
    return out


def agency_scores(measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS) -> pd.DataFrame:
    """scoring.agency_table plus the short name, rank order."""
    table = scoring.agency_table(measures, weights=weights)
    table.insert(1, "short", table["group"].map(short_agency))
    return table


def indicator_scores(measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS) -> pd.DataFrame:
    """score_groups by indicator with number, tool, name and agencies counted; indicator order."""
    table = scoring.score_groups(measures, by="indicator", weights=weights)
    table = table.loc[table["group"] != scoring.unspecified()].copy()
    table["indicator"] = table["group"].astype(int)
    table["tool"] = table["indicator"].map(catalogs.indicator_tool)
    table["name"] = table["indicator"].map(catalogs.indicator_name)
    known = measures.loc[measures["indicator"].notna()]
    per = known.groupby(known["indicator"].astype(int))["agency"].nunique()
    table["n_agencies"] = table["indicator"].map(per).fillna(0).astype(int)
    return table.sort_values("indicator", kind="stable").reset_index(drop=True)


def heatmap_table(measures: pd.DataFrame, agency_order: Sequence[str] | None = None) -> pd.DataFrame:
    """Completion % per agency (rows, canonical names) and indicator (columns 1–10 present);
    NaN where an agency has no measure on an indicator."""
    scored = scoring.add_measure_scores(measures)
    scored = scored.loc[scored["indicator"].notna() & (scored["agency"].astype(str) != "")]
    if scored.empty:
        return pd.DataFrame()
    scored = scored.assign(indicator=scored["indicator"].astype(int))
    values = (scored.groupby(["agency", "indicator"])["completion_score"].mean() * 100).unstack("indicator")
    values = values.sort_index(axis=1)
    if agency_order is not None:
        values = values.reindex([a for a in agency_order if a in values.index])
    return values.astype("float64")


def least_complete(measures: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, str]:
    """heatmap_table ordered most complete first (as the dashboard's matrix), cut to the `limit`
    least complete agencies with a note when there are more."""
    values = heatmap_table(measures)
    if values.empty:
        return values, ""
    scored = scoring.add_measure_scores(measures)
    scored = scored.loc[scored["indicator"].notna() & (scored["agency"].astype(str) != "")]
    overall = scored.groupby("agency")["completion_score"].mean()
    order = sorted(values.index, key=lambda a: (-overall[a], short_agency(a)))
    values = values.loc[order]
    if len(values) <= limit:
        return values, ""
    return values.iloc[-limit:], both("deck.least_complete", limit=limit, n=len(values))


def pick_agencies(agency_table: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, str]:
    """All agencies when they fit; else the best and worst halves of `limit`, with a note."""
    n = len(agency_table)
    if n <= limit:
        return agency_table, ""
    top = limit // 2
    shown = pd.concat([agency_table.head(top), agency_table.tail(limit - top)])
    return shown, both("deck.top_bottom", top=top, bottom=limit - top, n=n)


def overdue_table(measures: pd.DataFrame) -> pd.DataFrame:
    """views.overdue_list (the timeliness page's list, same order and days) with short names."""
    m = views.overdue_list(measures)
    m["short"] = m["agency"].map(short_agency)
    return m.reset_index(drop=True)


def status_counts(measures: pd.DataFrame) -> pd.Series:
    """Measures per status, in the order done, in progress, not started, unknown."""
    s = measures["status"].where(measures["status"].isin(STATUSES), "unknown")
    return s.value_counts().reindex(list(STATUSES), fill_value=0)


# ---------------------------------------------------------------- figures

FONT_SIZE = 15


def _base_layout(fig, title: str, height: int | None = None, note: str = "") -> None:
    fig.update_layout(
        title={
            "text": title + (f"<br><sup>{note.split(' / ')[0]}</sup>" if note else ""),
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": FONT_SIZE + 5},
        },
        font={"size": FONT_SIZE, "color": ink("text")},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 20, "t": 70 if note else 55, "b": 40},
        showlegend=False,
    )
    if height:
        fig.update_layout(height=height)


def ranking_figure(agency_table: pd.DataFrame, limit: int = 20, title: str | None = None):
    """Horizontal bars of agency scores, best at the top, coloured by grade, pass mark dashed."""
    import plotly.graph_objects as go

    shown, note = pick_agencies(agency_table, limit)
    shown = shown.iloc[::-1]  # plotly draws the first bar at the bottom
    labels = [f"{int(r)}. {s}" for r, s in zip(shown["rank"], shown["short"])]
    fig = go.Figure(
        go.Bar(
            x=shown["score"].round(1),
            y=labels,
            orientation="h",
            marker_color=[grade_colour(g) for g in shown["grade"]],
            text=[f"{s:.1f} ({g})" if not is_missing(s) else "–" for s, g in zip(shown["score"], shown["grade"])],
            textposition="outside",
            cliponaxis=False,
            constraintext="none",
            textfont={"size": FONT_SIZE - 2},
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    )
    _pass_line(fig)
    _base_layout(fig, title or text("deck.ranking_title"), note=note)
    fig.update_xaxes(range=[0, 110], title_text=text("deck.score_axis"), gridcolor=ink("grid"))
    fig.update_yaxes(
        automargin=True, tickmode="array", tickvals=labels, ticktext=labels, tickfont={"size": FONT_SIZE - 1}
    )
    return fig


def _pass_line(fig) -> None:
    fig.add_vline(
        x=pass_mark(),
        line_dash="dot",
        line_color=ink("muted"),
        line_width=1.5,
        layer="below",
        annotation_text=text("chart.pass_mark"),
        annotation_position="top",
        annotation_font_color=ink("subtle"),
    )


def status_figure(measures: pd.DataFrame, title: str | None = None):
    """Donut of measures by status."""
    import plotly.graph_objects as go

    counts = status_counts(measures)
    counts = counts[counts > 0] if counts.sum() else counts
    fig = go.Figure(
        go.Pie(
            labels=[status_label(s) for s in counts.index],
            values=counts.values,
            hole=0.55,
            sort=False,
            marker={"colors": [status_colour(s) for s in counts.index]},
            texttemplate="%{value} (%{percent:.0%})",
            textposition="outside",
        )
    )
    _base_layout(fig, title or text("deck.status_title"))
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": -0.08, "x": 0.5, "xanchor": "center"},
        annotations=[
            {
                "text": f"{int(counts.sum())}<br>{text('chart.measures_total')}",
                "showarrow": False,
                "font": {"size": FONT_SIZE + 7},
            }
        ],
    )
    return fig


def heatmap_figure(values: pd.DataFrame, note: str = "", title: str | None = None):
    """Agencies × indicators, completion % in each cell, red → amber → green."""
    import plotly.graph_objects as go

    cols = list(values.columns)
    x = [f"{c}. {_wrap(catalogs.indicator_name(c), 9)}" for c in cols]
    y = [short_agency(a) for a in values.index]
    z = values.to_numpy(dtype="float64")
    cells = [["" if math.isnan(v) else f"{v:.0f}" for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            zmin=0,
            zmax=100,
            colorscale=theme()["heatmap"]["colorscale"],
            text=cells,
            texttemplate="%{text}",
            textfont={"size": FONT_SIZE - 1},
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": text("deck.percent")}, "thickness": 14},
            hoverongaps=False,
        )
    )
    _base_layout(fig, title or text("deck.heatmap_title_long"), note=note)
    fig.update_layout(plot_bgcolor=theme()["heatmap"]["empty"])
    fig.update_yaxes(autorange="reversed", automargin=True, tickmode="array", tickvals=y, ticktext=y)
    fig.update_xaxes(side="bottom", tickangle=0, automargin=True, tickfont={"size": FONT_SIZE - 2})
    return fig


def lagging_figure(indicators: pd.DataFrame, title: str | None = None):
    """Indicator scores, lowest first at the top; label says how many measures are overdue."""
    import plotly.graph_objects as go

    table = indicators.sort_values(["score", "indicator"], kind="stable").iloc[::-1]
    labels = [f"{i}. {n}" for i, n in zip(table["indicator"], table["name"])]
    fig = go.Figure(
        go.Bar(
            x=table["score"].round(1),
            y=labels,
            orientation="h",
            marker_color=[grade_colour(g) for g in table["grade"]],
            text=[f"{s:.1f} ({g})" for s, g in zip(table["score"], table["grade"])],
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": "white"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[OVERDUE_COLUMN_X] * len(table),
            y=labels,
            mode="text",
            text=[text("deck.n_measures", n=int(o)) for o in table["n_overdue"]],
            textfont={"color": timeliness_colour("overdue")},
        )
    )
    fig.add_annotation(
        x=OVERDUE_COLUMN_X,
        y=1.0,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=f"<b>{timeliness_label('overdue')}</b>",
        font={"color": timeliness_colour("overdue")},
    )
    _pass_line(fig)
    _base_layout(fig, title or text("deck.lagging_title"))
    fig.update_xaxes(
        range=[0, 122], title_text=text("deck.score_axis"), gridcolor=ink("grid"), tickvals=[0, 20, 40, 60, 80, 100]
    )
    fig.update_yaxes(automargin=True, tickmode="array", tickvals=labels, ticktext=labels)
    return fig


OVERDUE_COLUMN_X = 112


def _wrap(text: str, width: int) -> str:
    """Break a Thai label at a word boundary into lines of about `width` characters (<br>)."""
    if len(text) <= width:
        return text
    try:
        from pythainlp.tokenize import word_tokenize

        words = word_tokenize(text, engine="newmm", keep_whitespace=True)
    except Exception:  # noqa: BLE001 - no tokenizer: break anywhere
        words = list(text)
    lines, line = [], ""
    for w in words:
        if line and len(line) + len(w) > width:
            lines.append(line.strip())
            line = ""
        line += w
    lines.append(line.strip())
    return "<br>".join(lines)


# ---------------------------------------------------------------- the figures of a meeting deck

RANKING_PER_SLIDE = 10
HEATMAP_ROWS = 15
SLIDE_BOX_RATIO = 12.3 / 5.6  # width / height of a slide's chart area
STATUS_SIZE = (560, 540)  # layout px of the donut: ≈ its place on the headline slide (5.9 × 5.6 in)


@dataclass
class MeetingFigure:
    """One chart of the deck: the figure, the size to draw it at (layout px), where it came from."""

    name: str  # ranking | status | heatmap | lagging
    title: str  # the slide title
    fig: object
    size: tuple[int, int]
    note: str = ""
    source: str = "charts"  # charts (the dashboard's builders) | report_figures (ours)


def ranking_parts(agency_table: pd.DataFrame, per_slide: int = RANKING_PER_SLIDE) -> list[tuple[str, pd.DataFrame]]:
    """The ranking on one slide when it fits, else the best and the worst `per_slide` agencies
    (or the two halves when fewer than two slides' worth)."""
    n = len(agency_table)
    if n <= per_slide:
        return [(text("deck.ranking_all", n=n), agency_table)]
    top = min(per_slide, (n + 1) // 2)
    bottom = min(per_slide, n - top)
    return [
        (text("deck.ranking_top", k=top, n=n), agency_table.head(top)),
        (text("deck.ranking_bottom", k=bottom, n=n), agency_table.tail(bottom)),
    ]


def _box_size(height: int) -> tuple[int, int]:
    """A layout size that fills a slide's chart area at this height."""
    h = int(min(max(height, 360), 1000))
    return max(900, int(h * SLIDE_BOX_RATIO)), h


def meeting_figures(
    measures: pd.DataFrame, weights: Sequence[float] = scoring.DEFAULT_WEIGHTS
) -> tuple[list[MeetingFigure], list[str]]:
    """The deck's charts, drawn by the dashboard's `charts.py` where it works (same look as the
    screen), by the builders above where it does not. Returns the figures and notes (Thai / English)
    for any chart that fell back."""
    notes: list[str] = []
    try:
        figures = _charts_figures(measures, weights)
    except Exception as exc:  # noqa: BLE001 - the dashboard's charts are optional for a deck
        notes.append(both("deck.fallback", kind=type(exc).__name__, detail=f"{type(exc).__name__}: {str(exc)[:80]}"))
        figures = _own_figures(measures, weights)
    return figures, notes


def _charts_figures(measures: pd.DataFrame, weights: Sequence[float]) -> list[MeetingFigure]:
    from ita_metrics.presentation import charts, views

    out = []
    overview = views.sort_overview(views.agency_overview(measures, weights), "score")
    for title, part in ranking_parts(overview):
        fig = charts.ranking_chart(part, presentation=True, districts=False)  # one line a bar: legible on the slide
        out.append(MeetingFigure("ranking", title, fig, _box_size(int(fig.layout.height or 600))))
    counts = status_counts(measures).to_dict()
    fig = charts.donut_chart(counts, "status", presentation=True)
    # the legend under the donut, and drawn at about the size it takes on the slide (right of the
    # headline cards), so its text is not shrunk below 14 pt there
    fig.update_layout(
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top"}, margin={"b": 110}
    )
    out.append(MeetingFigure("status", text("deck.status_title"), fig, STATUS_SIZE))
    matrix = views.completion_matrix(measures)
    note = ""
    if len(matrix.labels) > HEATMAP_ROWS:
        note = both("deck.least_complete", limit=HEATMAP_ROWS, n=len(matrix.labels))
        keep = slice(len(matrix.labels) - HEATMAP_ROWS, None)
        matrix = type(matrix)(
            matrix.values.iloc[keep], matrix.counts.iloc[keep], matrix.labels[keep], matrix.districts[keep]
        )
    fig = charts.heatmap_chart(matrix, presentation=True)
    out.append(
        MeetingFigure("heatmap", text("deck.heatmap_title"), fig, _box_size(int(fig.layout.height or 600)), note)
    )
    fig = charts.indicator_chart(views.indicator_summary(measures, weights=weights), presentation=True)
    out.append(MeetingFigure("lagging", text("deck.lagging_title"), fig, _box_size(int(fig.layout.height or 600))))
    return out


def _own_figures(measures: pd.DataFrame, weights: Sequence[float]) -> list[MeetingFigure]:
    out = []
    table = agency_scores(measures, weights)
    for title, part in ranking_parts(table):
        fig = ranking_figure(part, limit=len(part), title=title)
        out.append(MeetingFigure("ranking", title, fig, _box_size(len(part) * 34 + 150), source="report_figures"))
    out.append(
        MeetingFigure("status", text("deck.status_title"), status_figure(measures), (900, 560), source="report_figures")
    )
    heat, note = least_complete(measures, HEATMAP_ROWS)
    fig = heatmap_figure(heat, note)
    out.append(
        MeetingFigure(
            "heatmap",
            text("deck.heatmap_title"),
            fig,
            _box_size(len(heat) * 30 + 200),
            note,
            source="report_figures",
        )
    )
    ind = indicator_scores(measures, weights)
    out.append(
        MeetingFigure(
            "lagging",
            text("deck.lagging_title"),
            lagging_figure(ind),
            _box_size(len(ind) * 44 + 150),
            source="report_figures",
        )
    )
    return out
