"""精准推送: double opt-in, digests of what was published since the last one (columns, organs, topics, search
terms), one-click unsubscribe with signed links, counts only for staff."""

import datetime as dt
import re

import pytest
from django.test import Client

from gongkai.catalogue.services import columns_seed
from gongkai.catalogue.tests.factories import published as published_item
from gongkai.core.testing import client_for
from gongkai.portal.services import portal_set
from gongkai.subscriptions import services, tokens
from gongkai.subscriptions.matching import ItemFacts, matches, term_matches
from gongkai.subscriptions.models import Subscriber, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(world, settings):
    settings.GONGKAI_SITE_URL = "https://gk.example.gov.cn"
    columns_seed(actor=None, organ=world.district)
    return portal_set(actor=None, organ=world.district, is_default=True)


def link_in(body: str, path: str) -> str:
    """The path of the link to `path` in a mail (the host is the portal's)."""
    from urllib.parse import urlsplit

    return urlsplit(re.search(rf"https?://[^\s]+{path}[^\s]+", body).group(0)).path


def subscribe(client, **data):
    return client.post("/dingyue/", {"email": "reader@example.com", "frequency": "daily", **data})


def test_double_opt_in_then_a_digest_then_one_click_unsubscribe(site, world, frozen_today, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, columns=["zcwj"], terms="供暖")
    assert response.status_code == 303 and response["Location"] == "/dingyue/sent/"
    assert len(mailoutbox) == 1 and "请确认" in mailoutbox[0].subject
    published_item(world.district, "zcwj", title="岭东区供暖收费标准的通知")
    assert services.digests_send() == 0  # nothing before confirmation
    confirm = link_in(mailoutbox[0].body, "/dingyue/confirm/")
    page = Client().get(confirm)
    assert page.status_code == 200 and "订阅已确认" in page.content.decode()

    frozen_today.shift(dt.timedelta(minutes=5))
    item = published_item(world.district, "zcwj", title="岭东区关于冬季供暖保障工作的通知")
    other = published_item(world.district, "gzdt", title="区长调研春耕工作")  # neither column nor term
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send() == 1
    digest = mailoutbox[-1]
    assert item.title in digest.body and other.title not in digest.body
    assert "岭东区供暖收费标准的通知" not in digest.body  # published before the confirmation
    assert f"https://gk.example.gov.cn{item.get_absolute_url()}" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send() == 0  # a daily digest: not again the same day

    unsubscribe = link_in(digest.body, "/dingyue/unsubscribe/")
    assert "确认退订" in Client().get(unsubscribe).content.decode()  # a link scanner's GET changes nothing
    assert Subscriber.objects.count() == 1
    done = Client().post(unsubscribe)  # the button, or the mail client's one-click POST (no CSRF token)
    assert done.status_code == 200 and "已退订" in done.content.decode()
    assert Subscriber.objects.count() == 0 and Subscription.objects.count() == 0
    assert "已退订或链接无效" in Client().post(unsubscribe).content.decode()


def test_weekly_digest_waits_a_week(site, world, frozen_today, mailoutbox, django_capture_on_commit_callbacks):
    subscriber = services.subscription_request(email="w@example.com", frequency="weekly",
                                               targets=[("organ", world.district.code, world.district.name)])
    services.subscription_confirm(token=tokens.make(subscriber, "confirm"))
    frozen_today.shift(dt.timedelta(hours=1))
    published_item(world.district, "gzdt", title="第一条")
    assert services.digests_send() == 1
    frozen_today.shift(dt.timedelta(days=3))
    published_item(world.district, "gzdt", title="第二条")
    assert services.digests_send() == 0
    frozen_today.shift(dt.timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send() == 1
    assert "第二条" in mailoutbox[-1].body and "第一条" not in mailoutbox[-1].body


def test_links_are_signed_and_confirmation_expires(site, world, frozen_today):
    subscriber = services.subscription_request(email="x@example.com", frequency="daily",
                                               targets=[("topic", "城乡建设、环境保护", "城乡建设、环境保护")])
    token = tokens.make(subscriber, "confirm")
    assert Client().get(f"/dingyue/confirm/{token[:-2]}xx/").status_code == 400
    assert tokens.read(tokens.make(subscriber, "unsubscribe"), "confirm") is None  # one purpose each
    frozen_today.shift(dt.timedelta(days=tokens.CONFIRM_DAYS + 1))
    assert Client().get(f"/dingyue/confirm/{token}/").status_code == 400
    assert Subscriber.objects.get().confirmed_at is None


def test_form_refuses_nothing_chosen_and_a_bad_address_at_once(site, frozen_today):
    response = Client().post("/dingyue/", {"email": "not-an-address", "frequency": "daily"})
    body = response.content.decode()
    assert response.status_code == 400 and "请填写有效的电子邮箱" in body and "请至少选择一个" in body
    assert Subscriber.objects.count() == 0


def test_confirmation_mail_is_not_sent_again_within_minutes(site, frozen_today, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(Client(), terms="义务教育")
        subscribe(Client(), terms="义务教育 招生")
    assert len(mailoutbox) == 1
    assert sorted(Subscription.objects.values_list("value", flat=True)) == ["义务教育", "招生"]


def test_unconfirmed_addresses_are_forgotten_after_a_week(site, frozen_today):
    services.subscription_request(email="late@example.com", frequency="daily", targets=[("term", "预算", "预算")])
    frozen_today.shift(dt.timedelta(days=8))
    services.digests_send()
    assert Subscriber.objects.count() == 0


def test_staff_see_counts_never_addresses(site, world, frozen_today):
    for n in range(3):
        s = services.subscription_request(email=f"r{n}@example.com", frequency="daily",
                                          targets=[("column", "zcwj", "行政法规、规章和规范性文件")])
        services.subscription_confirm(token=tokens.make(s, "confirm"))
    services.subscription_request(email="pending@example.com", frequency="daily", targets=[("term", "预算", "预算")])
    page = client_for(world.district_clerk).get("/staff/dingyue/").content.decode()
    assert 'id="confirmed-count">3<' in page and "行政法规、规章和规范性文件" in page and "待确认 1 个" in page
    assert "@example.com" not in page
    assert client_for(world.nobody).get("/staff/dingyue/").status_code == 404
    from gongkai.core.models import EventLog

    assert not EventLog.objects.filter(object_repr__contains="@").exists()  # the audit trail holds no address


@pytest.mark.pure
def test_matching_rules():
    from gongkai.search.segment import cut

    facts = ItemFacts("zcwj", "ORG1", "城乡建设、环境保护\\城乡建设", frozenset(cut("老旧小区改造补贴")))
    assert matches("column", "zcwj", facts) and not matches("column", "gzdt", facts)
    assert matches("topic", "城乡建设、环境保护", facts) and not matches("topic", "城乡", facts)
    assert term_matches("老旧小区", facts.words) and term_matches("小区 补贴", facts.words)
    assert not term_matches("供暖", facts.words)


@pytest.mark.pure
def test_deploy_check_wants_the_portals_address(settings):
    from gongkai.subscriptions.checks import site_url_set

    settings.SECURE_SSL_REDIRECT = True
    settings.GONGKAI_SITE_URL = ""
    assert [e.id for e in site_url_set(None)] == ["gongkai.E011"]
    settings.GONGKAI_SITE_URL = "https://xxgk.example.gov.cn"
    assert site_url_set(None) == []
