"""In Chromium: paste the seed report into /ndbg/audit/ and read the tables and findings."""

import pytest

from gongkai.annual_reports.tests.helpers import SEED, needs_shared

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_shared]


def test_paste_the_seed_and_see_the_table_and_findings(browser_page):
    page = browser_page
    page.goto("/ndbg/audit/")
    page.get_by_label("粘贴报告全文").fill(SEED.read_text(encoding="utf-8"))
    page.get_by_role("button", name="读取并审核").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="审核结果：岭东区人民政府 2024年度").is_visible()
    table3 = page.locator("#table3")
    assert table3.get_by_role("columnheader", name="申请人情况").is_visible()
    assert table3.locator('td[data-path="table3.received_new.natural_person"]').inner_text() == "2"
    assert table3.locator('td[data-path="table3.unavailable_needs_creation.total"]').inner_text() == "2"
    findings = page.locator("ol.findings")
    assert "报告缺少表二" in findings.inner_text()
    assert "五、存在的主要问题及改进措施" in findings.inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 JSON").click()
    download = download_info.value
    assert download.suggested_filename == "岭东区人民政府-2024.json"
    import json

    report = json.loads(open(download.path(), encoding="utf-8").read())
    assert report["table3"]["total"][6] == 2


@pytest.mark.parametrize("width", [1280, 390])
def test_a_hostile_file_is_refused_in_chinese_and_the_limits_are_stated(browser_page, tmp_path, width):
    from gongkai.core.hostile import many_page_pdf

    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/ndbg/audit/")
    limits = page.locator("#audit-limits")
    assert limits.is_visible() and "PDF不超过60页" in limits.inner_text()
    hostile = tmp_path / "report.pdf"
    hostile.write_bytes(many_page_pdf())
    page.get_by_label("或上传文件（TXT、HTML、DOCX、PDF，不超过20MB）").set_input_files(str(hostile))
    page.get_by_role("button", name="读取并审核").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert alert.is_visible() and "PDF共500页，超过60页的上限" in alert.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
