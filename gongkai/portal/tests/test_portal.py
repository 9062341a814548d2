"""The public site's shell: every stable URL answers, the chrome names the organ, 长者模式 works."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from gongkai.portal.models import Portal
from gongkai.portal.services import portal_set

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(world):
    return portal_set(actor=None, organ=world.district, is_default=True, site_code="2305020001")


@pytest.mark.parametrize("url", ["/", "/xxgk/", "/search/", "/search/?q=政府信息公开", "/ysqgk/apply/",
                                 "/ysqgk/track/", "/ndbg/", "/api/v1/", "/api/v1/openapi.json"])
def test_public_pages_answer(site, url):
    response = Client().get(url)
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert response["Content-Type"].startswith("application/json") and response.json()
    else:  # a page of the organ's portal, in Chinese
        body = response.content.decode()
        assert response["Content-Type"].startswith("text/html") and "岭东区人民政府" in body
        assert '<html lang="zh-' in body


def test_home_shows_the_organ_and_accessible_landmarks(site):
    body = Client().get("/").content.decode()
    assert "<title>首页 - 岭东区人民政府</title>" in body
    for landmark in ('role="banner"', 'role="contentinfo"', '<main id="main"', 'aria-label="主导航"',
                     'class="skip-link" href="#main"', '<label for="site-search-q">'):
        assert landmark in body
    assert "网站标识码：2305020001" in body
    assert 'lang="zh-CN"' in body


def test_guide_shows_the_disclosure_office_contacts(site, world):
    body = Client().get("/xxgk/").content.decode()
    office = world.district.office
    assert office.address in body and office.phone in body and office.email in body
    assert "第十二条" in body


def test_unknown_items_and_columns_are_chinese_404s(site):
    for url in ("/xxgk/000000000/2024-00001/", "/feeds/zcwj/", "/ndbg/NOSUCH/2024/", "/no-such-page/"):
        response = Client().get(url)
        assert response.status_code == 404
        assert "返回首页" in response.content.decode()


def test_feed_all_is_valid_atom(site):
    response = Client().get("/feeds/all/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text.startswith("岭东区人民政府")
    assert root.find(f"{ATOM}id") is not None and root.find(f"{ATOM}updated") is not None


def test_elder_mode_toggles_with_a_cookie_and_no_javascript(site):
    client = Client()
    assert 'class="elder"' not in client.get("/xxgk/").content.decode()
    response = client.post("/elder-mode/", {"next": "/xxgk/"})
    assert response.status_code == 302 and response["Location"] == "/xxgk/"
    body = client.get("/xxgk/").content.decode()
    assert '<html lang="zh-CN" class="elder">' in body and "退出长者模式" in body
    client.post("/elder-mode/", {"next": "/"})
    assert 'class="elder"' not in client.get("/").content.decode()


def test_elder_mode_refuses_open_redirects(site):
    response = Client().post("/elder-mode/", {"next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_tracking_with_an_unknown_number_says_so_in_chinese(site):
    response = Client().post("/ysqgk/track/", {"tracking_no": "YS2026000001", "query_code": "x"})
    assert response.status_code == 404
    assert "未找到与该受理编号和查询码相符的申请" in response.content.decode()


def test_host_picks_the_portal_and_default_serves_the_rest(site, world, settings):
    settings.ALLOWED_HOSTS = ["testserver", "jyj.example.gov.cn"]
    portal_set(actor=None, organ=world.jyj, hostname="jyj.example.gov.cn")
    assert "岭东区教育局" in Client(HTTP_HOST="jyj.example.gov.cn").get("/").content.decode()
    assert "<title>首页 - 岭东区人民政府" in Client().get("/").content.decode()
    assert Portal.objects.filter(is_default=True).count() == 1


def test_empty_install_tells_the_administrator(db):
    body = Client().get("/").content.decode()
    assert "尚未设置所属机关" in body


def test_search_echoes_the_query_escaped(site):
    body = Client().get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
