"""The staff calendar pages: who may see them, entering a year, regional days."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.workdays.calendar import chinesecalendar_years
from gongkai.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
D = dt.date

INDEX = "/staff/calendar/"
YEAR_TEXT = "2099-01-01~2099-01-03 元旦\n2099-01-20~2099-01-26 春节\n2099-04-04 清明节\n2099-05-01~2099-05-05 劳动节\n2099-06-23 端午节\n2099-09-29 中秋节\n2099-10-01~2099-10-07 国庆节\n上班 2099-01-10 元旦调休\n"


def year_post(**change):
    return {"year": "2099", "source_document": "测试通知（虚构）", "published_on": "2098-11-01", "region_code": "",
            "text": YEAR_TEXT, "save": "1", **change}


def test_urls():
    assert reverse("workdays:index") == INDEX
    assert reverse("workdays:year_enter") == "/staff/calendar/years/new/"


def test_anonymous_visitors_are_sent_to_log_in(world):
    for url in (INDEX, reverse("workdays:year_enter"), reverse("workdays:day_set")):
        assert_login_required(url)
    assert_login_required(reverse("workdays:day_remove", args=[1]), method="post")


def test_everyone_but_the_sysadmin_gets_404(world):
    for name in ("district_clerk", "city_supervisor", "district_reviewer", "nobody"):
        user = getattr(world, name)
        assert_may_not(user, INDEX)
        assert_may_not(user, reverse("workdays:year_enter"))
        assert_may_not(user, reverse("workdays:year_enter"), method="post", data=year_post())
        assert_may_not(user, reverse("workdays:day_set"))
    assert not CalendarYear.objects.exists()


def test_sysadmin_sees_years_around_today(world, frozen_today):
    page = assert_may(world.sysadmin, INDEX).content.decode()
    for year in (2025, 2026, 2027, 2028):
        assert f"{year}年" in page
    assert "春节" in page and "chinesecalendar" in page
    # Whether 2027/2028 have data depends on the installed chinesecalendar; the page must say so.
    for year in (2027, 2028):
        assert (f"{year}年的放假安排尚未录入" in page) == (year not in chinesecalendar_years())
    assert '<label for="id_region">' in page


def test_sysadmin_enters_a_year(world, frozen_today, django_capture_on_commit_callbacks):
    client = client_for(world.sysadmin)
    form = client.get(reverse("workdays:year_enter")).content.decode()
    assert '<label for="id_text">' in form and '<label for="id_source_document">' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workdays:year_enter"), year_post())
    assert response.status_code == 302 and response["Location"] == INDEX
    record = CalendarYear.objects.get(year=2099)
    assert record.entered_by == world.sysadmin and record.source_text == YEAR_TEXT.strip()
    assert CalendarDay.objects.filter(year=record).count() == 26  # 25 days off in seven festivals, one 调休
    assert EventLog.objects.filter(event_type=EventType.CALENDAR_YEAR_ENTERED, actor=world.sysadmin).count() == 1
    assert "已录入" in client.get(INDEX).content.decode()


def test_preview_writes_nothing(world):
    response = client_for(world.sysadmin).post(reverse("workdays:year_enter"), year_post(save="", preview="1"))
    page = response.content.decode()
    assert response.status_code == 200 and "预览" in page and "2099-01-10" in page
    assert not CalendarYear.objects.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"text": "2099-01-01~2099-01-03 元旦\n2099年2月1日 春节"}, "第2行：无法识别"),
        ({"text": "2099-01-01~2099-01-03 元旦\n上班 2099-01-07"}, "不是周末"),
        ({"text": "2099-01-01~2099-01-03 元旦\n上班 2099-01-03"}, "又是上班日"),
        ({"region_code": "2305x"}, "行政区划代码"),
        ({"source_document": ""}, "这个字段是必填项"),
    ],
)
def test_bad_input_shows_chinese_errors_and_writes_nothing(world, change, message):
    response = client_for(world.sysadmin).post(reverse("workdays:year_enter"), year_post(**change))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and "没有写入任何数据" in page
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()
    assert not EventLog.objects.filter(event_type__startswith="workdays.").exists()


def test_regional_days_are_listed_added_and_removed(world, frozen_today):
    client = client_for(world.sysadmin)
    form = client.get(reverse("workdays:day_set")).content.decode()
    assert '<label for="id_date">' in form
    response = client.post(reverse("workdays:day_set"),
                           {"date": "2026-03-03", "kind": "holiday", "name": "地方节日（测试）", "region_code": "230502"})
    assert response.status_code == 302
    day = CalendarDay.objects.get(region_code="230502")
    page = client.get(INDEX).content.decode()
    assert "地方节日（测试）" in page and "230502" in page
    regional = client.get(INDEX, {"region": "230502"}).content.decode()
    assert "地区 230502" in regional
    bad = client.post(reverse("workdays:day_set"), {"date": "2026-03-04", "kind": "workday", "region_code": ""})
    assert "本来就是工作日" in bad.content.decode()
    assert client.get(reverse("workdays:day_remove", args=[day.pk])).status_code == 405
    assert client.post(reverse("workdays:day_remove", args=[day.pk])).status_code == 302
    assert not CalendarDay.objects.exists()
    assert EventLog.objects.filter(event_type=EventType.CALENDAR_DAY_REMOVED).count() == 1
    assert_may_not(world.district_clerk, reverse("workdays:day_remove", args=[day.pk]), method="post")


def test_admin_is_read_mostly_for_the_sysadmin(world):
    from gongkai.workdays import services

    record = services.calendar_year_enter(
        actor=None, year=2099, source_document="测试通知（虚构）", published_on=D(2098, 11, 1),
        holidays=[(D(2099, 1, 1), D(2099, 1, 3), "元旦")], workdays=[], complete=False,
    )
    day = record.days.first()
    for url in ("/staff/admin/workdays/calendaryear/", f"/staff/admin/workdays/calendaryear/{record.pk}/change/",
                "/staff/admin/workdays/calendarday/", f"/staff/admin/workdays/calendarday/{day.pk}/change/"):
        assert_may(world.sysadmin, url)
    assert_may(world.sysadmin, "/staff/admin/workdays/calendarday/add/", status=403)
    response = client_for(world.sysadmin).post(
        "/staff/admin/workdays/calendarday/", {"action": "remove_days", "_selected_action": [day.pk]}
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert EventLog.objects.filter(event_type=EventType.CALENDAR_DAY_REMOVED, actor=world.sysadmin).count() == 1
    assert client_for(world.district_clerk).get("/staff/admin/workdays/calendarday/").status_code == 302
