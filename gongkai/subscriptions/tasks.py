"""Mail for subscribers (Celery; eager without a broker) and the daily digest job."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage


@shared_task(name="gongkai.subscriptions.send_mail")
def send_subscriber_mail(to: str, subject: str, body: str, headers: dict | None = None) -> int:
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}).send()


@shared_task(name="gongkai.subscriptions.send_digests")
def send_digests() -> int:
    from .services import digests_send

    return digests_send()
