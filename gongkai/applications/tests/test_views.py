"""The workbench per role and per organ: who sees which case, who may act, anonymous → login."""

import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.applications.models import Status
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for

from .factories import registered_case

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    return app


@pytest.mark.parametrize("url", ["/staff/applications/", "/staff/applications/new/", "/staff/applications/fees/",
                                 "/staff/applications/YS2026000001/", "/staff/letters/1/"])
def test_anonymous_goes_to_login(url):
    assert_login_required(url)


def test_case_page_per_role(world, case):
    url = f"/staff/applications/{case.tracking_no}/"
    for user in (world.district_clerk, world.district_reviewer, world.district_supervisor, world.city_supervisor,
                 world.sysadmin):
        assert_may(user, url)
    for user in (world.fgj_clerk, world.fgj_reviewer, world.jyj_clerk, world.nobody, world.district_column_owner):
        assert_may_not(user, url)
    assert_may_not(world.district_clerk, "/staff/applications/YS2099000001/")


def test_case_page_shows_days_left_due_date_and_why(world, case):
    body = assert_may(world.district_clerk, f"/staff/applications/{case.tracking_no}/").content.decode()
    assert "剩余17个工作日（期限2026年12月18日）" in body
    assert "答复期限自次日起算20个工作日（第三十三条）" in body
    assert "应在2026年12月1日前签发并发出" in body  # 第三十条: 7 working days


def test_inbox_shows_only_visible_cases_and_searches(world, case):
    registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 11, 20), description="发改局收到的申请内容")
    district = assert_may(world.district_clerk, "/staff/applications/").content.decode()
    assert case.tracking_no in district and "YS2026000002" not in district
    supervisor = assert_may(world.district_supervisor, "/staff/applications/").content.decode()
    assert "YS2026000001" in supervisor and "YS2026000002" in supervisor
    found = assert_may(world.district_supervisor, "/staff/applications/?q=发改局").content.decode()
    assert "YS2026000002" in found and "YS2026000001" not in found
    by_no = assert_may(world.fgj_clerk, "/staff/applications/?q=YS2026000001").content.decode()
    assert 'href="/staff/applications/YS2026000001/"' not in by_no


def test_actions_per_role(world, case):
    url = f"/staff/applications/{case.tracking_no}/"
    # Another organ's clerk: 404, nothing happens.
    assert_may_not(world.fgj_clerk, url + "decide/", method="post",
                   data={"version": case.version, "basis": "provided"})
    # A supervisor sees the case but may not act: the same 404.
    assert_may_not(world.district_supervisor, url + "decide/", method="post",
                   data={"version": case.version, "basis": "provided"})
    case.refresh_from_db()
    assert case.status == Status.PROCESSING
    # The clerk asks for an extension; only the organ's reviewer approves it.
    client_for(world.district_clerk).post(url + "extension/", {"version": case.version, "days": 10, "reason": "调档"})
    case.refresh_from_db()
    assert case.extension_requested_days == 10
    assert_may_not(world.district_clerk, url + "extension_approve/", method="post", data={"version": case.version})
    assert_may_not(world.fgj_reviewer, url + "extension_approve/", method="post", data={"version": case.version})
    response = client_for(world.district_reviewer).post(url + "extension_approve/", {"version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    # Approved; it takes effect when the 延期答复告知书 is sent (第三十三条第二款).
    assert case.extension_days == 0 and case.extension_requested_days == 0
    assert case.letters.get(kind="extension").status == "draft"


def test_stale_version_is_refused_with_a_message(world, case):
    url = f"/staff/applications/{case.tracking_no}/"
    stale = case.version
    client_for(world.district_reviewer).post(url + "assign/", {"version": stale, "assignee": world.district_clerk.pk})
    client = client_for(world.district_clerk)
    response = client.post(url + "decide/", {"version": stale, "basis": "provided"}, follow=True)
    assert "已被他人处理" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.PROCESSING and case.outcome == ""


def test_bad_action_input_is_reported_in_chinese(world, case):
    url = f"/staff/applications/{case.tracking_no}/"
    response = client_for(world.district_clerk).post(url + "decide/", {"version": case.version, "basis": "partly"},
                                                     follow=True)
    assert "请逐项列明不予公开的内容及理由" in response.content.decode()
    response = client_for(world.district_clerk).post(url + "fee_paid/", {"version": case.version, "on": "2026-13-01"},
                                                     follow=True)
    assert "日期" in response.content.decode() and "有效" in response.content.decode()


def test_due_soon_and_overdue_lists(world, frozen_today):
    # Received 10-27: due 11-24 (overdue on 11-25). Received 10-30: due 11-27 (due soon).
    late, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 10, 27))
    soon, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 10, 30),
                              description="另一份文件的名称")
    fine, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20),
                              description="第三份文件的名称")
    assert late.due_on == D(2026, 11, 24) and soon.due_on == D(2026, 11, 27)
    from gongkai.applications import selectors

    assert list(selectors.overdue(today=D(2026, 11, 25))) == [late]
    assert list(selectors.due_soon(today=D(2026, 11, 25))) == [soon]
    body = assert_may(world.district_clerk, "/staff/applications/").content.decode()
    assert "督办：已逾期（1）" in body and "督办：3个工作日内到期（1）" in body
    services.outcome_decide(actor=world.district_clerk, application=fine, basis_code="provided")


def test_fee_calculator_shows_its_working(world):
    body = assert_may(world.district_clerk, "/staff/applications/fees/?method=per_page&n=150").content.decode()
    assert "第31至100页共70页 × 10元 = 700元" in body and "应收：1700元" in body


def test_staff_home_links_to_the_inbox(world):
    assert "/staff/applications/" in assert_may(world.district_clerk, "/staff/").content.decode()


def test_attachments_are_staff_only_and_per_organ(world, frozen_today):
    from gongkai.applications.intake import Upload

    from .factories import applicant_data

    app, _ = services.application_submit(data=applicant_data(world.district),
                                         uploads=[Upload("id_copy", "sfz.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)])
    url = f"/staff/applications/attachments/{app.attachments.get().pk}/"
    assert assert_may(world.district_clerk, url)["Content-Disposition"].startswith("attachment")
    assert_may_not(world.fgj_clerk, url)
    assert_login_required(url)
