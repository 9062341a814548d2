"""Input hygiene at the edge, private pages kept out of caches, and the Chinese error pages.

The attack run found NUL bytes giving 500 on PostgreSQL at 19 points (query parameters, path, form and API
fields) and a huge year= giving 500 on SQLite. Each point is here, on both databases."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from gongkai.applications.tests.factories import applicant_data, registered_case
from gongkai.core.testing import client_for

HUGE = "9" * 30


def _case(world):
    app, _ = registered_case(world.district_clerk, world.district, received_on=dt.date(2026, 11, 20))
    return app


# (who, method, url, data): `{tn}` is a case's 受理编号; "X" marks where the control character goes.
POINTS = {
    "search q": (None, "get", "/search/", {"q": "X"}),
    "search year": (None, "get", "/search/", {"year": "X"}),
    "catalogue year": (None, "get", "/xxgk/mulu/", {"year": "X"}),
    "catalogue page": (None, "get", "/xxgk/mulu/", {"page": "X"}),
    "item path": (None, "get", "/xxgk/X/", None),
    "feed parameter name": (None, "get", "/feeds/all/", {"X": "1"}),
    "report list": (None, "get", "/ndbg/", {"version": "X"}),
    "track form": (None, "post", "/ysqgk/track/", {"tracking_no": "X", "query_code": "ABCDEFGH"}),
    "api code": (None, "json", "/api/v1/applications/{tn}", {"code": "X"}),
    "api field": (None, "json", "/api/v1/applications", {"applicant_name": "X"}),
    "apply form": (None, "post", "/ysqgk/apply/", {"applicant_name": "X"}),
    "audit text": (None, "post", "/ndbg/audit/", {"text": "一、总体情况X"}),
    "login username": (None, "post", "/staff/login/", {"username": "X", "password": "x"}),
    "inbox search": ("district_clerk", "get", "/staff/applications/", {"q": "X"}),
    "case note": ("district_clerk", "post", "/staff/applications/{tn}/note/", {"note": "X"}),
    "fee calculator": ("district_clerk", "get", "/staff/applications/fees/", {"n": "X"}),
    "catalogue items": ("district_clerk", "get", "/staff/catalogue/items/", {"q": "X"}),
    "supervision year": ("district_supervisor", "get", "/staff/supervision/", {"year": "X"}),
    "reports year": ("district_clerk", "get", "/staff/reports/", {"year": "X"}),
}


def _send(world, point, marker):
    who, method, url, data = POINTS[point]
    tn = _case(world).tracking_no if "{tn}" in url else ""
    url = url.format(tn=tn).replace("X", marker.replace("\x00", "%00").replace("\x0b", "%0B"))
    data = {k.replace("X", marker): v.replace("X", marker) for k, v in (data or {}).items()}
    client = client_for(getattr(world, who)) if who else Client()
    client.raise_request_exception = False
    if method == "json":
        body = {**applicant_data(world.district), **data} if url.endswith("applications") else data
        return client.post(url, json.dumps(body), content_type="application/json")
    return getattr(client, method)(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("marker", ["\x00", "\x0b"], ids=["NUL", "VT"])
@pytest.mark.parametrize("point", list(POINTS))
def test_control_characters_are_a_chinese_400_at_every_point(world, frozen_today, point, marker):
    response = _send(world, point, marker)
    assert response.status_code == 400, response.status_code
    text = response.content.decode()
    assert "控制字符" in text


@pytest.mark.django_db
@pytest.mark.parametrize("point", [p for p in POINTS if POINTS[p][1] == "get" and "X" not in POINTS[p][2]])
def test_clean_input_at_the_same_points_is_not_refused(world, frozen_today, point):
    assert _send(world, point, "2024").status_code in (200, 302, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("who, url", [
    (None, f"/search/?q=报告&year={HUGE}&page={HUGE}"),
    (None, f"/xxgk/mulu/?year={HUGE}&page={HUGE}"),
    ("district_supervisor", f"/staff/supervision/?year={HUGE}"),
    ("district_clerk", f"/staff/reports/?year={HUGE}"),
    ("district_clerk", f"/staff/applications/fees/?n={HUGE}"),
    ("district_clerk", f"/staff/applications/?page={HUGE}"),
])
def test_huge_numbers_are_clamped_not_500(world, frozen_today, who, url):
    client = client_for(getattr(world, who)) if who else Client()
    client.raise_request_exception = False
    assert client.get(url).status_code == 200


def test_int_param_clamps_and_refuses_absurd_lengths():
    from gongkai.core.params import int_param

    assert int_param("12", lo=1, hi=10) == 10 and int_param("-5", 1, lo=1) == 1
    assert int_param(HUGE, 7) == 7 and int_param("x", 3) == 3 and int_param(None) is None


@pytest.mark.django_db
def test_an_api_body_with_escaped_nul_is_refused_but_newlines_pass(world, frozen_today):
    client = Client()
    bad = json.dumps({**applicant_data(world.district), "description": "文件\u0000名称"})
    assert '\\u0000' in bad
    response = client.post("/api/v1/applications", bad, content_type="application/json")
    assert response.status_code == 400 and "控制字符" in response.json()["error"]
    good = json.dumps({**applicant_data(world.district), "description": "第一行\n第二行\t文件名称"})
    assert client.post("/api/v1/applications", good, content_type="application/json").status_code == 201


# ------------------------------------------------------------------ caching of private pages


@pytest.mark.django_db
def test_staff_pages_and_tracking_answers_are_no_store(world, frozen_today):
    app = _case(world)
    clerk = client_for(world.district_clerk)
    for url in ("/staff/", "/staff/applications/", f"/staff/applications/{app.tracking_no}/"):
        response = clerk.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
    assert "no-store" in Client().get("/ysqgk/track/")["Cache-Control"]
    assert "no-store" not in Client().get("/").get("Cache-Control", "")


# ------------------------------------------------------------------ error pages


@pytest.mark.django_db
def test_error_pages_are_chinese_in_the_portals_chrome(client):
    from django.test import RequestFactory
    from django.views import defaults

    request = RequestFactory().get("/")
    for view, status, words in ((defaults.server_error, 500, "服务暂时不可用"),
                                (defaults.bad_request, 400, "请求有误"),
                                (defaults.permission_denied, 403, "无权访问")):
        args = (request,) if view is defaults.server_error else (request, Exception())
        response = view(*args)
        page = response.content.decode()
        assert response.status_code == status and words in page and "返回首页" in page
        assert "site-header" in page and "DEBUG" not in page
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()


@pytest.mark.django_db
def test_the_csrf_page_tells_a_citizen_what_to_do_and_never_mentions_debug(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ysqgk/apply/", {"applicant_name": "张三"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in page and "刷新后重新填写" in page
    assert "DEBUG" not in page and "CSRF" not in page


@pytest.mark.django_db
def test_a_database_that_stays_locked_is_a_chinese_503(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.db import OperationalError

    from gongkai.core.middleware import DatabaseBusyMiddleware

    request = rf.post("/staff/applications/YS1/note/")
    request.user = AnonymousUser()
    response = DatabaseBusyMiddleware(lambda r: None).process_exception(
        request, OperationalError("database is locked"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "其他人正在保存" in response.content.decode()
    assert DatabaseBusyMiddleware(lambda r: None).process_exception(request, OperationalError("disk I/O")) is None


@pytest.mark.django_db
def test_a_page_break_in_text_pasted_for_the_audit_is_kept_but_nul_is_not(client):
    page_break = client.post("/ndbg/audit/", {"text": "一、总体情况\x0c二、主动公开政府信息情况"})
    assert "控制字符" not in page_break.content.decode()
    assert client.post("/ndbg/audit/", {"text": "一、总体情况\x00"}).status_code == 400
