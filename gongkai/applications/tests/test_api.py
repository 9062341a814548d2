"""Public entry points refuse bad input with a Chinese message and a 4xx, never a 500."""

import pytest


@pytest.mark.django_db
def test_deeply_nested_or_huge_json_is_refused_not_500(world):
    from django.test import Client

    nested = Client().post("/api/v1/applications", "[" * 100000 + "]" * 100000, content_type="application/json")
    assert nested.status_code in (400, 413) and "error" in nested.json()
    huge = Client().post("/api/v1/applications", '{"description": "' + "x" * 70000 + '"}',
                         content_type="application/json")
    assert huge.status_code == 413 and huge.json()["error"] == "请求体过大。"


@pytest.mark.django_db
def test_an_empty_post_to_the_public_form_is_a_400_in_chinese(world):
    from django.test import Client

    from gongkai.portal.services import portal_set

    portal_set(actor=None, organ=world.district, is_default=True)
    client = Client(enforce_csrf_checks=False)
    response = client.post("/ysqgk/apply/", {})
    assert response.status_code == 400 and "申请未提交" in response.content.decode()
