"""`python manage.py import_items FILE --organ NAME_OR_CODE [--dry-run]`: import an existing catalogue
from CSV or Excel, all or nothing, reporting every bad row (line, field, Chinese message)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gongkai.catalogue import services
from gongkai.catalogue.importing import ImportFileError, parse, read_table
from gongkai.catalogue.models import Column
from gongkai.core.events import SYSTEM
from gongkai.core.progress import ProgressBar
from gongkai.organs.selectors import find_organ


class Command(BaseCommand):
    help = "从 CSV 或 Excel 文件批量导入已有的政府信息公开目录（全部通过检查才写入）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8 或 GB18030）或 .xlsx 文件；第一行为表头。")
        parser.add_argument("--organ", required=True, help="机关代码或机关全称。")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入。")

    def _reject(self, errors) -> None:
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(f"共 {len(errors)} 处错误，未导入任何数据。请修改后重新导入。")

    def handle(self, *args, file: str, organ: str, dry_run: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        target = find_organ(organ)
        if target is None:
            raise CommandError(f"没有代码或名称为“{organ}”的机关。")
        # One transaction: a dry run (or any error) rolls back everything, the default columns included.
        with transaction.atomic():
            if not Column.objects.filter(organ=target).exists():
                services.columns_seed(actor=SYSTEM, organ=target)
            columns = {}
            for column in Column.objects.filter(organ=target):
                columns[column.slug] = columns[column.name] = column
            try:
                parsed = parse(read_table(path), columns=columns, today=timezone.localdate())
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
            if parsed.errors:
                self._reject(parsed.errors)
            if not parsed.rows:
                raise CommandError("文件中没有数据行。")
            try:
                items = services.items_import(actor=SYSTEM, organ=target, rows=parsed.rows, source=path.name,
                                              progress=ProgressBar(self.stderr, "导入"))
            except services.ImportRejected as exc:
                self._reject(exc.errors)
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write(self.style.SUCCESS(f"检查通过：{len(items)} 行可以导入（试运行，未写入）。"))
                return
        self.stdout.write(self.style.SUCCESS(
            f"已导入 {len(items)} 条政府信息到{target.name}（索引号 {items[0].index_no} 至 {items[-1].index_no}）。"))
