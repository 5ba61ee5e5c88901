"""Plotly figures for the dashboard: Thai labels wrapped at word boundaries, one colour per status
(from data/ui.toml), hover text and legends in the user's language.

Pure functions from tables (ita_metrics.views) to figures, so they are tested and benchmarked
without a browser. Text that came from a file (agency names, measure text) is HTML-escaped before
it reaches plotly, which renders a subset of HTML in labels.
"""

from __future__ import annotations

import html
import math
import re
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from ita_metrics.model import GRADES, STATUSES, TIMELINESS
from ita_metrics.theme import font_family, grade_colour, ink, pass_mark, theme
from ita_metrics.ui_text import month_label, status_label, text, timeliness_label


# ---------------------------------------------------------------- configuration
def status_colors() -> dict[str, str]:
    return dict(theme()["status"])


def timeliness_colors() -> dict[str, str]:
    return dict(theme()["timeliness"])


# ---------------------------------------------------------------- Thai labels
@lru_cache(maxsize=1)
def _tokenizer():
    from pythainlp.tokenize import word_tokenize  # imported late: loading the dictionary takes ~0.5 s

    return word_tokenize


def _words(label: str) -> list[str]:
    """Thai words (newmm) with spaces kept; Latin text split at spaces."""
    if not re.search("[\u0e00-\u0e7f]", label):
        return re.split(r"(\s+)", label)
    return _tokenizer()(label, engine="newmm", keep_whitespace=True)


@lru_cache(maxsize=8192)
def wrap_label(label: str, width: int | None = None, max_lines: int | None = None) -> str:
    """A label broken into lines of about `width` characters at word boundaries, joined with
    <br>, HTML-escaped; too many lines end with "…". Thai has no spaces between words, so the
    breaks come from pythainlp's newmm tokenizer.

    >>> wrap_label("องค์การบริหารส่วนตำบลทุ่งมะพร้าว", 12)
    'องค์การบริหารส่วนตำบล<br>ทุ่งมะพร้าว'
    """
    width = width or int(theme()["chart"]["label_width"])
    label = re.sub(r"\s+", " ", str(label)).strip()
    if len(label) <= width:
        return html.escape(label, quote=False)
    lines: list[str] = []
    line = ""
    for word in _words(label):
        if line and len(line) + len(word.rstrip()) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    if line.strip():
        lines.append(line.rstrip())
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    return "<br>".join(html.escape(x, quote=False) for x in lines)


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
            label += f"<br><span style='{size}color:{ink('muted')}'>อ.{_esc(district)}</span>"
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
def heatmap_chart(matrix, lang: str = "th", presentation: bool = False) -> go.Figure:
    """Agencies × indicators, completion % (red → green). An invisible marker sits on every cell
    so that a click selects it (plotly heatmaps themselves are not selectable)."""
    from ita_metrics.views import indicator_label  # local: views imports charts' siblings only

    if matrix.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    values, counts = matrix.values, matrix.counts
    indicators = [int(i) for i in values.columns]
    x = [f"{text('chart.indicator_short', lang)}<br>{i}" for i in indicators]  # two short lines, never turned
    y = [wrap_label(lbl) for lbl in matrix.labels]
    z = values.to_numpy(dtype="float64")
    names = [_esc(indicator_label(i, lang)) for i in indicators]
    cell_text = [["" if math.isnan(v) else f"{v:.0f}" for v in row] for row in z]
    hover_rows = []
    for r, agency in enumerate(values.index):
        row = []
        for c, _ in enumerate(indicators):
            v, n = z[r][c], int(counts.iat[r, c])
            row.append(
                f"<b>{_esc(agency)}</b><br>{names[c]}<br>"
                + (
                    text("chart.no_measures_here", lang)
                    if n == 0
                    else f"{text('col.completion_pct', lang)}: {v:.0f}%<br>{text('col.n_measures', lang)}: {n}"
                )
            )
        hover_rows.append(row)
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
    # selectable overlay: one invisible point per cell that has measures
    px, py, pdata, ptext = [], [], [], []
    for r, agency in enumerate(values.index):
        for c, ind in enumerate(indicators):
            if int(counts.iat[r, c]) > 0:
                px.append(x[c])
                py.append(y[r])
                pdata.append([str(agency), ind])
                ptext.append(hover_rows[r][c])
    fig.add_trace(
        go.Scatter(
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
    )
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
    from ita_metrics.views import indicator_label

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


def timeline_chart(measures: pd.DataFrame, lang: str = "th", presentation: bool = False) -> go.Figure:
    """Each measure's deadline (open diamond) against its completion (dot in the timeliness
    colour), joined by a grey line; not-done measures show a cross at their deadline; a dashed
    line marks the as-of date. One line per measure, full text in the hover."""
    from ita_metrics.views import indicator_label

    m = measures.loc[(measures["due_date"] != "") | (measures["completed_date"] != "")].reset_index(drop=True)
    if m.empty:
        return empty_figure(text("chart.no_dates", lang), presentation)
    colours = timeliness_colors()
    labels = [
        f"{i + 1}. {_esc(_short_text(t or indicator_label(ind, lang), 34 if presentation else 40))}"
        for i, (t, ind) in enumerate(zip(m["measure"], m["indicator"]))
    ]
    full = [wrap_label(_short_text(t, 300), 60) for t in m["measure"]]
    fig = go.Figure()
    cx, cy = [], []
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

    def points(part: pd.DataFrame, x_col: str, name: str, marker: dict, what: str) -> None:
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

    points(
        m.loc[m["due_date"] != ""],
        "due_date",
        text("chart.deadline", lang),
        {"symbol": "diamond-open", "size": 12, "color": ink("text"), "line": {"width": 2}},
        text("col.due_date", lang),
    )
    for tl in TIMELINESS:
        points(
            m.loc[(m["completed_date"] != "") & (m["timeliness"] == tl)],
            "completed_date",
            f"{text('chart.completed', lang)}: {timeliness_label(tl, lang)}",
            {"symbol": "circle", "size": 12, "color": colours[tl]},
            text("col.completed_date", lang),
        )
    for tl in ("overdue", "not_due"):
        points(
            m.loc[(m["completed_date"] == "") & (m["timeliness"] == tl) & (m["due_date"] != "")],
            "due_date",
            f"{text('chart.not_done', lang)}: {timeliness_label(tl, lang)}",
            {"symbol": "x", "size": 11, "color": colours[tl]},
            text("col.due_date", lang),
        )
    all_dates = [date.fromisoformat(d[:10]) for d in list(m["due_date"]) + list(m["completed_date"]) if d]
    as_of = sorted({str(a)[:10] for a in m.get("as_of", pd.Series(dtype=str)) if str(a)})
    if as_of:
        day = as_of[-1]
        all_dates.append(date.fromisoformat(day))
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
    lo, hi = min(all_dates) - timedelta(days=20), max(all_dates) + timedelta(days=20)
    vals, ticks = _month_ticks(lo, hi, lang)
    fig.update_xaxes(type="date", range=[lo.isoformat(), hi.isoformat()], tickvals=vals, ticktext=ticks, tickangle=0)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    return style(fig, height=_bar_height(len(m), 1, presentation) + 40, presentation=presentation)


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
    labels = [wrap_label(str(x), 26, 2) for x in t["label"]]
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


# ---------------------------------------------------------------- history (ita_metrics.history)
DIRECTIONS = ("down", "same", "up")


def direction_colors() -> dict[str, str]:
    """Went up / stayed / went down, in the status colours of data/ui.toml (done / unknown / not started)."""
    s = status_colors()
    return {"up": s["done"], "same": s["unknown"], "down": s["not_started"]}


def _short_agency(agency: object) -> str:
    from ita_metrics.agencies import short_name  # late: charts stay light to import

    name = "" if agency is None or agency is pd.NA else str(agency)
    return (short_name(name) or name) if name else text("chart.no_score", "th")


def period_text(period: object, lang: str = "th") -> str:
    """ "2566/6" → "ปีงบ 2566 รอบ 6 เดือน" ("FY 2566, 6 months"); a year alone stays a year."""
    p = "" if period is None or period is pd.NA else str(period)
    if "/" in p:
        fy, rd = p.split("/", 1)
        return text("history.period_round", lang, fy=fy, round=rd)
    return text("history.period_year", lang, fy=p) if p.isdigit() else p


def slope_chart(slope: pd.DataFrame, lang: str = "th", presentation: bool = False) -> go.Figure:
    """One line per agency from its earlier score (left) to its later one (right), coloured by
    direction (up / same / down); falls and later scores under the pass mark (85) are labelled by
    name at the right end (every line when there are few), every line has a hover text.
    `slope` is `history.slope(...)` for ONE pair of periods (filter on `pair` first)."""
    if slope.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    colours = direction_colors()
    periods = (
        slope.loc[slope["stage"] == "from", "period"].iloc[0],
        slope.loc[slope["stage"] == "to", "period"].iloc[0],
    )
    lines = list(slope.groupby("agency", sort=True))
    label_all = len(lines) <= 12
    hover = (
        f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}<br>{text('col.score', lang)}: %{{y:.1f}}"
        f" ({text('col.grade', lang)} %{{customdata[2]}})<br>{text('history.change', lang)}: %{{customdata[3]}}"
        "<extra></extra>"
    )
    fig = go.Figure()
    shown: set[str] = set()
    labels: list[tuple[float, str, str]] = []
    for direction in DIRECTIONS:  # falls drawn last, on top
        for agency, part in lines:
            part = part.sort_values("x")
            if part["direction"].iloc[0] != direction:
                continue
            change = _num(part["change"].iloc[0])
            label = _short_agency(agency)
            named = label_all or direction == "down" or _num(part["score"].iloc[-1]) < pass_mark()
            fig.add_trace(
                go.Scatter(
                    x=part["x"],
                    y=part["score"],
                    mode="lines+markers",
                    line={"color": colours[direction], "width": 3 if direction == "down" else 1.6},
                    marker={"size": 8 if direction == "down" else 6, "color": colours[direction]},
                    name=text(f"history.dir_{direction}", lang),
                    legendgroup=direction,
                    legendrank={"up": 1, "same": 2, "down": 3}[direction],
                    showlegend=direction not in shown,
                    cliponaxis=False,
                    customdata=[
                        [
                            _esc(agency),
                            _esc(period_text(p, lang)),
                            g or "–",
                            "–" if math.isnan(change) else f"{change:+.1f}",
                        ]
                        for p, g in zip(part["period"], part["grade"])
                    ],
                    hovertemplate=hover,
                )
            )
            shown.add(direction)
            if named and not math.isnan(_num(part["score"].iloc[-1])):
                labels.append((_num(part["score"].iloc[-1]), label, colours[direction]))
    # names at the right end, nudged apart so close scores stay readable (hover shows the exact value)
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


def province_trend_chart(trend: pd.DataFrame, lang: str = "th", presentation: bool = False) -> go.Figure:
    """The province's pooled score per period (solid line) and the mean of its agencies' scores
    (dotted), one colour per province, pass mark at 85. `trend` is `history.province_trend`."""
    if trend.empty:
        return empty_figure(text("chart.no_data", lang), presentation)
    t = trend.sort_values(["period_order", "province"], kind="stable")
    order = list(dict.fromkeys(t["period"]))
    categories = [_esc(period_text(p, lang)) for p in order]
    fig = go.Figure()
    for i, (province, part) in enumerate(t.groupby("province", sort=True)):
        palette = theme()["trend"]["palette"]
        colour = palette[i % len(palette)]
        x = [_esc(period_text(p, lang)) for p in part["period"]]
        prov = _esc(province)
        fig.add_trace(
            go.Scatter(
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
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=part["mean_agency_score"],
                mode="lines+markers",
                name=text("history.trend_mean", lang, province=prov),
                line={"color": colour, "width": 1.6, "dash": "dot"},
                marker={"size": 6, "color": colour},
                hovertemplate=(
                    f"<b>{prov}</b> %{{x}}<br>{text('history.trend_mean_short', lang)}: %{{y:.1f}}<extra></extra>"
                ),
            )
        )
    fig.add_hline(
        y=pass_mark(),
        line={"dash": "dash", "color": ink("muted"), "width": 1},
        annotation={
            "text": text("chart.pass_mark", lang),
            "showarrow": False,
            "font": {"size": note_size(presentation), "color": ink("muted")},
        },
        annotation_position="bottom right",
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=categories)
    fig.update_yaxes(
        range=[0, 108], title={"text": text("col.score", lang)}, tickvals=[0, 25, 50, 75, pass_mark(), 100]
    )
    return style(fig, height=480 if presentation else 400, presentation=presentation)
