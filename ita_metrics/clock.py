"""The wall clock: the one module of the package that reads it.

Why one place: the core takes today's date, the as-of date and timestamps as parameters, so a
result can be reproduced and a test can freeze time. The edges (the command line, the dashboard,
a `Store` made without a clock) take the real clock from here; `tests/test_clock.py` fails when
any other module of the package reads it (measuring a duration with `time` is not reading a date).

>>> now().tzinfo is not None
True
"""

from __future__ import annotations

from datetime import date, datetime


def now() -> datetime:
    """This moment in the machine's time zone (stored timestamps carry their offset)."""
    return datetime.now().astimezone()


def today() -> date:
    """The machine's date, for the command line (the dashboard uses Bangkok's date)."""
    return date.today()
