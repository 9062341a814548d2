"""In Chromium: apply on the public form; a clerk registers a letter, asks for 补正, receives it,
replies 予以公开 with a letter the reviewer signs off; the applicant sees the result when tracking."""

import re

import pytest
from django.utils import timezone

from gongkai.core.testing import browser_log_in
from gongkai.portal.services import portal_set

from .factories import ID_CARD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def fill_applicant(page, name):
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("姓名或名称").fill(name)
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill(ID_CARD)
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("电子邮箱").fill("applicant@example.com")
    page.get_by_label("所需政府信息的内容描述").fill("岭东区2025年老旧小区改造项目的资金安排文件")
    page.get_by_label("所需信息的形式").select_option("electronic")
    page.get_by_label("获取信息的方式").select_option("email")


def track(page, number, code):
    page.goto("/ysqgk/track/")
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()


def sign_off(reviewer, case_url, title):
    reviewer.goto(case_url)
    reviewer.get_by_role("link", name=title).last.click()
    reviewer.get_by_role("button", name="审核签发").click()
    assert reviewer.locator("#letter-status").inner_text() == "已签发"
    assert re.fullmatch(r"岭政公开[补答]〔\d{4}〕[1-9]\d*号", reviewer.locator("#letter-doc-no").inner_text())


def serve(page, case_url, title, today):
    page.goto(case_url)
    page.get_by_role("link", name=title).last.click()
    page.get_by_label("送达方式").select_option("in_person")
    page.get_by_label("送达日期").fill(today)
    page.get_by_role("button", name="登记送达").click()
    assert page.locator("#letter-status").inner_text() == "已送达", page.locator(".messages").all_inner_texts()


def test_apply_register_correct_reply_and_track(browser_page, world):
    portal_set(actor=None, organ=world.district, is_default=True)
    today = timezone.localdate().isoformat()
    page = browser_page

    # 1. The public applies online and follows the case.
    page.goto("/ysqgk/apply/")
    fill_applicant(page, "李明")
    page.get_by_role("button", name="提交申请").click()
    online_no = page.locator("#tracking-no").inner_text()
    online_code = page.locator("#query-code").inner_text()
    assert online_no.startswith("YS") and len(online_code) == 8
    track(page, online_no, online_code)
    assert page.locator("#case-status").inner_text() == "办理中"
    assert ID_CARD not in page.content()

    # 2. A clerk registers a registered letter.
    clerk = page.context.browser.new_context(base_url=page.base_url, locale="zh-CN").new_page()
    reviewer = page.context.browser.new_context(base_url=page.base_url, locale="zh-CN").new_page()
    browser_log_in(clerk, "district_clerk")
    browser_log_in(reviewer, "district_reviewer")
    clerk.get_by_role("link", name="依申请公开").first.click()
    clerk.get_by_role("link", name=re.compile("登记申请")).click()
    clerk.get_by_label("申请渠道").select_option("registered_mail")
    clerk.get_by_label("收到日期").fill(today)
    fill_applicant(clerk, "王芳")
    clerk.get_by_role("button", name="登记").click()
    message = clerk.get_by_role("status").inner_text()
    number, code = re.search(r"受理编号 (\S+)，查询码 (\S+)（", message).groups()
    case_url = f"/staff/applications/{number}/"
    assert "剩余20个工作日" in clerk.locator("#clock-summary").inner_text()

    # 3. 补正: drafted, signed off by the reviewer, served; then the corrected application arrives.
    clerk.get_by_text("告知补正（第三十条）").click()
    clerk.get_by_label("需要补正的事项").fill("请写明所需文件的文号或发文时间")
    clerk.get_by_role("button", name="起草补正告知书").click()
    # 第三十条: the clock stops when the signed notice goes out, not when it is drafted.
    assert "办理中" in clerk.locator("#clock-summary").inner_text()
    sign_off(reviewer, case_url, "政府信息公开申请补正告知书")
    serve(clerk, case_url, "政府信息公开申请补正告知书", today)
    clerk.goto(case_url)
    assert "待补正" in clerk.locator("#clock-summary").inner_text()
    clerk.get_by_role("button", name="登记收到补正").click()
    assert "办理中" in clerk.locator("#clock-summary").inner_text()
    assert "答复期限自该日次日起重新计算" in clerk.locator("#clock-why").inner_text()

    # 4. Reply 予以公开 with a letter.
    clerk.get_by_text("作出答复决定", exact=True).first.click()
    clerk.get_by_label("答复类型").select_option("provided")
    clerk.get_by_label("理由或说明").fill("现通过电子邮件向您提供该文件。")
    clerk.get_by_role("button", name="作出答复决定").click()
    assert "答复待送达" in clerk.locator("#clock-summary").inner_text()
    sign_off(reviewer, case_url, "政府信息公开申请答复书")
    serve(clerk, case_url, "政府信息公开申请答复书", today)
    clerk.goto(case_url)
    assert "已办结" in clerk.locator("#clock-summary").inner_text()

    # 5. The applicant sees the result.
    track(page, number, code)
    assert page.locator("#case-status").inner_text() == "已办结"
    assert page.locator("#case-outcome").inner_text() == "予以公开"
    timeline = page.get_by_role("table").inner_text()
    assert "本机关告知申请人补正申请内容" in timeline and "已办结：予以公开" in timeline
    assert "13800000000" not in page.content()
