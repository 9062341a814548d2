"""Every public page reads the database a fixed number of times, whatever the catalogue holds: no query per
item, per organ or per column, and no page-wide aggregate that scans (published_years reads two index entries
per organ). More items, organs and columns must not add a single query."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.annual_reports.tests.test_report_workflow import published as published_report
from gongkai.catalogue.tests.factories import published
from gongkai.portal.services import portal_set

pytestmark = pytest.mark.django_db

# The most queries each public page may make (today's count on PostgreSQL, one more on SQLite's side).
PAGES = {
    "/": 7,  # … one is the range read of items not public yet (catalogue.selectors.not_yet_public)
    "/xxgk/": 10,
    "/xxgk/guide/": 4,
    "/xxgk/mulu/": 5,  # the filter choices (organs, columns, years) once per public generation, cached
    "/xxgk/mulu/?year=2026&validity=valid&page=2": 5,
    "/xxgk/lm/zcwj/": 6,
    "{item}": 8,
    "/search/?q=供暖": 7,  # portal ×2, exact matches, (estimate,) the 名称 tier, the others ranked, the items
    "/search/?q=供暖&column=zcwj&year=2026&page=2": 6,
    "/search/?q=毕业生创业补贴": 8,  # … every tier counted (SQLite), and the fuzzy 名称 search when none match
    "/feeds/all/": 3,
    "/feeds/zcwj/": 4,
    "/ysqgk/apply/": 3,
    "/ysqgk/track/": 2,
    "/ndbg/": 3,
    "/ndbg/{fgj}/2025/": 5,
    "/ndbg/audit/": 2,
    "/api/v1/": 0,
}


def _counts(world, item) -> dict[str, int]:
    counts = {}
    for page in PAGES:
        path = page.format(item=item.get_absolute_url(), fgj=world.fgj.code)
        client = Client()
        client.get(path)  # warm the process caches (calendar, portal lookups) as a running server has them
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[page] = len(ctx.captured_queries)
    return counts


def test_public_pages_make_a_bounded_number_of_queries(world, frozen_today):
    portal_set(actor=None, organ=world.district, is_default=True)
    published_report(world)
    item = published(world.district, title="冬季供暖保障方案", body="做好供暖保障")
    published(world.fgj, "zcwj", title="关于供暖收费的通知", body="供暖收费标准")
    few = _counts(world, item)
    over = {page: n for page, n in few.items() if n > PAGES[page]}
    assert not over, f"more queries than allowed: {over}"
    for organ in (world.district, world.fgj, world.jyj):  # more items, in more organs and columns
        for n, slug in enumerate(("zcwj", "tzgg", "gzdt", "msbz", "zcwj", "tjxx")):
            published(organ, slug, title=f"供暖工作第{n}号通知", body="供暖保障", written_on=dt.date(2026, 11, 2 + n))
    assert _counts(world, item) == few
