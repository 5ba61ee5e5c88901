from datetime import date

from ita_metrics.interpret.timeliness import days_overdue, timeliness

AS_OF = date(2023, 4, 30)


def test_done_on_or_before_deadline_is_on_time():
    assert timeliness("done", date(2022, 10, 31), "day", date(2022, 10, 31), "day", AS_OF) == "on_time"


def test_done_after_deadline_is_late():
    assert timeliness("done", date(2022, 10, 31), "month", date(2023, 1, 30), "day", AS_OF) == "late"


def test_month_precision_compares_months():
    # Deadline "October" and completion 3 October: same month, on time.
    assert timeliness("done", date(2022, 10, 31), "month", date(2022, 10, 3), "day", AS_OF) == "on_time"
    assert timeliness("done", date(2022, 10, 15), "day", date(2022, 10, 31), "month", AS_OF) == "on_time"


def test_not_done_past_deadline_is_overdue():
    assert timeliness("in_progress", date(2023, 3, 31), "month", None, "", AS_OF) == "overdue"
    assert timeliness("not_started", date(2023, 3, 31), "day", None, "", AS_OF) == "overdue"


def test_not_done_before_deadline_is_not_due():
    assert timeliness("not_started", date(2023, 4, 30), "month", None, "", date(2023, 4, 25)) == "not_due"


def test_no_deadline_or_no_completion_date_is_unknown():
    assert timeliness("in_progress", None, "", None, "", AS_OF) == "unknown"
    assert timeliness("done", date(2022, 10, 31), "month", None, "", AS_OF) == "unknown"
    assert timeliness("unknown", date(2022, 10, 31), "month", None, "", AS_OF) == "unknown"


def test_days_overdue():
    assert days_overdue(date(2023, 4, 20), AS_OF) == 10
    assert days_overdue(date(2023, 5, 20), AS_OF) is None
