"""In Chromium: a supervisor opens 考评, sorts by score, drills into one organ's overdue cases and
downloads the Excel file."""

import io
import re

import openpyxl
import pytest

from gongkai.core.testing import browser_log_in
from gongkai.supervision.tests.fixtures import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_dashboard_sort_drill_and_export(browser_page, world):
    build(world)
    page = browser_page
    browser_log_in(page, "district_supervisor")
    page.get_by_role("link", name="考评").click()
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
    scores = [float(t) for t in page.locator("td.score").all_inner_texts()]
    assert scores == sorted(scores) and len(scores) == 3

    page.get_by_role("link", name=world.fgj.name).click()
    page.wait_for_url(f"**/staff/supervision/{world.fgj.code}/**")
    page.get_by_role("link", name="超期未答复").click()
    overdue = page.locator("#overdue")
    assert "超期未答复的申请（1）" in overdue.inner_text()
    overdue.get_by_role("link").first.click()
    page.wait_for_url("**/staff/applications/**")

    page.goto("/staff/supervision/?year=2025")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出Excel").click()
    wb = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    names = {row[1] for row in wb["考评"].iter_rows(min_row=3, values_only=True)}
    assert names == {world.district.name, world.fgj.name, world.jyj.name}
