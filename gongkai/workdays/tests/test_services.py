"""Writes: permission, validation (nothing written on error), the audit row."""

import datetime as dt

import pytest

from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.permissions import can_manage_calendar

pytestmark = pytest.mark.django_db
D = dt.date
FAR = 2099

GOOD = {
    "year": FAR,
    "source_document": "测试通知（虚构）",
    "published_on": D(FAR - 1, 11, 1),
    "holidays": [(D(FAR, 1, 1), D(FAR, 1, 3), "元旦"), (D(FAR, 3, 2), D(FAR, 3, 6), "测试节")],
    "workdays": [(D(FAR, 1, 10), "元旦调休"), (D(FAR, 3, 7), "测试节调休")],
    # Not all seven festivals: entered as a partial notice (a complete one is checked, see below).
    "complete": False,
}


def test_only_system_administrators_may_manage_the_calendar(world):
    assert can_manage_calendar(world.sysadmin)
    for name in ("district_clerk", "city_supervisor", "nobody"):
        assert not can_manage_calendar(getattr(world, name))
        with pytest.raises(PermissionDeniedError, match="只有系统管理员"):
            services.calendar_year_enter(actor=getattr(world, name), **GOOD)
        with pytest.raises(PermissionDeniedError):
            services.calendar_day_set(actor=getattr(world, name), date=D(2025, 3, 3), kind="holiday", name="节",
                                      region_code="230502")
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()
    assert not EventLog.objects.filter(event_type__startswith="workdays.").exists()


def test_sysadmin_enters_a_year_with_one_event(world):
    record = services.calendar_year_enter(actor=world.sysadmin, **GOOD)
    assert not record.complete and record.entered_by == world.sysadmin
    assert CalendarDay.objects.filter(year=record, kind="holiday").count() == 8
    assert set(CalendarDay.objects.filter(kind="workday").values_list("date", flat=True)) == {
        D(FAR, 1, 10), D(FAR, 3, 7)
    }
    event = EventLog.objects.get(event_type=EventType.CALENDAR_YEAR_ENTERED)
    assert event.actor == world.sysadmin and event.organ is None
    assert event.details["year"] == FAR and event.details["rows_written"] == 10
    assert event.details["holidays"][0] == [f"{FAR}-01-01", f"{FAR}-01-03", "元旦"]


def test_the_system_may_enter_a_year(db):
    services.calendar_year_enter(actor=None, **GOOD)
    assert EventLog.objects.get(event_type=EventType.CALENDAR_YEAR_ENTERED).actor_name == "系统"


def test_re_entering_a_year_replaces_its_rows(world):
    services.calendar_year_enter(actor=world.sysadmin, **GOOD)
    services.calendar_day_set(actor=world.sysadmin, date=D(FAR, 6, 1), kind="holiday", name="单日")
    services.calendar_day_set(actor=world.sysadmin, date=D(FAR, 6, 2), kind="holiday", name="地方",
                              region_code="230502")
    services.calendar_year_enter(actor=world.sysadmin, **{**GOOD, "holidays": [(D(FAR, 5, 1), D(FAR, 5, 1), "劳动节")],
                                                          "workdays": []})
    national = CalendarDay.objects.filter(region_code="")
    assert list(national.values_list("date", flat=True)) == [D(FAR, 5, 1)]
    assert CalendarDay.objects.filter(region_code="230502").count() == 1  # other regions untouched
    assert CalendarYear.objects.count() == 1
    assert EventLog.objects.filter(event_type=EventType.CALENDAR_YEAR_ENTERED).count() == 2


@pytest.mark.parametrize(
    "change, message",
    [
        ({"holidays": [(D(FAR, 1, 1), D(FAR, 1, 3), "元旦")], "workdays": [(D(FAR, 1, 7), "")]}, "不是周末"),
        ({"holidays": [(D(FAR, 1, 1), D(FAR, 1, 3), "元旦")], "workdays": [(D(FAR, 1, 3), "")]}, "又是上班日"),
        ({"holidays": [(D(FAR + 1, 1, 1), D(FAR + 1, 1, 1), "元旦")]}, "不在2099年内"),
        ({"holidays": []}, "没有录入2099年的任何放假日"),
        ({"source_document": "  "}, "文号或标题"),
        ({"year": 1800}, "年度应在"),
    ],
)
def test_invalid_input_writes_nothing(world, change, message):
    with pytest.raises(ApplicationError, match=message):
        services.calendar_year_enter(actor=world.sysadmin, **{**GOOD, **change})
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()
    assert not EventLog.objects.filter(event_type__startswith="workdays.").exists()


def test_a_failure_after_deleting_rolls_everything_back(world, monkeypatch):
    services.calendar_year_enter(actor=world.sysadmin, **GOOD)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "record_event", boom)
    with pytest.raises(RuntimeError):
        services.calendar_year_enter(actor=world.sysadmin, **{**GOOD, "holidays": [(D(FAR, 5, 1), D(FAR, 5, 1), "劳动节")]})
    assert CalendarDay.objects.filter(year__year=FAR).count() == 10  # the first entry is intact


def test_set_and_remove_a_day(world):
    day = services.calendar_day_set(actor=world.sysadmin, date=D(2025, 3, 3), kind="holiday", name="地方节",
                                    region_code="230502")
    again = services.calendar_day_set(actor=world.sysadmin, date=D(2025, 3, 3), kind="holiday", name="改名",
                                      region_code="230502")
    assert again.pk == day.pk and again.name == "改名"
    set_events = EventLog.objects.filter(event_type=EventType.CALENDAR_DAY_SET).order_by("id")
    assert set_events.count() == 2 and set_events.last().details["before"] == {"kind": "holiday", "name": "地方节"}
    services.calendar_day_remove(actor=world.sysadmin, day=again)
    assert not CalendarDay.objects.exists()
    removed = EventLog.objects.get(event_type=EventType.CALENDAR_DAY_REMOVED)
    assert removed.details["date"] == "2025-03-03" and removed.actor == world.sysadmin
    with pytest.raises(ApplicationError, match="已不存在"):
        services.calendar_day_remove(actor=world.sysadmin, day=again)


def test_day_set_validation(world):
    with pytest.raises(ApplicationError, match="本来就是工作日"):
        services.calendar_day_set(actor=world.sysadmin, date=D(2025, 3, 3), kind="workday")
    with pytest.raises(ApplicationError, match="节日名称"):
        services.calendar_day_set(actor=world.sysadmin, date=D(2025, 3, 3), kind="holiday")
    with pytest.raises(ApplicationError, match="行政区划代码"):
        services.calendar_day_set(actor=world.sysadmin, date=D(2025, 3, 3), kind="holiday", name="节",
                                  region_code="2305x")
    # A region may work on a national holiday (a weekday): allowed, it is not a no-op there.
    day = services.calendar_day_set(actor=world.sysadmin, date=D(2025, 10, 6), kind="workday", region_code="230502")
    assert day.kind == "workday"
    assert not CalendarDay.objects.exclude(pk=day.pk).exists()


def test_a_complete_national_notice_must_arrange_all_seven_festivals(world):
    """《全国年节及纪念日放假办法》（国务院令第795号）第二条: 13 days in seven festivals. A notice entered as
    complete that lacks one is refused, naming what is missing; nothing is written."""
    with pytest.raises(ApplicationError) as caught:
        services.calendar_year_enter(actor=world.sysadmin, **{**GOOD, "complete": True})
    message = caught.value.message
    assert "2099年放假安排不完整" in message and "国务院令第795号" in message
    assert "春节（2099-01-20、2099-01-21、2099-01-22、2099-01-23）" in message
    assert "清明节（2099-04-04）" in message and "国庆节（2099-10-01、2099-10-02、2099-10-03）" in message
    assert "元旦" not in message.split("缺少", 1)[1]  # 元旦 is there
    assert not CalendarYear.objects.exists()
    # A statutory day declared 上班 is missing too.
    from gongkai.workdays import parsing

    assert parsing.missing_festivals(2027, [(D(2027, 1, 1), D(2027, 1, 1), "元旦")], [D(2027, 1, 1)])[0] == \
        "元旦（2027-01-01）"
