"""Search index upkeep: published items missing from the index are indexed, and index entries of items
no longer published are dropped. Idempotent; cheap when nothing drifted (two id queries)."""

from django.db import transaction

from gongkai.catalogue.selectors import published

from .models import SearchDocument
from .services import index_item


@transaction.atomic
def search_index_upkeep() -> tuple[int, int]:
    live = published()
    stale = SearchDocument.objects.exclude(item_id__in=live.order_by().values("pk"))
    removed = stale.count()
    if removed:
        stale.delete()
    missing = live.exclude(pk__in=SearchDocument.objects.values("item_id")).select_related("column")
    added = 0
    for item in missing.prefetch_related("attachments").iterator(chunk_size=200):
        index_item(item)
        added += 1
    return added, removed
