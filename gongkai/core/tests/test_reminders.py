"""remind_once: one …_REMINDED event and one mail per object, kind and day; a new day reminds again."""

import datetime as dt

import pytest

from gongkai.core.describe import describe
from gongkai.core.events import SYSTEM_ACTOR_NAME
from gongkai.core.models import EventLog, EventType, ReminderSent
from gongkai.core.reminders import remind_once

pytestmark = pytest.mark.django_db
D = dt.date


def _remind(world, day):
    return remind_once(kind="annual_report.due", event_type=EventType.REPORT_REMINDED, obj=world.fgj, day=day,
                       recipients=[world.fgj_clerk, world.fgj_reviewer], template="annual_reports/emails/reminder",
                       context={"detail": "2025年度报告尚未发布", "year": 2025}, details={"year": 2025})


def test_twice_the_same_day_mails_once_and_a_new_day_mails_again(world, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    world.fgj_clerk.email = "fgj@example.gov.cn"
    world.fgj_clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert _remind(world, D(2026, 1, 25)) is True
        assert _remind(world, D(2026, 1, 25)) is False
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["fgj@example.gov.cn"]  # the reviewer has no address
    assert mailoutbox[0].subject == "【督办】岭东区发展和改革局2025年度政府信息公开工作年度报告"
    assert mailoutbox[0].body == "2025年度报告尚未发布。"
    event = EventLog.objects.get(event_type=EventType.REPORT_REMINDED)
    assert event.actor is None and event.actor_name == SYSTEM_ACTOR_NAME and event.organ == world.fgj
    assert event.details == {"kind": "annual_report.due", "day": "2026-01-25", "year": 2025,
                             "recipients": ["fgj_clerk", "fgj_reviewer"]}
    assert ReminderSent.objects.get().event == event

    with django_capture_on_commit_callbacks(execute=True):
        assert _remind(world, D(2026, 1, 26)) is True
    assert len(mailoutbox) == 2
    assert EventLog.objects.filter(event_type=EventType.REPORT_REMINDED).count() == 2


def test_a_duplicate_key_leaves_no_event_behind(world, django_capture_on_commit_callbacks, mailoutbox):
    """The unique key, not a look-up, is the dedup: a concurrent run that loses the race writes nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        ReminderSent.objects.create(key=f"annual_report.due:organs.organ:{world.fgj.pk}:2026-01-25",
                                    day=D(2026, 1, 25), event=EventLog.objects.create(event_type="x"))
        assert _remind(world, D(2026, 1, 25)) is False
    assert mailoutbox == []
    assert not EventLog.objects.filter(event_type=EventType.REPORT_REMINDED).exists()


def test_the_reminder_reads_as_a_sentence(world):
    from gongkai.applications import chase  # noqa: F401  (registers the kinds' labels)

    event = EventLog(event_type=EventType.APPLICATION_REMINDED, details={"kind": "application.overdue"})
    assert describe(event) == "督办提醒：答复逾期"


def test_tests_write_media_under_a_temporary_folder(settings):
    from pathlib import Path

    assert not Path(settings.MEDIA_ROOT).resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
