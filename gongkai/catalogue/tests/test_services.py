"""The review chain (第十七条), published-is-published, 索引号, 解读 links, attachments, columns."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from gongkai.catalogue import services
from gongkai.catalogue.models import Item
from gongkai.catalogue.selectors import (
    empty_columns,
    late_items,
    policies_without_interpretation,
    stale_columns,
)
from gongkai.catalogue.tests.factories import column, draft, make_docx, make_pdf, publish, published
from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db
S = Item.Status


def test_draft_submit_approve_publish_is_audited_and_indexed(world, frozen_today):
    item = draft(world.district, actor=world.district_clerk, doc_no="岭政办发〔2026〕9号")
    assert item.status == S.DRAFT and item.index_no is None and item.published_at is None
    services.item_submit(actor=world.district_clerk, item=item)
    assert search("规范性文件").total == 0  # not public yet
    services.item_approve(actor=world.district_reviewer, item=item, note="同意")
    item = services.item_publish(actor=world.district_clerk, item=item)
    assert item.status == S.PUBLISHED
    assert item.published_at.date() == dt.date(2026, 11, 25)
    assert item.index_no == f"{world.district.code[8:17]}/2026-00001"
    assert item.publish_delay_workdays == 3 and not item.published_late  # 20 Nov (Fri) → 25 Nov (Wed)
    assert [e.event_type for e in events_for(item)] == [
        "catalogue.item_created", "catalogue.item_submitted", "catalogue.item_approved", "catalogue.item_published"]
    assert search("规范性文件").hits[0].item == item


def test_wrong_starting_states_are_refused_in_chinese(world):
    item = draft(world.district)
    with pytest.raises(ApplicationError, match="只有审核通过的政府信息可以发布"):
        services.item_publish(actor=world.district_clerk, item=item)
    with pytest.raises(ApplicationError, match="只有待审核的政府信息可以审核通过"):
        services.item_approve(actor=world.district_reviewer, item=item)
    with pytest.raises(ApplicationError, match="只有已发布的政府信息可以撤回"):
        services.item_withdraw(actor=world.district_reviewer, item=item, reason="错发")


def test_submitter_cannot_approve_their_own_item(world):
    from gongkai.organs.models import Role
    from gongkai.organs.services import role_grant

    role_grant(actor=None, user=world.district_reviewer, organ=world.district, role=Role.CLERK)
    item = draft(world.district, actor=world.district_reviewer)
    services.item_submit(actor=world.district_reviewer, item=item)
    with pytest.raises(ApplicationError, match="提交人不能审核自己提交的"):
        services.item_approve(actor=world.district_reviewer, item=item)


def test_return_sends_back_with_a_reason(world):
    item = draft(world.district)
    services.item_submit(actor=world.district_clerk, item=item)
    with pytest.raises(ApplicationError, match="请填写退回理由"):
        services.item_return(actor=world.district_reviewer, item=item, note=" ")
    item = services.item_return(actor=world.district_reviewer, item=item, note="文号有误")
    assert item.status == S.DRAFT and item.review_note == "文号有误"


def test_late_publication_is_flagged(world, frozen_today):
    item = published(world.district, written_on=dt.date(2026, 9, 1))
    assert item.published_late and item.publish_delay_workdays > 20
    assert list(late_items([world.district])) == [item]


def test_withdraw_keeps_the_record_and_says_why(world):
    item = published(world.district)
    index_no, published_at = item.index_no, item.published_at
    with pytest.raises(ApplicationError, match="请填写撤回原因"):
        services.item_withdraw(actor=world.district_reviewer, item=item, reason="")
    item = services.item_withdraw(actor=world.district_reviewer, item=item, reason="内容有误，更正后重新发布")
    item.refresh_from_db()
    assert (item.status, item.index_no, item.published_at) == (S.WITHDRAWN, index_no, published_at)
    assert item.withdrawn_reason == "内容有误，更正后重新发布"
    assert search("规范性文件").total == 0  # out of the index in the same transaction


class TestPublishedIsPublished:
    def test_service_refuses_date_and_index_no(self, world):
        item = published(world.district)
        for field, value in (("published_at", "2020-01-01"), ("index_no", "X/2020-00001")):
            with pytest.raises(ApplicationError, match="发布日期和索引号"):
                services.item_update(actor=world.district_clerk, item=item, **{field: value})

    def test_published_content_is_locked_but_validity_may_change(self, world):
        item = published(world.district)
        with pytest.raises(ApplicationError, match="不能修改名称"):
            services.item_update(actor=world.district_clerk, item=item, title="新名称")
        item = services.item_update(actor=world.district_reviewer, item=item, validity="repealed",
                                    repealed_on=dt.date(2026, 11, 1))
        assert item.get_validity_display() == "废止"
        assert search("规范性文件", validity="repealed").total == 1  # index refreshed

    def test_the_database_refuses_too(self, world):
        item = published(world.district)
        with pytest.raises(IntegrityError), transaction.atomic():
            Item.objects.filter(pk=item.pk).update(published_at=item.published_at - dt.timedelta(days=30))
        with pytest.raises(IntegrityError), transaction.atomic():
            Item.objects.filter(pk=item.pk).update(index_no="000000000/2020-00001")
        item.refresh_from_db()
        Item.objects.filter(pk=item.pk).update(keywords="其他")  # other columns still change


def test_index_numbers_are_per_organ_sequential_and_skip_taken_ones(world):
    first = published(world.district)
    second = published(world.district)
    other = published(world.fgj)
    assert first.index_no.endswith("-00001") and second.index_no.endswith("-00002")
    assert other.index_no.startswith(world.fgj.code[8:17]) and other.index_no.endswith("-00001")
    services.index_scheme_set(actor=world.sysadmin, organ=world.jyj, code_kind="uscc18", period="month")
    assert published(world.jyj).index_no.startswith(world.jyj.code + "/")


def test_only_sysadmins_set_index_schemes(world):
    with pytest.raises(PermissionDeniedError):
        services.index_scheme_set(actor=world.district_clerk, organ=world.district)


def test_interpretation_is_linked_both_ways_and_flags_clear(world, frozen_today):
    policy = published(world.district)
    assert list(policies_without_interpretation([world.district])) == [policy]
    jd = draft(world.district, "zcjd", title="一图读懂加强行政规范性文件管理", genre="解读")
    services.interpretation_link(actor=world.district_clerk, item=jd, policy=policy, form="图解")
    assert list(policies_without_interpretation([world.district])) == [policy]  # 解读 not yet published
    publish(jd)
    assert list(policies_without_interpretation([world.district])) == []
    assert policy.interpretations.get().item == jd and jd.interpretation.policy == policy
    with pytest.raises(ApplicationError, match="须是已发布"):
        services.interpretation_link(actor=world.district_clerk, item=draft(world.district, "zcjd"),
                                     policy=draft(world.district))


def test_attachment_text_is_searchable(world, frozen_today):
    item = draft(world.district)
    services.attachment_add(actor=world.district_clerk, item=item, name="实施细则.pdf",
                            data=make_pdf("容缺受理是指主件齐全时先行受理"))
    services.attachment_add(actor=world.district_clerk, item=item, name="问答.docx",
                            data=make_docx("稳岗返还政策问答"))
    publish(item)
    assert search("容缺受理").hits[0].item == item
    assert search("稳岗返还").hits[0].item == item
    assert search("附表内容").total == 1  # DOCX table cells too


def test_bad_attachment_is_refused_and_nothing_written(world):
    item = draft(world.district)
    with pytest.raises(ApplicationError, match="不支持的附件类型"):
        services.attachment_add(actor=world.district_clerk, item=item, name="a.pdf", data=b"MZ\x90\x00")
    assert item.attachments.count() == 0


class TestPermissions:
    def test_clerk_of_one_organ_cannot_draft_or_publish_into_another(self, world):
        with pytest.raises(PermissionDeniedError):
            services.item_create(actor=world.fgj_clerk, column=column(world.jyj), title="x",
                                 written_on=dt.date(2026, 1, 1))
        item = draft(world.jyj)
        services.item_submit(actor=world.jyj_clerk, item=item)
        with pytest.raises(PermissionDeniedError):
            services.item_approve(actor=world.fgj_reviewer, item=item)
        services.item_approve(actor=None, item=item)
        with pytest.raises(PermissionDeniedError):
            services.item_publish(actor=world.fgj_clerk, item=item)

    def test_column_owner_edits_only_their_columns(self, world):
        mine, other = column(world.district, "gzdt"), column(world.district, "tzgg")
        mine = services.column_update(actor=world.district_clerk, column=mine, owner=world.district_column_owner)
        owner = world.district_column_owner
        item = services.item_create(actor=owner, column=mine, title="区政府召开会议", written_on=dt.date(2026, 11, 1),
                                    body="会议内容")
        assert item.created_by == owner
        with pytest.raises(PermissionDeniedError):
            services.item_create(actor=owner, column=other, title="x", written_on=dt.date(2026, 11, 1))
        with pytest.raises(PermissionDeniedError):
            services.item_update(actor=owner, item=draft(world.district, "tzgg"), title="改")

    def test_reviewers_and_supervisors_do_not_draft(self, world):
        for user in (world.district_reviewer, world.district_supervisor, world.nobody):
            with pytest.raises(PermissionDeniedError):
                services.item_create(actor=user, column=column(world.district), title="x",
                                     written_on=dt.date(2026, 1, 1))

    def test_owner_must_belong_to_the_organ(self, world):
        with pytest.raises(ApplicationError, match="栏目负责人须是本机关"):
            services.column_update(actor=world.district_clerk, column=column(world.district), owner=world.fgj_clerk)


def test_stale_and_empty_columns(world, frozen_today):
    services.columns_seed(actor=None, organ=world.district)
    published(world.district, "gzdt")
    assert "工作动态" not in {s.column.name for s in stale_columns([world.district])}
    frozen_today.shift(dt.timedelta(days=15))
    from django.utils import timezone

    stale = stale_columns([world.district], today=timezone.localdate())
    assert [s.column.slug for s in stale] == ["gzdt"]
    empty = {s.column.slug for s in empty_columns([world.district])}
    assert "zcwj" in empty and "gzdt" not in empty and "gkzn" not in empty


def test_columns_seed_has_the_fifteen_statutory_items_and_is_idempotent(world):
    created = services.columns_seed(actor=world.district_clerk, organ=world.district)
    assert sum(c.is_statutory for c in created) == 15
    assert {"gkzn", "gkzd", "gknb", "zcjd"} <= {c.slug for c in created}
    cycles = {c.slug: c.update_every_days for c in created}
    assert (cycles["gzdt"], cycles["zcwj"], cycles["rsxx"], cycles["ghjh"]) == (14, 183, 365, 365)
    assert services.columns_seed(actor=world.district_clerk, organ=world.district) == []
