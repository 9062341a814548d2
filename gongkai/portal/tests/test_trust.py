"""What a checker trusts on the portal: no 发布日期 later than now anywhere, counts that match their lists,
linked 机构导航, no staff notes, links as links, both report dates, the footer's identifiers."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.catalogue.services import columns_seed
from gongkai.catalogue.tests.factories import published
from gongkai.portal.checks import footer_identifiers, problems
from gongkai.portal.services import portal_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(world):
    columns_seed(actor=None, organ=world.district)
    columns_seed(actor=None, organ=world.fgj)
    return portal_set(actor=None, organ=world.district, is_default=True)


def future_item(world, traveller, title="明天才发布的通知"):
    """An item stamped an hour ahead (what an import at 08:00 used to do with 09:00 of the day): published
    with the clock an hour on, then back to now."""
    traveller.shift(dt.timedelta(hours=1))
    item = published(world.district, "zcwj", title=title, doc_no="岭政发〔2026〕99号")
    traveller.shift(dt.timedelta(hours=-1))
    assert item.published_at > timezone.now()
    return item


def test_no_future_publication_date_in_any_list_feed_search_or_page(site, world, frozen_today):
    visible = published(world.district, "zcwj", title="今天已发布的通知")
    hidden = future_item(world, frozen_today)
    client = Client()
    for url in ("/", "/xxgk/", "/xxgk/mulu/", "/xxgk/lm/zcwj/", "/feeds/all/", "/feeds/zcwj/", "/search/?q=通知",
                "/search/?q=岭政发〔2026〕99号", "/zhuanqu/", "/zhuanqu/mulu/", "/zhuanqu/search/?q=通知"):
        body = client.get(url).content.decode()
        assert hidden.title not in body, url
        assert hidden.index_no not in body, url
    assert visible.title in client.get("/xxgk/lm/zcwj/").content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert "共 1 条" in client.get("/xxgk/lm/zcwj/").content.decode()
    # An hour later it is public everywhere, with its own time.
    frozen_today.shift(dt.timedelta(hours=2))
    assert hidden.title in client.get("/feeds/all/").content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 200


def test_feeds_hold_no_entry_dated_after_now(site, world, frozen_today):
    published(world.district, "zcwj")
    future_item(world, frozen_today)
    root = ET.fromstring(Client().get("/feeds/all/").content)
    ns = "{http://www.w3.org/2005/Atom}"
    for entry in root.iter(f"{ns}entry"):
        stamp = dt.datetime.fromisoformat(entry.find(f"{ns}updated").text)
        assert stamp <= timezone.now()


def test_imports_never_stamp_a_time_to_come(world, frozen_today):
    from gongkai.catalogue.services import _at_nine

    frozen_today.move_to(dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert _at_nine(dt.date(2026, 11, 25)) <= timezone.now()
    assert _at_nine(dt.date(2026, 11, 24)).hour == 9


def test_home_counts_match_the_lists_they_open(site, world, frozen_today):
    published(world.district, "zcwj", title="区政府文件")
    published(world.fgj, "zcwj", title="发改局文件一")
    published(world.fgj, "zcwj", title="发改局文件二")
    home = Client().get("/").content.decode()
    link = re.search(r'href="/xxgk/lm/zcwj/">[^<]+</a> <small>（(\d+) 条', home)
    listing = Client().get("/xxgk/lm/zcwj/").content.decode()
    assert link.group(1) == "3" and "共 3 条" in listing
    xxgk = Client().get("/xxgk/").content.decode()
    assert re.search(r'href="/xxgk/lm/zcwj/">[^<]+</a> <small>（3 条）', xxgk)


def test_organ_navigation_is_linked_and_the_guide_has_no_staff_notes(site, world):
    office = world.district.office
    office.fax = ""
    office.save()
    home = Client().get("/").content.decode()
    assert f'href="/xxgk/mulu/?organ={world.fgj.code}">岭东区发展和改革局</a>' in home
    guide = Client().get("/xxgk/guide/").content.decode()
    assert "尚未填写" not in guide


def test_report_entries_link_their_report(site, world, frozen_today):
    item = published(world.district, "gknb", title="2025年度报告",
                     body=f"报告全文（含统计表）及PDF、Word、JSON下载：/ndbg/{world.district.code}/2025/")
    body = Client().get(item.get_absolute_url()).content.decode()
    assert f'<a href="/ndbg/{world.district.code}/2025/">/ndbg/{world.district.code}/2025/</a>' in body


def test_sitemap_contact_and_favicon(site):
    client = Client()
    sitemap = client.get("/sitemap/").content.decode()
    for href in ("/xxgk/guide/", "/xxgk/lm/zcwj/", "/ysqgk/apply/", "/ndbg/", "/hudong/", "/hudong/zhaocuo/",
                 "/dingyue/", "/zhuanqu/", "/contact/"):
        assert f'href="{href}"' in sitemap, href
    contact = client.get("/contact/").content.decode()
    assert "政府信息公开工作机构" in contact and 'href="/hudong/zhaocuo/"' in contact
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    home = client.get("/").content.decode()
    assert 'rel="icon"' in home and "conac-placeholder" in home and "我为政府网站找错" in home


def test_conac_badge_links_its_verification_page_once_issued(world):
    portal_set(actor=None, organ=world.district, is_default=True, conac_id="2305020001000000001")
    home = Client().get("/").content.decode()
    assert "bszs.conac.cn/sitename?method=show&amp;id=2305020001000000001" in home
    assert "conac-placeholder" not in home


@pytest.mark.pure
def test_placeholder_footer_identifiers_are_refused(settings):
    settings.GONGKAI_SITE_DEFAULTS = {"site_code": "0000000000", "icp": "ICP备案号（待填写）",
                                      "police_record": "公安机关备案号（待填写）"}
    errors = footer_identifiers(None)
    assert [e.id for e in errors] == ["gongkai.E010"] and "网站标识码" in errors[0].msg
    assert problems("2305020001", "黑ICP备12345678号", "黑公网安备23050202000001号") == []
    assert problems("12345", "黑ICP备12345678号", "x") != []


def test_deploy_check_reads_each_portal_with_a_database(world, settings):
    settings.GONGKAI_SITE_DEFAULTS = {"site_code": "0000000000", "icp": "ICP备案号（待填写）",
                                      "police_record": "公安机关备案号（待填写）"}
    portal_set(actor=None, organ=world.district, is_default=True, site_code="2305020001", icp="黑ICP备12345678号",
               police_record="黑公网安备23050202000001号")
    assert footer_identifiers(None, databases=["default"]) == []
    portal_set(actor=None, organ=world.jyj, hostname="jyj.example.gov.cn")
    errors = footer_identifiers(None, databases=["default"])
    assert errors and "岭东区教育局" not in errors[0].msg and "jyj.example.gov.cn" in errors[0].msg


def test_system_administrator_sets_the_footer_in_the_admin(world):
    from gongkai.core.models import EventLog, EventType
    from gongkai.core.testing import client_for
    from gongkai.portal.models import Portal

    client = client_for(world.sysadmin)
    response = client.post("/staff/admin/portal/portal/add/", {
        "organ": world.district.pk, "hostname": "", "is_default": "on", "site_code": "2305020001",
        "icp": "黑ICP备12345678号", "police_record": "黑公网安备23050202000001号", "conac_id": ""})
    assert response.status_code == 302, response.content.decode()[:500]
    portal = Portal.objects.get()
    assert portal.is_default and portal.site_code == "2305020001"
    assert EventLog.objects.filter(event_type=EventType.PORTAL_UPDATED).count() == 1
    assert "网站标识码：2305020001" in Client().get("/").content.decode()
