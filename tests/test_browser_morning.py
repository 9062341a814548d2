"""In Chromium, at desktop and at 390 px: the clerk's morning. Log in, take an unassigned online case from the
home page, decide; the reviewer sees it in the queue and returns it; the clerk withdraws the decision and
decides again; the reviewer signs from the queue; the clerk serves it 网上送达 with a file of the information;
the applicant downloads the letter and the file from the tracking page with the 查询码."""

import io
import re

import pdfplumber
import pytest
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.tests.factories import applicant_data
from gongkai.catalogue.tests.factories import make_pdf
from gongkai.core.testing import browser_log_in
from gongkai.letters.models import Letter
from gongkai.portal.services import portal_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(page, width: int):
    context = page.context.browser.new_context(base_url=page.base_url, locale="zh-CN",
                                               viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


def home_line(page, label: str):
    """The count and the link of one line of a home-page panel."""
    link = page.locator("ul.todo a", has_text=label)
    return int(link.locator(".count").inner_text()), link


def queue_entry(page, text: str):
    return page.locator("li.queue-entry", has_text=text)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_clerks_morning(browser_page, world, settings, tmp_path, width):
    settings.MEDIA_ROOT = tmp_path / "media"
    portal_set(actor=None, organ=world.district, is_default=True)
    app, code = services.application_submit(data=applicant_data(
        world.district, delivery="online", description="岭东区2025年老旧小区改造项目的资金安排文件"))
    today = timezone.localdate().isoformat()
    clerk, reviewer, applicant = (new_page(browser_page, width) for _ in range(3))
    browser_log_in(clerk, "district_clerk")
    browser_log_in(reviewer, "district_reviewer")

    # The clerk's home page: one new online case to assign; take it.
    count, link = home_line(clerk, "新收待分配经办人")
    assert count == 1
    link.click()
    assert clerk.locator("#worklist-count").inner_text() == "1"
    clerk.locator("#worklist").get_by_role("link", name=app.tracking_no).click()
    clerk.get_by_text("分配经办人", exact=True).click()
    clerk.get_by_label("经办人").select_option(str(world.district_clerk.pk))
    clerk.get_by_role("button", name="分配", exact=True).click()
    assert "已分配经办人" in clerk.get_by_role("status").inner_text()

    # Decide (a wrong pick), and the reviewer sees it in the one queue with its facts.
    decide(clerk, "无法提供：经检索没有所申请公开信息", "经检索，本机关未制作该信息。")
    reviewer.goto("/staff/")
    entry = queue_entry(reviewer, app.tracking_no)
    assert "办理结果：无法提供：本机关不掌握相关政府信息" in entry.inner_text()
    entry.get_by_label("退回意见").fill("该文件已由区住建局报送，本机关存有，请重新决定")
    entry.get_by_role("button", name="退回修改").click()
    assert reviewer.get_by_role("status").get_by_text("已退回经办人修改").is_visible()
    assert queue_entry(reviewer, app.tracking_no).count() == 0

    # The clerk sees the return, withdraws the decision and decides again.
    clerk.goto("/staff/")
    count, link = home_line(clerk, "退回修改的文书")
    assert count == 1
    link.click()
    clerk.locator("#worklist").get_by_role("link", name=app.tracking_no).click()
    assert "该文件已由区住建局报送" in clerk.locator("#reply-returned").inner_text()
    clerk.get_by_label("撤回理由").fill("答复类型选错：本机关掌握该信息")
    clerk.get_by_role("button", name="撤回决定").click()
    assert clerk.locator("#clock-summary").inner_text().startswith("办理中")
    decide(clerk, "予以公开，提供信息", "现通过本平台网上送达向您提供该文件。")

    # The reviewer signs from the queue.
    reviewer.goto("/staff/")
    queue_entry(reviewer, app.tracking_no).get_by_role("button", name="审核签发").click()
    assert reviewer.get_by_role("status").get_by_text("已签发").is_visible()
    letter = Letter.objects.get(application=app, kind="reply", status=Letter.Status.APPROVED)

    # The clerk attaches the information provided and serves 网上送达: served today, the day it is available.
    clerk.goto("/staff/")
    count, link = home_line(clerk, "已签发、未发出的文书")
    assert count == 1
    link.click()
    clerk.locator("#worklist").get_by_role("link", name=letter.title).click()
    clerk.locator("#provided-file").set_input_files(files=[{
        "name": "资金安排文件.pdf", "mimeType": "application/pdf", "buffer": make_pdf("老旧小区改造资金安排")}])
    clerk.get_by_role("button", name="上传").click()
    assert clerk.locator("#provided-files").get_by_text("资金安排文件.pdf").is_visible()
    form = clerk.locator("form", has=clerk.get_by_role("button", name="登记送达"))
    form.get_by_label("送达方式").select_option("online")
    form.get_by_label("送达日期").fill(today)
    form.get_by_role("button", name="登记送达").click()
    assert clerk.locator("#letter-status").inner_text() == "已送达"

    # The applicant downloads the letter and the file from the tracking page with the 查询码.
    applicant.goto("/ysqgk/track/")
    applicant.get_by_label("受理编号").fill(app.tracking_no)
    applicant.get_by_label("查询码").fill(code)
    applicant.get_by_role("button", name="查询").click()
    downloads = applicant.locator("#downloads")
    assert "已网上送达，可在本页下载" in applicant.locator("section[aria-labelledby=h-timeline]").inner_text()
    with applicant.expect_download() as got:
        downloads.get_by_role("button", name=re.compile("政府信息公开申请答复书")).click()
    with pdfplumber.open(io.BytesIO(got.value.path().read_bytes())) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert "现通过本平台网上送达向您提供该文件" in re.sub(r"\s+", "", text) and letter.doc_no in text
    with applicant.expect_download() as got:
        downloads.get_by_role("button", name=re.compile("资金安排文件.pdf")).click()
    assert got.value.path().read_bytes()[:5] == b"%PDF-"
    # Nothing on these pages is wider than the screen at 390 px.
    for page in (clerk, reviewer, applicant):
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, page.url


def decide(page, basis: str, reason: str):
    page.get_by_text("作出答复决定", exact=True).first.click()
    page.get_by_label("答复类型").select_option(label=basis)
    page.get_by_label("理由或说明").fill(reason)
    page.get_by_role("button", name="作出答复决定").click()
    assert page.get_by_role("status").get_by_text("已作出答复决定").is_visible()
