"""Writes to the working-day calendar. Each is one atomic, permission-checked, audited action.

Only system administrators may write (`permissions.can_manage_calendar`); `actor=SYSTEM` (or None) means the
system itself (the `enter_holidays` command run by the operator). Every write records a
`CalendarRevision` (the calendar's new version) and, once the transaction commits, bumps the
cache's version and recomputes every stored deadline touching the changed year (`recompute.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from gongkai.core.events import is_system, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.organs.actors import Actor

from . import calendar, parsing
from .models import CalendarDay, CalendarRevision, CalendarYear
from .permissions import can_manage_calendar
from .selectors import bump_version, year_calendar

MIN_YEAR, MAX_YEAR = 1949, 2200


def _require_admin(actor: Actor) -> None:
    if not is_system(actor):
        require(can_manage_calendar(actor), "只有系统管理员可以修改工作日历。")


def _actor_user(actor: Actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _revise(*, year: int, region_code: str, reason: str) -> CalendarRevision:
    """A new calendar version; once committed, the deadlines touching `year` are recomputed."""
    from .recompute import recompute_revision

    revision = CalendarRevision.objects.create(year=year, region_code=region_code, reason=reason[:200])
    transaction.on_commit(bump_version)
    transaction.on_commit(lambda: recompute_revision.delay(revision.pk))
    return revision


def clean_region_code(code: str | None) -> str:
    try:
        return calendar.normalise_region(code)
    except ValueError as exc:
        raise ApplicationError(str(exc), field="region_code") from None


def _check_year_number(year) -> int:
    if not isinstance(year, int) or not (MIN_YEAR <= year <= MAX_YEAR):
        raise ApplicationError(f"年度应在{MIN_YEAR}年至{MAX_YEAR}年之间。", field="year")
    return year


@transaction.atomic
def calendar_year_enter(
    *,
    actor: Actor,
    year: int,
    source_document: str,
    published_on: dt.date,
    holidays: Iterable,
    workdays: Iterable,
    region_code: str = "",
    complete: bool = True,
    source_text: str = "",
) -> CalendarYear:
    """Enter a whole year's 放假安排 from a notice, replacing that year's rows for the region.

    `holidays` are (date_from, date_to, name) spans, both days included; `workdays` are
    (date, name) weekend days worked for 调休 (parsing.HolidaySpan / WorkdayEntry also accepted,
    and then errors name their line). For the nation (`region_code` '') a complete year replaces
    chinesecalendar for that year — this is how a year chinesecalendar lacks is added, or a year
    it has is corrected. Every earlier row of that region dated in the year (including single-day
    overrides) is replaced. Raises ApplicationError (Chinese; `extra["errors"]` lists them all)
    and writes nothing when the days do not check out (`parsing.check_year`).
    """
    _require_admin(actor)
    year = _check_year_number(year)
    code = clean_region_code(region_code)
    source_document = (source_document or "").strip()
    if not source_document:
        raise ApplicationError("请填写放假通知的文号或标题。", field="source_document")
    if not isinstance(published_on, dt.date):
        raise ApplicationError("请填写通知的发布日期。", field="published_on")
    spans, works = parsing.as_spans(holidays), parsing.as_workdays(workdays)
    errors = parsing.check_year(year, spans, works, national=not code)
    if not errors and complete and not code:
        # A national notice replaces the provisional calendar only when it arranges all seven festivals.
        missing = parsing.missing_festivals(year, spans, works)
        if missing:
            errors = [parsing.completeness_error(year, missing)]
    if errors:
        raise ApplicationError("；".join(errors), field="text", extra={"errors": errors})

    new_dates = {d for h in spans for d in h.days()} | {w.date for w in works}
    existing = CalendarYear.objects.select_for_update().filter(year=year, region_code=code).first()
    stale = Q(date__year=year) | Q(date__in=new_dates)
    if existing is not None:
        stale |= Q(year=existing)
    replaced, _ = CalendarDay.objects.filter(stale, region_code=code).delete()

    record, _ = CalendarYear.objects.update_or_create(
        year=year, region_code=code,
        defaults={"source_document": source_document, "published_on": published_on, "complete": complete,
                  "source_text": source_text, "entered_by": _actor_user(actor)},
    )
    rows = [CalendarDay(date=d, region_code=code, kind=CalendarDay.Kind.HOLIDAY, name=h.name.strip(), year=record,
                        entered_by=_actor_user(actor))
            for h in spans for d in h.days()]
    rows += [CalendarDay(date=w.date, region_code=code, kind=CalendarDay.Kind.WORKDAY, name=w.name.strip(),
                         year=record, entered_by=_actor_user(actor))
             for w in works]
    CalendarDay.objects.bulk_create(rows)
    record_event(
        actor=actor, event_type=EventType.CALENDAR_YEAR_ENTERED, obj=record,
        details={
            "year": year, "region_code": code, "source_document": source_document,
            "published_on": published_on.isoformat(), "complete": complete,
            "holidays": [[h.start.isoformat(), h.end.isoformat(), h.name] for h in spans],
            "workdays": [[w.date.isoformat(), w.name] for w in works],
            "rows_replaced": replaced, "rows_written": len(rows),
        },
    )
    where = f"（{code}）" if code else ""
    _revise(year=year, region_code=code, reason=f"录入{year}年放假安排{where}：{source_document}")
    return record


@transaction.atomic
def calendar_day_set(*, actor: Actor, date: dt.date, kind: str, name: str = "", region_code: str = "") -> CalendarDay:
    """Set one day as 放假 or 上班 for a region (or nationally, with `region_code` '').

    For a region this is a local holiday of a 民族自治地方 (or a local 调休); nationally, a single
    correction on top of chinesecalendar or an entered year. A day already set for the same region
    is changed. A 上班 day must be a weekend day or a day that is otherwise a holiday there.
    """
    _require_admin(actor)
    code = clean_region_code(region_code)
    if not isinstance(date, dt.date) or not (MIN_YEAR <= date.year <= MAX_YEAR):
        raise ApplicationError("请填写有效的日期。", field="date")
    if kind not in CalendarDay.Kind.values:
        raise ApplicationError("类型应为“放假”或“上班（调休）”。", field="kind")
    name = (name or "").strip()
    if kind == CalendarDay.Kind.HOLIDAY and not name:
        raise ApplicationError("请填写节日名称。", field="name")
    if kind == CalendarDay.Kind.WORKDAY and date.weekday() < 5 and date not in year_calendar(date.year, code).holidays:
        raise ApplicationError(
            f"{date:%Y-%m-%d}（{parsing.WEEKDAYS[date.weekday()]}）本来就是工作日，无需设为上班。", field="date"
        )
    day = CalendarDay.objects.select_for_update().filter(date=date, region_code=code).first()
    before = {"kind": day.kind, "name": day.name} if day else None
    if day is None:
        day = CalendarDay.objects.create(date=date, region_code=code, kind=kind, name=name,
                                         entered_by=_actor_user(actor))
    else:
        day.kind, day.name, day.entered_by = kind, name, _actor_user(actor)
        day.save(update_fields=["kind", "name", "entered_by", "updated_at"])
    record_event(
        actor=actor, event_type=EventType.CALENDAR_DAY_SET, obj=day,
        details={"date": date.isoformat(), "region_code": code, "kind": kind, "name": name, "before": before},
    )
    where = f"（{code}）" if code else ""
    _revise(year=date.year, region_code=code,
            reason=f"设置{date:%Y-%m-%d}为{CalendarDay.Kind(kind).label}{where}")
    return day


@transaction.atomic
def calendar_day_remove(*, actor: Actor, day: CalendarDay) -> None:
    """Remove one day (single override or part of an entered year); the layer below shows again."""
    _require_admin(actor)
    day = CalendarDay.objects.select_for_update().filter(pk=day.pk).first()
    if day is None:
        raise ApplicationError("该日期设置已不存在。")
    record_event(
        actor=actor, event_type=EventType.CALENDAR_DAY_REMOVED, obj=day,
        details={"date": day.date.isoformat(), "region_code": day.region_code, "kind": day.kind, "name": day.name,
                 "year_id": day.year_id},
    )
    where = f"（{day.region_code}）" if day.region_code else ""
    _revise(year=day.date.year, region_code=day.region_code, reason=f"删除{day.date:%Y-%m-%d}的设置{where}")
    day.delete()
