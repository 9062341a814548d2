"""In Chromium: a supervisor opens 考评, sorts by score, drills into one organ's overdue cases and downloads the
Excel file; and, at desktop width and at 390 px, the 督办 loop and the batch audit: the supervisor opens the
home page, issues a 督办 from a drill-down row, the clerk answers it, the supervisor accepts it; the supervisor
runs the batch audit from the browser and downloads the findings workbook."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from gongkai.annual_reports.reading import audit
from gongkai.annual_reports.services import report_file_save
from gongkai.annual_reports.tests.helpers import SEED
from gongkai.core.testing import browser_log_in
from gongkai.supervision.models import Notice
from gongkai.supervision.tests.fixtures import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_dashboard_sort_drill_and_export(browser_page, world):
    build(world)
    page = browser_page
    browser_log_in(page, "district_supervisor")
    page.get_by_role("link", name="考评", exact=True).click()
    page.wait_for_url("**/staff/supervision/")
    page.get_by_label("考评年度").select_option("2025")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**year=2025**")
    assert page.get_by_role("heading", name="政府信息公开考评（2025年）").is_visible()
    assert page.locator("figure.chart svg.trend").count() == 1

    page.get_by_role("link", name="得分", exact=True).click()  # default order is best first: this flips it
    page.wait_for_url("**sort=-score**")
    page.get_by_role("link", name="得分", exact=True).click()
    page.wait_for_url(re.compile(r".*sort=score.*"))
    texts = page.locator("td.score").all_inner_texts()
    scores = [float(t) for t in texts if t != "—"]
    assert scores == sorted(scores) and len(scores) == 2 and texts[-1] == "—"  # 不参评 last

    page.get_by_role("link", name=world.fgj.name).click()
    page.wait_for_url(f"**/staff/supervision/{world.fgj.code}/**")
    page.get_by_role("link", name="超期未答复", exact=True).click()
    overdue = page.locator("#overdue")
    assert "超期未答复的申请（1）" in overdue.inner_text()
    overdue.get_by_role("link").first.click()
    page.wait_for_url("**/staff/applications/**")

    page.goto("/staff/supervision/?year=2025")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出Excel").click()
    wb = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    names = {row[1] for row in wb["考评"].iter_rows(min_row=7, values_only=True)}
    assert names == {world.district.name, world.fgj.name, world.jyj.name}
    assert "评分细则" in wb.sheetnames


def no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 390])
def test_issue_answer_accept_and_the_batch_audit(browser_page, world, width):
    built = build(world)
    text = SEED.read_text(encoding="utf-8").replace("岭东区人民政府", world.jyj.name).replace("2024", "2025")
    report_file_save(actor=None, organ=world.jyj, year=2025, data=text.encode(), original_name="jyj-2025.txt",
                     kind="text", result=audit(text), published_on=dt.date(2026, 1, 20))
    c7 = built["cases"]["c7"]
    deadline = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    supervisor = browser_page
    supervisor.set_viewport_size({"width": width, "height": 900})
    clerk = supervisor.context.browser.new_context(base_url=supervisor.base_url, locale="zh-CN",
                                                   viewport={"width": width, "height": 900}).new_page()
    browser_log_in(supervisor, "district_supervisor")
    browser_log_in(clerk, "fgj_clerk")

    # 1. The home page: counts and links; the overdue case is there.
    supervisor.goto("/staff/supervision/home/")
    assert supervisor.get_by_role("heading", name="主管部门首页").is_visible()
    overdue_count = supervisor.locator(".counts li", has_text="超期未答复的申请").locator(".n")
    assert overdue_count.inner_text() == "1"
    no_sideways_scroll(supervisor, width)

    # 2. From the organ's drill-down row, a 督办.
    supervisor.goto(f"/staff/supervision/{world.fgj.code}/?year=2025")
    no_sideways_scroll(supervisor, width)
    row = supervisor.locator("#overdue tr", has_text=c7.tracking_no)
    row.get_by_role("link", name="督办").click()
    supervisor.wait_for_url("**/notices/new/**")
    items = supervisor.get_by_label("督办事项（每行一项）")
    assert c7.tracking_no in items.input_value() and "已超过答复期限" in items.input_value()
    supervisor.get_by_label("整改期限").fill(deadline)
    supervisor.get_by_role("button", name="签发").click()
    supervisor.wait_for_url(re.compile(r".*/notices/\d+/$"))
    assert "已签发督办通知（岭政公开督〔" in supervisor.get_by_role("status").first.inner_text()
    with supervisor.expect_download() as pdf:
        supervisor.get_by_role("link", name="下载PDF").click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"
    notice = Notice.objects.get()

    # 3. The clerk sees it and answers it.
    clerk.goto("/staff/")
    clerk.get_by_role("link", name="督办整改").click()
    clerk.get_by_role("link", name=notice.doc_no).click()
    assert clerk.get_by_text("待整改").first.is_visible()
    no_sideways_scroll(clerk, width)
    clerk.get_by_role("textbox", name="整改情况").fill("已于今日书面答复申请人，并完善了超期预警。")
    clerk.get_by_role("button", name="报送").click()
    assert "已报送整改情况" in clerk.get_by_role("status").first.inner_text()

    # 4. The supervisor accepts it.
    supervisor.reload()
    supervisor.get_by_role("combobox", name="审核").select_option("accept")
    supervisor.get_by_role("button", name="提交审核意见").click()
    assert "督办办结" in supervisor.get_by_role("status").first.inner_text()
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ACCEPTED

    # 5. The batch audit of the subtree's 2025 reports, then the findings workbook.
    supervisor.goto("/staff/supervision/")
    supervisor.get_by_role("link", name="批量审核年度报告").click()
    supervisor.get_by_label("报告年度").select_option("2025")
    supervisor.get_by_role("button", name="开始批量审核").click()
    supervisor.wait_for_url(re.compile(r".*/audits/\d+/$"))
    assert "已完成" in supervisor.get_by_role("status").first.inner_text()
    assert supervisor.locator("progress").get_attribute("value") == "100"
    no_sideways_scroll(supervisor, width)
    with supervisor.expect_download() as info:
        supervisor.get_by_role("link", name="下载问题清单（Excel）").click()
    wb = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    rows = list(wb["问题清单"].iter_rows(min_row=3, values_only=True))
    assert rows and {r[0] for r in rows} == {world.jyj.name}
    missing = {r[0] for r in wb["报告"].iter_rows(min_row=2, values_only=True) if r[2] and "未发布" in r[2]}
    assert missing == {world.district.name, world.fgj.name}
    clerk.context.close()
