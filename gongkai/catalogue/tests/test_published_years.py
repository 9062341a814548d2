"""published_years: the year filters' choices from each organ's first and last published item, in one query."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalogue.models import Column, Item
from gongkai.catalogue.selectors import published_years
from gongkai.catalogue.tests.factories import seed
from gongkai.organs.models import Organ

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def item(organ, when: dt.datetime, status=Item.Status.PUBLISHED) -> Item:
    seed(organ)
    return Item.objects.create(organ=organ, column=Column.objects.get(organ=organ, slug="tzgg"), status=status,
                               title="通知", publisher=organ.name, written_on=when.date(), published_at=when,
                               index_no=f"{organ.code[8:17]}/{when.isoformat()}")


def test_years_from_every_organs_first_and_last_item(world):
    item(world.district, dt.datetime(2019, 5, 1, 2, tzinfo=UTC))
    item(world.fgj, dt.datetime(2023, 5, 1, 2, tzinfo=UTC))
    item(world.fgj, dt.datetime(2025, 12, 31, 17, tzinfo=UTC))  # 2026-01-01 01:00 in Beijing
    item(world.jyj, dt.datetime(2012, 5, 1, 2, tzinfo=UTC))
    Organ.objects.filter(pk=world.jyj.pk).update(is_active=False)  # its items are no longer shown
    organs = Organ.objects.filter(pk__in=[world.district.pk, world.fgj.pk, world.jyj.pk])
    with CaptureQueriesContext(connection) as ctx:
        years = published_years(organs)
    assert years == list(range(2026, 2018, -1)) and len(ctx.captured_queries) == 1
    assert published_years([world.fgj]) == [2026, 2025, 2024, 2023]
    assert published_years(Organ.objects.none()) == []


def test_year_boundary_in_beijing_time(world):
    item(world.fgj, dt.datetime(2025, 12, 31, 15, 59, tzinfo=UTC))  # 2025-12-31 23:59 in Beijing
    assert published_years([world.fgj]) == [2025]
    item(world.fgj, dt.datetime(2025, 12, 31, 16, 0, tzinfo=UTC))  # 2026-01-01 00:00 in Beijing
    assert published_years([world.fgj]) == [2026, 2025]


def test_drafts_and_withdrawn_items_do_not_count(world):
    item(world.fgj, dt.datetime(2024, 5, 1, 2, tzinfo=UTC))
    item(world.fgj, dt.datetime(2026, 5, 1, 2, tzinfo=UTC), status=Item.Status.WITHDRAWN)
    assert published_years([world.fgj]) == [2024]


def test_filter_choices_are_read_once_per_public_generation(world, django_capture_on_commit_callbacks):
    from gongkai.catalogue.selectors import public_filter_choices
    from gongkai.catalogue.tests.factories import published

    item(world.fgj, dt.datetime(2019, 5, 1, 2, tzinfo=UTC))
    organs = Organ.objects.filter(path__startswith=world.district.path, is_active=True)
    first = public_filter_choices(organs, scope=world.district.path)
    assert first.years == (2019,) and world.fgj.pk in first.organ_ids
    assert first.organ(world.fgj.code).name == world.fgj.name and first.organ("") is None
    assert ("tzgg", Column.objects.get(organ=world.fgj, slug="tzgg").name) in first.columns
    with CaptureQueriesContext(connection) as ctx:
        assert public_filter_choices(organs, scope=world.district.path) == first
    assert len(ctx.captured_queries) == 0  # from the cache
    with django_capture_on_commit_callbacks(execute=True):  # publishing starts a new generation
        published(world.fgj, written_on=dt.date(2026, 12, 1))
    assert public_filter_choices(organs, scope=world.district.path).years == tuple(range(2026, 2018, -1))
