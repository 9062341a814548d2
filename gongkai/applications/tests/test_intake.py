"""Intake: the public form, clerk registration, the API; bad input writes nothing."""

import datetime as dt
import json
import re

import pytest
from django.test import Client

from gongkai.applications import services
from gongkai.applications.intake import IntakeError, Upload
from gongkai.applications.models import Applicant, Application, Attachment, Status
from gongkai.core.events import events_for
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import client_for
from gongkai.portal.services import portal_set

from .factories import ID_CARD, applicant_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.fixture
def site(world):
    return portal_set(actor=None, organ=world.district, is_default=True)


def _counts():
    return (Application.objects.count(), Applicant.objects.count(), Attachment.objects.count(),
            EventLog.objects.filter(event_type__startswith="applications.").count())


def test_online_submission_is_received_the_day_it_is_submitted(world, frozen_today):
    app, code = services.application_submit(data=applicant_data(world.district),
                                             uploads=[Upload("id_copy", "sfz.pdf", PDF)])
    assert app.tracking_no == "YS2026000001" and len(code) == 8
    assert app.received_on == dt.date(2026, 11, 25) and app.status == Status.PROCESSING
    # 20 working days from Thu 11-26: 26, 27 (2), 30 (3), 12-01–04 (7), 07–11 (12), 14–18 (17), 21, 22, 23 (20).
    assert app.due_on == dt.date(2026, 12, 23)
    assert app.check_query_code(code) and not app.check_query_code("WRONG123")
    assert app.attachments.get().size == len(PDF)
    assert [e.event_type for e in events_for(app)] == [EventType.APPLICATION_SUBMITTED]


def test_online_submission_on_a_holiday_counts_from_the_next_day(world, frozen_today):
    frozen_today.move_to(dt.datetime(2026, 10, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    app, _ = services.application_submit(data=applicant_data(world.district))
    # Received Sat 10-03 (国庆). 08, 09 (2), Sat 10 调休 (3), 12–16 (8), 19–23 (13), 26–30 (18), 11-02, 03 (20).
    assert app.received_on == dt.date(2026, 10, 3) and app.due_on == dt.date(2026, 11, 3)


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"applicant_name": ""}, "applicant_name", "请填写申请人姓名"),
    ({"description": ""}, "description", "请描述所需政府信息"),
    ({"id_number": "230502199001011230"}, "id_number", "居民身份证号码不正确"),
    ({"organ": "NOSUCHORGAN"}, "organ", "受理机关不存在"),
    ({"applicant_kind": "commercial", "contact_person": ""}, "contact_person", "请填写联系人"),
    ({"phone": "", "email": "", "address": "", "delivery": "collect"}, "phone", "至少填写一种联系方式"),
    ({"delivery": "post", "address": ""}, "address", "请填写通信地址"),
])
def test_bad_fields_get_a_chinese_message_and_write_nothing(world, frozen_today, overrides, field, message):
    before = _counts()
    with pytest.raises(IntakeError) as exc:
        services.application_submit(data=applicant_data(world.district, **overrides))
    assert message in exc.value.errors[field]
    assert _counts() == before


@pytest.mark.parametrize(("upload", "message"), [
    (Upload("id_copy", "big.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024)), "超过10MB"),
    (Upload("id_copy", "sfz.pdf", EXE), "不是真正的PDF文件"),
    (Upload("id_copy", "setup.exe", EXE), "类型不允许"),
])
def test_bad_attachments_are_refused_and_nothing_is_written(world, frozen_today, upload, message):
    before = _counts()
    with pytest.raises(IntakeError) as exc:
        services.application_submit(data=applicant_data(world.district), uploads=[upload])
    assert message in exc.value.errors["attachments"]
    assert _counts() == before


def test_invalid_received_date_on_registration(world, frozen_today):
    before = _counts()
    client = client_for(world.district_clerk)
    data = {**applicant_data(world.district), "organ": world.district.pk, "channel": "registered_mail",
            "received_on": "2026-02-30"}
    response = client.post("/staff/applications/new/", data)
    assert response.status_code == 400
    assert "请填写有效的收到日期" in response.content.decode()
    future = client.post("/staff/applications/new/", {**data, "received_on": "2026-12-01"})
    assert future.status_code == 400 and "收到日期不能晚于今天" in future.content.decode()
    assert _counts() == before


def test_clerk_registers_a_registered_letter_on_the_day_signed_for(world, frozen_today):
    client = client_for(world.district_clerk)
    data = {**applicant_data(world.district), "organ": world.district.pk, "channel": "registered_mail",
            "received_on": "2026-11-23", "arrived_on": "2026-11-20"}
    response = client.post("/staff/applications/new/", data)
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.received_on == dt.date(2026, 11, 23) and app.arrived_on == dt.date(2026, 11, 20)
    assert app.assigned_to == world.district_clerk and app.channel == "registered_mail"
    assert events_for(app).get().actor == world.district_clerk


def test_clerk_cannot_register_for_another_organ(world, frozen_today):
    client = client_for(world.fgj_clerk)
    data = {**applicant_data(world.district), "organ": world.district.pk, "channel": "in_person",
            "received_on": "2026-11-25"}
    response = client.post("/staff/applications/new/", data)
    assert response.status_code == 400 and Application.objects.count() == 0


def test_same_applicant_is_recognised_by_id_number_or_name_and_contact(world, frozen_today):
    a, _ = services.application_submit(data=applicant_data(world.district))
    b, _ = services.application_submit(data=applicant_data(world.fgj, description="另一份文件的名称和文号"))
    assert a.applicant_id == b.applicant_id
    other, _ = services.application_submit(data=applicant_data(world.district, id_number="230502198502021231"))
    assert other.applicant_id != a.applicant_id
    # Without an ID number (imported records), the name and the contact identify the applicant.
    assert Applicant.key_for(name="李四", phone="138-0000-0000") == Applicant.key_for(name="李四", phone="13800000000")
    assert Applicant.key_for(name="李四", phone="13800000000") != Applicant.key_for(name="李五", phone="13800000000")


def test_public_form_gives_number_and_code_then_tracking_shows_the_timeline(site, world, frozen_today):
    client = Client()
    data = {**applicant_data(world.district), "organ": world.district.pk}
    response = client.post("/ysqgk/apply/", data)
    app = Application.objects.get()
    assert response.status_code == 303 and response["Location"] == f"/ysqgk/apply/done/{app.tracking_no}/"
    body = client.get(response["Location"]).content.decode()
    assert app.tracking_no in body and "2026年12月23日" in body
    code = re.search(r'id="query-code"[^>]*>([^<]+)<', body).group(1)
    tracked = client.post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": code})
    text = tracked.content.decode()
    assert tracked.status_code == 200 and "办理中" in text and "收到申请（网上提交）" in text
    for secret in (ID_CARD, "13800000000", "中山路1号"):
        assert secret not in text


def test_wrong_code_looks_exactly_like_an_unknown_number(site, world, frozen_today):
    app, code = services.application_submit(data=applicant_data(world.district))
    wrong = Client().post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": "AAAAAAAA"})
    unknown = Client().post("/ysqgk/track/", {"tracking_no": "YS2026999999", "query_code": "AAAAAAAA"})
    assert wrong.status_code == unknown.status_code == 404
    def norm(response, number):
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return text.replace(number, "X")

    assert norm(wrong, app.tracking_no) == norm(unknown, "YS2026999999")


def test_public_form_bad_input_is_400_with_chinese_messages(site, world, frozen_today):
    data = {**applicant_data(world.district), "organ": world.district.pk, "applicant_name": "", "phone": "abc"}
    response = Client().post("/ysqgk/apply/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "请填写申请人姓名或名称" in body and "联系电话只能包含数字" in body
    assert Application.objects.count() == 0


def test_public_form_guides_towards_one_item(site, world, frozen_today):
    data = {**applicant_data(world.district), "organ": world.district.pk,
            "description": "1. 2025年预算文件；2. 2025年决算文件；3. 三公经费"}
    response = Client().post("/ysqgk/apply/", data)
    assert response.status_code == 400 and "一事一申请" in response.content.decode()
    ok = Client().post("/ysqgk/apply/", {**data, "several_items_ok": "on"})
    assert ok.status_code == 303


def test_public_form_asks_a_captcha_after_the_first_two(site, world, frozen_today):
    client = Client()
    for i in range(2):
        data = {**applicant_data(world.district, description=f"第{i}份文件的名称"), "organ": world.district.pk}
        assert client.post("/ysqgk/apply/", data).status_code == 303
    page = client.get("/ysqgk/apply/").content.decode()
    assert "验证码" in page and "等于几" in page
    data = {**applicant_data(world.district, description="第三份文件的名称"), "organ": world.district.pk}
    refused = client.post("/ysqgk/apply/", {**data, "captcha": "99"})
    assert refused.status_code == 400 and "验证码不正确" in refused.content.decode()
    client.get("/ysqgk/apply/")
    answer = client.session["apply_captcha"]
    assert client.post("/ysqgk/apply/", {**data, "captcha": str(answer)}).status_code == 303
    assert Application.objects.count() == 3


def test_rate_limit_per_ip_and_per_applicant(site, world, frozen_today, settings):
    settings.GONGKAI_APPLY_LIMITS = {"ip_per_hour": 3, "applicant_per_day": 2, "captcha_after": 100}
    api = Client()
    body = lambda n, name="张三": json.dumps(applicant_data(world.district, description=f"文件{n}的名称和文号",  # noqa: E731
                                                           applicant_name=name))
    assert api.post("/api/v1/applications", body(1), content_type="application/json").status_code == 201
    assert api.post("/api/v1/applications", body(2), content_type="application/json").status_code == 201
    same_person = api.post("/api/v1/applications", body(3), content_type="application/json")
    assert same_person.status_code == 429 and "同一申请人" in same_person.json()["error"]
    other = json.dumps(applicant_data(world.district, id_number="", id_type="passport", applicant_name="王五"))
    other = json.dumps({**json.loads(other), "id_number": "E12345678"})
    assert api.post("/api/v1/applications", other, content_type="application/json").status_code == 201
    too_many = api.post("/api/v1/applications", body(4, "赵六"), content_type="application/json")
    assert too_many.status_code == 429 and "提交过于频繁" in too_many.json()["error"]
    assert Application.objects.count() == 3


def test_api_creates_and_reads_without_csrf(site, world, frozen_today):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/applications", json.dumps(applicant_data(world.district)),
                           content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {"tracking_no", "query_code", "received_on", "due_on", "due_provisional", "due"}
    assert data["received_on"] == "2026-11-25" and data["due_on"] == "2026-12-23"
    assert data["due_provisional"] is False and data["due"]["provisional"] is False and data["due"]["note"] is None
    got = client.get(f"/api/v1/applications/{data['tracking_no']}", HTTP_X_QUERY_CODE=data["query_code"])
    assert got.status_code == 200
    body = got.json()
    assert body["status"] == "processing" and body["due_on"] == "2026-12-23"
    assert body["timeline"][0]["event"].startswith("收到申请")
    assert ID_CARD not in got.content.decode()
    assert client.get(f"/api/v1/applications/{data['tracking_no']}", HTTP_X_QUERY_CODE="nope").status_code == 404
    assert client.get("/api/v1/applications/YS2026999999", HTTP_X_QUERY_CODE="nope").status_code == 404
    posted = client.post(f"/api/v1/applications/{data['tracking_no']}", json.dumps({"code": data["query_code"]}),
                         content_type="application/json")
    assert posted.status_code == 200 and posted.json()["tracking_no"] == data["tracking_no"]
    in_url = client.get(f"/api/v1/applications/{data['tracking_no']}", {"code": data["query_code"]})
    assert in_url.status_code == 400 and "X-Query-Code" in in_url.json()["error"]  # never in an access log


def test_api_invalid_input_is_400_with_a_message_per_field(site, world, frozen_today):
    payload = applicant_data(world.district, applicant_kind="alien", description="")
    del payload["id_number"]
    response = Client().post("/api/v1/applications", json.dumps(payload), content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "申请人类型无效" in errors["applicant_kind"]
    assert errors["id_number"] == "请填写证件号码。" and "请描述" in errors["description"]
    assert Client().post("/api/v1/applications", "not json", content_type="application/json").status_code == 400
    assert Application.objects.count() == 0


def test_openapi_lists_the_application_paths(site):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/applications"]
    assert "get" in schema["paths"]["/applications/{tracking_no}"]
