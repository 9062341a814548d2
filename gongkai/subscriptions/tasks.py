"""The daily digest job (Celery; eager without a broker). Mail goes through `gongkai.core.tasks.send_mail_task`."""

from celery import shared_task


@shared_task(name="gongkai.subscriptions.send_digests")
def send_digests() -> int:
    from .services import digests_send

    return digests_send()
