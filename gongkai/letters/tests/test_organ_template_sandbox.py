"""The restricted template engine for an organ's own letter templates: tags beyond what letters need are refused
in Chinese, if and for are kept, loops and size are bounded when saving and when drafting."""

import datetime as dt

import pytest

from gongkai.applications.tests.factories import registered_case
from gongkai.core.exceptions import ApplicationError
from gongkai.core.testing import client_for
from gongkai.letters import services as letters
from gongkai.letters.models import LetterKind, LetterTemplate

pytestmark = pytest.mark.django_db
D = dt.date


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
