"""Chinese only (issue 14): a browser or client that prefers English still gets every page, form error and the
admin in Chinese — one language in settings, no LocaleMiddleware, and the few strings Django and django-axes
leave untranslated in their zh_Hans catalogues translated in locale/zh_Hans."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib import admin
from django.test import Client

from gongkai.core.testing import client_for

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Names, not English: the product, standards and file types, and the test world's user names.
NOT_ENGLISH = {"Gongkai", "TOTP", "ICP", "PDF", "JPG", "PNG", "SHA", "HTTP", "Accept", "GET", "POST", "com", "gov"}


def _english_words(html: bytes, *, allowed=frozenset()) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    # Code; a password hash's algorithm and salt; the admin's yes/no icons, whose alt text ("True") Django
    # hard-codes untranslatable beside a column already labelled in Chinese.
    for tag in [*soup(["script", "style", "svg"]), *soup.select(".field-password"), *soup.select("img[src*=icon-]")]:
        tag.decompose()
    texts = [soup.get_text(" ")] + [tag.get(attr, "") for attr in ("title", "placeholder", "aria-label", "alt")
                                    for tag in soup.find_all(attrs={attr: True})]
    return {w for text in texts for w in ENGLISH.findall(text)} - NOT_ENGLISH - set(allowed)


def test_one_language_and_no_locale_middleware():
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans"] and settings.LANGUAGE_CODE == "zh-hans"
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE


@pytest.mark.django_db
def test_an_english_client_gets_chinese_form_errors_on_the_apply_form(world):
    from gongkai.portal.services import portal_set

    portal_set(actor=None, organ=world.district, is_default=True)
    response = Client().post("/ysqgk/apply/", {"email": "not-an-address"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.content.decode()
    assert "申请未提交" in body and "请填写" in body
    assert "This field is required" not in body
    assert not _english_words(response.content, allowed={"not", "address", world.district.code, "ldqzfb"})


@pytest.mark.django_db
def test_an_english_client_gets_the_admin_log_in_and_its_errors_in_chinese(world):
    page = Client().get("/staff/admin/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "用户名" in page.content.decode() and not _english_words(page.content)
    refused = Client().post("/staff/admin/login/", {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en")
    body = refused.content.decode()
    assert "这个字段是必填项。" in body and "<title>错误：" in body
    assert not _english_words(refused.content)


@pytest.mark.django_db
def test_every_admin_page_an_english_browser_opens_is_chinese(world):
    # Data, not words of the interface: user names, and the "<unknown>" axes records for the test client's
    # missing User-Agent.
    names = {part for u in world.users.values() for part in u.username.split("_")} | {"unknown"}
    client = client_for(world.sysadmin)
    urls = ["/staff/admin/", f"/staff/admin/organs/user/{world.jyj_clerk.pk}/change/",
            f"/staff/admin/organs/organ/{world.fgj.pk}/change/", "/staff/admin/organs/user/add/",
            f"/staff/admin/organs/user/{world.jyj_clerk.pk}/password/", "/staff/admin/axes/"]
    urls += [f"/staff/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry]
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        assert not _english_words(response.content, allowed=names), url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_browser_preferring_english_sees_only_chinese_on_the_apply_forms_errors(_chromium, live_server, world):
    from gongkai.portal.services import portal_set

    portal_set(actor=None, organ=world.district, is_default=True)
    context = _chromium.new_context(base_url=live_server.url, locale="en-US",
                                    extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    try:
        page = context.new_page()
        page.goto("/ysqgk/apply/")
        assert page.evaluate("navigator.language") == "en-US"
        page.get_by_label("电子邮箱").fill("not-an-address")
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_load_state()
        summary = page.locator(".error-summary, [role=alert]").first.inner_text()
        assert "申请未提交" in page.content() and summary
        errors = page.locator(".has-error").all_inner_texts()
        assert len(errors) >= 5, errors  # every required field says so, in Chinese
        for text in [summary, *errors]:
            assert re.search(r"[\u4e00-\u9fff]", text), text
            assert not ENGLISH.findall(text.replace("not-an-address", "")), text
        assert not _english_words(page.content().encode(), allowed={"not", "address", "ldqzfb",
                                                                    world.district.code})
    finally:
        context.close()
