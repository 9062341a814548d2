"""The Chinese working-day calendar: chinesecalendar, plus what a system administrator enters.

Public API (all dates are `datetime.date`; `region` is None for the national calendar, a
行政区划代码 such as "230502", or an object with `region_code` such as an Organ)::

    from gongkai.workdays import add_working_days, deadline

    add_working_days(received_on, 20, region=organ)   # 第三十三条: the 20th working day after receipt
    d = deadline(received_on, 20, region=organ)       # the same, with d.provisional and d.warning

- `is_working_day(d, *, region=None) -> bool`
- `add_working_days(start, n, *, region=None) -> date`: counting starts the day after `start`
  (民法典 第二百零一条); the result is always a working day (第二百零三条); n = 0 gives `start`
  if it is a working day, else the next one; negative n raises ValueError.
- `working_days_between(a, b, *, region=None) -> int`: working days in (a, b]; 0 when a == b,
  negative when b < a. Inverse of add_working_days for n ≥ 1.
- `next_working_day(d, *, region=None) -> date`: the first working day strictly after d.
- `years_without_data(start, end, *, region=None) -> list[int]`: years in the span with neither
  chinesecalendar data nor a complete entered notice; dates there are computed on the statute's
  provisional calendar (weekends + the statutory holidays of the 放假办法, `statute.py`).
- `deadline(start, n, *, region=None) -> Deadline(due, provisional, warning, years_without_data,
  calendar_version)`: one value wherever a date is stored, shown or sent.
- `span_deadline(start, due, *, region=None) -> Deadline`: the same marks for a date computed
  another way (calendar days; a date a decision sets).
- `current_version() -> int`: the calendar's version (see `recompute.py` for self-healing).

None of these raises for a year without data. The maths is in `calendar.py` (pure); the data in
`selectors.py`. The functions below import the database layer lazily, so importing this package
is safe before Django's apps are ready.
"""

from __future__ import annotations

import datetime as dt

from .calendar import Deadline

__all__ = [
    "Deadline",
    "add_working_days",
    "deadline",
    "is_working_day",
    "current_version",
    "next_working_day",
    "span_deadline",
    "working_days_between",
    "years_without_data",
]


def _lookup(region):
    from .selectors import lookup_for

    return lookup_for(region)


def is_working_day(d: dt.date, *, region=None) -> bool:
    """True when `d` is a 工作日 (a working weekday, or a weekend day worked for 调休)."""
    from . import calendar

    return calendar.is_working_day(d, _lookup(region))


def add_working_days(start: dt.date, n: int, *, region=None) -> dt.date:
    """The n-th working day after `start`, `start` not counted. See `calendar.add_working_days`."""
    from . import calendar

    return calendar.add_working_days(start, n, _lookup(region))


def working_days_between(a: dt.date, b: dt.date, *, region=None) -> int:
    """Working days in (a, b]; negative when b is before a. See `calendar.working_days_between`."""
    from . import calendar

    return calendar.working_days_between(a, b, _lookup(region))


def next_working_day(d: dt.date, *, region=None) -> dt.date:
    """The first working day strictly after `d`."""
    from . import calendar

    return calendar.next_working_day(d, _lookup(region))


def years_without_data(start: dt.date, end: dt.date, *, region=None) -> list[int]:
    """The years between `start` and `end` (inclusive) whose holidays are unknown."""
    from . import calendar

    return calendar.years_without_data(start, end, _lookup(region))


def current_version() -> int:
    from .selectors import current_version as version

    return version()


def deadline(start: dt.date, n: int, *, region=None) -> Deadline:
    """`add_working_days(start, n)` with `provisional`, a Chinese `warning` naming unknown years and
    the calendar version used."""
    from dataclasses import replace

    from . import calendar

    return replace(calendar.deadline(start, n, _lookup(region)), calendar_version=current_version())


def span_deadline(start: dt.date, due: dt.date, *, region=None) -> Deadline:
    """A date computed another way, marked provisional when a year from `start` to `due` lacks a notice."""
    from . import calendar

    return calendar.span_deadline(start, due, _lookup(region), version=current_version())
