"""Ranking inside the index, on SQLite (FTS5, bm25) and PostgreSQL (RUM `<=>`, GIN ts_rank where RUM is absent):
an old policy whose 名称 holds the query comes before newer items that only mention it; the exact 名称 first;
whole words before their parts; the newer first among equal ranks; totals exact, "超过 1,000" or "约 N"."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.utils import timezone

from gongkai.catalogue.models import Column, Item
from gongkai.catalogue.tests.factories import seed
from gongkai.search import backends
from gongkai.search.fulltext import index_kind
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import search
from gongkai.search.services import document_for

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)


def indexed(organ, title: str, body: str, when: dt.datetime, slug: str = "tzgg", **fields) -> Item:
    """A published item with an old 发布日期 (an imported catalogue), indexed as the services index it."""
    column = Column.objects.get(organ=organ, slug=slug)
    item = Item.objects.create(
        organ=organ, column=column, status=Item.Status.PUBLISHED, imported=True, title=title, body=body,
        index_no=f"{organ.code[8:17]}/{when.year}-{next(_serial):05d}", publisher=organ.name,
        written_on=when.date(), published_at=when, **fields)
    document_for(item).save(force_insert=True)
    return item


def at(year: int, month: int = 6, day: int = 1) -> dt.datetime:
    return dt.datetime(year, month, day, 10, tzinfo=timezone.get_current_timezone())


@pytest.fixture(params=["index", "gin"])
def catalogue(request, world, frozen_today, monkeypatch):
    """On PostgreSQL every test runs twice: ranked by the installed index (RUM) and as on a server without the
    rum extension (ts_rank over GIN's matches)."""
    if request.param == "gin":
        if connection.vendor != "postgresql":
            pytest.skip("PostgreSQL's GIN fallback")
        monkeypatch.setattr("gongkai.search.fulltext.index_kind", lambda connection=None: "gin")
    seed(world.district)
    return world.district


def test_an_old_policy_named_by_the_query_outranks_newer_items_that_only_mention_it(catalogue):
    policy = indexed(catalogue, "岭东区城乡居民最低生活保障实施办法", "第一条 为规范城乡居民最低生活保障工作……",
                     at(2019, 3), "zcwj")
    for month in range(1, 13):  # monthly statistics, newer, that mention the words in their bodies
        for year in (2024, 2025):
            indexed(catalogue, f"{year}年{month}月社会救助数据统计",
                    "本月发放城乡居民最低生活保障资金，依据《城乡居民最低生活保障实施办法》。", at(year, month, 5), "tjxx")
    for query in ("城乡居民最低生活保障实施办法", "最低生活保障实施办法", "最低生活保障"):
        result = search(query)
        assert result.hits[0].item == policy, query
        # PostgreSQL counts the whole-word matches filling the page and estimates any parts-only ones ("约")
        assert result.total_display in ("25", "约 25")
    last = search("城乡居民最低生活保障实施办法", page=3)  # past the whole-word matches: every match counted
    assert last.total == 25 and not last.approximate and len(last.hits) == 5


def test_the_exact_name_comes_first(catalogue):
    guide = indexed(catalogue, "政府信息公开指南", "本指南依照《中华人民共和国政府信息公开条例》编制。", at(2016, 1))
    for n in range(5):
        indexed(catalogue, f"关于更新政府信息公开指南的通知（第{n}号）", "政府信息公开指南已更新。", at(2026, 1 + n))
    hits = search("政府信息公开指南").hits
    assert hits[0].item == guide and hits[0].exact
    assert len(hits) == 6 and not any(h.exact for h in hits[1:])


def test_whole_words_before_their_parts_and_the_newer_first_among_equals(catalogue):
    parts = indexed(catalogue, "生活保障资金发放", "最低气温下降，做好困难群众生活保障。", at(2026, 5))
    older = indexed(catalogue, "最低生活保障标准调整", "调整城乡最低生活保障标准。", at(2020, 5))
    newer = indexed(catalogue, "最低生活保障标准调整", "调整城乡最低生活保障标准。", at(2025, 5))
    assert [h.item for h in search("最低生活保障").hits] == [newer, older, parts]


def test_title_outranks_a_body_mention_whatever_the_dates(catalogue):
    titled = indexed(catalogue, "冬季供暖保障工作方案", "做好今冬明春相关工作。", at(2017, 10))
    mentions = [indexed(catalogue, f"第{n}期工作动态", "会议研究了供暖问题。", at(2026, 1 + n), "gzdt") for n in range(8)]
    hits = [h.item for h in search("供暖").hits]
    assert hits[0] == titled and hits[1:] == list(reversed(mentions))


def test_more_than_a_thousand_matches_are_not_counted_exactly(catalogue):
    column = Column.objects.get(organ=catalogue, slug="gzdt")
    items = Item.objects.bulk_create(
        Item(organ=catalogue, column=column, status=Item.Status.PUBLISHED, imported=True, title=f"第{n}期工作动态",
             body="做好供暖保障。", index_no=f"BULK/2025-{n:05d}", publisher=catalogue.name,
             written_on=dt.date(2025, 1, 1), published_at=at(2025, 1, 1) + dt.timedelta(minutes=n))
        for n in range(backends.EXACT_COUNT_MAX + 5))
    SearchDocument.objects.bulk_create(document_for(item, attachment_texts=[]) for item in items)
    result = search("供暖")
    assert result.total_display in {"超过 1,000"} | {f"约 {n:,}" for n in range(1000, 1100, 10)}
    assert result.truncated and result.pages == 100 and len(result.hits) == 10
    dates = [h.item.published_at for h in result.hits]
    assert dates == sorted(dates, reverse=True)  # equal ranks: the newer first
    if connection.vendor == "sqlite" or index_kind() == "gin":
        assert result.hits[0].item == items[-1]  # (RUM: among the thousand the index returned)
    assert len(search("供暖", page=100).hits) == 10 and search("供暖", page=101).page == 100


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the planner's estimate decides")
def test_a_word_in_most_items_lists_name_matches_then_the_rest_newest_first(catalogue, monkeypatch):
    monkeypatch.setattr(backends.PostgresBackend, "estimate", lambda self, match, filters: backends.GIANT + 1)
    titled = [indexed(catalogue, f"供暖通知{n}", "做好相关工作。", at(2018 + n)) for n in range(3)]
    bodies = [indexed(catalogue, f"工作动态{n}", "研究供暖问题。", at(2019 + n), "gzdt") for n in range(5)]
    pages = [search("供暖", page=p, per_page=3) for p in (1, 2, 3)]
    assert pages[0].approximate and pages[0].total_display.startswith("约")
    listed = [h.item for page in pages for h in page.hits]
    assert listed == list(reversed(titled)) + list(reversed(bodies))
