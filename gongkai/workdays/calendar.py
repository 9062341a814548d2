"""Working-day maths: pure functions, no database.

What counts as a 工作日 (working day)
------------------------------------
The 条例 counts its periods in 工作日 — 第三十三条: an application is answered within 20 working
days of receipt, extendable by at most 20 more — but does not define the word. Gongkai follows
practice: a day is a working day unless it is a 法定节假日 under 《全国年节及纪念日放假办法》 or
a weekend rest day, and a weekend day that a 国务院办公厅 notice declares 上班 (调休) *is* a
working day.

How a period is counted
-----------------------
- The day of receipt is not counted; counting starts the next day (民法典 第二百零一条, applied
  by analogy: "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算").
- A period whose last day is a rest day ends on the next working day (民法典 第二百零三条).
  Counting whole working days gives that for free: the n-th working day is always a working day.

Where the calendar comes from
-----------------------------
Each function here takes a `lookup(year) -> YearCalendar` so it stays pure; the database-backed
lookup (chinesecalendar + days an administrator entered, per region) lives in `selectors.py`, and
the package's public functions (`gongkai.workdays.add_working_days` …) bind the two. Build a
lookup by hand with `compose_year` for tests and tools.

A year "has data" when chinesecalendar knows it or an administrator entered its notice and
marked it complete. Without data a year falls back to the *provisional calendar of the statute*:
weekends plus the statutory holidays of 《全国年节及纪念日放假办法》 (`statute.py`: 13 days since
2025), without the 调休 swaps only the yearly notice can tell. Every result touching such a year is
*provisional*: see `years_without_data` and `Deadline`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from . import statute

HOLIDAY = "holiday"
WORKDAY = "workday"

# A year with no working day at all is nonsense data; stop scanning rather than loop for ever.
_MAX_REST_RUN = 400


class Source(StrEnum):
    """Where a year's national calendar comes from (shown on the staff calendar page)."""

    CHINESECALENDAR = "chinesecalendar"
    ENTERED = "entered"
    STATUTE = "statute"  # no notice yet: the statutory holidays of the 放假办法 (provisional)
    NONE = "none"  # before 2008: weekends only

    @property
    def label(self) -> str:
        return {"chinesecalendar": "chinesecalendar", "entered": "管理员录入", "statute": "按放假办法推算（暂定）",
                "none": "无数据"}[self.value]


@dataclass(frozen=True, eq=False)
class YearCalendar:
    """The days of one year (for one region) that differ from "Monday–Friday work".

    `holidays` maps each 放假 day (weekday or weekend) to its name; `workdays` maps each weekend
    day that is worked (调休) to its name. Any other day is a working day iff it is Monday–Friday.
    `has_data` is False when no notice is known for the year (the statute's provisional calendar,
    or weekends only before 2008): then every result touching it is provisional.
    """

    year: int
    has_data: bool
    source: Source
    holidays: Mapping[dt.date, str] = field(default_factory=dict)
    workdays: Mapping[dt.date, str] = field(default_factory=dict)

    def is_working_day(self, d: dt.date) -> bool:
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5


Lookup = Callable[[int], YearCalendar]


# --- chinesecalendar --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def chinesecalendar_years() -> range:
    """The years the installed chinesecalendar has data for (1.11.0: 2004–2026)."""
    from chinese_calendar.constants import holidays

    years = {d.year for d in holidays}
    return range(min(years), max(years) + 1)


@lru_cache(maxsize=64)
def chinesecalendar_year(year: int) -> YearCalendar | None:
    """The national calendar of `year` according to chinesecalendar, or None if it lacks the year."""
    if year not in chinesecalendar_years():
        return None
    from chinese_calendar.constants import Holiday, holidays, workdays

    def chinese(name: str) -> str:
        try:
            return Holiday(name).chinese
        except ValueError:
            return name

    return YearCalendar(
        year=year,
        has_data=True,
        source=Source.CHINESECALENDAR,
        holidays={d: chinese(n) for d, n in holidays.items() if d.year == year},
        workdays={d: chinese(n) for d, n in workdays.items() if d.year == year},
    )


# --- composing a year from its layers ---------------------------------------------------------


@dataclass(frozen=True)
class DayRule:
    """One day set by an administrator: `kind` is HOLIDAY or WORKDAY."""

    date: dt.date
    kind: str
    name: str = ""


def compose_year(
    year: int,
    *,
    entered_complete: bool = False,
    national: Iterable[DayRule] = (),
    regional: Iterable[Iterable[DayRule]] = (),
    use_chinesecalendar: bool = True,
) -> YearCalendar:
    """Build one year's calendar from its layers, later layers winning day by day.

    Precedence (highest first): region overrides (`regional`, ordered from the widest prefix to
    the exact code, so the most specific wins) > the national days an administrator entered >
    chinesecalendar > the statutory holidays of the 放假办法 (provisional) > weekends only.

    With `entered_complete` the administrator's national days replace chinesecalendar for the
    year (a whole notice entered, possibly correcting chinesecalendar); otherwise they are single
    corrections on top of it. The year has data when chinesecalendar knows it or it was entered
    complete; region overrides never make a year "with data".
    """
    base = None if (entered_complete or not use_chinesecalendar) else chinesecalendar_year(year)
    holidays: dict[dt.date, str] = dict(base.holidays) if base else {}
    workdays: dict[dt.date, str] = dict(base.workdays) if base else {}
    if base is None and not entered_complete:
        holidays = dict(statute.statutory_days(year))
    for layer in (national, *regional):
        for rule in layer:
            if rule.date.year != year:
                continue
            holidays.pop(rule.date, None)
            workdays.pop(rule.date, None)
            (holidays if rule.kind == HOLIDAY else workdays)[rule.date] = rule.name
    if entered_complete:
        source = Source.ENTERED
    elif base is not None:
        source = Source.CHINESECALENDAR
    elif statute.decree_for(year) is not None:
        source = Source.STATUTE
    else:
        source = Source.NONE
    return YearCalendar(year=year, has_data=source in (Source.CHINESECALENDAR, Source.ENTERED), source=source,
                        holidays=holidays,
                        workdays=workdays)


def memoised(lookup: Lookup) -> Lookup:
    """Wrap a lookup so each year is fetched once per computation."""
    seen: dict[int, YearCalendar] = {}

    def get(year: int) -> YearCalendar:
        if year not in seen:
            seen[year] = lookup(year)
        return seen[year]

    return get


def chinesecalendar_lookup(year: int) -> YearCalendar:
    """chinesecalendar alone; the statute's provisional calendar for the years it lacks (no database)."""
    return chinesecalendar_year(year) or compose_year(year, use_chinesecalendar=False)


# --- the maths --------------------------------------------------------------------------------


def _as_date(d: dt.date) -> dt.date:
    if isinstance(d, dt.datetime):
        raise TypeError("请传入日期（date），而不是日期时间（datetime）；先换算为当地日期。")
    return d


def is_working_day(d: dt.date, lookup: Lookup) -> bool:
    """True when `d` is a 工作日: a working weekday, or a weekend day worked for 调休."""
    d = _as_date(d)
    return lookup(d.year).is_working_day(d)


def next_working_day(d: dt.date, lookup: Lookup) -> dt.date:
    """The first working day strictly after `d`."""
    d = _as_date(d)
    get = memoised(lookup)
    for _ in range(_MAX_REST_RUN):
        d += dt.timedelta(days=1)
        if get(d.year).is_working_day(d):
            return d
    raise ValueError(f"{d.year}年前后连续{_MAX_REST_RUN}天没有工作日，日历数据有误。")


def add_working_days(start: dt.date, n: int, lookup: Lookup) -> dt.date:
    """The n-th working day after `start` — the last day of a period of n working days.

    `start` itself is never counted (民法典 第二百零一条): counting starts the next day, so
    receipt on 2025-01-20 plus 20 working days is 2025-02-21. Holidays are skipped and 调休
    weekend days count. The result is always a working day, which is how a period ending on a rest
    day moves to the next working day (民法典 第二百零三条).

    n = 0 gives `start` when it is a working day, otherwise the next working day (the day a
    zero-length period falls due). Negative n raises ValueError.
    """
    start = _as_date(start)
    if n < 0:
        raise ValueError("工作日天数不能为负数。")
    get = memoised(lookup)
    if n == 0:
        return start if get(start.year).is_working_day(start) else next_working_day(start, get)
    d, counted, rest_run = start, 0, 0
    while counted < n:
        d += dt.timedelta(days=1)
        if get(d.year).is_working_day(d):
            counted += 1
            rest_run = 0
        else:
            rest_run += 1
            if rest_run > _MAX_REST_RUN:
                raise ValueError(f"{d.year}年前后连续{_MAX_REST_RUN}天没有工作日，日历数据有误。")
    return d


def working_days_between(a: dt.date, b: dt.date, lookup: Lookup) -> int:
    """The number of working days in (a, b]: after `a`, up to and including `b`.

    This is the inverse of `add_working_days`: for every n ≥ 1,
    `working_days_between(s, add_working_days(s, n)) == n`. Equal dates give 0; when b is before
    a the result is negative, minus the working days in (b, a] — so "days used so far" and "days
    left" read naturally from the sign.
    """
    a, b = _as_date(a), _as_date(b)
    if b < a:
        return -working_days_between(b, a, lookup)
    get = memoised(lookup)
    count = 0
    d = a
    while d < b:
        d += dt.timedelta(days=1)
        if get(d.year).is_working_day(d):
            count += 1
    return count


def years_without_data(start: dt.date, end: dt.date, lookup: Lookup) -> list[int]:
    """The years from `start` to `end` (either order, both included) with no calendar data."""
    lo, hi = sorted((_as_date(start), _as_date(end)))
    return [y for y in range(lo.year, hi.year + 1) if not lookup(y).has_data]


def no_data_warning(years: Iterable[int]) -> str | None:
    """Why a date is provisional, naming the years, or None. Never a "weekends only" guess: the
    statutory holidays are counted; only the notice's 调休 arrangement is unknown."""
    years = sorted(set(years))
    if not years:
        return None
    named = "、".join(f"{y}年" for y in years)
    if all(statute.decree_for(y) is None for y in years):
        return f"{named}没有放假安排数据，该日期只按周末推算，为暂定日期。"
    return (f"{named}的放假安排尚未录入，该日期按《全国年节及纪念日放假办法》规定的法定节假日推算"
            "（未含调休），为暂定日期，以国务院办公厅放假通知为准。")


PROVISIONAL_MARK = "（暂定）"


@dataclass(frozen=True)
class Deadline:
    """A due date as one value: the date, whether it is provisional, why, and the calendar version.

    `provisional` is True when the span from start to due date touches a year without a notice;
    `warning` then names the year(s) in Chinese, ready to show next to the date (never inside a
    letter under seal: a sealed letter states one firm date, confirmed by the clerk).
    `calendar_version` is the working-day calendar's version the date was computed with
    (`gongkai.workdays.current_version`), so a stored date can be found stale and recomputed.
    """

    due: dt.date
    provisional: bool = False
    warning: str | None = None
    years_without_data: tuple[int, ...] = ()
    calendar_version: int | None = None

    def __str__(self) -> str:
        return self.due.isoformat() + (PROVISIONAL_MARK if self.provisional else "")

    @property
    def text(self) -> str:
        """The date as pages and e-mails print it, with the provisional mark: 2027年1月5日（暂定）."""
        return f"{self.due.year}年{self.due.month}月{self.due.day}日" + (PROVISIONAL_MARK if self.provisional else "")

    def as_json(self) -> dict:
        """What the API answers for a date: never a provisional date without its mark."""
        return {"date": self.due.isoformat(), "provisional": self.provisional, "note": self.warning,
                "calendar_version": self.calendar_version}


def span_deadline(start: dt.date, due: dt.date, lookup: Lookup, *, version: int | None = None) -> Deadline:
    """A date computed some other way (calendar days, a date a decision sets) with its reliability:
    provisional when any year from `start` to `due` lacks a notice."""
    missing = tuple(years_without_data(start, due, memoised(lookup)))
    return Deadline(due=due, provisional=bool(missing), warning=no_data_warning(missing),
                    years_without_data=missing, calendar_version=version)


def deadline(start: dt.date, n: int, lookup: Lookup) -> Deadline:
    """`add_working_days(start, n)` together with whether it is provisional and why.

    For example 第三十三条: `deadline(received_on, 20)` is the 答复期限.
    """
    get = memoised(lookup)
    return span_deadline(start, add_working_days(start, n, get), get)


# --- regions ----------------------------------------------------------------------------------


def normalise_region(code: str | None) -> str:
    """A region override's code: '' (national), or a 2-, 4- or 6-digit 行政区划代码 prefix.

    A 6-digit code ending in "0000" names a province and one ending in "00" a prefecture-level
    division (GB/T 2260), so they become the 2- and 4-digit prefixes: "230000" → "23",
    "222400" → "2224". Raises ValueError (Chinese message) for anything else.
    """
    code = (code or "").strip()
    if code == "":
        return ""
    if not code.isdigit() or len(code) not in (2, 4, 6):
        raise ValueError(f"行政区划代码“{code}”无效：应为6位数字（或2位、4位前缀）。")
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    if len(code) == 4 and code.endswith("00"):
        return code[:2]
    return code


def region_prefixes(code: str | None) -> list[str]:
    """The override codes that apply to a region, widest first: "230502" → ["23", "2305", "230502"]."""
    code = normalise_region(code)
    return [code[:k] for k in (2, 4, 6) if len(code) >= k]
