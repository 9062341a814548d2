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


def _bulk(organ, slug: str, titles_bodies: list[tuple[str, str]], start: dt.datetime) -> list[Item]:
    """Published items, one minute apart from `start` on, indexed in bulk (the newest last)."""
    column = Column.objects.get(organ=organ, slug=slug)
    items = Item.objects.bulk_create(
        Item(organ=organ, column=column, status=Item.Status.PUBLISHED, imported=True, title=title, body=body,
             index_no=f"BULK{slug}/{start.year}-{n:05d}", publisher=organ.name, written_on=start.date(),
             published_at=start + dt.timedelta(minutes=n))
        for n, (title, body) in enumerate(titles_bodies))
    SearchDocument.objects.bulk_create(document_for(item, attachment_texts=[]) for item in items)
    return items


def test_a_large_name_tier_is_listed_newest_first_before_the_body_matches(catalogue):
    n = backends.TITLE_RANK_MAX + 5
    titled = _bulk(catalogue, "gzdt", [(f"供暖工作第{k}期简报", "做好相关工作。") for k in range(n)], at(2025, 1, 1))
    bodies = _bulk(catalogue, "tzgg", [(f"工作动态{k}", "研究供暖问题。") for k in range(3)], at(2026, 1, 1))
    first = search("供暖")
    assert [h.item for h in first.hits] == list(reversed(titled))[:10]  # not ranked: the newest first
    assert first.total == n + 3 and not first.approximate  # a small catalogue counts every tier
    last = search("供暖", page=first.pages)
    assert [h.item for h in last.hits] == titled[:5][::-1] + list(reversed(bodies))  # the body matches after


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL reads a match's two tiers at once")
@pytest.mark.parametrize("rows, limits", [(None, None), (1_000_000, None), (None, (8, 3)), (1_000_000, (8, 3))],
                         ids=["counted", "planner", "counted-large", "planner-large"])
def test_a_match_read_with_its_name_tier_at_once_lists_as_tier_by_tier(catalogue, monkeypatch, rows, limits):
    """`paired` (one statement for the 名称 tier and the tier beside it) gives the pages and totals the tiers read
    one by one give: 名称 matches first (ranked), then the others by rank, newer first among equals — on a small
    table and as if it held a million items (where the pair's total is exact more often); and, with the limits
    lowered, where a part is large (listed newest first) or the pair too large to read at once."""
    if rows:
        monkeypatch.setattr(backends, "statistics", lambda: backends.Statistics({}, rows))
    if limits:
        monkeypatch.setattr(backends, "RANK_MAX", limits[0])
        monkeypatch.setattr(backends, "TITLE_RANK_MAX", limits[1])
        monkeypatch.setattr(backends, "PAIR_MAX", sum(limits))
    _bulk(catalogue, "zcwj", [(f"岭东区最低生活保障实施办法（{k}）", "第一条 最低生活保障……") for k in range(4)],
          at(2019, 1, 1))
    _bulk(catalogue, "gzdt", [(f"第{k}期民政动态", "落实最低生活保障。" * (1 + k % 3)) for k in range(25)],
          at(2024, 1, 1))
    _bulk(catalogue, "tzgg", [(f"关于提高最低工资和生活保障水平的通知（{k}）", "详见附件。") for k in range(3)],
          at(2022, 1, 1))
    _bulk(catalogue, "gzdt", [(f"第{k}期工作简报", "提高最低工资和生活保障水平。") for k in range(6)], at(2025, 1, 1))
    _bulk(catalogue, "zcwj", [(f"社会救助工作规程（{k}）", "第一条……") for k in range(2)], at(2020, 1, 1))
    _bulk(catalogue, "gzdt", [(f"第{k}期救助简报", "开展社会救助工作。" * (1 + k % 2)) for k in range(15)],
          at(2023, 1, 1))
    queries = ["最低生活保障", "最低生活保障实施办法", "民政动态", "生活保障水平", "社会救助"]
    paired = {(q, p): search(q, page=p) for q in queries for p in (1, 2, 3, 4)}
    monkeypatch.setattr(backends.PostgresBackend, "pairs", False)
    for (q, p), result in paired.items():
        alone = search(q, page=p)
        assert [h.item.pk for h in result.hits] == [h.item.pk for h in alone.hits], (q, p)
        if limits:  # the totals' own limit (EXACT_COUNT_MAX) is not lowered
            continue
        if not (alone.approximate or alone.at_least):
            assert (result.total, result.approximate, result.at_least) == (alone.total, False, False), (q, p)
        else:  # tier by tier stopped counting where the page was full; read at once, the pair is counted whole
            assert result.total >= (p - 1) * 10 + len(result.hits), (q, p)
    assert paired[("最低生活保障", 1)].hits[0].item.title.startswith("岭东区最低生活保障实施办法")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the planner's estimates")
def test_a_pair_too_large_to_read_at_once_tells_that_the_tier_beside_a_small_name_tier_is_large(catalogue,
                                                                                               monkeypatch):
    """The pair held more than PAIR_MAX; its 名称 tier, counted, holds few: so the tier beside it holds more than
    RANK_MAX — listed newest first without being read and ranked first (limits lowered here)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(backends, "statistics", lambda: backends.Statistics({}, 1_000_000))
    monkeypatch.setattr(backends, "RANK_MAX", 8)
    monkeypatch.setattr(backends, "TITLE_RANK_MAX", 3)
    monkeypatch.setattr(backends, "PAIR_MAX", 11)
    rules = _bulk(catalogue, "zcwj", [(f"社会救助工作规程（{k}）", "第一条……") for k in range(2)], at(2020, 1, 1))
    briefs = _bulk(catalogue, "gzdt", [(f"第{k}期救助简报", "开展社会救助工作。" * (1 + k % 2)) for k in range(15)],
                   at(2023, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        first = search("社会救助")
    assert [h.item for h in first.hits] == list(reversed(rules)) + list(reversed(briefs))[:8]  # newest first
    assert not any("NOT d.title_tsv @@" in q["sql"] and "ts_rank(d.tsv" in q["sql"] for q in queries.captured_queries)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the planner's estimates")
def test_on_a_province_sized_table_pages_past_a_large_name_tier_are_read(catalogue, monkeypatch):
    """A 名称 tier the planner expects large is not counted: a page beyond the most it would rank
    (TITLE_RANK_MAX, lowered here) is still read from it, and the body matches follow where it ends."""
    monkeypatch.setattr(backends, "statistics", lambda: backends.Statistics({}, 1_000_000))
    monkeypatch.setattr(backends, "TITLE_RANK_MAX", 12)
    monkeypatch.setattr(backends.PostgresBackend, "estimate", lambda self, match, filters, title=False: 5_000)
    titled = _bulk(catalogue, "gzdt", [(f"供暖工作第{k}期简报", "做好相关工作。") for k in range(35)], at(2025, 1, 1))
    bodies = _bulk(catalogue, "tzgg", [(f"工作动态{k}", "研究供暖问题。") for k in range(3)], at(2026, 1, 1))
    newest = list(reversed(titled))
    assert [h.item for h in search("供暖", page=3).hits] == newest[20:30]
    assert [h.item for h in search("供暖", page=4).hits] == newest[30:] + list(reversed(bodies))


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the planner's estimates")
def test_on_a_province_sized_table_a_bounded_tier_is_ranked_whole(catalogue, monkeypatch):
    """As if the table held a million items: the body tier is found in the index and ranked whole, so its equal
    ranks (a templated body citing the policy once) run newest first across every page, and its total is exact."""
    monkeypatch.setattr(backends, "statistics", lambda: backends.Statistics({}, 1_000_000))
    policy = indexed(catalogue, "岭东区农村集体经营性建设用地入市管理办法", "第一条 为规范入市工作……", at(2018, 3), "zcwj")
    cites = _bulk(catalogue, "gzdt", [(f"第{k}期工作动态", "落实《农村集体经营性建设用地入市管理办法》。")
                                      for k in range(140)], at(2025, 1, 1))
    pages = [search("农村集体经营性建设用地入市管理办法", page=p) for p in (1, 2, 13, 15)]
    assert pages[0].hits[0].item == policy
    newest = list(reversed(cites))
    assert [h.item for h in pages[0].hits[1:]] == newest[:9]  # equal ranks: the newer first
    assert [h.item for h in pages[1].hits] == newest[9:19]
    assert [h.item for h in pages[2].hits] == newest[119:129]
    assert [h.item for h in pages[3].hits] == newest[139:]
    # the parts-only tiers (经营 for 经营性) are not read while the every-word ones fill the page: the total is
    # the planner's, at least what was found; the last page reads them, and counts
    assert all(p.total >= len(cites) + 1 and (p.approximate or p.at_least) for p in pages[:3])
    assert pages[3].total == len(cites) + 1 and not pages[3].approximate and not pages[3].at_least


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the planner's estimates")
def test_on_a_province_sized_table_the_parts_only_matches_read_for_the_page_are_counted(catalogue, monkeypatch):
    """Few items hold the word whole: the page goes on to those holding it only as its parts (最低 生活 保障), read
    with their 名称 tier at once — and, read whole, counted: the total is exact, not the planner's guess."""
    monkeypatch.setattr(backends, "statistics", lambda: backends.Statistics({}, 1_000_000))
    whole = indexed(catalogue, "岭东区最低生活保障标准", "第一条 标准如下……", at(2019, 3), "zcwj")
    titled = indexed(catalogue, "关于提高最低工资和生活保障水平的通知", "详见附件。", at(2018, 3))
    parts = _bulk(catalogue, "gzdt", [(f"第{k}期民政动态", "提高最低工资和生活保障水平。") for k in range(12)],
                  at(2025, 1, 1))
    first = search("最低生活保障")
    assert [h.item for h in first.hits] == [whole, titled, *list(reversed(parts))[:8]]
    assert first.total == 14 and not first.approximate and not first.at_least
    assert [h.item for h in search("最低生活保障", page=2).hits] == list(reversed(parts))[8:]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the planner's estimates")
def test_on_a_province_sized_table_a_tier_past_the_rank_limit_is_listed_newest_first(catalogue, monkeypatch):
    """More body matches than are ranked (RANK_MAX, lowered here): the tier is read one past the limit, then
    listed newest first along the 发布日期 index, pages without a gap or a repeat, and the total is not exact."""
    monkeypatch.setattr(backends, "statistics", lambda: backends.Statistics({}, 1_000_000))
    monkeypatch.setattr(backends, "RANK_MAX", 30)
    monkeypatch.setattr(backends, "PAIR_MAX", 30)  # not read with its 名称 tier at once either
    policy = indexed(catalogue, "岭东区政府投资项目管理办法", "第一条 为规范政府投资……", at(2018, 3), "zcwj")
    twice = _bulk(catalogue, "gzdt", [(f"第{k}期投资动态", "政府投资项目管理办法：政府投资项目管理办法。")
                                      for k in range(5)], at(2020, 1, 1))  # ranks higher, but older
    cites = _bulk(catalogue, "gzdt", [(f"第{k}期工作动态", "落实《政府投资项目管理办法》。")
                                      for k in range(40)], at(2025, 1, 1))
    pages = [search("政府投资项目管理办法", page=p) for p in (1, 2, 5)]
    assert pages[0].hits[0].item == policy
    newest = list(reversed(cites)) + list(reversed(twice))
    assert [h.item for h in pages[0].hits[1:]] == newest[:9]  # not ranked: the newest first
    assert [h.item for h in pages[1].hits] == newest[9:19]
    assert [h.item for h in pages[2].hits] == newest[39:]
    assert pages[0].approximate or pages[0].at_least
    assert pages[2].total >= 1 + len(newest)
    assert [h.item for h in search("政府投资项目管理办法", page=6).hits] == []  # past the end: nothing, no error


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's statistics")
def test_common_words_must_match_but_only_the_selective_ones_rank(monkeypatch):
    from gongkai.search.segment import query_words

    shares = {"管理": 0.32, "办法": 0.08, "建设": 0.3, "入市": 0.008}
    monkeypatch.setattr(backends, "statistics", lambda: backends.Statistics(shares, 100_000))
    engine = backends.PostgresBackend()
    words = query_words("建设用地入市管理办法")
    assert [w.word for w in engine.selective(words)] == [w.word for w in words if shares.get(w.word, 0) <= 0.05]
    assert "入市" in engine.strict(engine.selective(words)) and "管理" not in engine.strict(engine.selective(words))
    common = query_words("管理办法")
    assert [w.word for w in engine.selective(common)] == [min(common, key=lambda w: shares.get(w.word, 0)).word]


def test_parts_in_the_name_come_before_parts_in_the_body_whatever_the_dates(catalogue):
    in_body = [indexed(catalogue, f"困难群众帮扶第{n}期", "做好最低气温下的生活保障。", at(2026, 1 + n)) for n in range(3)]
    in_name = indexed(catalogue, "生活保障资金最低标准调整", "调整标准。", at(2017, 5))
    assert [h.item for h in search("最低生活保障").hits] == [in_name, *reversed(in_body)]
