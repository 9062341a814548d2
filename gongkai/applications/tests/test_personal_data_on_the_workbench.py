"""Personal data on the workbench: an application's attachments (ID copies) are downloaded only by the organ's
handlers and each download is recorded; only they find a case by the applicant's name."""

import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.core.events import events_for
from gongkai.core.models import EventType
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not

from .factories import applicant_data

pytestmark = pytest.mark.django_db
D = dt.date


def test_attachment_download_is_for_the_organs_handlers_and_recorded(world, frozen_today):
    from gongkai.applications.intake import Upload

    app, _ = services.application_submit(data=applicant_data(world.district),
                                         uploads=[Upload("id_copy", "sfz.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)])
    url = f"/staff/applications/attachments/{app.attachments.get().pk}/"
    for user in (world.district_clerk, world.district_reviewer):
        before = events_for(app).filter(event_type=EventType.PERSONAL_DATA_VIEWED, actor=user).count()
        assert assert_may(user, url)["Content-Disposition"].startswith("attachment")
        assert events_for(app).filter(event_type=EventType.PERSONAL_DATA_VIEWED, actor=user).count() == before + 1
    for user in (world.district_supervisor, world.city_supervisor, world.sysadmin, world.fgj_clerk,
                 world.district_column_owner, world.nobody):
        assert_may_not(user, url)
        assert not events_for(app).filter(event_type=EventType.PERSONAL_DATA_VIEWED, actor=user).exists()
    assert_login_required(url)
    # The supervisor's case page names the attachment's kind but links to no file.
    page = assert_may(world.district_supervisor, f"/staff/applications/{app.tracking_no}/").content.decode()
    assert url not in page and "sfz.png" not in page
    assert url in assert_may(world.district_clerk, f"/staff/applications/{app.tracking_no}/").content.decode()


def test_only_the_organs_handlers_find_a_case_by_the_applicants_name(world, case):
    link = f'href="/staff/applications/{case.tracking_no}/"'
    for user in (world.district_clerk, world.district_reviewer):
        assert link in assert_may(user, "/staff/applications/?q=欧阳娜娜").content.decode()
    for user in (world.district_supervisor, world.city_supervisor, world.sysadmin):
        assert link not in assert_may(user, "/staff/applications/?q=欧阳娜娜").content.decode()
        # The case itself stays findable by its number and text.
        assert link in assert_may(user, f"/staff/applications/?q={case.tracking_no}").content.decode()


