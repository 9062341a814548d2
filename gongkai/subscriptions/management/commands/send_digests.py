"""`manage.py send_digests`: the 精准推送 digests now due (the Celery beat job runs the same every morning)."""

from django.core.management.base import BaseCommand

from gongkai.subscriptions.services import digests_send


class Command(BaseCommand):
    help = "发送到期的订阅推送邮件（每日或每周），并删除超过7天未确认的订阅申请。"

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(f"已发送 {sent} 封订阅推送邮件。")
