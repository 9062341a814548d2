"""个人信息保护法: applicants' personal data never reaches the public, is masked in staff lists and for
supervisors, shown in full only to the organ's clerks and reviewers, and each such view is audited."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.applications.models import Application
from gongkai.core import privacy
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.pure
def test_masks():
    assert privacy.mask_name("张三") == "张*" and privacy.mask_name("欧阳娜娜") == "欧***"
    assert privacy.mask_name("双鸭山市鑫源建材有限公司", "commercial") == "双鸭山市鑫源建材有限公司"
    assert privacy.mask_id_number("230502199001011232") == "2305**********1232"
    assert privacy.mask_id_number("E1234567") == "E******7"
    assert privacy.mask_phone("13800000000") == "138****0000"
    assert privacy.mask_email("zhangsan@example.com") == "z*******@example.com"
    assert privacy.mask_address("双鸭山市岭东区中山路1号") == "双鸭山市岭东******"
    assert privacy.mask_name("") == "" and privacy.mask_phone("") == ""


@pytest.fixture
def demo(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Application.objects.all()


def _secrets(apps) -> set[str]:
    """What must never be public: ID numbers, phones, e-mails, addresses; names of natural persons."""
    out = set()
    for app in apps:
        out |= {v for v in (app.id_number, app.phone, app.email, app.address) if v and len(v) >= 6}
        if app.applicant_kind == "natural_person":
            out.add(app.applicant_name)
    return out


def test_no_applicant_personal_data_on_any_public_page_feed_search_export_or_api(demo):
    apps = list(demo)
    assert len(apps) >= 50
    secrets = _secrets(apps)
    client = Client()
    urls = ["/", "/xxgk/", "/xxgk/guide/", "/xxgk/mulu/", "/feeds/all/", "/ysqgk/apply/", "/ysqgk/track/",
            "/ndbg/", "/api/v1/", "/api/v1/openapi.json"]
    home = client.get("/xxgk/").content.decode()
    urls += sorted(set(re.findall(r'href="(/xxgk/lm/[^"/]+/)"', home)))
    urls += [u.replace("/xxgk/lm/", "/feeds/") for u in urls if u.startswith("/xxgk/lm/")]
    catalogue = client.get("/xxgk/mulu/").content.decode()
    urls += sorted(set(re.findall(r'href="(/xxgk/[A-Z0-9]+/\d{4}-\d+/)"', catalogue)))[:40]
    reports = client.get("/ndbg/").content.decode()
    for page in sorted(set(re.findall(r'href="(/ndbg/[^"/]+/\d{4}/)"', reports))):
        urls += [page, page + "report.json", page + "report.docx"]
    searched = {}
    for app in apps[:12]:  # searching for an applicant's data finds nothing of it (the query is echoed)
        for value in (app.applicant_name, app.phone, app.id_number):
            searched[f"/search/?q={value}"] = value
    urls += list(searched)
    seen = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        if response.status_code != 200:
            continue
        seen += 1
        body = b"".join(response) if response.streaming else response.content
        if url.endswith(".docx"):
            import io

            from docx import Document

            body = "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs).encode()
        text = body.decode("utf-8", "replace")
        if url in searched:
            assert "未找到" in text or "0 条" in text or "没有" in text, url
            text = text.replace(searched[url], "")
        leaked = sorted(s for s in secrets if s in text)
        assert leaked == [], f"{url} shows {leaked}"
    assert seen >= 25
    # Column feeds and published report exports were among them.
    assert any(u.startswith("/feeds/") and u != "/feeds/all/" for u in urls)
    assert any(u.endswith("report.json") for u in urls)


def test_tracking_page_and_api_show_the_applicant_no_personal_data(world, settings, tmp_path):
    from gongkai.applications import services
    from gongkai.applications.tests.factories import ID_CARD, applicant_data

    settings.MEDIA_ROOT = tmp_path
    app, code = services.application_submit(data=applicant_data(world.district, applicant_name="李四"))
    page = Client().post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": code})
    api = Client().get(f"/api/v1/applications/{app.tracking_no}", HTTP_X_QUERY_CODE=code)
    assert page.status_code == 200 and api.status_code == 200
    for body in (page.content.decode(), api.content.decode()):
        assert app.tracking_no in body
        for secret in (ID_CARD, "13800000000", "zhangsan@example.com", "中山路1号", "李四"):
            assert secret not in body


def test_staff_lists_mask_names_supervisors_see_masked_data_handlers_see_it_and_are_audited(world, settings,
                                                                                         tmp_path):
    from gongkai.applications import services
    from gongkai.applications.tests.factories import ID_CARD, applicant_data

    settings.MEDIA_ROOT = tmp_path
    app, _code = services.application_submit(data=applicant_data(world.district, applicant_name="王小明"))
    url = f"/staff/applications/{app.tracking_no}/"

    inbox = client_for(world.district_clerk).get("/staff/applications/").content.decode()
    assert app.tracking_no in inbox and "王**" in inbox and "王小明" not in inbox

    # A supervisor above the organ may look at the case, but sees the applicant masked; nothing is audited.
    supervisor = client_for(world.city_supervisor).get(url)
    assert supervisor.status_code == 200
    body = supervisor.content.decode()
    assert "王**" in body and "2305**********1232" in body and "138****0000" in body
    for secret in ("王小明", ID_CARD, "13800000000", "zhangsan@example.com"):
        assert secret not in body
    assert not EventLog.objects.filter(event_type=EventType.PERSONAL_DATA_VIEWED).exists()

    # The organ's clerk handling the case sees everything, and each view is on the audit trail.
    for _ in range(2):
        body = client_for(world.district_clerk).get(url).content.decode()
        assert "王小明" in body and ID_CARD in body and "13800000000" in body
    views = EventLog.objects.filter(event_type=EventType.PERSONAL_DATA_VIEWED).order_by("id")
    assert [v.actor for v in views] == [world.district_clerk, world.district_clerk]
    assert views[0].object_id == str(app.pk) and views[0].organ == world.district
    assert "id_number" in views[0].details["fields"]
    assert "查看申请人个人信息" not in body  # kept off the case timeline

    # Staff of another organ get the same 404 as for a missing case.
    assert client_for(world.fgj_clerk).get(url).status_code == 404
