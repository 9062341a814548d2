"""Mail for applications (Celery; runs eagerly without a broker). Queued `on_commit` by the services."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(name="gongkai.applications.send_reminder")
def send_reminder(recipients: list[str], subject: str, body: str) -> int:
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
