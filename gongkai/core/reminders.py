"""督办: the one way to remind someone once a day (every chaser calls `remind_once`).

A reminder is one `…_REMINDED` EventLog row plus a `ReminderSent` row whose unique key
("<kind>:<model>:<pk>:<day>") is the dedup: a second run the same day — even a concurrent one, which
fails on the unique index — sends nothing twice, and a new day reminds again. The mail is rendered
from the app's templates and queued through the one mail task when the transaction commits (`core.mail`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, models, transaction

from .events import SYSTEM, record_event
from .mail import queue_mail, render_mail
from .models import EventType, ReminderSent


def reminder_key(kind: str, obj: models.Model, day: dt.date) -> str:
    return f"{kind}:{obj._meta.label_lower}:{obj.pk}:{day.isoformat()}"


def remind_once(*, kind: str, event_type: EventType, obj: models.Model, day: dt.date, recipients: Iterable,
                template: str, context: Mapping[str, Any], details: Mapping[str, Any] | None = None,
                organ=None) -> bool:
    """Remind `recipients` (users) about `obj` for `kind` on `day`, unless already done: one
    `event_type` EventLog row by the system, one mail. True when this call sent the reminder."""
    people = list(recipients)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a duplicate key undoes the event row too
                event = record_event(actor=SYSTEM, event_type=event_type, obj=obj, organ=organ,
                                     details={"kind": kind, "day": day.isoformat(),
                                              "recipients": [u.username for u in people], **(details or {})})
                ReminderSent.objects.create(key=reminder_key(kind, obj, day), day=day, event=event)
        except IntegrityError:
            return False  # already reminded today
        subject, body = render_mail(template, {"kind": kind, "day": day, "obj": obj, **context})
        queue_mail([u.email for u in people], subject, body)
    return True
