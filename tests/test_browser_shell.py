"""In Chromium: open the portal, switch to 长者模式, and log in at /staff/."""

import pytest

from gongkai.organs.tests.factories import TEST_PASSWORD
from gongkai.portal.services import portal_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_elder_mode_and_staff_login(browser_page, world):
    portal_set(actor=None, organ=world.district, is_default=True)
    page = browser_page
    page.goto("/")
    assert page.title() == "首页 - 岭东区人民政府"
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    page.get_by_role("button", name="长者模式").click()
    page.wait_for_load_state()
    assert page.locator("html.elder").count() == 1
    elder_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert elder_size > normal_size * 1.2
    assert page.get_by_role("button", name="退出长者模式").is_visible()

    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"

    page.get_by_role("link", name="工作人员入口").click()
    assert "/staff/login/" in page.url
    page.get_by_label("用户名").fill("fgj_clerk")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text().startswith("用户名或密码不正确")

    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert page.get_by_role("cell", name="岭东区发展和改革局").count() == 2  # my roles; organs I may see
    assert page.get_by_text("岭东区教育局").count() == 0
