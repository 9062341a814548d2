"""`python manage.py restore FILE`: restore a backup onto an empty database and media folder, then verify."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import Target, restore
from gongkai.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "从 backup 生成的文件恢复到空数据库与空媒体目录，并逐表核对行数、逐个核对文件。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup 生成的 tar 文件")
        parser.add_argument("--database-url", default="", help="恢复到此数据库（默认：DATABASE_URL）")
        parser.add_argument("--media-root", default="", help="恢复到此媒体目录（默认：MEDIA_ROOT）")

    def handle(self, *args, archive, database_url, media_root, **options):
        try:
            manifest = restore(Path(archive), target=Target.from_url(database_url) if database_url else None,
                               media_root=Path(media_root) if media_root else None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"恢复完成并已核对：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个文件。"))
