"""Fiscal years and rounds offered, and pre-selected, from today's date (a parameter, never the clock)."""

from __future__ import annotations

from datetime import date

import pytest

from ita_metrics.cli import main
from ita_metrics.interpret import periods


@pytest.mark.parametrize(
    "today, fy",
    [(date(2026, 9, 30), 2569), (date(2026, 10, 1), 2570), (date(2027, 1, 15), 2570), (date(2022, 12, 31), 2566)],
)
def test_fiscal_year_of(today, fy):
    assert periods.fiscal_year_of(today) == fy


@pytest.mark.parametrize(
    "today, period",
    [
        (date(2026, 11, 30), (2569, 12)),  # this session: FY2569 round 12 was due on 31 Oct 2026
        (date(2026, 10, 30), (2569, 6)),  # the day before it was due: round 6 is the latest passed
        (date(2026, 10, 31), (2569, 12)),  # due today counts as passed
        (date(2027, 4, 30), (2570, 6)),
        (date(2027, 4, 29), (2569, 12)),
        (date(2026, 1, 10), (2568, 12)),
    ],
)
def test_default_period_is_the_latest_round_already_due(today, period):
    assert periods.default_period(today) == period


def test_offered_years_stop_at_the_current_fiscal_year():
    years = periods.offered_fiscal_years(date(2026, 11, 30))
    assert years[0] == 2570 and 2571 not in years and years == sorted(years, reverse=True)
    assert years[-1] == 2563 and {2568, 2569} <= set(years)
    assert periods.offered_fiscal_years(date(2027, 10, 1))[0] == 2571


def test_round_dates_come_from_data():
    assert periods.rounds() == [6, 12]
    assert periods.reporting_date(2569, 6) == date(2026, 4, 30)
    assert periods.reporting_date(2569, 12) == date(2026, 10, 31)


def test_template_cli_defaults_to_the_latest_round_due(tmp_path, capsys, monkeypatch):
    from ita_metrics.cli import template as cli_template

    real_run = cli_template.run
    monkeypatch.setattr(cli_template, "run", lambda args: real_run(args, today=date(2026, 11, 30)))
    assert main(["template", str(tmp_path / "t.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "ปีงบประมาณ 2569, รอบ 12 เดือน" in out and "กรอบการประเมินปี 2568" in out
    assert main(["template", str(tmp_path / "u.xlsx"), "--fiscal-year", "2571"]) == 2
    err = capsys.readouterr().err
    assert "2571" in err and "2570" in err and " / " in err


def test_doctests():
    import doctest

    assert doctest.testmod(periods).failed == 0


def test_dashboard_offers_years_up_to_today_and_the_template_the_latest_round_due(tmp_path, monkeypatch):
    """The edges pass today's date: the sidebar lists fiscal years up to the current one and the
    template card pre-selects the latest round already due."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ITA_STORE_PATH", str(tmp_path / "ita.sqlite"))
    root = Path(__file__).resolve().parent.parent
    at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=180).run()
    from components.data import bangkok_today

    today = bangkok_today()  # what the app passes as today
    offered = at.selectbox(key="opt_fy").options
    assert offered[1:] == [str(y) for y in periods.offered_fiscal_years(today)]
    assert offered[1] == str(periods.fiscal_year_of(today))
    at = at.switch_page("pages/exports.py").run()
    assert not at.exception, [e.value for e in at.exception]
    fy, round_ = periods.default_period(today)
    assert at.selectbox(key="tpl_fy").value == fy and at.selectbox(key="tpl_round").value == round_
    assert str(periods.fiscal_year_of(today) + 1) not in at.selectbox(key="tpl_fy").options
