"""Tables and the chart of the follow-up pages (roster, submissions, search), in the user's
language: pure, so the page, the downloads and the tests show the same thing."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ita_metrics.followup.submissions import LATE, MISSING, NOT_IN_ROSTER, RECEIVED
from ita_metrics.presentation import charts
from ita_metrics.presentation.ui_text import format_date, text
from ita_metrics.presentation.views import display_measures, short
from ita_metrics.thai import gazetteer

SUBMISSION_STATES = (RECEIVED, LATE, MISSING)


def status_label(code: str, lang: str = "th") -> str:
    return text(f"sub.{code}", lang)


def submission_colors() -> dict[str, str]:
    """Received in the colour of done, late in that of late, missing in that of overdue."""
    t = charts.timeliness_colors()
    return {
        RECEIVED: charts.status_colors()["done"],
        LATE: t["late"],
        MISSING: t["overdue"],
        NOT_IN_ROSTER: t["unknown"],
    }


def district_text(district: str, agency: str, province: str, lang: str = "th") -> str:
    """The district, or why it is unknown (the gazetteer found several places or none)."""
    if district:
        return district
    placed = gazetteer.place_of(agency, province)
    if placed.status == gazetteer.FOUND:
        return text("sub.place_gazetteer", lang, district=placed.district)
    if placed.status == gazetteer.AMBIGUOUS:
        return text("sub.place_ambiguous", lang, n=len(placed.candidates))
    return text("sub.place_unknown", lang)


def display_submissions(status: pd.DataFrame, lang: str = "th", province: str = "") -> pd.DataFrame:
    """The status table as read on screen; a report naming no province is looked up in the
    roster's `province`."""
    s = status
    return pd.DataFrame(
        {
            text("col.agency", lang): s["agency"].map(short),
            text("col.district", lang): [
                district_text(d, a, p or province, lang) for d, a, p in zip(s["district"], s["agency"], s["province"])
            ],
            text("sub.col_status", lang): s["status"].map(lambda c: status_label(c, lang)),
            text("sub.col_file", lang): s["received_file"],
            text("sub.col_received_on", lang): [
                format_date(d.isoformat() if d else "", lang) for d in s["received_on"]
            ],
            text("sub.col_basis", lang): [text(f"sub.basis_{b}", lang) if b else "" for b in s["received_basis"]],
            text("sub.col_days_late", lang): s["days_late"],
        }
    ).reset_index(drop=True)


def display_roster(roster: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    return pd.DataFrame(
        {
            text("col.agency", lang): roster["agency"],
            text("col.district", lang): roster["district"],
            text("roster.col_subdistrict", lang): roster["subdistrict"],
            text("roster.col_source", lang): roster["source"],
        }
    )


def submissions_chart(by_district: pd.DataFrame, lang: str = "th", presentation: bool = False) -> go.Figure:
    """Per district: received / late / not received, stacked, the district with most missing first."""
    if by_district.empty:
        return charts.empty_figure(text("chart.no_data", lang), presentation)
    labels = [str(d) for d in by_district["district"]]
    colours = submission_colors()
    fig = go.Figure()
    for state in SUBMISSION_STATES:
        label = status_label(state, lang)
        fig.add_trace(
            go.Bar(
                x=by_district[state],
                y=labels,
                orientation="h",
                name=label,
                marker={"color": colours[state]},
                text=[str(int(v)) if v else "" for v in by_district[state]],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                hovertemplate=f"%{{y}}<br>{label}: %{{x}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", bargap=0.3)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    fig.update_xaxes(title={"text": text("sub.n_agencies", lang)})
    return charts.style(fig, height=max(260, 70 + 34 * len(labels)), presentation=presentation)


def display_search(hits: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """Search results as the measure table an officer reads, with the fields that matched."""
    table = display_measures(hits, lang, with_agency=True)
    names = {f: text(f"search.field_{f}", lang) for f in ("issue", "measure", "steps", "result")}
    table.insert(
        1,
        text("search.col_matched", lang),
        [", ".join(names[f] for f in m.split(";") if f) for m in hits["matched_in"]],
    )
    return table
