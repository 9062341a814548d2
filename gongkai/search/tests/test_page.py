"""/search/: the page, its result cache per normalised query, and its bounded number of queries."""

import pytest
from django.test import Client

from gongkai.catalogue import services
from gongkai.catalogue.tests.factories import published
from gongkai.portal.services import portal_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(world, frozen_today):
    portal_set(actor=None, organ=world.district, is_default=True)
    return world


def test_results_are_cached_per_normalised_query(site, settings, django_capture_on_commit_callbacks):
    settings.GONGKAI_SEARCH_CACHE_SECONDS = 30
    item = published(site.district, title="冬季供暖保障方案", body="做好供暖保障")
    first = Client().get("/search/", {"q": "供暖"})
    assert first["X-Cache"] == "MISS" and "冬季<mark>供暖</mark>保障方案" in first.content.decode()
    for params in ({"q": " 供暖 "}, {"q": "供暖", "page": "1"}, {"q": "供暖", "year": "abc", "bogus": "1"}):
        assert Client().get("/search/", params)["X-Cache"] == "HIT", params  # one page whatever the spelling
    assert Client().get("/search/", {"q": "供暖", "column": "zcwj"})["X-Cache"] == "MISS"
    elder = Client()
    elder.cookies["gongkai_elder"] = "1"
    assert elder.get("/search/", {"q": "供暖"})["X-Cache"] == "MISS"  # rendered differently
    with django_capture_on_commit_callbacks(execute=True):
        services.item_withdraw(actor=site.district_reviewer, item=item, reason="错发")
    fresh = Client().get("/search/", {"q": "供暖"})  # a new generation: the withdrawal shows at once
    assert fresh["X-Cache"] == "MISS" and "没有找到相关信息" in fresh.content.decode()


def test_a_signed_in_visitor_is_never_served_from_the_cache(site, settings):
    from gongkai.core.testing import client_for

    settings.GONGKAI_SEARCH_CACHE_SECONDS = 30
    staff = client_for(site.district_clerk)
    staff.get("/search/", {"q": "供暖"})
    assert "X-Cache" not in staff.get("/search/", {"q": "供暖"})


def test_totals_as_the_page_prints_them(site):
    for n in range(3):
        published(site.district, title=f"供暖通知{n}", body="做好供暖保障")
    body = Client().get("/search/", {"q": "供暖"}).content.decode()
    assert "相关的结果：3 条" in body
