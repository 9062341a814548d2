"""In Chromium, at desktop width and at 390 px: a clerk registers a letter received 2026-12-04 whose
答复期限 crosses into 2027 and sees it marked provisional; the system administrator enters the 2027 notice
on the staff calendar page; the clerk's inbox then shows the final date, unmarked.

Hand-worked (第三十三条, 民法典第二百零一条): received Fri 2026-12-04: 07–11 (5), 14–18 (10), 21–25 (15),
28–31 (19); by the statute 2027-01-01 元旦 is off → Mon 2027-01-04 (20), provisional. The invented notice
below gives 01-01…04 off (调休, Sat 01-09 worked) → Tue 2027-01-05, final.
"""

import re
from pathlib import Path

import pytest

from gongkai.core.testing import browser_log_in

from .test_browser import fill_applicant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = (Path(__file__).resolve().parents[2] / "workdays" / "tests" / "data" / "notice_2027_invented.txt").read_text(
    encoding="utf-8").replace("一、元旦：1月1日（周五）至3日（周日）放假，共3天。",
                              "一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。")


def case_row(page, number):
    return page.locator("section[aria-labelledby='h-inbox'] tr", has_text=number)


@pytest.mark.parametrize("width", [1280, 390])
def test_provisional_date_becomes_final_when_the_notice_is_entered(browser_page, world, width):
    clerk = browser_page
    clerk.set_viewport_size({"width": width, "height": 900})
    admin = clerk.context.browser.new_context(base_url=clerk.base_url, locale="zh-CN").new_page()
    browser_log_in(clerk, "district_clerk")
    browser_log_in(admin, "sysadmin")

    # 1. The clerk registers a registered letter signed for on 2026-12-04.
    clerk.goto("/staff/applications/new/")
    clerk.get_by_label("申请渠道").select_option("registered_mail")
    clerk.get_by_label("收到日期").fill("2026-12-04")
    fill_applicant(clerk, "王芳")
    clerk.get_by_role("button", name="登记").click()
    number = re.search(r"受理编号 (\S+)，", clerk.get_by_role("status").inner_text()).group(1)
    due = clerk.locator("#case-due")
    assert due.inner_text() == "2027年1月4日（暂定）"
    assert "2027年的放假安排尚未录入" in due.locator("abbr.provisional").get_attribute("title")
    assert "未含调休" in clerk.locator("#provisional-note").inner_text()
    clerk.get_by_role("link", name="← 返回依申请公开").click()
    row = case_row(clerk, number)
    assert "2027-01-04（暂定）" in row.inner_text()
    assert row.locator("abbr.provisional").is_visible()

    # 2. The system administrator enters the 2027 notice on the staff calendar page.
    admin.goto("/staff/calendar/")
    assert "按放假办法推算（暂定）" in admin.locator("#year-2027").inner_text()
    admin.get_by_role("link", name="录入全年放假安排").click()
    admin.get_by_role("spinbutton", name="年度").fill("2027")
    admin.get_by_label("通知文号或标题").fill("国务院办公厅关于2027年部分节假日安排的通知（测试用虚构文本）")
    admin.get_by_label("通知发布日期").fill("2026-11-10")
    admin.get_by_role("textbox", name="放假安排").fill(NOTICE)
    admin.get_by_role("button", name="预览").click()
    assert "七个法定节日" in admin.locator("#completeness").inner_text()
    admin.get_by_role("button", name="录入", exact=True).click()
    assert "未办结期限已按新安排重新计算" in admin.get_by_role("status").inner_text()
    revisions = admin.locator("section[aria-labelledby='h-revisions']").inner_text()
    assert "已完成（1件）" in revisions

    # 3. The clerk's inbox shows the final date; the case page and its timeline say why.
    clerk.reload()
    row = case_row(clerk, number)
    assert "2027-01-05" in row.inner_text() and "暂定" not in row.inner_text()
    assert row.locator("abbr.provisional").count() == 0
    row.get_by_role("link", name=number).click()
    assert clerk.locator("#case-due").inner_text() == "2027年1月5日"
    assert clerk.locator("#provisional-note").count() == 0
    assert "工作日历更新，期限重新计算" in clerk.locator("section[aria-labelledby='h-timeline']").inner_text()
