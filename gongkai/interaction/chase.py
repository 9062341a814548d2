"""督办 for 互动交流: messages past their reply deadline or due within two days; the receiving organ's clerks
and reviewers are mailed once a day per message (`Reminder`), so the chase can run again safely."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import IntegrityError, transaction

from gongkai.applications.tasks import send_reminder
from gongkai.core.chase import ChaseItem, register_chaser

from . import selectors
from .models import Message, Reminder


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
            try:
                with transaction.atomic():
                    Reminder.objects.create(message=m, day=today, kind=kind)
            except IntegrityError:
                continue  # already reminded today
            emails = [u.email for u in people if u.email]
            transaction.on_commit(partial(send_reminder.delay, emails, f"【督办】留言 {m.number}",
                                          f"{m.organ.name}：{detail}"))
    return found
