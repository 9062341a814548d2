import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.core.models import EventLog, EventType, ReminderSent

from .factories import registered_case

pytestmark = pytest.mark.django_db(transaction=True)
D = dt.date


@pytest.fixture
def cases(world, frozen_today):
    world.district_clerk.email = "clerk@example.gov.cn"
    world.district_clerk.save()
    world.district_reviewer.email = "reviewer@example.gov.cn"
    world.district_reviewer.save()
    late, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 10, 27))
    soon, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 10, 30),
                              description="另一份文件的名称")
    return late, soon


def test_chase_prints_what_it_found_and_mails_clerk_and_reviewer_once_a_day(world, cases):
    late, soon = cases
    out = io.StringIO()
    call_command("chase_overdue", "--dry-run", "--only", "applications", stdout=out)
    text = out.getvalue()
    assert f"岭东区人民政府 · {late.tracking_no}：答复期限2026年11月24日，已逾期1个工作日" in text
    assert f"{soon.tracking_no}：答复期限2026年11月27日，剩余2个工作日" in text
    assert "→ district_clerk、district_reviewer" in text
    assert len(mail.outbox) == 0 and ReminderSent.objects.count() == 0

    call_command("chase_overdue", "--only", "applications", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert set(mail.outbox[0].to) == {"clerk@example.gov.cn", "reviewer@example.gov.cn"}
    assert "【督办】" in mail.outbox[0].subject
    call_command("chase_overdue", "--only", "applications", stdout=io.StringIO())
    assert len(mail.outbox) == 2  # nothing twice on the same day
    reminded = EventLog.objects.filter(event_type=EventType.APPLICATION_REMINDED)
    assert sorted(e.object_id for e in reminded) == sorted([str(late.pk), str(soon.pk)])
    assert {e.details["kind"] for e in reminded} == {"application.overdue", "application.due_soon"}


def test_chase_with_nothing_to_do_exits_cleanly(world, frozen_today):
    out = io.StringIO()
    call_command("chase_overdue", "--only", "applications", stdout=out)
    assert "【applications】0 项" in out.getvalue()


def test_chase_as_a_celery_task(world, cases):
    from gongkai.core.tasks import chase_overdue

    assert chase_overdue.delay().get() >= 2
