"""The staff workbench: log-in, lock-out, and per-role / per-organ access to organ pages."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.organs.models import DisclosureOffice
from gongkai.organs.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def organ_url(organ):
    return reverse("staff:organ", args=[organ.code])


def office_url(organ):
    return reverse("staff:office_edit", args=[organ.code])


def test_every_staff_page_sends_anonymous_visitors_to_log_in(world):
    for url in ("/staff/", organ_url(world.fgj), office_url(world.fgj), "/staff/password/", "/staff/calendar/"):
        assert_login_required(url)


def test_login_page_logs_in_and_records_the_event(world):
    client = Client()
    page = client.get("/staff/login/")
    assert page.status_code == 200 and "工作人员登录" in page.content.decode()
    response = client.post("/staff/login/", {"username": "fgj_clerk", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    home = client.get("/staff/").content.decode()
    assert "岭东区发展和改革局" in home and "经办人" in home
    assert EventLog.objects.filter(event_type=EventType.LOGIN_SUCCEEDED, actor=world.fgj_clerk).exists()


def test_wrong_password_gives_a_chinese_error_and_repeated_failures_lock_out(world, settings):
    client = Client()
    response = client.post("/staff/login/", {"username": "fgj_clerk", "password": "wrong"})
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/staff/login/", {"username": "fgj_clerk", "password": "wrong"})
    locked = client.post("/staff/login/", {"username": "fgj_clerk", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "暂时锁定" in locked.content.decode()
    assert EventLog.objects.filter(event_type=EventType.LOGIN_FAILED, actor_name="fgj_clerk").count() >= 5
    # Another user from the same address is not locked out.
    other = client.post("/staff/login/", {"username": "jyj_clerk", "password": TEST_PASSWORD})
    assert other.status_code == 302


def test_home_lists_only_what_the_user_may_see(world):
    body = assert_may(world.fgj_clerk, "/staff/").content.decode()
    assert "岭东区发展和改革局" in body and "岭东区教育局" not in body
    body = assert_may(world.city_supervisor, "/staff/").content.decode()
    assert all(n in body for n in ("双鸭山市人民政府", "岭东区人民政府", "岭东区教育局"))
    body = assert_may(world.nobody, "/staff/").content.decode()
    assert "尚未被授予任何角色" in body


@pytest.mark.parametrize("user,organ,allowed", [
    ("fgj_clerk", "fgj", True),
    ("fgj_clerk", "jyj", False),
    ("fgj_clerk", "district", False),
    ("jyj_clerk", "fgj", False),
    ("district_supervisor", "fgj", True),
    ("district_supervisor", "city", False),
    ("city_supervisor", "jyj", True),
    ("district_clerk", "fgj", False),
    ("sysadmin", "jyj", True),
    ("nobody", "district", False),
])
def test_organ_page_per_role_and_organ(world, user, organ, allowed):
    url = organ_url(getattr(world, organ))
    if allowed:
        assert_may(getattr(world, user), url)
    else:
        assert_may_not(getattr(world, user), url)


def test_forbidden_and_missing_organs_look_the_same(world):
    forbidden = assert_may_not(world.fgj_clerk, organ_url(world.jyj))
    missing = assert_may_not(world.fgj_clerk, "/staff/organs/NOSUCHCODE/")
    def without_csrf(response):
        # Only the per-response CSRF token and the page's own address (the 长者模式 form's "next") differ.
        return re.sub(rb'name="(csrfmiddlewaretoken|next)" value="[^"]+"', b"", response.content)

    assert without_csrf(forbidden) == without_csrf(missing)


def test_office_edit_by_own_clerk(world):
    client = client_for(world.fgj_clerk)
    assert client.get(office_url(world.fgj)).status_code == 200
    data = {"name": "岭东区发展和改革局办公室", "address": "东矿路3号", "postcode": "155120",
            "office_hours": "工作日", "phone": "0469-4381501", "fax": "0469-4381502", "email": "a@example.cn",
            "head": "张三"}
    response = client.post(office_url(world.fgj), data)
    assert response.status_code == 302
    assert DisclosureOffice.objects.get(organ=world.fgj).fax == "0469-4381502"


def test_office_edit_bad_input_is_400_in_chinese_and_writes_nothing(world):
    client = client_for(world.fgj_clerk)
    response = client.post(office_url(world.fgj), {"name": "办公室", "postcode": "1551", "email": "not-an-email"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "邮政编码应为6位数字" in body and "请输入有效的电子邮箱地址" in body
    assert DisclosureOffice.objects.get(organ=world.fgj).postcode == "155120"
    assert not EventLog.objects.filter(event_type=EventType.OFFICE_UPDATED).exists()


@pytest.mark.parametrize("user", ["jyj_clerk", "district_supervisor", "district_column_owner", "nobody"])
def test_office_edit_refused_per_role(world, user):
    assert_may_not(getattr(world, user), office_url(world.fgj))
    assert_may_not(getattr(world, user), office_url(world.fgj), method="post", data={"name": "x"})


def test_admin_is_for_system_administrators_only(world):
    assert_may(world.sysadmin, "/staff/admin/")
    assert_may(world.sysadmin, "/staff/admin/organs/organ/")
    for name in ("city_supervisor", "district_reviewer", "fgj_clerk"):
        response = client_for(getattr(world, name)).get("/staff/admin/")
        assert response.status_code == 302 and "/staff/admin/login/" in response["Location"]


def test_admin_creates_organs_through_the_service(world):
    from gongkai.organs.codes import make_uscc
    from gongkai.organs.models import Organ

    response = client_for(world.sysadmin).post("/staff/admin/organs/organ/add/", {
        "name": "岭东区卫生健康局", "short_name": "岭卫", "kind": "department", "parent": world.district.pk,
        "code": make_uscc("230502", "C0000009"), "region_code": "230502", "website": "", "is_active": "on",
        "office-TOTAL_FORMS": "0", "office-INITIAL_FORMS": "0", "office-MIN_NUM_FORMS": "0",
        "office-MAX_NUM_FORMS": "1",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    organ = Organ.objects.get(name="岭东区卫生健康局")
    assert organ.path == f"{world.district.path}{organ.pk}/"
    assert EventLog.objects.filter(event_type=EventType.ORGAN_CREATED, actor=world.sysadmin).exists()


def test_logout_is_a_post(world):
    client = client_for(world.fgj_clerk)
    response = client.post("/staff/logout/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302
