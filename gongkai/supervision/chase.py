"""督办 of 督办: an organ's clerks are reminded of a 督办通知 whose 整改期限 is within 3 days or has passed while
it still awaits their answer (待整改, 退回重新整改). Once a day per notice: the reminder is itself an audited
event (NOTICE_REMINDED, through `remind_once`), and a notice already reminded that day is skipped."""

from __future__ import annotations

import datetime as dt

from gongkai.applications.selectors import clerks_of
from gongkai.core.chase import ChaseItem, register_chaser
from gongkai.core.models import EventType
from gongkai.core.reminders import remind_once

from .selectors import notices_due

REMIND_DAYS_BEFORE = 3


@register_chaser("supervision_notices")
def chase_notices(*, today: dt.date, dry_run: bool) -> list[ChaseItem]:
    found = []
    for notice in notices_due(today=today, within_days=REMIND_DAYS_BEFORE):
        people = list(clerks_of(notice.organ))
        left = (notice.deadline - today).days
        detail = (f"{notice.doc_no}要求于{notice.deadline:%Y-%m-%d}前完成整改并报送整改情况，"
                  + (f"已逾期{-left}天。" if left < 0 else f"还有{left}天。"))
        kind = "notice.overdue" if left < 0 else "notice.due_soon"
        found.append(ChaseItem(kind, notice.organ.name, notice.doc_no, detail, tuple(u.username for u in people)))
        if dry_run:
            continue
        remind_once(kind=kind, event_type=EventType.NOTICE_REMINDED, obj=notice, day=today, recipients=people,
                    template="supervision/emails/reminder", context={"detail": detail})
    return found
