"""`python manage.py import_remedies FILE.xlsx --organ NAME_OR_CODE [--dry-run]`: import an organ's existing
行政复议/行政诉讼 records from Excel, all or nothing, reporting every bad row (line, column, Chinese message).
The columns are described in gongkai/remedies/importing.py; the checks are the services'."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.core.events import SYSTEM
from gongkai.core.progress import ProgressBar
from gongkai.organs.selectors import find_organ
from gongkai.remedies import services
from gongkai.remedies.importing import ImportFileError, read_rows


class Command(BaseCommand):
    help = "从 Excel 文件导入已有的行政复议、行政诉讼记录（全部通过检查才写入）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 文件；第一行为表头（类型、案号、受理编号、复议机关或法院、申请/起诉日期……）。")
        parser.add_argument("--organ", required=True, help="被申请人/被告机关的机关代码或全称。")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入。")

    def _reject(self, errors) -> None:
        for error in sorted(errors, key=lambda e: e.line):
            self.stderr.write(str(error))
        raise CommandError(f"共 {len(errors)} 处错误，未导入任何记录。请修改后重新导入。")

    def handle(self, *args, file: str, organ: str, dry_run: bool = False, **options):
        target = find_organ(organ)
        if target is None:
            raise CommandError(f"没有代码或名称为“{organ}”的机关。")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        try:
            outcome = services.remedies_import_table(
                actor=SYSTEM, organ=target, table=read_rows(path), source=path.name, dry_run=dry_run,
                today=timezone.localdate(), progress=ProgressBar(self.stderr, "导入"))
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if outcome.errors:
            self._reject(outcome.errors)
        created = outcome.created
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"检查通过：{len(created)} 条记录可以导入（试运行，未写入）。"))
            return
        reviews = sum(r.url_kind == "review" for r in created)
        self.stdout.write(self.style.SUCCESS(
            f"已为{target.name}导入 {len(created)} 条记录（行政复议 {reviews} 件，行政诉讼 {len(created) - reviews} 件）。"))
