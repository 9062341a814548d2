"""Review findings on the workbench: empty registration POST, attachments as personal data, the
inbox search by name, the 补正 notice served after the correction arrived, the refusal's reason."""

import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.applications.models import Application, Status
from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.letters import services as letters
from gongkai.letters.models import Letter, LetterKind

from .factories import applicant_data, registered_case

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20),
                             applicant_name="欧阳娜娜")
    return app


# --- A. an empty POST to the register page ------------------------------------------------------------

def test_register_with_an_empty_post_is_a_400_in_chinese_and_writes_nothing(world, frozen_today):
    client = client_for(world.district_clerk)  # (logging in is itself recorded)
    events = EventLog.objects.count()
    response = client.post("/staff/applications/new/", {})
    assert response.status_code == 400
    assert "请填写有效的收到日期" in response.content.decode()
    assert Application.objects.count() == 0 and EventLog.objects.count() == events


# --- B. attachments (ID copies) are personal data -----------------------------------------------------

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


# --- E. the inbox search by an applicant's name ---------------------------------------------------------

def test_only_the_organs_handlers_find_a_case_by_the_applicants_name(world, case):
    link = f'href="/staff/applications/{case.tracking_no}/"'
    for user in (world.district_clerk, world.district_reviewer):
        assert link in assert_may(user, "/staff/applications/?q=欧阳娜娜").content.decode()
    for user in (world.district_supervisor, world.city_supervisor, world.sysadmin):
        assert link not in assert_may(user, "/staff/applications/?q=欧阳娜娜").content.decode()
        # The case itself stays findable by its number and text.
        assert link in assert_may(user, f"/staff/applications/?q={case.tracking_no}").content.decode()


# --- G. the 补正告知书 served after the corrected application arrived --------------------------------------

def test_correction_notice_cannot_be_served_once_the_correction_arrived(world, case):
    letter = services.correction_request(actor=world.district_clerk, application=case, items=["请写明文号"])
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    letter = letters.letter_send(actor=world.district_clerk, letter=letter, method="registered_mail",
                                 sent_on=D(2026, 11, 25), registered_no="XA1")
    case.refresh_from_db()
    services.correction_receive(actor=world.district_clerk, application=case, received_on=D(2026, 11, 25))
    with pytest.raises(ApplicationError, match="补正告知书不能再登记送达"):
        letters.letter_serve(actor=world.district_clerk, letter=letter, method="in_person", served_on=D(2026, 11, 25))
    case.refresh_from_db()
    letter.refresh_from_db()
    assert case.status == Status.PROCESSING and case.waiting_until is None
    assert letter.status == Letter.Status.SENT
    kinds = [(e.details or {}).get("clock", {}).get("kind") for e in events_for(case)]
    assert "correction_served" not in kinds[kinds.index("correction_received"):]


def test_consultation_letter_cannot_be_served_after_the_consultation_ended(world, case):
    letter = services.consultation_start(actor=world.district_clerk, application=case, party="某某建筑有限公司")
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    case.refresh_from_db()
    services.consultation_end(actor=world.district_clerk, application=case, ended_on=D(2026, 11, 25))
    with pytest.raises(ApplicationError, match="征求意见书不能再登记送达"):
        letters.letter_serve(actor=world.district_clerk, letter=letter, method="in_person", served_on=D(2026, 11, 25))
    case.refresh_from_db()
    assert case.waiting_until is None
    assert not Letter.objects.filter(kind=LetterKind.CONSULTATION, status=Letter.Status.SERVED).exists()


# --- J. refusing an extension needs a reason ------------------------------------------------------------

def test_refusing_an_extension_needs_a_reason_and_records_it(world, case):
    url = f"/staff/applications/{case.tracking_no}/"
    client_for(world.district_clerk).post(url + "extension/", {"version": case.version, "days": 10, "reason": "调档"})
    case.refresh_from_db()
    reviewer = client_for(world.district_reviewer)
    assert "不批准的理由" in reviewer.get(url).content.decode()
    response = reviewer.post(url + "extension_refuse/", {"version": case.version}, follow=True)
    assert "请填写不批准延期的理由" in response.content.decode()
    case.refresh_from_db()
    assert case.extension_requested_days == 10
    with pytest.raises(ApplicationError, match="请填写不批准延期的理由"):
        services.extension_refuse(actor=world.district_reviewer, application=case, reason="  ")
    response = reviewer.post(url + "extension_refuse/", {"version": case.version, "reason": "档案已找到，无需延期"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.extension_requested_days == 0
    refused = events_for(case).get(event_type=EventType.EXTENSION_REFUSED)
    assert refused.details["note"] == "档案已找到，无需延期"
