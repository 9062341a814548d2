"""`python manage.py backup [--output DIR|FILE]`: database dump plus media in one tar file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import backup
from gongkai.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL 用 pg_dump，SQLite 用在线备份）与全部上传文件，写成一个 tar 文件。"

    def add_arguments(self, parser):
        parser.add_argument("--output", default=".", help="目录（在其中生成带日期的文件名）或文件路径")

    def handle(self, *args, output, **options):
        try:
            manifest = backup(Path(output))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"备份完成：{manifest['path']}（{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个文件）"))
