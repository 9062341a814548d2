"""`python manage.py rebuild_search_index`: rebuild the full-text index from the published items."""

from django.core.management.base import BaseCommand

from gongkai.core.events import SYSTEM
from gongkai.core.progress import ProgressBar
from gongkai.search.services import rebuild_index


class Command(BaseCommand):
    help = "按已发布的政府信息重建全文检索索引。"

    def handle(self, *args, **options):
        count = rebuild_index(actor=SYSTEM, progress=ProgressBar(self.stderr, "重建索引"))
        self.stdout.write(self.style.SUCCESS(f"全文索引已重建：{count} 条。"))
