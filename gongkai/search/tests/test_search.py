"""Search through the real index (FTS5 on SQLite, tsvector on PostgreSQL): ranking, filters, exact 文号 and
索引号, fuzzy 名称, pagination, highlighting."""

import datetime as dt

import pytest

from gongkai.catalogue import services
from gongkai.catalogue.tests.factories import published
from gongkai.search.selectors import search
from gongkai.search.services import rebuild_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world, frozen_today):
    return {
        "policy": published(world.district, title="关于加强行政规范性文件管理的通知", doc_no="岭政办发〔2026〕3号",
                            body="推进政府信息公开，规范文件制定程序。"),
        "budget": published(world.fgj, "czzj", title="岭东区发展和改革局2026年部门预算",
                            body="部门预算按规定公开，三公经费预算比上年下降。", validity="valid"),
        "jobs": published(world.jyj, "msbz", title="关于做好高校毕业生就业工作的通知",
                          body="落实稳岗扩岗政策，做好就业服务。管理办法另行制定。"),
    }


def test_two_character_words_and_policy_terms(items):
    assert [h.item for h in search("预算").hits] == [items["budget"]]
    assert [h.item for h in search("规范性文件").hits] == [items["policy"]]
    assert [h.item for h in search("政府信息公开").hits] == [items["policy"]]


def test_title_outranks_body(items):
    hits = search("管理").hits
    assert [h.item for h in hits] == [items["policy"], items["jobs"]]  # 名称 first, body mention second


def test_exact_doc_no_and_index_no(items):
    for query in ("岭政办发〔2026〕3号", "岭政办发[2026]3号", "岭政办发（2026）3号"):
        result = search(query)
        assert result.hits[0].item == items["policy"] and result.hits[0].exact
    result = search(items["budget"].index_no)
    assert result.total == 1 and result.hits[0].item == items["budget"] and result.hits[0].exact


def test_fuzzy_title_when_not_every_word_matches(items):
    result = search("毕业生创业补贴")
    assert result.fuzzy and [h.item for h in result.hits] == [items["jobs"]]


def test_filters(items, world):
    assert search("通知", organ_ids=[world.jyj.pk]).total == 1
    assert search("通知", column_slug="zcwj").total == 1
    assert search("通知", year=2025).total == 0
    assert search("通知", year=2026).total == 2
    assert search("通知", validity="repealed").total == 0


def test_highlighted_snippet_is_escaped(world, frozen_today):
    published(world.district, title="测试<script>", body="<b>营商环境</b>持续优化")
    hit = search("营商环境").hits[0]
    assert "<mark>营商环境</mark>" in hit.snippet_html and "&lt;b&gt;" in hit.snippet_html
    assert "<script>" not in hit.title_html


def test_pagination(world, frozen_today):
    for n in range(13):
        published(world.district, title=f"第{n}号公告", body="供暖保障工作安排")
    first, second = search("供暖", page=1, per_page=10), search("供暖", page=2, per_page=10)
    assert first.total == 13 and first.pages == 2 and len(first.hits) == 10 and len(second.hits) == 3
    assert not {h.item.pk for h in first.hits} & {h.item.pk for h in second.hits}


def test_index_follows_withdraw_and_rebuild(items, world):
    services.item_withdraw(actor=world.district_reviewer, item=items["policy"], reason="错发")
    assert search("规范性文件").total == 0
    assert rebuild_index() == 2
    assert search("预算").total == 1 and search("规范性文件").total == 0


def test_empty_and_punctuation_queries(items):
    assert search("").total == 0
    assert search("〔〕，。").total == 0
    assert search("' OR 1=1 --").total == 0
    assert search('"营商').total == 0


def test_dates_on_hits(items):
    assert search("预算").hits[0].item.published_at.date() == dt.date(2026, 11, 25)
