"""The published count and newest 发布日期 of every column, kept by the services: the portal's column lists,
the 目录's total and the freshness of columns read them instead of counting the items."""

import datetime as dt

import pytest
from django.test import Client

from gongkai.catalogue import services, stats
from gongkai.catalogue.models import ColumnStats, Item
from gongkai.catalogue.selectors import column_states, published_count
from gongkai.catalogue.tests.factories import published
from gongkai.portal.services import portal_set

pytestmark = pytest.mark.django_db


def counted(column) -> tuple[int, dt.datetime | None]:
    items = Item.objects.filter(column=column, status=Item.Status.PUBLISHED)
    return items.count(), items.order_by("-published_at").values_list("published_at", flat=True).first()


def test_publish_and_withdraw_keep_the_counts(world, frozen_today):
    first = published(world.district, "zcwj", title="第一份文件")
    second = published(world.district, "zcwj", title="第二份文件")
    column_stats = ColumnStats.objects.get(column=first.column)
    assert (column_stats.published, column_stats.last_published_at) == counted(first.column) == (2, second.published_at)
    services.item_withdraw(actor=world.district_reviewer, item=second, reason="错发")
    column_stats.refresh_from_db()
    assert column_stats.published == 1
    state = next(s for s in column_states([world.district]) if s.column == first.column)
    assert state.count == 1 and state.last_published == dt.date(2026, 11, 25)


def test_the_portal_lists_read_the_kept_counts(world, frozen_today):
    portal_set(actor=None, organ=world.district, is_default=True)
    for n in range(3):
        published(world.district, "zcwj", title=f"区政府文件{n}")
    published(world.fgj, "zcwj", title="发改局文件")
    published(world.fgj, "tzgg", title="发改局通知")
    assert published_count([world.district, world.fgj]) == 5
    assert published_count([world.district, world.fgj], column_slug="zcwj") == 4
    assert "共 4 条" in Client().get("/xxgk/lm/zcwj/").content.decode()
    assert "共 5 条" in Client().get("/xxgk/mulu/").content.decode()
    assert "共 2 条" in Client().get("/xxgk/mulu/", {"organ": world.fgj.code}).content.decode()  # filtered: counted
    world.fgj.is_active = False
    world.fgj.save()
    assert published_count([world.district, world.fgj]) == 3  # an inactive organ's items are not listed


def test_refresh_all_rebuilds_every_column(world, frozen_today):
    item = published(world.district, "zcwj")
    ColumnStats.objects.all().delete()
    assert stats.refresh_all() > 1
    assert ColumnStats.objects.get(column=item.column).published == 1
    assert set(ColumnStats.objects.exclude(column=item.column).values_list("published", flat=True)) == {0}
