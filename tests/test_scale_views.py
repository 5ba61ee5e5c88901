"""Views at a region's scale (issue 19, point 2): at 2,000 agencies in 8 provinces no chart is
taller than two screens and none sends more than 1 MB to the browser; the charts still add up to
the same measures, and a small province keeps one row per agency (and its click-through)."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from ita_metrics.model import to_frame
from ita_metrics.presentation import charts, scale_views, views

SCREEN_PX = 1000  # a laptop screen's height (CSS px), generously
MAX_PAYLOAD = 1_000_000  # bytes of chart JSON
PROVINCES = ("นครราชสีมา", "บุรีรัมย์", "สุรินทร์", "ศรีสะเกษ", "อุบลราชธานี", "ขอนแก่น", "มหาสารคาม", "ร้อยเอ็ด")
STATUSES = ("done", "in_progress", "not_started")


def region_measures(n_agencies: int, seed: int = 19) -> pd.DataFrame:
    """n agencies over 8 provinces × 25 districts, 12 measures each over the 2568 indicators;
    the same district names in several provinces, as real ones (เฉลิมพระเกียรติ) are."""
    rng = random.Random(seed)
    records = []
    for a in range(n_agencies):
        province = PROVINCES[a % len(PROVINCES)]
        district = f"อำเภอทดสอบ{(a // len(PROVINCES)) % 25}"
        agency = f"องค์การบริหารส่วนตำบลทดสอบ{a}"
        for k in range(12):
            indicator = 1 + (a + k) % 10
            records.append(
                {
                    "source_file": f"{a}.xlsx",
                    "source_row": k + 5,
                    "agency": agency,
                    "district": district,
                    "province": province,
                    "fiscal_year": 2568,
                    "round": 12,
                    "catalog_year": 2568,
                    "tool": "IIT" if indicator <= 5 else "EIT",
                    "indicator": indicator,
                    "measure": f"มาตรการ {k}",
                    "status": rng.choice(STATUSES),
                    "timeliness": rng.choice(("on_time", "late", "overdue")),
                    "as_of": "2025-10-03",
                }
            )
    return to_frame(records)


@pytest.fixture(scope="module")
def region() -> pd.DataFrame:
    return region_measures(2000)


def _check(fig, what: str) -> None:
    height = fig.layout.height
    payload = len(fig.to_json().encode("utf-8"))
    assert height is not None and height <= 2 * SCREEN_PX, f"{what}: {height} px tall"
    assert payload <= MAX_PAYLOAD, f"{what}: {payload:,} bytes"


def test_2000_agencies_every_chart_within_two_screens_and_1_mb(region: pd.DataFrame):
    overview = views.agency_overview(region)
    assert len(overview) == 2000
    drawn, cut = scale_views.ranking_rows(views.sort_overview(overview, "score"))
    assert cut and len(drawn) == scale_views.max_rows()
    # the best and the weakest: rank 1 and the last rank are both drawn
    assert drawn["rank"].min() == overview["rank"].min() and drawn["rank"].max() == overview["rank"].max()
    _check(charts.ranking_chart(drawn, "th"), "ranking")
    _check(charts.status_mix_chart(drawn, "th"), "status mix")
    for tool in (None, "IIT"):
        matrix = scale_views.heatmap_matrix(region, tool)
        assert matrix.level == "province" and len(matrix.labels) == len(PROVINCES)
        _check(charts.heatmap_chart(matrix, "th"), f"heatmap {tool}")
    _check(charts.indicator_chart(views.indicator_summary(region), "th"), "indicators")
    _check(charts.timeliness_chart(views.timeliness_by(region, "agency"), "th", False, 20), "timeliness")
    for fig, what in ((charts.ranking_chart(overview, "th"), "uncut ranking"),):
        assert fig.layout.height > 2 * SCREEN_PX, f"{what}: the limit must be what keeps the charts small"


def test_heatmap_aggregates_by_district_keeping_same_named_districts_apart(region: pd.DataFrame):
    one_province = region.loc[region["province"].isin(PROVINCES[:2])]  # 500 agencies, 50 districts
    matrix = scale_views.heatmap_matrix(one_province, None, limit=60)
    assert matrix.level == "district"
    assert len(matrix.labels) == 50  # 25 names × 2 provinces: a name shared by two provinces is two rows
    assert "อำเภอทดสอบ0 · นครราชสีมา" in matrix.labels and "อำเภอทดสอบ0 · บุรีรัมย์" in matrix.labels
    assert int(matrix.counts.to_numpy().sum()) == len(one_province)  # every measure counted once
    fig = charts.heatmap_chart(matrix, "th")
    assert len(fig.data) == 1  # no click-through markers: a row is not one agency


def test_a_small_province_keeps_one_row_per_agency_and_its_click_through():
    measures = region_measures(30)
    matrix = scale_views.heatmap_matrix(measures)
    assert matrix.level == "agency" and len(matrix.labels) == 30
    drawn, cut = scale_views.ranking_rows(views.agency_overview(measures))
    assert not cut and len(drawn) == 30
    assert len(charts.heatmap_chart(matrix, "th").data) == 2  # the cells and their selectable markers
