"""Personal data on a letter: its page masks the applicant for non-handlers, its downloads are for the handlers
only and recorded, and a control character in old personal data does not break the Word file."""

import datetime as dt

import pytest

from gongkai.applications.tests.factories import registered_case
from gongkai.core.events import events_for
from gongkai.core.models import EventType
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.letters import services as letters
from gongkai.letters.models import LetterKind

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


def test_a_control_character_from_old_data_does_not_break_the_word_file(world, letter):
    import io

    import docx

    from gongkai.letters.rendering import letter_docx

    letter.recipient = "欧阳\x0b娜娜"
    letter.body = "您的申请\x00已收到。"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter_docx(letter))).paragraphs)
    assert "欧阳娜娜：" in text and "您的申请已收到。" in text
