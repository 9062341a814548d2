"""政务公开专区: every page in the kiosk chrome, a QR code of the same page on the portal, no log-in link and
no link out of /zhuanqu/."""

import re

import pytest
from django.test import Client

from gongkai.catalogue.services import columns_seed
from gongkai.catalogue.tests.factories import published
from gongkai.portal.services import portal_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(world):
    columns_seed(actor=None, organ=world.district)
    return portal_set(actor=None, organ=world.district, is_default=True)


def test_every_kiosk_page_has_a_qr_code_and_never_leaves_the_kiosk(site, world, frozen_today):
    item = published(world.district, "zcwj", title="岭东区冬季供暖保障工作的通知")
    client = Client()
    seen, queue = set(), ["/zhuanqu/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert '<svg' in body and 'class="qr"' in body, url
        assert "/staff/" not in body and "工作人员" not in body and "登录" not in body, url
        for href in re.findall(r'href="([^"]+)"', body):
            if href.startswith(("/static/", "mailto:")):
                continue
            assert href.startswith(("/zhuanqu/", "?")), (url, href)
            if href.startswith("/zhuanqu/") and len(seen) < 40:
                queue.append(href.replace("&amp;", "&"))
    assert f"/zhuanqu/xxgk/{item.index_no}/" in seen and "/zhuanqu/zhinan/" in seen and "/zhuanqu/banshi/" in seen


def test_the_qr_code_points_to_the_same_page_on_the_portal(site, world, frozen_today):
    item = published(world.district, "zcwj")
    body = Client().get(f"/zhuanqu/xxgk/{item.index_no}/").content.decode()
    assert f"http://testserver{item.get_absolute_url()}" in body
    assert 'data-idle-home="/zhuanqu/"' in body and 'data-idle-seconds="120"' in body


def test_kiosk_search_finds_and_stays_in_the_kiosk(site, world, frozen_today):
    item = published(world.district, "zcwj", title="岭东区冬季供暖保障工作的通知")
    body = Client().get("/zhuanqu/search/", {"q": "供暖"}).content.decode()
    assert f'href="/zhuanqu/xxgk/{item.index_no}/"' in body
