"""PostgreSQL: the search is answered from the full-text index, never by scanning the table — checked with
EXPLAIN on a few thousand indexed items, the planner left free to choose a sequential scan."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.utils import timezone

from gongkai.catalogue.models import Column, Item
from gongkai.search.backends import RANK_MAX, Filters, PostgresBackend, Tier
from gongkai.search.fulltext import GIN_INDEX, INDEXES, RUM_INDEX, index_kind, install_indexes
from gongkai.search.models import SearchDocument
from gongkai.search.segment import query_words
from gongkai.search.services import document_for

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's planner")]

TOPICS = ("安全生产", "营商环境", "义务教育", "医疗保障", "乡村振兴", "应急预案", "政府采购", "就业创业", "垃圾分类",
          "河长制", "老旧小区改造", "食品安全")
N = 3000


@pytest.fixture(scope="module")
def thousands(django_db_setup, django_db_blocker):
    """N published items over ten years (a topic in each title, three others in the body), made once for the
    module — building and indexing them takes seconds — and removed after it."""
    from gongkai.organs.tests.factories import OrganFactory

    with django_db_blocker.unblock():
        organ = OrganFactory(name="计划测试区人民政府")
        columns = Column.objects.bulk_create(Column(organ=organ, slug=slug, name=slug)
                                             for slug in ("tzgg", "gzdt", "zcwj", "tjxx"))
        tz = timezone.get_current_timezone()
        items = Item.objects.bulk_create(
            Item(organ=organ, column=columns[n % 4], status=Item.Status.PUBLISHED, imported=True,
                 title=f"关于做好{TOPICS[n % 12]}工作的通知（第{n}号）",
                 body="，".join(f"推进{TOPICS[(n * 7 + k) % 12]}工作" for k in range(3)) + "。",
                 index_no=f"PLAN/{2016 + n % 10}-{n:05d}", publisher=organ.name,
                 written_on=dt.date(2016 + n % 10, 1 + n % 12, 1),
                 published_at=dt.datetime(2016 + n % 10, 1 + n % 12, 1 + n % 28, 9, tzinfo=tz))
            for n in range(N))
        with connection.cursor() as cursor:  # the indexes built once after the rows: far faster than row by row
            for name in (*INDEXES["rum"], *INDEXES["gin"]):
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        SearchDocument.objects.bulk_create((document_for(item, attachment_texts=[]) for item in items),
                                           batch_size=500)
        install_indexes()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "on"
        yield organ
        Item.objects.filter(organ=organ).delete()  # and their index rows
        Column.objects.filter(organ=organ).delete()
        organ.delete()


def plan(sql: str, params: list) -> tuple[str, dict]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        found = cursor.fetchone()[0]
    found = json.loads(found) if isinstance(found, str) else found
    return json.dumps(found, ensure_ascii=False), found[0]["Plan"]


def tier_plan(query: str, filters: Filters):
    """The plan of the every-word tier beyond the 名称 (the body matches, ranked by the selective words): its
    matches found in the index, at most RANK_MAX + 1 of them."""
    backend = PostgresBackend()
    words = query_words(query)
    strict = backend.strict(words)
    tier = Tier(strict, backend.strict(backend.selective(words)), not_title=strict)
    return plan(*backend.sized_sql(tier, filters, RANK_MAX + 1))


def full_text_indexes() -> tuple[str, ...]:
    return (RUM_INDEX, GIN_INDEX) if index_kind() == "rum" else (GIN_INDEX,)


@pytest.mark.parametrize("query", ["河长制", "安全生产", "做好垃圾分类工作的通知"])
def test_a_tier_is_read_from_the_full_text_index_not_the_table(thousands, query):
    text, _ = tier_plan(query, Filters(organ_ids=(thousands.pk, thousands.pk + 1000)))
    assert any(name in text for name in full_text_indexes())
    assert "Seq Scan" not in text


@pytest.mark.parametrize("query", ["河长制", "安全生产", "做好垃圾分类工作的通知"])
def test_a_match_and_its_name_tier_are_read_from_the_full_text_index_at_once(thousands, query):
    backend = PostgresBackend()
    title, body = backend.tiers(query_words(query))[:2]
    text, _ = plan(*backend.paired_sql(title, body, Filters(organ_ids=(thousands.pk,)), RANK_MAX + 1))
    assert any(name in text for name in full_text_indexes())
    assert "Seq Scan" not in text


def test_filters_stay_in_the_index_condition(thousands):
    text, root = tier_plan("安全生产", Filters(organ_ids=(thousands.pk,), column_slug="zcwj", year=2019,
                                                validity="valid"))
    assert "Seq Scan" not in text
    conditions = " ".join(n.get("Index Cond", "") + n.get("Recheck Cond", "") for n in _nodes(root))
    assert "year" in conditions and "column_slug" in conditions  # narrowed by an index, not row by row


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)

