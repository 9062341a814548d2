"""`python manage.py recompute_deadlines [--dry-run]`: the nightly job (also beat task
`gongkai.workdays.recompute_stale`). Every stored deadline computed with an older version of the
working-day calendar is recomputed; a changed date is written on the case's timeline."""

from django.core.management.base import BaseCommand

from gongkai.workdays.recompute import recompute_stale
from gongkai.workdays.selectors import current_version


class Command(BaseCommand):
    help = "重新计算按旧版工作日历计算的期限（每日定时任务）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不重新计算。")

    def handle(self, *args, dry_run: bool = False, **options):
        looked, changed = recompute_stale(dry_run=dry_run)
        version = current_version()
        if dry_run:
            self.stdout.write(f"工作日历第{version}版：有{looked}项期限按旧版计算（试运行，未重新计算）。")
            return
        self.stdout.write(self.style.SUCCESS(
            f"工作日历第{version}版：重新计算{looked}项期限，其中{changed}项有变化。"))
