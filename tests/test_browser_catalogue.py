"""In Chromium: a clerk drafts a policy, a reviewer approves it, it is on the portal, in its column's feed and
in search at once; a 解读 published later is linked both ways."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalogue.services import columns_seed
from gongkai.core.testing import browser_log_in
from gongkai.portal.services import portal_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "岭东区关于做好冬季供暖保障工作的通知"



def log_out(page):
    page.get_by_role("button", name="退出").click()


def draft_and_submit(page, *, column: str, title: str, body: str, genre: str):
    page.goto("/staff/catalogue/items/new/")
    page.get_by_label("栏目").select_option(label=f"岭东区人民政府 · {column}")
    page.get_by_label("名称").fill(title)
    page.get_by_label("体裁分类").select_option(genre)
    page.get_by_label("成文日期").fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.get_by_label("正文").fill(body)
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("草稿已保存。").is_visible()


def approve(page, title: str):
    page.goto("/staff/catalogue/")
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="审核通过并发布").click()
    assert page.get_by_text("审核通过并已发布。").is_visible()


def test_draft_review_publish_search_feed_and_interpretation(browser_page, world):
    portal_set(actor=None, organ=world.district, is_default=True)
    columns_seed(actor=None, organ=world.district)
    page = browser_page

    browser_log_in(page, "district_clerk")
    draft_and_submit(page, column="行政法规、规章和规范性文件", title=TITLE, genre="通知",
                     body="各街道、各部门要确保群众温暖过冬，做好供暖设施巡检和应急抢修。")
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_text("已提交审核。").is_visible()
    log_out(page)

    browser_log_in(page, "district_reviewer")
    approve(page, TITLE)
    index_no = page.locator("dl.meta dd").first.inner_text()
    log_out(page)

    # On the portal, in the column's feed and in search — no reindexing step in between.
    page.goto("/")
    page.get_by_role("link", name=TITLE).click()
    assert page.locator("table.xxgk-meta").get_by_text(index_no).is_visible()
    assert page.get_by_role("heading", name=TITLE).is_visible()
    feed = page.request.get("/feeds/zcwj/").text()
    assert TITLE in feed and index_no in feed
    page.get_by_label("站内搜索").fill("过冬")  # a two-character word from the body
    page.get_by_role("button", name="搜索", exact=True).click()
    result = page.locator("li.result").first
    assert result.get_by_role("link", name=TITLE).is_visible()
    assert result.locator("mark").first.inner_text() == "过冬"

    # A 解读 added from the policy itself, in one step, is linked both ways once published.
    browser_log_in(page, "district_clerk")
    page.goto("/staff/catalogue/items/?status=published")
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("button", name="作为该文件的解读").count() == 0  # the policy is no 解读 itself
    page.locator("#add-interpretation").get_by_label("解读形式").select_option("图解")
    page.get_by_role("button", name="为本文件添加解读").click()
    assert page.get_by_text("已创建解读草稿并与本文件关联").is_visible()
    assert page.get_by_text(f"本文是《{TITLE}》的图解解读。").is_visible()
    page.get_by_role("link", name="修改", exact=True).click()
    page.get_by_label("名称").fill("一图读懂冬季供暖保障")
    page.get_by_label("正文").fill("图解：供暖期自10月20日开始。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提交审核").click()
    log_out(page)
    browser_log_in(page, "district_reviewer")
    approve(page, "一图读懂冬季供暖保障")
    log_out(page)

    page.goto(f"/xxgk/{index_no}/")
    section = page.locator("section.interpretations")
    section.get_by_role("link", name="一图读懂冬季供暖保障").click()
    assert page.get_by_text("本文是对《").is_visible()
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", name=TITLE).is_visible()
