"""In Chromium: a clerk drafts the annual report, a reviewer approves and publishes it, the public
downloads the PDF."""

import io

import pytest

from gongkai.annual_reports.models import AnnualReport
from gongkai.annual_reports.reading import read_report
from gongkai.core.testing import browser_log_in
from gongkai.portal.services import portal_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROBLEMS = "一是解读形式单一。二是个别栏目更新不及时。下一步将丰富解读形式，建立更新提醒机制，按期督办整改。"



def test_draft_to_published_and_download_the_pdf(browser_page, world, frozen_today):
    portal_set(actor=None, organ=world.district, is_default=True)
    page = browser_page
    browser_log_in(page, "fgj_clerk")
    page.get_by_role("link", name="年度报告").first.click()
    page.get_by_role("link", name="岭东区发展和改革局").click()
    page.get_by_role("button", name="根据本系统数据生成初稿").click()
    assert page.get_by_text("已根据本系统数据生成2025年度报告初稿").is_visible()

    page.get_by_label("行政许可 本年处理决定数量").fill("12")
    page.get_by_label("数据来源").nth(0).fill("审批系统")
    for i, label in enumerate(("行政处罚 本年处理决定数量", "行政强制 本年处理决定数量"), start=1):
        page.get_by_label(label).fill("0")
        page.get_by_label("数据来源").nth(i).fill("执法平台")
    page.get_by_label("行政事业性收费 本年收费金额（万元）").fill("0")
    page.get_by_label("数据来源").nth(3).fill("非税系统")
    page.get_by_label("录入表四（行政复议、行政诉讼）").check()
    overview = page.get_by_label("一、总体情况")
    overview.fill(overview.input_value().replace("（请填写", "（已填写"))
    page.get_by_label("五、存在的主要问题及改进情况").fill(PROBLEMS)
    page.get_by_role("button", name="保存并重新计算").click()
    assert page.get_by_text("已保存并重新计算").is_visible()
    assert page.locator("#table2 td[data-path='table2.licensing.decisions']").inner_text() == "12"

    for box in page.locator("textarea[name^='reason:']").all():
        box.fill("已核实。")
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_text("已提交审核").is_visible()
    page.get_by_role("button", name="退出").click()

    browser_log_in(page, "fgj_reviewer")
    page.goto(f"/staff/reports/{world.fgj.code}/2025/")
    page.get_by_role("button", name="审核通过").click()
    assert page.get_by_text("已审核通过").is_visible()
    # "Today" (25 November 2026) is past the department's deadline of 31 January: say why (第四十九条).
    page.get_by_role("button", name="发布到门户网站").click()
    assert "发布前请说明" in page.get_by_role("alert").inner_text()
    page.get_by_label("已超过公布期限，请说明逾期原因").fill("机构调整，补发。")
    page.get_by_role("button", name="发布到门户网站").click()
    assert page.get_by_text("已发布到门户网站").is_visible()
    assert AnnualReport.objects.get().status == "published"

    page.goto("/ndbg/")
    page.get_by_role("link", name="岭东区发展和改革局2025年政府信息公开工作年度报告").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    pdf = open(download_info.value.path(), "rb").read()
    report = read_report(io.BytesIO(pdf).getvalue())
    assert report["table2"]["licensing"]["decisions"] == 12 and report["year"] == 2025
