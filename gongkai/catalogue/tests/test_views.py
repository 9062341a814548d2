"""Staff pages per role and organ (refusals are 404, anonymous is sent to log in), the admin, and the
public portal pages, attachments and feeds."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from gongkai.catalogue import services
from gongkai.catalogue.models import Item
from gongkai.catalogue.tests.factories import column, draft, make_png, published
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.portal.services import portal_set

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(world):
    return portal_set(actor=None, organ=world.district, is_default=True)


class TestStaffPages:
    def test_anonymous_is_sent_to_log_in(self, world):
        item = draft(world.district)
        for url in ("/staff/catalogue/", "/staff/catalogue/items/", "/staff/catalogue/items/new/",
                    f"/staff/catalogue/items/{item.pk}/", f"/staff/catalogue/items/{item.pk}/edit/",
                    "/staff/catalogue/columns/"):
            assert_login_required(url)
        assert_login_required(f"/staff/catalogue/items/{item.pk}/submit/", method="post")

    def test_other_organs_items_are_404(self, world):
        item = draft(world.jyj)
        assert_may(world.jyj_clerk, f"/staff/catalogue/items/{item.pk}/")
        assert_may(world.district_supervisor, f"/staff/catalogue/items/{item.pk}/")  # supervises the subtree
        for user in (world.fgj_clerk, world.fgj_reviewer, world.nobody):
            assert_may_not(user, f"/staff/catalogue/items/{item.pk}/")
            assert_may_not(user, f"/staff/catalogue/items/{item.pk}/edit/")
            assert_may_not(user, f"/staff/catalogue/items/{item.pk}/submit/", method="post")
        assert_may_not(world.district_supervisor, f"/staff/catalogue/items/{item.pk}/edit/")
        assert_may_not(world.jyj_clerk, f"/staff/catalogue/items/{item.pk}/approve/", method="post")

    def test_clerk_cannot_post_into_another_organs_column(self, world):
        other = column(world.jyj)
        column(world.fgj)  # fgj_clerk has columns of their own to draft in
        response = client_for(world.fgj_clerk).post("/staff/catalogue/items/new/", {
            "column": other.pk, "title": "越权", "written_on": "2026-11-01", "validity": "valid"})
        assert response.status_code == 400
        assert "选择一个有效的选项" in response.content.decode()
        assert not Item.objects.filter(title="越权").exists()

    def test_draft_form_errors_are_chinese_400(self, world, frozen_today):
        response = client_for(world.district_clerk).post("/staff/catalogue/items/new/", {
            "column": column(world.district).pk, "title": "", "written_on": "2026-12-31", "validity": "valid"})
        assert response.status_code == 400
        assert "请填写此项。" in response.content.decode()

    def test_full_chain_through_the_pages(self, site, world, frozen_today):
        clerk, reviewer = client_for(world.district_clerk), client_for(world.district_reviewer)
        response = clerk.post("/staff/catalogue/items/new/", {
            "column": column(world.district).pk, "title": "关于做好冬季供暖保障工作的通知", "written_on": "2026-11-20",
            "validity": "valid", "body": "确保群众温暖过冬。", "genre": "通知"})
        item = Item.objects.get(title="关于做好冬季供暖保障工作的通知")
        assert response.status_code == 302
        assert clerk.post(f"/staff/catalogue/items/{item.pk}/submit/").status_code == 302
        queue = reviewer.get("/staff/catalogue/").content.decode()
        assert "关于做好冬季供暖保障工作的通知" in queue
        reviewer.post(f"/staff/catalogue/items/{item.pk}/approve/", {"note": "同意", "publish": "1"})
        item.refresh_from_db()
        assert item.status == Item.Status.PUBLISHED
        assert Client().get(item.get_absolute_url()).status_code == 200

    def test_wrong_state_action_is_409_in_chinese(self, world):
        item = draft(world.district)
        response = client_for(world.district_clerk).post(f"/staff/catalogue/items/{item.pk}/publish/")
        assert response.status_code == 409
        assert "只有审核通过的政府信息可以发布" in response.content.decode()

    def test_page_cannot_change_date_or_index_no(self, world):
        item = published(world.district)
        before = (item.index_no, item.published_at, item.title)
        response = client_for(world.district_reviewer).post(f"/staff/catalogue/items/{item.pk}/edit/", {
            "published_at": "2020-01-01 00:00", "index_no": "X/2020-00001", "title": "改名",
            "topic": "综合政务", "validity": "valid", "keywords": "新主题词"})
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.index_no, item.published_at, item.title) == before
        assert item.keywords == "新主题词"

    def test_upload_checked_by_content(self, world):
        item = draft(world.district)
        from django.core.files.uploadedfile import SimpleUploadedFile

        client = client_for(world.district_clerk)
        bad = client.post(f"/staff/catalogue/items/{item.pk}/attach/",
                          {"file": SimpleUploadedFile("恶意.pdf", b"MZ\x90\x00binary")})
        assert bad.status_code == 400 and "不支持的附件类型" in bad.content.decode()
        good = client.post(f"/staff/catalogue/items/{item.pk}/attach/",
                           {"file": SimpleUploadedFile("图解.png", make_png())})
        assert good.status_code == 302 and item.attachments.get().kind == "png"

    def test_column_pages(self, world):
        services.columns_seed(actor=None, organ=world.district)
        col = column(world.district, "gzdt")
        assert "工作动态" in assert_may(world.district_supervisor, "/staff/catalogue/columns/").content.decode()
        assert_may_not(world.district_column_owner, f"/staff/catalogue/columns/{col.pk}/")
        assert_may_not(world.fgj_clerk, f"/staff/catalogue/columns/{col.pk}/")
        response = client_for(world.district_clerk).post(f"/staff/catalogue/columns/{col.pk}/", {
            "name": "工作动态", "owner": world.district_column_owner.pk, "update_every_days": 14, "is_active": "on"})
        assert response.status_code == 302
        col.refresh_from_db()
        assert col.owner == world.district_column_owner


def test_admin_shows_items_read_only(world, client):
    item = published(world.district)
    client.force_login(world.sysadmin)
    url = f"/staff/admin/catalogue/item/{item.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"published_at_0": "2020-01-01", "index_no": "X/2020-00001"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert not item.index_no.startswith("X/")


class TestPortal:
    def test_item_page_shows_the_metadata_block_in_the_seed_order(self, site, world, frozen_today):
        item = published(world.district, doc_no="岭政办发〔2026〕3号", keywords="规范性文件 管理", topic="综合政务",
                         genre="通知")
        body = Client().get(item.get_absolute_url()).content.decode()
        labels = ["索引号", "分类", "发布机构", "发文日期", "名称", "文号", "主 题 词", "时效"]
        positions = [body.index(f">{label}</th>") for label in labels]
        assert positions == sorted(positions)
        for value in (item.index_no, "综合政务 通知", "岭东区人民政府", "2026-11-20", "岭政办发〔2026〕3号", "有效"):
            assert value in body
        assert "打印本页" in body

    def test_print_view_and_validity_notice(self, site, world, frozen_today):
        new = published(world.district, title="新文件")
        old = published(world.district, title="旧文件")
        services.item_update(actor=world.district_reviewer, item=old, validity="repealed",
                             repealed_on=dt.date(2026, 11, 24), replaced_by=new)
        body = Client().get(old.get_absolute_url() + "?print=1").content.decode()
        assert "本文件废止" in body and new.get_absolute_url() in body and "gongkai/print-view.css" in body and "<style" not in body
        assert "本文件替代" in Client().get(new.get_absolute_url()).content.decode()

    def test_withdrawn_item_says_why_with_410(self, site, world):
        item = published(world.district)
        services.item_withdraw(actor=world.district_reviewer, item=item, reason="内容有误")
        response = Client().get(item.get_absolute_url())
        assert response.status_code == 410 and "撤回原因：内容有误" in response.content.decode()

    def test_drafts_and_other_sites_items_are_404(self, site, world, settings):
        assert Client().get("/xxgk/NOPE/2026-00001/").status_code == 404
        settings.ALLOWED_HOSTS = ["testserver", "jyj.example.gov.cn"]
        portal_set(actor=None, organ=world.jyj, hostname="jyj.example.gov.cn")
        item = published(world.fgj)
        assert Client().get(item.get_absolute_url()).status_code == 200
        assert Client(HTTP_HOST="jyj.example.gov.cn").get(item.get_absolute_url()).status_code == 404

    def test_column_list_filters(self, site, world, frozen_today):
        published(world.district, title="有效的通知", genre="通知")
        old = published(world.district, title="失效的意见", genre="意见")
        services.item_update(actor=world.district_reviewer, item=old, validity="expired",
                             repealed_on=dt.date(2026, 11, 24))
        client = Client()
        assert "失效的意见" in client.get("/xxgk/lm/zcwj/").content.decode()
        filtered = client.get("/xxgk/lm/zcwj/", {"validity": "expired"}).content.decode()
        assert "失效的意见" in filtered and "有效的通知" not in filtered
        assert "有效的通知" not in client.get("/xxgk/lm/zcwj/", {"genre": "意见"}).content.decode()
        assert "暂无符合条件" in client.get("/xxgk/lm/zcwj/", {"year": 2024}).content.decode()
        assert client.get("/xxgk/lm/nosuch/").status_code == 404

    def test_home_and_guide(self, site, world, frozen_today):
        item = published(world.district, title="最新的一条通知")
        home = Client().get("/").content.decode()
        assert "最新的一条通知" in home and item.get_absolute_url() in home
        guide = Client().get("/xxgk/guide/").content.decode()
        assert "第十二条" in guide and world.district.office.phone in guide and "行政法规、规章和规范性文件" in guide

    def test_attachment_download(self, site, world):
        item = draft(world.district)
        attachment = services.attachment_add(actor=world.district_clerk, item=item, name="图解.png", data=make_png())
        assert Client().get(f"/xxgk/file/{attachment.pk}/").status_code == 404  # not published yet
        from gongkai.catalogue.tests.factories import publish

        publish(item)
        response = Client().get(f"/xxgk/file/{attachment.pk}/")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_feeds_are_valid_atom(self, site, world, frozen_today):
        item = published(world.district, title="政策文件一")
        published(world.district, "gzdt", title="动态一")
        for url, titles in (("/feeds/all/", {"政策文件一", "动态一"}), ("/feeds/zcwj/", {"政策文件一"})):
            response = Client().get(url)
            assert response["Content-Type"].startswith("application/atom+xml")
            root = ET.fromstring(response.content)
            assert root.tag == f"{ATOM}feed"
            for required in ("id", "title", "updated", "author"):
                assert root.find(f"{ATOM}{required}") is not None
            entries = root.findall(f"{ATOM}entry")
            assert {e.find(f"{ATOM}title").text for e in entries} == titles
            for entry in entries:
                for required in ("id", "title", "updated", "link"):
                    assert entry.find(f"{ATOM}{required}") is not None
        entry = ET.fromstring(Client().get("/feeds/zcwj/").content).find(f"{ATOM}entry")
        assert entry.find(f"{ATOM}link").get("href").endswith(item.get_absolute_url())
        assert Client().get("/feeds/nosuch/").status_code == 404

    def test_search_page_highlights_and_paginates(self, site, world, frozen_today):
        published(world.district, title="冬季供暖保障", body="做好供暖保障")
        body = Client().get("/search/", {"q": "供暖"}).content.decode()
        assert "<mark>供暖</mark>" in body and "相关的结果：1 条" in body
        assert Client().get("/search/", {"q": "供暖", "page": "abc", "year": "x"}).status_code == 200


@pytest.mark.parametrize("year", ["9999", "99999", "-3", "0", "abc"])
def test_impossible_year_filters_are_ignored_not_500(world, year):
    from django.test import Client

    from gongkai.portal.services import portal_set

    portal_set(actor=None, organ=world.district, is_default=True)
    item = published(world.district, title="冬季供暖保障", body="做好供暖保障")
    response = Client().get(f"/xxgk/mulu/?year={year}")
    assert response.status_code == 200
    assert item.title in response.content.decode()  # the filter is ignored: the catalogue is listed unfiltered
