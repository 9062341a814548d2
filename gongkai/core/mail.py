"""Mail Gongkai sends: bodies rendered from the apps' templates (`<app>/emails/<name>_subject.txt` and
`_body.txt`) and queued through the one Celery mail task (`gongkai.core.tasks.send_mail_task`) once the
current transaction commits — acknowledgements, answers, reminders, subscriptions, the lock-out notice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string


def render_mail(template: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """Subject (one line) and body of the mail `template` ("applications/emails/reminder")."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", dict(context)).split())
    body = render_to_string(f"{template}_body.txt", dict(context)).strip()
    return subject, body


def queue_mail(emails: Iterable[str], subject: str, body: str, headers: Mapping[str, str] | None = None) -> None:
    """Send one mail through the Celery mail task once the current transaction commits."""
    from .tasks import send_mail_task

    emails = [e for e in emails if e]
    if emails:
        args = (emails, subject, body, dict(headers)) if headers else (emails, subject, body)
        transaction.on_commit(partial(send_mail_task.delay, *args))
