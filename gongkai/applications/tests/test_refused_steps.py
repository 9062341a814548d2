"""Steps the case does not allow, or that lack what they need, are refused in Chinese and write nothing: an
empty registration POST, a 补正告知书 or 征求意见书 served after its step ended, an extension refused without a reason."""

import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.applications.models import Application, Status
from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import client_for
from gongkai.letters import services as letters
from gongkai.letters.models import Letter, LetterKind

pytestmark = pytest.mark.django_db
D = dt.date


def test_register_with_an_empty_post_is_a_400_in_chinese_and_writes_nothing(world, frozen_today):
    client = client_for(world.district_clerk)  # (logging in is itself recorded)
    events = EventLog.objects.count()
    response = client.post("/staff/applications/new/", {})
    assert response.status_code == 400
    assert "请填写有效的收到日期" in response.content.decode()
    assert Application.objects.count() == 0 and EventLog.objects.count() == events


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
