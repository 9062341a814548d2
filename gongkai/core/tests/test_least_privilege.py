"""Lists use the same permission as the object pages: whoever would get a 404 on a case or a remedy does not
see it listed either (the attack run found a column owner listing every application and remedy of the organ)."""

import datetime as dt

import pytest

from gongkai.applications.tests.factories import registered_case
from gongkai.core.testing import assert_may, assert_may_not
from gongkai.remedies import services as remedies

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_and_review(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=dt.date(2026, 11, 2))
    review = remedies.review_record(actor=world.district_clerk, organ=world.district, application=app,
                                    body="双鸭山市人民政府", filed_on=dt.date(2026, 11, 10), case_no="双复〔2026〕3号")
    return app, review


def test_a_column_owner_lists_no_applications_or_remedies(world, case_and_review):
    app, review = case_and_review
    owner = world.district_column_owner
    assert_may_not(owner, f"/staff/applications/{app.tracking_no}/")
    assert_may_not(owner, f"/staff/remedies/review/{review.pk}/")
    # Issue 17: nor may they open the lists at all (the navigation does not offer them).
    assert_may_not(owner, "/staff/applications/")
    assert_may_not(owner, "/staff/applications/?status=&q=张三")
    assert_may_not(owner, "/staff/remedies/")
    home = assert_may(owner, "/staff/").content.decode()
    assert "/staff/applications/" not in home and "/staff/remedies/" not in home


@pytest.mark.parametrize("user", ["district_clerk", "district_reviewer", "city_supervisor", "sysadmin"])
def test_those_who_may_open_them_still_list_them(world, case_and_review, user):
    app, review = case_and_review
    who = getattr(world, user)
    assert_may(who, f"/staff/applications/{app.tracking_no}/")
    assert app.tracking_no in assert_may(who, "/staff/applications/?status=").content.decode()
    assert "双复〔2026〕3号" in assert_may(who, "/staff/remedies/").content.decode()
