"""`python manage.py chase_overdue [--dry-run] [--only NAME]`: 督办 — find what is due soon or late and
remind the people responsible. Exits 0 whether or not it found anything (non-zero only when it
could not run)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.core.chase import chasers, run_chase


class Command(BaseCommand):
    help = "督办：查找即将到期和已逾期的事项并提醒责任人。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不发送提醒。")
        parser.add_argument("--only", metavar="NAME", help="只运行某一类督办（各应用注册的名称，如 applications）。")

    def handle(self, *args, dry_run: bool = False, only: str | None = None, **options):
        if only and only not in chasers():
            raise CommandError(f"没有名为“{only}”的督办类别。可用：{'、'.join(sorted(chasers())) or '无'}")
        today = timezone.localdate()
        results = run_chase(today=today, dry_run=dry_run, only=only)
        total = 0
        for name, items in results.items():
            self.stdout.write(f"【{name}】{len(items)} 项")
            for item in items:
                who = f" → {'、'.join(item.recipients)}" if item.recipients else ""
                self.stdout.write(f"  {item.organ} · {item.subject}：{item.detail}{who}")
            total += len(items)
        verb = "（试运行，未发送提醒）" if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{today:%Y-%m-%d} 督办完成，共 {total} 项{verb}。"))
