"""Readable timelines: every EventLog type has a Chinese sentence; no raw dict, tuple, code or internal field
name reaches a page a person reads (the case, item and remedy timelines)."""

import datetime as dt
import re

import pytest

from gongkai.core.describe import TEMPLATES, describe, render
from gongkai.core.models import EventLog, EventType

# What raw program data looks like on a page: braces, brackets, quotes, tuples, Python literals, identifiers.
RAW = re.compile(r"[{}\[\]'\"]|\(\s*'|None|True|False|[a-z]+_[a-z_]+|\b[a-z]{3,}\.[a-z_]+")


def test_every_event_type_has_a_sentence_template():
    assert set(TEMPLATES) == set(EventType.values)
    for event_type, template in TEMPLATES.items():
        assert re.search(r"[\u4e00-\u9fff]", render(template, {})), event_type


def test_optional_parts_vanish_without_their_values():
    assert render("分配经办人[：{assignee}]", {}) == "分配经办人"
    assert render("分配经办人[：{assignee}]", {"assignee": "王芳"}) == "分配经办人：王芳"
    assert render("转办[：{from} → {to}]", {"from": "甲"}) == "转办"


def sentence(event_type, details) -> str:
    return describe(EventLog(event_type=event_type, details=details))


@pytest.mark.django_db
def test_codes_dates_and_changes_print_as_labels():
    assert sentence(EventType.OUTCOME_DECIDED, {"outcome": "partly_disclosed", "basis": "partly",
                                                "article": "第三十七条"}) == "作出答复决定：部分公开（区分处理），依据第三十七条"
    assert sentence(EventType.APPLICATION_CLOSED, {"clock": {"on": "2026-11-25"}, "outcome": "partly_disclosed"}) \
        == "办结（2026年11月25日）：部分公开"
    text = sentence(EventType.APPLICATION_REGISTERED,
                    {"clock": {"kind": "received", "on": "2026-11-20", "days": 0}, "channel": "in_person"})
    assert text == "登记申请（当面提交），收到日期2026年11月20日"
    text = sentence(EventType.ITEM_UPDATED, {"changes": {"topic": ["综合政务", "财政、金融、审计"], "secret_x": [1, 2]}})
    assert text == "修改政府信息：主题分类：综合政务 → 财政、金融、审计"
    text = sentence(EventType.LETTER_SERVED, {"title": "答复书", "on": "2026-11-25", "method": "online"})
    assert text == "送达答复书（网上送达），送达日期2026年11月25日"
    assert not RAW.search(sentence(EventType.REPORT_UPDATED, {"changed": ["entered", "sections"]}))


@pytest.mark.django_db
def test_a_worked_case_and_item_print_no_raw_data(world, frozen_today, settings, tmp_path):
    """Drive a case through registration, 补正, fee, decision, withdrawal, signing and service, and an item
    through drafting, correction, review and publication: every sentence of their timelines is clean, and so
    are the staff pages that print them."""
    from gongkai.applications import services
    from gongkai.applications.tests.factories import correction_sent, registered_case
    from gongkai.catalogue import services as catalogue
    from gongkai.catalogue.tests.factories import column as make_column
    from gongkai.core.testing import assert_may
    from gongkai.letters import services as letters

    settings.MEDIA_ROOT = tmp_path
    clerk, reviewer = world.district_clerk, world.district_reviewer
    app, _ = registered_case(clerk, world.district, received_on=dt.date(2026, 11, 20))
    services.application_assign(actor=clerk, application=app, assignee=clerk)
    app.refresh_from_db()
    correction_sent(world, app, on=dt.date(2026, 11, 24))
    app.refresh_from_db()
    services.correction_receive(actor=clerk, application=app, received_on=dt.date(2026, 11, 25),
                                corrected_description="2025年预算文件")
    app.refresh_from_db()
    services.application_note(actor=clerk, application=app, note="已电话联系")
    services.outcome_decide(actor=clerk, application=app, basis_code="not_held", reason="未找到。")
    app.refresh_from_db()
    services.outcome_withdraw(actor=clerk, application=app, reason="选错")
    app.refresh_from_db()
    letter = services.outcome_decide(actor=clerk, application=app, basis_code="provided", reason="现予提供。")
    letter = letters.letter_return(actor=reviewer, letter=letter, note="请补充提供方式")
    letter = letters.letter_edit(actor=clerk, letter=letter, body=letter.body + "\n\n电子邮件提供。")
    letter = letters.letter_approve(actor=reviewer, letter=letter)
    letters.letter_serve(actor=clerk, letter=letter, method="email", served_on=dt.date(2026, 11, 25))

    column = make_column(world.district)
    item = catalogue.item_create(actor=clerk, column=column, title="关于某事的通知", written_on=dt.date(2026, 11, 20),
                                 body="正文", topic="综合政务", genre="通知")
    item = catalogue.item_update(actor=clerk, item=item, topic="财政、金融、审计", genre="规范性文件")
    item = catalogue.item_submit(actor=clerk, item=item)
    item = catalogue.item_approve(actor=reviewer, item=item, note="同意", publish=True)

    rows = list(EventLog.objects.exclude(event_type=EventType.PERSONAL_DATA_VIEWED))
    assert len({r.event_type for r in rows}) >= 15
    for row in rows:
        text = describe(row)
        assert text and not RAW.search(text), (row.event_type, text)
    case_page = assert_may(clerk, f"/staff/applications/{app.tracking_no}/").content.decode()
    item_page = assert_may(clerk, f"/staff/catalogue/items/{item.pk}/").content.decode()
    for page in (case_page, item_page):
        timeline = page.split('id="h-timeline"' if page is case_page else 'id="h-log"')[1]
        assert "&#x27;" not in timeline and "{" not in timeline and "clock" not in timeline
        assert not re.search(r"[a-z]+_[a-z]+", re.sub(r"<[^>]+>", "", timeline))
    assert "主题分类：综合政务 → 财政、金融、审计" in item_page
