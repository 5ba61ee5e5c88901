"""Plotly figures for the dashboard: Thai labels wrapped at word boundaries, one colour per status
(from data/ui.toml), hover text and legends in the user's language.

Pure functions from tables (ita_metrics.presentation.views) to figures, so they are tested and benchmarked
without a browser. Text that came from a file (agency names, measure text) is HTML-escaped before
it reaches plotly, which renders a subset of HTML in labels.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from ita_metrics.model import GRADES, STATUSES
from ita_metrics.presentation.label_wrap import wrap_label
from ita_metrics.presentation.theme import font_family, grade_colour, ink, pass_mark, theme
from ita_metrics.presentation.ui_text import group_label, status_label, text, timeliness_label


# ---------------------------------------------------------------- configuration
def status_colors() -> dict[str, str]:
    return dict(theme()["status"])


def timeliness_colors() -> dict[str, str]:
    return dict(theme()["timeliness"])


def _esc(value: object) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value), quote=False)


def _num(x: object) -> float:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return v


def _fmt(x: object, pct: bool = True) -> str:
    v = _num(x)
    return "–" if math.isnan(v) else (f"{v:.1f}%" if pct else f"{v:.1f}")


# ---------------------------------------------------------------- common layout
def style(
    fig: go.Figure, *, height: int, presentation: bool = False, legend: bool = True, left_margin: int | None = None
) -> go.Figure:
    """The house style: Thai font with fallbacks, readable sizes, white background, legend on top."""
    size = theme()["font"]["presentation_chart_size" if presentation else "chart_size"]
    fig.update_layout(
        height=int(height),
        font={"family": font_family(), "size": size, "color": ink("text")},
        hoverlabel={"font": {"family": font_family(), "size": size}, "align": "left"},
        margin={"l": left_margin if left_margin is not None else 10, "r": 20, "t": 50 if legend else 20, "b": 40},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=legend,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "xanchor": "left",
            "x": 0,
            "title": {"text": ""},
            "font": {"size": size},
            "traceorder": "normal",
        },
        separators=".,",
    )
    fig.update_xaxes(gridcolor=ink("grid"), zerolinecolor=ink("zero_line"), automargin=True)
    fig.update_yaxes(gridcolor=ink("grid"), automargin=True, ticklabelstandoff=6)
    # numbers are never turned on their side: a label that does not fit its bar upright is hidden
    # (the hover and the table still give it), and all labels of a chart share one size
    fig.update_traces(textangle=0, selector={"type": "bar"})
    fig.update_layout(uniformtext={"minsize": note_size(presentation) if presentation else 10, "mode": "hide"})
    return fig


def note_size(presentation: bool = False) -> int:
    """Secondary chart text (notes, value labels): the chart size in presentation mode, where every
    text must read from the back of the room (≥ 18 px), else 12 px."""
    return int(theme()["font"]["presentation_chart_size"]) if presentation else 12


def _bar_height(n_rows: int, lines: int = 1, presentation: bool = False) -> int:
    c = theme()["chart"]
    per = int(c["row_height"]) * (1.5 if presentation else 1.0) * (1 + 0.45 * (lines - 1))  # labels ≥ 18 px fit
    return int(max(int(c["min_height"]), n_rows * per + 110))


def empty_figure(message: str, presentation: bool = False) -> go.Figure:
    """A chart-shaped note instead of a blank chart, e.g. "ไม่มีข้อมูล"."""
    fig = go.Figure()
    fig.add_annotation(
        text=_esc(message),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 16, "color": ink("muted")},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return style(fig, height=200, presentation=presentation, legend=False)


def agency_labels(overview: pd.DataFrame, with_district: bool = True, presentation: bool = False) -> list[str]:
    """ "ทต.ถาวร" with the district in grey type on a second line (smaller, except on the projector)."""
    out = []
    size = "" if presentation else "font-size:0.8em;"
    for name, district in zip(overview["short"], overview.get("district", [""] * len(overview))):
        label = wrap_label(str(name))
        if with_district and district:
            where = text("chart.district_short", district=_esc(district))
            label += f"<br><span style='{size}color:{ink('muted')}'>{where}</span>"
        out.append(label)
    return out


# ---------------------------------------------------------------- agencies
def ranking_chart(
    overview: pd.DataFrame, lang: str = "th", presentation: bool = False, districts: bool = True
) -> go.Figure:
    """Agencies by score, horizontal bars coloured by ITA grade, best on top, pass mark at 85.
    `districts=False` leaves out the district line (one line a bar: the deck's slides fit 10 bars
    at a legible size)."""
    if overview.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    t = overview.reset_index(drop=True)
    labels = agency_labels(t, with_district=districts, presentation=presentation)
    fig = go.Figure()
    hover = (
        f"<b>%{{customdata[0]}}</b><br>{text('col.district', lang)}: %{{customdata[1]}}"
        f"<br>{text('col.score', lang)}: %{{x:.1f}} ({text('col.grade', lang)} %{{customdata[2]}})"
        f"<br>{text('col.rank', lang)}: %{{customdata[3]}}"
        f"<br>{text('col.completion_pct', lang)}: %{{customdata[4]}}"
        f"<br>{text('col.on_time_pct', lang)}: %{{customdata[5]}}"
        f"<br>{text('col.n_measures', lang)}: %{{customdata[6]}}<extra></extra>"
    )
    for grade in GRADES + ("",):
        part = t.loc[t["grade"].fillna("") == grade]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["score"],
                y=[labels[i] for i in part.index],
                orientation="h",
                name=f"{text('col.grade', lang)} {grade}" if grade else text("chart.no_score", lang),
                marker={"color": grade_colour(grade)},
                text=[f"{_fmt(s, False)} ({g})" if g else "–" for s, g in zip(part["score"], part["grade"])],
                textposition=_value_position(part["score"]),
                insidetextanchor="end",
                cliponaxis=False,
                customdata=list(
                    zip(
                        part["agency"].map(_esc),
                        part["district"].map(_esc),
                        part["grade"],
                        part["rank"],
                        part["completion_pct"].map(_fmt),
                        part["on_time_pct"].map(_fmt),
                        part["n_measures"],
                    )
                ),
                hovertemplate=hover,
            )
        )
    _pass_line(fig, lang)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    fig.update_layout(barmode="overlay", bargap=0.25)
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return style(fig, height=_bar_height(len(t), lines, presentation), presentation=presentation)


def _value_position(scores: pd.Series) -> list[str]:
    """Score labels inside the end of their bar (so the pass-mark line, drawn under the bars, never
    crosses one), outside only for a bar too short to hold its label (far left of the line)."""
    return ["inside" if _num(v) >= 30 else "outside" for v in scores]


def _pass_line(fig: go.Figure, lang: str) -> None:
    """The pass mark (85) as a dashed line under the bars, named in the axis title rather than in a
    note that would sit on the legend or on a bar's label."""
    fig.add_vline(x=pass_mark(), line={"dash": "dash", "color": ink("muted"), "width": 1}, layer="below")
    fig.update_xaxes(
        range=[0, 108],
        title={"text": f"{text('col.score', lang)} · {text('chart.pass_line', lang)}"},
        tickvals=[0, 25, 50, 75, pass_mark(), 100],
    )


def status_mix_chart(overview: pd.DataFrame, lang: str = "th", presentation: bool = False) -> go.Figure:
    """Each agency's measures by status, stacked to 100 %, same order as the table given."""
    if overview.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    t = overview.reset_index(drop=True)
    labels = agency_labels(t, presentation=presentation)
    colours = status_colors()
    fig = go.Figure()
    for s in STATUSES:
        pct = t[f"pct_{s}"].fillna(0)
        n = t[f"n_{s}"]
        fig.add_trace(
            go.Bar(
                x=pct,
                y=labels,
                orientation="h",
                name=status_label(s, lang),
                marker={"color": colours[s]},
                text=[str(int(k)) if k else "" for k in n],
                textposition="inside",
                insidetextanchor="middle",
                customdata=list(zip(t["agency"].map(_esc), n, t["n_measures"], pct.map(_fmt))),
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>{status_label(s, lang)}: %{{customdata[1]}} "
                    f"{text('chart.of', lang)} %{{customdata[2]}} ({'%{customdata[3]}'})<extra></extra>"
                ),
            )
        )
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title={"text": text("chart.share_of_measures", lang)})
    return style(fig, height=_bar_height(len(t), 2, presentation), presentation=presentation)


# ---------------------------------------------------------------- indicators
def _heatmap_hover(agencies, names: list[str], z, counts, lang: str) -> list[list[str]]:
    """The hover text of every cell: agency, indicator, completion and number of measures."""
    rows = []
    for r, agency in enumerate(agencies):
        row = []
        for c, name in enumerate(names):
            v, n = z[r][c], int(counts.iat[r, c])
            row.append(
                f"<b>{_esc(agency)}</b><br>{name}<br>"
                + (
                    text("chart.no_measures_here", lang)
                    if n == 0
                    else f"{text('col.completion_pct', lang)}: {v:.0f}%<br>{text('col.n_measures', lang)}: {n}"
                )
            )
        rows.append(row)
    return rows


def _cell_markers(agencies, indicators: list[int], xy: tuple[list, list], counts, hover: list[list[str]]) -> go.Scatter:
    """Selectable overlay: one invisible point per cell that has measures (a click selects it)."""
    x, y = xy
    px, py, pdata, ptext = [], [], [], []
    for r, agency in enumerate(agencies):
        for c, ind in enumerate(indicators):
            if int(counts.iat[r, c]) > 0:
                px.append(x[c])
                py.append(y[r])
                pdata.append([str(agency), ind])
                ptext.append(hover[r][c])
    return go.Scatter(
        x=px,
        y=py,
        mode="markers",
        customdata=pdata,
        hovertext=ptext,
        hoverinfo="text",
        marker={"size": 28, "opacity": 0, "symbol": "square"},
        showlegend=False,
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
        name="cells",
    )


def heatmap_chart(matrix, lang: str = "th", presentation: bool = False) -> go.Figure:
    """Agencies × indicators, completion % (red → green). An invisible marker sits on every cell
    so that a click selects it (plotly heatmaps themselves are not selectable)."""
    from ita_metrics.presentation.views import indicator_label  # local: views imports charts' siblings only

    if matrix.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    values, counts = matrix.values, matrix.counts
    indicators = [int(i) for i in values.columns]
    x = [f"{text('chart.indicator_short', lang)}<br>{i}" for i in indicators]  # two short lines, never turned
    y = [wrap_label(lbl) for lbl in matrix.labels]
    z = values.to_numpy(dtype="float64")
    names = [_esc(indicator_label(i, lang)) for i in indicators]
    cell_text = [["" if math.isnan(v) else f"{v:.0f}" for v in row] for row in z]
    hover_rows = _heatmap_hover(values.index, names, z, counts, lang)
    cfg = theme()["heatmap"]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            zmin=0,
            zmax=100,
            colorscale=cfg["colorscale"],
            xgap=2,
            ygap=2,
            text=cell_text,
            texttemplate="%{text}",
            hoverinfo="text",
            hovertext=hover_rows,
            colorbar={
                "title": {"text": text("chart.completion_axis", lang), "side": "top"},
                "ticksuffix": "%",
                "thickness": 12,
                "len": 0.9 if len(matrix.labels) > 3 else 1.0,
            },
        )
    )
    if getattr(matrix, "level", "agency") == "agency":  # a click opens an agency's measures
        fig.add_trace(_cell_markers(values.index, indicators, (x, y), counts, hover_rows))
    # fixed ranges: the invisible markers must not pad the axes beyond the cells
    fig.update_yaxes(range=[len(y) - 0.5, -0.5], categoryorder="array", categoryarray=y, showgrid=False, zeroline=False)
    fig.update_xaxes(
        side="top",
        range=[-0.5, len(x) - 0.5],
        showgrid=False,
        categoryorder="array",
        categoryarray=x,
        zeroline=False,
        tickangle=0,
    )
    # a click anywhere in a cell should reach its marker: widen plotly's pick-up radius
    fig.update_layout(clickmode="event+select", dragmode=False, hovermode="closest", hoverdistance=40)
    fig = style(fig, height=_bar_height(len(y), 1, presentation) + 20, presentation=presentation, legend=False)
    fig.update_layout(plot_bgcolor=cfg["empty"], margin={"t": 60})
    return fig


def indicator_chart(summary: pd.DataFrame, lang: str = "th", presentation: bool = False) -> go.Figure:
    """Indicators province-wide by score, lagging ones on top, coloured by grade."""
    from ita_metrics.presentation.views import indicator_label

    if summary.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    t = summary.reset_index(drop=True)
    labels = [
        f"{_esc(tool)} · " + wrap_label(indicator_label(i, lang), 28) for tool, i in zip(t["tool"], t["indicator"])
    ]
    fig = go.Figure(
        go.Bar(
            x=t["score"],
            y=labels,
            orientation="h",
            marker={"color": [grade_colour(g) for g in t["grade"]]},
            text=[f"{_fmt(s, False)} ({g})" for s, g in zip(t["score"], t["grade"])],
            textposition=_value_position(t["score"]),
            insidetextanchor="end",
            cliponaxis=False,
            customdata=list(
                zip(
                    t["completion_pct"].map(_fmt),
                    t["on_time_pct"].map(_fmt),
                    t["n_measures"],
                    t["n_agencies"],
                    t["n_overdue"],
                )
            ),
            hovertemplate=(
                f"<b>%{{y}}</b><br>{text('col.score', lang)}: %{{x:.1f}}"
                f"<br>{text('col.completion_pct', lang)}: %{{customdata[0]}}"
                f"<br>{text('col.on_time_pct', lang)}: %{{customdata[1]}}"
                f"<br>{text('col.n_measures', lang)}: %{{customdata[2]}}"
                f"<br>{text('col.n_agencies', lang)}: %{{customdata[3]}}"
                f"<br>{text('col.n_overdue', lang)}: %{{customdata[4]}}<extra></extra>"
            ),
        )
    )
    _pass_line(fig, lang)
    fig.update_yaxes(autorange="reversed")
    return style(fig, height=_bar_height(len(t), 2, presentation), presentation=presentation, legend=False)


# ---------------------------------------------------------------- one agency
def compare_chart(agency: dict, province: dict, lang: str = "th", presentation: bool = False) -> go.Figure:
    """An agency's completion, on-time share and score beside the province's (horizontal bars,
    so the Thai category names stay level and readable)."""
    metrics = [("completion_pct", "completion_pct"), ("on_time_pct", "pct_on_time"), ("score", "score")]
    cats = [text(f"col.{label}", lang) for label, _ in metrics]
    colours = theme()["compare"]
    fig = go.Figure()
    for name, source, colour in (
        (text("chart.this_agency", lang), agency, colours["agency"]),
        (text("chart.province", lang), province, colours["province"]),
    ):
        vals = [_num(source.get(key)) for _, key in metrics]
        fig.add_trace(
            go.Bar(
                y=cats,
                x=vals,
                name=name,
                orientation="h",
                marker={"color": colour},
                text=[_fmt(v, False) for v in vals],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{x:.1f}<extra>" + _esc(name) + "</extra>",
            )
        )
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 112], tickvals=[0, 25, 50, 75, pass_mark(), 100])
    return style(fig, height=300 if not presentation else 380, presentation=presentation)


# ---------------------------------------------------------------- timeliness
def timeliness_chart(
    table: pd.DataFrame, lang: str = "th", presentation: bool = False, limit: int | None = None
) -> go.Figure:
    """Late vs on time per group (agency or responsible unit): stacked counts in the timeliness
    colours, groups with the most overdue first."""
    if table.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    t = table.head(limit) if limit else table
    t = t.reset_index(drop=True)
    labels = [wrap_label(group_label(x, lang), 26, 2) for x in t["label"]]
    colours = timeliness_colors()
    fig = go.Figure()
    columns = {
        "on_time": "n_on_time",
        "late": "n_late",
        "overdue": "n_overdue",
        "not_due": "n_not_due",
        "unknown": "n_timeliness_unknown",
    }
    for tl, col in columns.items():
        fig.add_trace(
            go.Bar(
                x=t[col],
                y=labels,
                orientation="h",
                name=timeliness_label(tl, lang),
                marker={"color": colours[tl]},
                text=[str(int(v)) if v else "" for v in t[col]],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=f"%{{y}}<br>{timeliness_label(tl, lang)}: %{{x}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    fig.update_xaxes(title={"text": text("col.n_measures", lang)})
    return style(fig, height=_bar_height(len(t), 2, presentation), presentation=presentation)


def donut_chart(counts: dict[str, int], kind: str, lang: str = "th", presentation: bool = False) -> go.Figure:
    """Share of measures by status (kind="status") or by timeliness (kind="timeliness"): counts in
    the legend, the total in the middle, tiny slices unlabelled rather than overlapping."""
    colours = status_colors() if kind == "status" else timeliness_colors()
    label = status_label if kind == "status" else timeliness_label
    keys = [k for k in counts if counts[k] > 0]
    if not keys:
        return empty_figure(text("chart.no_data", lang), presentation)
    total = sum(counts[k] for k in keys)
    fig = go.Figure(
        go.Pie(
            labels=[f"{label(k, lang)} ({counts[k]:,})" for k in keys],
            values=[counts[k] for k in keys],
            hole=0.58,
            sort=False,
            direction="clockwise",
            marker={"colors": [colours[k] for k in keys], "line": {"color": "white", "width": 2}},
            textinfo="percent",
            textposition="inside",
            insidetextorientation="horizontal",
            texttemplate="%{percent:.0%}",
            hovertemplate="%{label}: %{percent:.1%}<extra></extra>",
        )
    )
    fig.add_annotation(
        text=f"<b>{total:,}</b><br>{text('chart.measures_total', lang)}",
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": int(theme()["font"]["presentation_chart_size"]) if presentation else 15},
    )
    fig = style(fig, height=380 if presentation else 300, presentation=presentation)
    fig.update_layout(
        uniformtext={"minsize": note_size(presentation) if presentation else 11, "mode": "hide"},
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
        legend={"orientation": "v", "y": 0.5, "yanchor": "middle", "x": 1.0, "xanchor": "left"},
    )
    return fig
