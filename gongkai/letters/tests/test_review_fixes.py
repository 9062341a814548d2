"""Review findings on letters: personal data on the letter page and in downloads per role, and the
restricted template engine for the organ's own templates."""

import datetime as dt

import pytest

from gongkai.applications.tests.factories import registered_case
from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.letters import services as letters
from gongkai.letters.models import LetterKind, LetterTemplate

pytestmark = pytest.mark.django_db
D = dt.date


def viewed(app, user) -> int:
    return events_for(app).filter(event_type=EventType.PERSONAL_DATA_VIEWED, actor=user).count()


@pytest.fixture
def letter(world, frozen_today):
    letters.template_save(actor=world.district_clerk, organ=world.district, kind=LetterKind.RECEIPT,
                          title="受理回执", body="{{ applicant_name }}：您的申请{{ tracking_no }}已收到。")
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20),
                             applicant_name="欧阳娜娜")
    return letters.letter_draft(actor=world.district_clerk, application=app, kind=LetterKind.RECEIPT)


def test_letter_page_masks_personal_data_for_non_handlers(world, letter):
    app = letter.application
    url = f"/staff/letters/{letter.pk}/"
    for user in (world.district_clerk, world.district_reviewer):
        before = viewed(app, user)
        page = assert_may(user, url).content.decode()
        assert "欧阳娜娜" in page and f"/staff/letters/{letter.pk}.pdf" in page
        assert viewed(app, user) == before + 1
    for user in (world.district_supervisor, world.city_supervisor, world.sysadmin):
        page = assert_may(user, url).content.decode()
        assert "欧阳娜娜" not in page and "欧***" in page
        assert f"/staff/letters/{letter.pk}.pdf" not in page
        assert viewed(app, user) == 0
    assert_may_not(world.fgj_clerk, url)
    assert_login_required(url)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_letter_downloads_are_for_handlers_only_and_recorded(world, letter, fmt):
    app = letter.application
    url = f"/staff/letters/{letter.pk}.{fmt}"
    for user in (world.district_clerk, world.district_reviewer):
        before = viewed(app, user)
        assert client_for(user).get(url).status_code == 200
        assert viewed(app, user) == before + 1
    for user in (world.district_supervisor, world.city_supervisor, world.sysadmin, world.fgj_clerk, world.nobody):
        assert_may_not(user, url)
        assert viewed(app, user) == 0
    assert_may_not(world.district_clerk, f"/staff/letters/{letter.pk}.txt")
    assert_login_required(url)


@pytest.mark.parametrize("body", ["{% debug %}", '{% include "staff/base.html" %}', "{% load static %}",
                                  '{% extends "staff/base.html" %}', "{{ applicant_name|safe }}"])
def test_organ_templates_refuse_tags_beyond_what_letters_need(world, frozen_today, body):
    with pytest.raises(ApplicationError, match="文书模板不能使用"):
        letters.template_save(actor=world.district_clerk, organ=world.district, kind=LetterKind.RECEIPT,
                              title="受理回执", body=f"您好。{body}")
    assert not LetterTemplate.objects.exists()


def test_template_page_reports_a_refused_tag_in_chinese(world, frozen_today):
    response = client_for(world.district_clerk).post(
        f"/staff/letters/templates/{world.district.code}/",
        {"kind": LetterKind.RECEIPT, "basis": "", "title": "受理回执", "body": "{% debug %}"})
    assert response.status_code == 400 and "文书模板不能使用" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_organ_templates_keep_if_and_for(world, frozen_today):
    letters.template_save(actor=world.district_clerk, organ=world.district, kind=LetterKind.RECEIPT,
                          title="受理回执", body="{% if doc_no %}文号{{ doc_no }}{% else %}无文号{% endif %}"
                                                "{% for c in tracking_no %}{% endfor %}{{ received|default:'' }}")
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = letters.letter_draft(actor=world.district_clerk, application=app, kind=LetterKind.RECEIPT)
    assert letter.body.startswith("无文号2026年11月20日")


NESTED = "{% for a in '" + "x" * 60 + "' %}{% for b in '" + "x" * 60 + "' %}{% for c in '" + "x" * 60 + \
    "' %}第{{ forloop.counter }}行{% endfor %}{% endfor %}{% endfor %}"
DOUBLING = "{% with a='依申请公开'|add:'依申请公开' %}" + "".join(
    "{% with a=a|add:a %}" for _ in range(20)) + "{{ a }}" + "{% endwith %}" * 21


@pytest.mark.parametrize("body, words", [(NESTED, "循环次数超过2000次"), (DOUBLING, "add 拼接的内容超过"),
                                         ("很长" * 10_001, "不能超过20000字")])
def test_organ_templates_are_bounded_in_loops_and_size(world, frozen_today, body, words):
    """An insider's nested loops rendered for minutes in the attack run; now refused at once, in Chinese."""
    import time

    started = time.monotonic()
    with pytest.raises(ApplicationError, match=words):
        letters.template_save(actor=world.district_clerk, organ=world.district, kind=LetterKind.RECEIPT,
                              title="受理回执", body=body)
    assert time.monotonic() - started < 2
    assert not LetterTemplate.objects.exists()


def test_a_template_that_loops_over_case_data_is_bounded_when_drafting(world, frozen_today):
    body = "{% for a in description %}{% for b in description %}{% for c in description %}{{ c }}" \
           "{% endfor %}{% endfor %}{% endfor %}"
    letters.template_save(actor=world.district_clerk, organ=world.district, kind=LetterKind.RECEIPT,
                          title="受理回执", body=body)
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20),
                             description="请公开" * 30)
    with pytest.raises(ApplicationError, match="循环次数超过"):
        letters.letter_draft(actor=world.district_clerk, application=app, kind=LetterKind.RECEIPT)


def test_a_control_character_from_old_data_does_not_break_the_word_file(world, letter):
    import io

    import docx

    from gongkai.letters.rendering import letter_docx

    letter.recipient = "欧阳\x0b娜娜"
    letter.body = "您的申请\x00已收到。"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter_docx(letter))).paragraphs)
    assert "欧阳娜娜：" in text and "您的申请已收到。" in text
