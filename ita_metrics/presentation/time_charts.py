"""Plotly figures over time: one agency's measures on a timeline, scores round to round and year to
year (slope), the province's trend. Same conventions as `charts` (Thai labels wrapped, one colour
per status and direction from data/ui.toml, file text HTML-escaped)."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from ita_metrics.model import TIMELINESS
from ita_metrics.presentation.charts import (
    _bar_height,
    _esc,
    _fmt,
    _num,
    empty_figure,
    note_size,
    status_colors,
    style,
    timeliness_colors,
    wrap_label,
)
from ita_metrics.presentation.theme import ink, pass_mark, theme
from ita_metrics.presentation.ui_text import month_label, text, timeliness_label


# ---------------------------------------------------------------- one agency's timeline
def _month_ticks(lo: date, hi: date, lang: str) -> tuple[list[str], list[str]]:
    """Monthly ticks labelled "ต.ค. 65" (Buddhist era) for Thai readers."""
    vals, labels = [], []
    cur = date(lo.year, lo.month, 1)
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    step = 1 if months <= 8 else 2 if months <= 16 else 3 if months <= 30 else 6
    i = 0
    while cur <= hi:
        if i % step == 0:
            vals.append(cur.isoformat())
            labels.append(month_label(cur, lang, short_year=True))
        cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
        i += 1
    return vals, labels


def _short_text(value: object, limit: int = 48) -> str:
    s = re.sub(r"\s+", " ", "" if value is None or value is pd.NA else str(value)).strip()
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _connectors(fig: go.Figure, labels: list[str], m: pd.DataFrame) -> None:
    """A grey line from each measure's deadline to its completion."""
    cx: list = []
    cy: list = []
    for lbl, due, done in zip(labels, m["due_date"], m["completed_date"]):
        if due and done:
            cx += [due, done, None]
            cy += [lbl, lbl, None]
    if cx:
        fig.add_trace(
            go.Scatter(
                x=cx,
                y=cy,
                mode="lines",
                line={"color": ink("connector"), "width": 2},
                hoverinfo="skip",
                showlegend=False,
            )
        )


def _points(fig: go.Figure, labels: list[str], full: list[str], part: pd.DataFrame, x_col: str, style_: tuple) -> None:
    """One trace of markers: `style_` is (legend name, marker, what the hover calls the date)."""
    name, marker, what = style_
    if part.empty:
        return
    fig.add_trace(
        go.Scatter(
            x=part[x_col],
            y=[labels[i] for i in part.index],
            mode="markers",
            name=name,
            marker=marker,
            customdata=[[full[i]] for i in part.index],
            hovertemplate=f"%{{customdata[0]}}<br><b>{what}</b>: %{{x|%d/%m/%Y}}<extra></extra>",
        )
    )


def _timeline_points(fig: go.Figure, labels: list[str], full: list[str], m: pd.DataFrame, lang: str) -> None:
    """Deadlines (open diamonds), completions (dots in the timeliness colour), not-done crosses."""
    colours = timeliness_colors()
    deadline = {"symbol": "diamond-open", "size": 12, "color": ink("text"), "line": {"width": 2}}
    _points(
        fig,
        labels,
        full,
        m.loc[m["due_date"] != ""],
        "due_date",
        (text("chart.deadline", lang), deadline, text("col.due_date", lang)),
    )
    for tl in TIMELINESS:
        name = f"{text('chart.completed', lang)}: {timeliness_label(tl, lang)}"
        marker = {"symbol": "circle", "size": 12, "color": colours[tl]}
        part = m.loc[(m["completed_date"] != "") & (m["timeliness"] == tl)]
        _points(fig, labels, full, part, "completed_date", (name, marker, text("col.completed_date", lang)))
    for tl in ("overdue", "not_due"):
        name = f"{text('chart.not_done', lang)}: {timeliness_label(tl, lang)}"
        marker = {"symbol": "x", "size": 11, "color": colours[tl]}
        part = m.loc[(m["completed_date"] == "") & (m["timeliness"] == tl) & (m["due_date"] != "")]
        _points(fig, labels, full, part, "due_date", (name, marker, text("col.due_date", lang)))


def _as_of_line(fig: go.Figure, labels: list[str], m: pd.DataFrame, lang: str) -> str | None:
    """The dashed as-of line (the latest as-of date of the measures); returns that date."""
    as_of = sorted({str(a)[:10] for a in m.get("as_of", pd.Series(dtype=str)) if str(a)})
    if not as_of:
        return None
    day = as_of[-1]
    fig.add_trace(
        go.Scatter(
            x=[day, day],
            y=[labels[0], labels[-1]],
            mode="lines",
            name=f"{text('chart.as_of', lang)} {month_label(date.fromisoformat(day), lang)}",
            line={"dash": "dash", "color": ink("muted"), "width": 1.5},
            hoverinfo="skip",
        )
    )
    return day


def timeline_chart(measures: pd.DataFrame, lang: str = "th", presentation: bool = False) -> go.Figure:
    """Each measure's deadline (open diamond) against its completion (dot in the timeliness
    colour), joined by a grey line; not-done measures show a cross at their deadline; a dashed
    line marks the as-of date. One line per measure, full text in the hover."""
    from ita_metrics.presentation.views import indicator_label

    m = measures.loc[(measures["due_date"] != "") | (measures["completed_date"] != "")].reset_index(drop=True)
    if m.empty:
        return empty_figure(text("chart.no_dates", lang), presentation)
    labels = [
        f"{i + 1}. {_esc(_short_text(t or indicator_label(ind, lang), 34 if presentation else 40))}"
        for i, (t, ind) in enumerate(zip(m["measure"], m["indicator"]))
    ]
    full = [wrap_label(_short_text(t, 300), 60) for t in m["measure"]]
    fig = go.Figure()
    _connectors(fig, labels, m)
    _timeline_points(fig, labels, full, m, lang)
    all_dates = [date.fromisoformat(d[:10]) for d in list(m["due_date"]) + list(m["completed_date"]) if d]
    day = _as_of_line(fig, labels, m, lang)
    if day:
        all_dates.append(date.fromisoformat(day))
    lo, hi = min(all_dates) - timedelta(days=20), max(all_dates) + timedelta(days=20)
    vals, ticks = _month_ticks(lo, hi, lang)
    fig.update_xaxes(type="date", range=[lo.isoformat(), hi.isoformat()], tickvals=vals, ticktext=ticks, tickangle=0)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    return style(fig, height=_bar_height(len(m), 1, presentation) + 40, presentation=presentation)


# ---------------------------------------------------------------- history (ita_metrics.scoring.history)
DIRECTIONS = ("down", "same", "up")


def direction_colors() -> dict[str, str]:
    """Went up / stayed / went down, in the status colours of data/ui.toml (done / unknown / not started)."""
    s = status_colors()
    return {"up": s["done"], "same": s["unknown"], "down": s["not_started"]}


def _short_agency(agency: object) -> str:
    from ita_metrics.thai.agencies import short_name  # late: charts stay light to import

    name = "" if agency is None or agency is pd.NA else str(agency)
    return (short_name(name) or name) if name else text("chart.no_score", "th")


def period_text(period: object, lang: str = "th") -> str:
    """ "2566/6" → "ปีงบ 2566 รอบ 6 เดือน" ("FY 2566, 6 months"); a year alone stays a year."""
    p = "" if period is None or period is pd.NA else str(period)
    if "/" in p:
        fy, rd = p.split("/", 1)
        return text("history.period_round", lang, fy=fy, round=rd)
    return text("history.period_year", lang, fy=p) if p.isdigit() else p


def _slope_line(agency: object, part: pd.DataFrame, direction: str, lang: str, first: bool) -> go.Scatter:
    """One agency's line, earlier score to later, in its direction's colour."""
    colour = direction_colors()[direction]
    change = _num(part["change"].iloc[0])
    hover = (
        f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}<br>{text('col.score', lang)}: %{{y:.1f}}"
        f" ({text('col.grade', lang)} %{{customdata[2]}})<br>{text('history.change', lang)}: %{{customdata[3]}}"
        "<extra></extra>"
    )
    return go.Scatter(
        x=part["x"],
        y=part["score"],
        mode="lines+markers",
        line={"color": colour, "width": 3 if direction == "down" else 1.6},
        marker={"size": 8 if direction == "down" else 6, "color": colour},
        name=text(f"history.dir_{direction}", lang),
        legendgroup=direction,
        legendrank={"up": 1, "same": 2, "down": 3}[direction],
        showlegend=first,
        cliponaxis=False,
        customdata=[
            [_esc(agency), _esc(period_text(p, lang)), g or "–", "–" if math.isnan(change) else f"{change:+.1f}"]
            for p, g in zip(part["period"], part["grade"])
        ],
        hovertemplate=hover,
    )


def _slope_names(fig: go.Figure, labels: list[tuple[float, str, str]], presentation: bool) -> None:
    """Names at the right end, nudged apart so close scores stay readable (hover shows the exact value)."""
    gap = 4.5 if presentation else 3.6
    placed: list[float] = []
    for y, label, colour in sorted(labels, reverse=True):
        y_text = min(y, placed[-1] - gap) if placed else y
        placed.append(y_text)
        fig.add_annotation(
            x=1.03,
            y=y_text,
            xref="x",
            yref="y",
            xanchor="left",
            showarrow=False,
            text=_esc(label),
            font={"color": colour, "size": note_size(presentation)},
        )


def slope_chart(slope: pd.DataFrame, lang: str = "th", presentation: bool = False) -> go.Figure:
    """One line per agency from its earlier score (left) to its later one (right), coloured by
    direction (up / same / down); falls and later scores under the pass mark (85) are labelled by
    name at the right end (every line when there are few), every line has a hover text.
    `slope` is `history.slope(...)` for ONE pair of periods (filter on `pair` first)."""
    if slope.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    periods = (
        slope.loc[slope["stage"] == "from", "period"].iloc[0],
        slope.loc[slope["stage"] == "to", "period"].iloc[0],
    )
    lines = list(slope.groupby("agency", sort=True))
    label_all = len(lines) <= 12
    fig = go.Figure()
    shown: set[str] = set()
    labels: list[tuple[float, str, str]] = []
    for direction in DIRECTIONS:  # falls drawn last, on top
        for agency, part in lines:
            part = part.sort_values("x")
            if part["direction"].iloc[0] != direction:
                continue
            fig.add_trace(_slope_line(agency, part, direction, lang, direction not in shown))
            shown.add(direction)
            last = _num(part["score"].iloc[-1])
            named = label_all or direction == "down" or last < pass_mark()
            if named and not math.isnan(last):
                labels.append((last, _short_agency(agency), direction_colors()[direction]))
    _slope_names(fig, labels, presentation)
    _pass_mark_line(fig, lang, presentation)
    fig.update_xaxes(
        tickvals=[0, 1],
        ticktext=[_esc(period_text(p, lang)) for p in periods],
        range=[-0.3, 1.55],
        showgrid=False,
        zeroline=False,
    )
    fig.update_yaxes(
        range=[0, 105], title={"text": text("col.score", lang)}, tickvals=[0, 25, 50, 75, pass_mark(), 100]
    )
    return style(fig, height=560 if presentation else 480, presentation=presentation)


def _pass_mark_line(fig: go.Figure, lang: str, presentation: bool) -> None:
    """The dashed pass mark (85) with its name left of the axis."""
    fig.add_hline(y=pass_mark(), line={"dash": "dash", "color": ink("muted"), "width": 1})
    fig.add_annotation(
        x=-0.02,
        y=pass_mark(),
        xref="x",
        xanchor="right",
        yanchor="middle",
        showarrow=False,
        text=text("chart.pass_mark", lang),
        font={"size": note_size(presentation), "color": ink("muted")},
    )


def _trend_traces(province: object, part: pd.DataFrame, colour: str, lang: str) -> list[go.Scatter]:
    """A province's pooled score (solid, labelled) and its agencies' mean score (dotted)."""
    x = [_esc(period_text(p, lang)) for p in part["period"]]
    prov = _esc(province)
    pooled = go.Scatter(
        x=x,
        y=part["score"],
        mode="lines+markers+text",
        name=text("history.trend_pooled", lang, province=prov),
        line={"color": colour, "width": 3},
        marker={"size": 9, "color": colour},
        text=[f"{_fmt(s, False)} ({g})" if g else "" for s, g in zip(part["score"], part["grade"])],
        textposition="top center",
        cliponaxis=False,
        customdata=list(
            zip(
                part["n_agencies"],
                part["n_measures"],
                part["change"].map(lambda c: "–" if math.isnan(_num(c)) else f"{_num(c):+.1f}"),
            )
        ),
        hovertemplate=(
            f"<b>{prov}</b> %{{x}}<br>{text('col.score', lang)}: %{{y:.1f}}"
            f"<br>{text('history.change', lang)}: %{{customdata[2]}}"
            f"<br>{text('col.n_agencies', lang)}: %{{customdata[0]}}"
            f"<br>{text('col.n_measures', lang)}: %{{customdata[1]}}<extra></extra>"
        ),
    )
    mean = go.Scatter(
        x=x,
        y=part["mean_agency_score"],
        mode="lines+markers",
        name=text("history.trend_mean", lang, province=prov),
        line={"color": colour, "width": 1.6, "dash": "dot"},
        marker={"size": 6, "color": colour},
        hovertemplate=f"<b>{prov}</b> %{{x}}<br>{text('history.trend_mean_short', lang)}: %{{y:.1f}}<extra></extra>",
    )
    return [pooled, mean]


def province_trend_chart(trend: pd.DataFrame, lang: str = "th", presentation: bool = False) -> go.Figure:
    """The province's pooled score per period (solid line) and the mean of its agencies' scores
    (dotted), one colour per province, pass mark at 85. `trend` is `history.province_trend`."""
    if trend.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    t = trend.sort_values(["period_order", "province"], kind="stable")
    order = list(dict.fromkeys(t["period"]))
    categories = [_esc(period_text(p, lang)) for p in order]
    fig = go.Figure()
    palette = theme()["trend"]["palette"]
    for i, (province, part) in enumerate(t.groupby("province", sort=True)):
        for trace in _trend_traces(province, part, palette[i % len(palette)], lang):
            fig.add_trace(trace)
    # the pass mark under the lines, named in the axis title: a note on the line could sit on a
    # period's score label
    fig.add_hline(y=pass_mark(), line={"dash": "dash", "color": ink("muted"), "width": 1}, layer="below")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=categories)
    fig.update_yaxes(
        range=[0, 108],
        title={"text": f"{text('col.score', lang)} · {text('chart.pass_line', lang)}"},
        tickvals=[0, 25, 50, 75, pass_mark(), 100],
    )
    return style(fig, height=480 if presentation else 400, presentation=presentation)
