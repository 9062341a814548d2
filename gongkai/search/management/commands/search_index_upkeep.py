"""`python manage.py search_index_upkeep`: index what is missing, drop what is no longer published."""

from django.core.management.base import BaseCommand

from gongkai.search.upkeep import search_index_upkeep


class Command(BaseCommand):
    help = "全文索引维护：补建缺失的索引，删除已撤回信息的索引。"

    def handle(self, *args, **options):
        added, removed = search_index_upkeep()
        self.stdout.write(self.style.SUCCESS(f"全文索引维护完成：补建 {added} 条，删除 {removed} 条。"))
