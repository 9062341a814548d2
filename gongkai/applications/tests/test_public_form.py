"""The public form and tracking as a citizen meets them: POST/redirect/GET with a receipt that survives a
refresh, one case for a double submission, every error at once with the attachment kept, Chinese only,
phone numbers checked, and tracking limits that never refuse the right code because of others' wrong ones."""

import re

import pytest
from django.test import Client

from gongkai.applications import ratelimit, services
from gongkai.applications.intake import phone_problem
from gongkai.applications.models import Application, Attachment
from gongkai.core.testing import client_for
from gongkai.portal.services import portal_set

from .factories import applicant_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def site(world):
    return portal_set(actor=None, organ=world.district, is_default=True)


def form_data(world, **overrides):
    return {**applicant_data(world.district), "organ": world.district.pk, **overrides}


def code_on(body: str) -> str:
    return re.search(r'id="query-code"[^>]*>([^<]+)<', body).group(1)


def test_submission_redirects_to_a_receipt_that_a_refresh_shows_again(site, world, frozen_today):
    client = Client()
    response = client.post("/ysqgk/apply/", form_data(world))
    app = Application.objects.get()
    assert response.status_code == 303
    location = response["Location"]
    assert location == f"/ysqgk/apply/done/{app.tracking_no}/"
    first = client.get(location).content.decode()
    code = code_on(first)
    assert app.check_query_code(code)  # the one-time code, and not in the address
    assert code not in location
    again = client.get(location)  # a refresh
    assert again.status_code == 200 and code_on(again.content.decode()) == code
    assert Application.objects.count() == 1
    for text in ("2025年岭东区老旧小区改造项目的资金安排文件", "2026年11月25日", "2026年12月23日", "电子文档"):
        assert text in first
    # Another browser cannot read the receipt (it holds the code).
    stranger = Client().get(location)
    assert stranger.status_code == 404 and code not in stranger.content.decode()


def test_receipt_pdf_is_a4_and_holds_number_code_request_and_dates(site, world, frozen_today):
    import io

    import pdfplumber

    client = Client()
    location = client.post("/ysqgk/apply/", form_data(world))["Location"]
    code = code_on(client.get(location).content.decode())
    response = client.get(location + "receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        text = "".join(p.extract_text() for p in pdf.pages).replace(" ", "")
    app = Application.objects.get()
    for expected in (app.tracking_no, code, "老旧小区改造项目的资金安排文件", "2026年11月25日", "2026年12月23日"):
        assert expected in text
    assert Client().get(location + "receipt.pdf").status_code == 404


def test_receipt_forgets_the_code_after_its_window(site, world, frozen_today):
    import datetime as dt

    client = Client()
    location = client.post("/ysqgk/apply/", form_data(world))["Location"]
    assert client.get(location).status_code == 200
    frozen_today.shift(dt.timedelta(minutes=31))
    late = client.get(location)
    assert late.status_code == 404 and "申请查询" in late.content.decode()


def test_same_submission_again_points_to_the_first_case(site, world, frozen_today):
    client = Client()
    first = client.post("/ysqgk/apply/", form_data(world))
    again = client.post("/ysqgk/apply/", form_data(world))  # the back button and submit again
    assert again.status_code == 303 and again["Location"] == first["Location"]
    assert Application.objects.count() == 1
    # From another browser: no second case, the first number named, never its code.
    other = Client().post("/ysqgk/apply/", form_data(world))
    body = other.content.decode()
    app = Application.objects.get()
    assert other.status_code == 409 and app.tracking_no in body and "本次未重复受理" in body
    assert 'id="query-code"' not in body
    # Something else asked, or ten minutes later: a new case.
    client.post("/ysqgk/apply/", form_data(world, description="2025年岭东区城市道路维修计划"))
    assert Application.objects.count() == 2


def test_duplicate_window_is_a_setting(world, frozen_today, settings):
    import datetime as dt

    settings.GONGKAI_DUPLICATE_MINUTES = 5
    services.application_submit(data=applicant_data(world.district))
    with pytest.raises(services.DuplicateSubmission):
        services.application_submit(data=applicant_data(world.district))
    frozen_today.shift(dt.timedelta(minutes=6))
    services.application_submit(data=applicant_data(world.district))
    assert Application.objects.count() == 2


def test_every_error_at_once_one_message_each_and_the_attachment_is_kept(site, world, frozen_today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    data = form_data(world, applicant_name="", phone="1380000000", email="bad",
                     id_copy=SimpleUploadedFile("sfz.pdf", PDF, "application/pdf"),
                     other_file=SimpleUploadedFile("virus.exe", b"MZ" + b"\x00" * 50, "application/octet-stream"))
    response = client.post("/ysqgk/apply/", data)
    body = response.content.decode()
    assert response.status_code == 400 and Application.objects.count() == 0
    summary = body.split('id="form-errors"')[1].split("</div>")[0]
    for message in ("请填写申请人姓名或名称", "手机号码应为11位，您填写了10位", "电子邮箱格式不正确", "virus.exe"):
        assert message in summary  # the attachment's problem beside the others, not after them
    assert 'href="#id_phone"' in summary
    assert "这个字段是必填项" not in body and "This field" not in body
    assert body.count("请填写申请人姓名或名称") == 2  # once in the summary, once beside the field
    assert "已保留您上次选择的文件“sfz.pdf”" in body
    # The corrected form, sent without choosing the file again: the kept copy is attached.
    fixed = form_data(world)
    response = client.post("/ysqgk/apply/", fixed)
    assert response.status_code == 303
    attachment = Attachment.objects.get()
    assert attachment.original_name == "sfz.pdf" and attachment.kind == "id_copy" and attachment.size == len(PDF)


def test_a_kept_attachment_can_be_dropped(site, world, frozen_today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.post("/ysqgk/apply/", form_data(world, phone="12", id_copy=SimpleUploadedFile("sfz.pdf", PDF)))
    assert client.post("/ysqgk/apply/", {**form_data(world), "drop_id_copy": "1"}).status_code == 303
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(("number", "ok"), [
    ("13800000000", True), ("+86 139 0469 0001", True), ("0469-1234567", True), ("(0469)1234567", True),
    ("010-12345678转123", True), ("+852 9123 4567", True), ("400-810-1234", True),
    ("1380000000", False), ("12800000000", False), ("1234567", False), ("0469-12345", False), ("abc", False),
])
def test_mainland_mobile_numbers_are_checked_and_landlines_need_the_area_code(number, ok):
    assert (phone_problem(number) is None) is ok


def test_form_fields_tell_the_phone_keyboard_and_autofill(site):
    body = Client().get("/ysqgk/apply/").content.decode()
    phone = re.search(r'<input[^>]*name="phone"[^>]*>', body).group(0)
    assert 'type="tel"' in phone and 'inputmode="tel"' in phone and 'autocomplete="tel"' in phone
    for attr in ('autocomplete="email"', 'inputmode="email"', 'autocomplete="name"', 'autocomplete="postal-code"',
                 'autocomplete="street-address"', 'accept=".pdf,.jpg'):
        assert attr in body, attr
    track = Client().get("/ysqgk/track/").content.decode()
    assert re.search(r'<input id="query_code" type="text"', track)  # visible, not a password field


def test_english_browsers_see_chinese_only(site, world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    for url in ("/", "/ysqgk/apply/", "/no-such-page/"):
        body = client.get(url).content.decode()
        assert 'lang="zh-CN"' in body
    refused = client.post("/ysqgk/apply/", {"organ": world.district.pk}).content.decode()
    assert "请填写申请人姓名或名称" in refused and "This field is required" not in refused
    assert "这个字段是必填项" not in refused


# --- tracking limits -------------------------------------------------------------------------------


def test_others_wrong_codes_never_refuse_the_right_code(site, world, frozen_today, settings):
    settings.GONGKAI_TRACK_LIMITS = {"wrong_per_ip": 4, "wrong_per_case": 3}
    app, code = services.application_submit(data=applicant_data(world.district))
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert guesser.post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": "AAAAAAAA"}).status_code == 404
    held = guesser.post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": code})
    assert held.status_code == 429 and "分钟后再试" in held.content.decode() and int(held["Retry-After"]) <= 900
    # The applicant, elsewhere, with the right code: answered at once.
    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert owner.post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": code}).status_code == 200
    api = Client(REMOTE_ADDR="198.51.100.21").get(f"/api/v1/applications/{app.tracking_no}", HTTP_X_QUERY_CODE=code)
    assert api.status_code == 200
    # The right code is never counted: looking up your own case many times is fine.
    for _ in range(10):
        assert owner.post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": code}).status_code == 200


def test_a_held_address_goes_on_through_the_captcha(site, world, frozen_today, settings):
    settings.GONGKAI_TRACK_LIMITS = {"wrong_per_ip": 2, "wrong_per_case": 10}
    app, code = services.application_submit(data=applicant_data(world.district))
    office = Client(REMOTE_ADDR="203.0.113.9")  # a shared address: someone else guessed twice
    for _ in range(2):
        office.post("/ysqgk/track/", {"tracking_no": "YS2026999999", "query_code": "AAAAAAAA"})
    held = office.post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": code})
    assert held.status_code == 429 and "验证码" in held.content.decode()
    answer = office.session[ratelimit_key()]
    ok = office.post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": code, "captcha": str(answer)})
    assert ok.status_code == 200 and "办理中" in ok.content.decode()


def ratelimit_key():
    from gongkai.applications.public_views import TRACK_CAPTCHA

    return TRACK_CAPTCHA


def test_api_states_the_wait_after_its_own_wrong_codes(site, world, frozen_today, settings):
    settings.GONGKAI_TRACK_LIMITS = {"wrong_per_ip": 3, "wrong_per_case": 10}
    app, code = services.application_submit(data=applicant_data(world.district))
    client = Client(REMOTE_ADDR="203.0.113.11")
    for n in range(3):
        assert client.get(f"/api/v1/applications/YS202600000{n + 2}", HTTP_X_QUERY_CODE="AAAAAAAA").status_code == 404
    held = client.get(f"/api/v1/applications/{app.tracking_no}", HTTP_X_QUERY_CODE=code)
    assert held.status_code == 429 and "分钟后再试" in held.json()["error"] and held["Retry-After"]
    assert ratelimit.track_wait("203.0.113.12", app.tracking_no) is None


def test_register_keeps_the_clerks_attachment_too(world, frozen_today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.district_clerk)
    data = {**applicant_data(world.district), "organ": world.district.pk, "channel": "in_person",
            "received_on": "2026-11-25", "phone": "123"}
    refused = client.post("/staff/applications/new/", {**data, "id_copy": SimpleUploadedFile("sfz.pdf", PDF)})
    assert refused.status_code == 400 and "已保留您上次选择的文件" in refused.content.decode()
    assert client.post("/staff/applications/new/", {**data, "phone": "13800000000"}).status_code == 302
    assert Attachment.objects.get().original_name == "sfz.pdf"


def test_api_points_a_repeated_request_to_the_first_case(site, world, frozen_today):
    import json

    body = json.dumps(applicant_data(world.district))
    first = Client().post("/api/v1/applications", body, content_type="application/json")
    again = Client().post("/api/v1/applications", body, content_type="application/json")
    assert first.status_code == 201 and again.status_code == 409
    assert again.json()["tracking_no"] == first.json()["tracking_no"] and "query_code" not in again.json()
    assert Application.objects.count() == 1


def test_a_wrong_captcha_is_shown_with_every_other_problem(site, world, frozen_today, settings):
    settings.GONGKAI_APPLY_LIMITS = {"captcha_after": 0}
    client = Client()
    client.get("/ysqgk/apply/")
    response = client.post("/ysqgk/apply/", form_data(world, captcha="99", phone="12", description="1. 预算；2. 决算"))
    summary = response.content.decode().split('id="form-errors"')[1].split("</div>")[0]
    assert response.status_code == 400 and Application.objects.count() == 0
    for text in ("验证码不正确", "联系电话", "一事一申请"):
        assert text in summary
