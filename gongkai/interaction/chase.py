"""督办 for 互动交流: messages past their reply deadline or due within two days; the receiving organ's clerks
and reviewers are mailed once a day per message (`remind_once`), so the chase can run again safely."""

from __future__ import annotations

import datetime as dt

from gongkai.core.chase import ChaseItem, register_chaser
from gongkai.core.describe import register_value_labels
from gongkai.core.models import EventType
from gongkai.core.reminders import remind_once

from . import selectors
from .models import Message

register_value_labels("kind", {"message.overdue": "答复逾期", "message.due_soon": "答复期限将至"})


def _detail(kind: str, m: Message) -> str:
    due = m.due.text
    if kind == "message.overdue":
        return f"{m.get_kind_display()}“{m.title}”应于{due}前答复，已逾期。"
    return f"{m.get_kind_display()}“{m.title}”应于{due}前答复。"


@register_chaser("interaction")
def chase_messages(*, today: dt.date, dry_run: bool) -> list[ChaseItem]:
    found: list[ChaseItem] = []
    qs = Message.objects.select_related("organ")
    for kind, rows in (("message.overdue", selectors.overdue(today=today, queryset=qs)),
                       ("message.due_soon", selectors.due_soon(today=today, queryset=qs))):
        for m in rows.order_by("due_on", "pk"):
            people = list(selectors.handlers_of(m.organ))
            detail = _detail(kind, m)
            found.append(ChaseItem(kind, m.organ.name, m.number, detail, tuple(u.username for u in people)))
            if dry_run:
                continue
            remind_once(kind=kind, event_type=EventType.MESSAGE_REMINDED, obj=m, day=today, recipients=people,
                        template="interaction/emails/reminder", context={"detail": detail})
    return found
