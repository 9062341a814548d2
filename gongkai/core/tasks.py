"""Celery tasks of the core: the one mail task (every mail Gongkai sends, queued `on_commit`; runs eagerly
without a broker), and, scheduled in CELERY_BEAT_SCHEDULE and also a management command, the nightly chase
(`manage.py chase_overdue`). The search index upkeep is search's (gongkai/search/tasks.py)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from .chase import run_chase


@shared_task(name="gongkai.send_mail")
def send_mail_task(recipients: list[str], subject: str, body: str, headers: dict | None = None) -> int:
    """Every mail Gongkai sends (acknowledgements, answers, 督办 reminders, subscriptions)."""
    if not recipients:
        return 0
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, list(recipients), headers=headers or {}).send()


@shared_task(name="gongkai.chase_overdue")
def chase_overdue() -> int:
    results = run_chase(today=timezone.localdate())
    return sum(len(items) for items in results.values())

