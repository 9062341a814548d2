"""In Chromium, as citizens use the portal: every public page on a 390 px phone without sideways scrolling
(and in 长者模式), the report table scrolling in its own box; refreshing the receipt submits nothing again;
a failed submit focuses the error summary; a 咨询 asked, answered and published; a subscription confirmed
from the mail, a digest after a publication, unsubscribed; the 政务公开专区 back at its start after idle."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from gongkai.applications.models import Application
from gongkai.catalogue.services import columns_seed
from gongkai.catalogue.tests.factories import published
from gongkai.core.testing import browser_log_in
from gongkai.portal.services import portal_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DIGITS = "零一二三四五六七八九十"


def overflow(page) -> int:
    """How far the page scrolls sideways (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def answer_captcha(page, label_text: str) -> str:
    """The arithmetic 验证码 as a person reads it off the page."""
    a, b = re.search(r"([一二三四五六七八九])加([一二三四五六七八九])等于几", label_text).groups()
    return str(DIGITS.index(a) + DIGITS.index(b))


@pytest.fixture
def portal_with_content(world):
    from gongkai.annual_reports.tests.test_report_workflow import published as published_report
    from gongkai.interaction import services as interaction
    from gongkai.organs.models import Organ

    portal_set(actor=None, organ=world.district, is_default=True)
    columns_seed(actor=None, organ=world.district)
    item = published(world.district, "zcwj", title="岭东区人民政府关于进一步做好城镇老旧小区改造工作的实施意见（试行）",
                     doc_no="岭政发〔2026〕12号", keywords="老旧小区 改造 实施意见")
    report = published_report(world)
    message, _ = interaction.message_submit(
        kind="consultation", organs=Organ.objects.all(), default_organ=world.district,
        data={"organ": world.district.code, "title": "老旧小区改造补贴怎么申请", "name": "李明", "phone": "13800000000",
              "content": "想了解老旧小区改造补贴的标准和流程。", "consent_publish": "on"})
    interaction.message_answer(actor=world.district_clerk, message=message, reply="见岭政发〔2026〕12号。", publish=True)
    return {"item": item, "report": report, "message": message}


def test_every_public_page_fits_a_phone_and_the_report_table_scrolls_in_its_box(browser_page, portal_with_content):
    page = browser_page
    page.set_viewport_size(PHONE)
    item, report, message = portal_with_content["item"], portal_with_content["report"], portal_with_content["message"]
    report_url = f"/ndbg/{report.organ.code}/{report.year}/"
    urls = ["/", "/xxgk/", "/xxgk/guide/", "/xxgk/mulu/", "/xxgk/lm/zcwj/", item.get_absolute_url(),
            "/search/?q=老旧小区", "/feeds/all/", "/ysqgk/apply/", "/ysqgk/track/", "/ndbg/", report_url, "/ndbg/audit/",
            "/hudong/", f"/hudong/zixun/{message.number}/", "/hudong/zixun/ask/", "/hudong/zhaocuo/",
            "/hudong/chaxun/", "/dingyue/", "/sitemap/", "/contact/", "/no-such-page/", "/zhuanqu/",
            "/zhuanqu/mulu/", "/zhuanqu/zhinan/", f"/zhuanqu/ndbg/{report.organ.code}/{report.year}/",
            "/zhuanqu/banshi/", "/zhuanqu/search/?q=老旧小区"]
    for url in urls:
        if url.startswith("/feeds/"):
            continue  # XML, not a page
        page.goto(url)
        assert overflow(page) <= 0, f"{url} scrolls sideways by {overflow(page)} px"
    # The 长者模式 (larger type) too, on the pages with the widest content.
    page.goto("/")
    page.get_by_role("button", name="长者模式").click()
    for url in ("/", "/xxgk/mulu/", item.get_absolute_url(), report_url, "/ysqgk/apply/", "/hudong/"):
        page.goto(url)
        assert page.locator("html.elder").count() == 1
        assert overflow(page) <= 0, f"长者模式 {url} scrolls sideways by {overflow(page)} px"

    # The navigation is collapsed behind one button on the phone.
    page.goto("/")
    nav = page.get_by_role("navigation", name="主导航")
    assert not nav.is_visible()
    page.get_by_role("button", name="栏目").click()
    assert nav.get_by_role("link", name="政府信息公开").is_visible()

    # Catalogue rows are cards, the title first and readable (not squeezed into a column).
    page.goto("/xxgk/lm/zcwj/")
    title = page.get_by_role("link", name=item.title)
    assert title.bounding_box()["width"] > 250

    # Table 三 is wider than the phone: it scrolls inside its own box, its label column stays in view.
    page.goto(report_url)
    box = page.locator("div.table-scroll:has(#table3)")
    widths = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1]
    label = page.locator("#table3 th[scope=row]").first
    before = label.bounding_box()["x"]
    box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert box.evaluate("e => e.scrollLeft") > 0
    assert abs(label.bounding_box()["x"] - before) < 2  # sticky
    assert overflow(page) <= 0


def test_desktop_pages_do_not_scroll_sideways(browser_page, portal_with_content):
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    report = portal_with_content["report"]
    for url in ("/", "/xxgk/mulu/", f"/ndbg/{report.organ.code}/{report.year}/", "/hudong/", "/zhuanqu/"):
        page.goto(url)
        assert overflow(page) <= 0, url


def fill_application(page):
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("姓名或名称").fill("李明")
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill("230502199001011234")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("所需政府信息的内容描述").fill("岭东区2025年老旧小区改造项目的资金安排文件")
    page.get_by_label("所需信息的形式").select_option("electronic")
    page.get_by_label("获取信息的方式").select_option("post")
    page.get_by_label("通信地址").fill("双鸭山市岭东区中山路1号")


def test_refresh_after_submit_shows_the_same_receipt_and_creates_no_case(browser_page, world):
    from gongkai.applications.tests.factories import ID_CARD

    portal_set(actor=None, organ=world.district, is_default=True)
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto("/ysqgk/apply/")
    fill_application(page)
    page.get_by_label("证件号码").fill(ID_CARD)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/ysqgk/apply/done/*/")
    number, code = page.locator("#tracking-no").inner_text(), page.locator("#query-code").inner_text()
    assert code not in page.url and number in page.url
    page.reload()
    assert page.locator("#query-code").inner_text() == code and page.locator("#tracking-no").inner_text() == number
    page.goto("/ysqgk/apply/")  # the same application sent again a moment later
    fill_application(page)
    page.get_by_label("证件号码").fill(ID_CARD)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/ysqgk/apply/done/*/")
    assert page.locator("#tracking-no").inner_text() == number
    assert Application.objects.count() == 1
    assert overflow(page) <= 0
    with page.expect_download() as download:
        page.get_by_role("link", name="打印回执 / 保存（PDF）").click()
    assert download.value.suggested_filename == f"receipt-{number}.pdf"
    # Tracking with the code off the receipt, typed into a visible field, on the phone.
    page.goto("/ysqgk/track/")
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("查询码").fill(code.lower())  # as a phone keyboard may type it
    assert page.get_by_label("查询码").input_value() == code.lower()  # visible, not dots
    page.get_by_role("button", name="查询").click()
    assert page.locator("#case-status").inner_text() == "办理中"
    assert overflow(page) <= 0


def test_a_failed_submit_focuses_the_linked_error_summary(browser_page, world):
    portal_set(actor=None, organ=world.district, is_default=True)
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto("/ysqgk/apply/")
    fill_application(page)
    page.get_by_label("联系电话").fill("1380000000")  # ten digits
    page.get_by_label("姓名或名称").fill("")
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator("#form-errors")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    box = summary.bounding_box()
    assert -1 < box["y"] < 844 - box["height"] / 2  # on the first screen, not below the fold
    assert "手机号码应为11位" in summary.inner_text() and "请填写申请人姓名或名称" in summary.inner_text()
    summary.get_by_role("link", name=re.compile("联系电话")).click()
    assert page.evaluate("document.activeElement.name") == "phone"
    assert page.get_by_label("通信地址").input_value() == "双鸭山市岭东区中山路1号"  # what was typed stays


def test_a_consultation_is_asked_answered_and_published(browser_page, world):
    portal_set(actor=None, organ=world.district, is_default=True)
    page = browser_page
    page.goto("/hudong/zixun/ask/")
    page.get_by_label("咨询机关").select_option(label="岭东区人民政府")
    page.get_by_label("标题").fill("冬季供暖投诉电话是多少")
    page.get_by_label("咨询内容").fill("小区暖气不热，想知道向哪个部门反映。")
    page.get_by_role("textbox", name="姓名").fill("王芳")
    page.get_by_label("电子邮箱（答复将发送到此邮箱）").fill("wangfang@example.com")
    page.get_by_label(re.compile("同意在“政务咨询”栏目公开")).check()
    captcha = page.locator("label[for=id_captcha]").inner_text()
    page.get_by_label(re.compile("验证码")).fill(answer_captcha(page, captcha))
    page.get_by_role("button", name="提交咨询").click()
    number = page.locator("#message-number").inner_text()

    clerk = page.context.browser.new_context(base_url=page.base_url, locale="zh-CN").new_page()
    browser_log_in(clerk, "district_clerk")
    clerk.goto("/staff/hudong/")
    clerk.get_by_role("link", name=number).click()
    clerk.get_by_label("答复内容").fill("请拨打区供热服务热线 0469-1234567。")
    clerk.get_by_label(re.compile("在“政务咨询”栏目公开答复")).check()
    clerk.get_by_role("button", name="答复", exact=True).click()
    assert "已答复" in clerk.locator("#message-status").inner_text()
    assert any("【答复】" in m.subject for m in mail.outbox)

    page.goto("/hudong/?q=供暖")
    page.get_by_role("link", name="冬季供暖投诉电话是多少").click()
    assert page.get_by_text("请拨打区供热服务热线").is_visible()
    assert "王芳" not in page.content() and "wangfang" not in page.content()


def test_subscription_confirmed_by_mail_digest_after_publication_and_unsubscribe(browser_page, world, settings):
    from gongkai.subscriptions.services import digests_send

    portal_set(actor=None, organ=world.district, is_default=True)
    columns_seed(actor=None, organ=world.district)
    page = browser_page
    settings.GONGKAI_SITE_URL = page.base_url
    page.goto("/dingyue/")
    page.get_by_label("电子邮箱").fill("reader@example.com")
    page.get_by_label("每周").check()
    page.get_by_label("行政法规、规章和规范性文件").check()
    page.get_by_role("button", name="订阅").click()
    assert page.get_by_role("heading", name="请查收确认邮件").is_visible()
    confirm = re.search(r"https?://\S+/dingyue/confirm/\S+", mail.outbox[-1].body).group(0)
    page.goto(urlsplit(confirm).path)
    assert page.get_by_role("heading", name="订阅已确认").is_visible()

    item = published(world.district, "zcwj", title="岭东区关于规范行政事业性收费的通知")
    assert digests_send() == 1
    digest = mail.outbox[-1]
    assert item.title in digest.body
    page.goto(urlsplit(re.search(r"https?://\S+/xxgk/\S+", digest.body).group(0)).path)
    assert page.get_by_role("heading", name=item.title).is_visible()
    page.goto(urlsplit(re.search(r"https?://\S+/dingyue/unsubscribe/\S+", digest.body).group(0)).path)
    page.get_by_role("button", name="确认退订").click()
    assert page.get_by_role("heading", name="已退订").is_visible()
    published(world.district, "zcwj", title="退订以后发布的通知")
    assert digests_send() == 0


def test_the_kiosk_has_large_targets_and_returns_to_start_after_idle(browser_page, world, settings):
    settings.GONGKAI_KIOSK_IDLE_SECONDS = 2
    portal_set(actor=None, organ=world.district, is_default=True)
    columns_seed(actor=None, organ=world.district)
    published(world.district, "zcwj")
    page = browser_page
    page.set_viewport_size({"width": 1080, "height": 1920})  # a portrait hall screen
    page.goto("/zhuanqu/")
    for url in ("/zhuanqu/", "/zhuanqu/mulu/", "/zhuanqu/search/?q=通知"):
        page.goto(url)
        for target in page.locator("a:visible, button:visible, input:visible").all():
            box = target.bounding_box()
            assert box["height"] >= 48 and box["width"] >= 48, (url, target.inner_text() or target.get_attribute("name"))
        assert page.locator("svg.qr").is_visible()
        assert page.locator("a[href*='/staff/']").count() == 0
    page.get_by_role("link", name="目录", exact=True).click()
    page.wait_for_url("**/zhuanqu/mulu/")
    page.wait_for_url(re.compile(r"/zhuanqu/$"), timeout=6000)  # nobody touched it for 2 s
    assert page.get_by_role("heading", name="政务公开专区").is_visible()
