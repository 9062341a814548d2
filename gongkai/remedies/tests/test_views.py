"""The staff pages per role: the organ writes, supervisors read, others get 404, anonymous 302."""

import datetime as dt

import pytest

from gongkai.applications.tests.factories import registered_case
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.remedies import services
from gongkai.remedies.models import Review

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def review(world, frozen_today):
    app, _ = registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 3, 2))
    return services.review_record(actor=world.fgj_clerk, organ=world.fgj, application=app, body="岭东区人民政府",
                                  filed_on=D(2026, 5, 6), case_no="岭复〔2026〕7号")


def test_anonymous_sent_to_login(review):
    for url in ("/staff/remedies/", "/staff/remedies/new/", f"/staff/remedies/review/{review.pk}/"):
        assert_login_required(url)


def test_who_sees_the_case(world, review):
    url = f"/staff/remedies/review/{review.pk}/"
    for user in (world.fgj_clerk, world.fgj_reviewer, world.district_supervisor, world.city_supervisor,
                 world.sysadmin):
        assert_may(user, url)
    for user in (world.jyj_clerk, world.district_clerk, world.nobody):
        assert_may_not(user, url)
    assert_may_not(world.fgj_clerk, "/staff/remedies/lawsuit/999/")
    assert_may_not(world.fgj_clerk, "/staff/remedies/other/1/")
    assert "岭复〔2026〕7号" in assert_may(world.district_supervisor, "/staff/remedies/").content.decode()
    assert "岭复〔2026〕7号" not in assert_may(world.jyj_clerk, "/staff/remedies/").content.decode()


def test_supervisor_cannot_act(world, review):
    url = f"/staff/remedies/review/{review.pk}/accept/"
    assert_may_not(world.district_supervisor, url, method="post",
                   data={"accepted_on": "2026-05-08", "copy_received_on": "2026-05-09"})
    assert_may_not(world.district_supervisor, "/staff/remedies/new/")


def test_record_and_act_through_the_pages(world, review):
    c = client_for(world.fgj_clerk)
    r = c.post("/staff/remedies/new/", {"kind": "direct", "organ": world.fgj.pk,
                                        "tracking_no": review.application.tracking_no, "body": "岭东区人民法院",
                                        "filed_on": "2026-06-01"})
    assert r.status_code == 302
    r = c.post("/staff/remedies/new/", {"kind": "review", "organ": world.fgj.pk, "tracking_no": "YS0000",
                                        "body": "x", "filed_on": "2026-06-01"})
    assert r.status_code == 400 and "本机关没有该受理编号的申请" in r.content.decode()
    url = f"/staff/remedies/review/{review.pk}/"
    r = c.post(url + "accept/", {"accepted_on": "2026-05-08", "copy_received_on": "2026-05-11",
                                 "version": review.version})
    assert r.status_code == 302
    review.refresh_from_db()
    assert review.answer_due_on == D(2026, 5, 18)  # 简易程序: 5 working days from Mon 05-11
    r = c.post(url + "accept/", {"accepted_on": "2026-05-08", "copy_received_on": "2026-05-11", "version": 1})
    assert r.status_code == 409 and "已被他人修改" in r.content.decode()
    r = c.post(url + "decide/", {"result": "corrected", "decided_on": "2026-07-01"})
    assert r.status_code == 302
    page = c.get(url).content.decode()
    assert "纠正" in page and "申请已因纠正重新办理" in page
    assert Review.objects.get(pk=review.pk).redo_due_on is not None
    case_page = c.get(f"/staff/applications/{review.application.tracking_no}/").content.decode()
    assert "复议或诉讼纠正，重新答复" in case_page  # the re-opening shows on the case
