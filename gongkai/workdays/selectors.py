"""Named reads of the working-day calendar: the database lookup behind the public functions.

`year_calendar(year, region)` composes chinesecalendar with the rows an administrator entered
(see `calendar.compose_year` for precedence) and keeps the result in Django's cache, one entry
per (region, year). Every write bumps a version token (`bump_version`, called on commit by the
services), so stale entries are never read again. A page computing fifty deadlines therefore
costs at most two queries the first time a year is needed and none after that.

In a deployment with several processes, configure a shared cache (Redis) so that one process's
write invalidates every process's entries; with the default per-process memory cache, other
processes see a change after CACHE_SECONDS at the latest.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet

from . import calendar
from .calendar import Source, YearCalendar
from .models import CalendarDay, CalendarRevision, CalendarYear

VERSION_KEY = "workdays:version"
CACHE_SECONDS = 15 * 60


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or "0"
    return version


def bump_version() -> None:
    """Invalidate every cached year (a new random token, so a lost key cannot revive old entries)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def current_version() -> int:
    """The calendar's version: the number of the latest `CalendarRevision` (0 before any change).
    Stored beside every deadline so that a deadline computed before a change can be found."""
    key = f"workdays:{_version()}:revision"
    version = cache.get(key)
    if version is None:
        version = CalendarRevision.objects.order_by("-id").values_list("id", flat=True).first() or 0
        cache.set(key, version, CACHE_SECONDS)
    return version


def latest_revisions(n: int = 5) -> list[CalendarRevision]:
    """The last changes with their recomputation progress (the calendar page)."""
    return list(CalendarRevision.objects.order_by("-id")[:n])


def region_code_of(region) -> str:
    """Accept None, a 行政区划代码 string, or anything with `region_code` (an Organ)."""
    if region is None:
        return ""
    code = getattr(region, "region_code", region)
    return calendar.normalise_region(code)


def _complete_national_years(version: str) -> frozenset[int]:
    key = f"workdays:{version}:complete-years"
    years = cache.get(key)
    if years is None:
        years = frozenset(
            CalendarYear.objects.filter(region_code="", complete=True).values_list("year", flat=True)
        )
        cache.set(key, years, CACHE_SECONDS)
    return years


def year_calendar(year: int, region=None) -> YearCalendar:
    """The calendar of `year` for a region (None or '' = national), from the cache when it can."""
    code = region_code_of(region)
    version = _version()
    key = f"workdays:{version}:{code or 'national'}:{year}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    prefixes = calendar.region_prefixes(code)
    rows = list(
        CalendarDay.objects.filter(date__year=year, region_code__in=["", *prefixes])
        .values_list("date", "kind", "name", "region_code")
    )
    by_code: dict[str, list[calendar.DayRule]] = {}
    for date, kind, name, row_code in rows:
        by_code.setdefault(row_code, []).append(calendar.DayRule(date, kind, name))
    result = calendar.compose_year(
        year,
        entered_complete=year in _complete_national_years(version),
        national=by_code.get("", ()),
        regional=[by_code.get(p, ()) for p in prefixes],
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


def lookup_for(region=None) -> calendar.Lookup:
    """A lookup for the pure functions in `calendar`, fetching each year once per computation."""
    code = region_code_of(region)
    return calendar.memoised(lambda year: year_calendar(year, code))


# --- for the staff pages ----------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date
    name: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class YearOverview:
    year: int
    source: Source
    has_data: bool
    record: CalendarYear | None
    holidays: list[Span]
    workdays: list[tuple[dt.date, str]]


def _spans(holidays: dict[dt.date, str]) -> list[Span]:
    """Consecutive holiday days grouped into spans (a name change starts a new span only when
    the days are not consecutive, so 国庆节 and 中秋 together read as one span)."""
    spans: list[Span] = []
    for d in sorted(holidays):
        if spans and spans[-1].end + dt.timedelta(days=1) == d:
            last = spans[-1]
            name = last.name if holidays[d] in last.name.split("、") else f"{last.name}、{holidays[d]}"
            spans[-1] = Span(last.start, d, name)
        else:
            spans.append(Span(d, d, holidays[d]))
    return spans


def years_overview(years: list[int], region=None) -> list[YearOverview]:
    """Each year's source, holiday spans and 调休 working days, for the calendar page."""
    code = region_code_of(region)
    records = {r.year: r for r in CalendarYear.objects.filter(year__in=years, region_code=code)}
    out = []
    for year in years:
        cal = year_calendar(year, code)
        out.append(YearOverview(
            year=year,
            source=cal.source,
            has_data=cal.has_data,
            record=records.get(year),
            holidays=_spans(dict(cal.holidays)),
            workdays=sorted(cal.workdays.items()),
        ))
    return out


def region_overrides() -> QuerySet[CalendarDay]:
    """Every regional day (region_code not empty), by region then date."""
    return CalendarDay.objects.exclude(region_code="").select_related("year").order_by("region_code", "date")


def national_single_days() -> QuerySet[CalendarDay]:
    """National days set one at a time (not part of an entered year)."""
    return CalendarDay.objects.filter(region_code="", year__isnull=True).order_by("date")


def entered_years() -> QuerySet[CalendarYear]:
    return CalendarYear.objects.select_related("entered_by").order_by("-year", "region_code")
