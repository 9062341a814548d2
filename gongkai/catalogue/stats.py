"""Each column's published count and newest 发布日期 (`ColumnStats`), kept exact by the services that change
what is published (publish, withdraw, import, the annual report's entry) inside their own transaction.

A refresh locks the column's row first, so two publications in one column count each other; it recounts
rather than adds, so it cannot drift. `refresh_all` rebuilds every row (a migration, a bulk load).
"""

from django.db.models import Count, Max

from .models import Column, ColumnStats, Item


def refresh(column_ids) -> None:
    """Recount the published items of these columns (inside the caller's transaction)."""
    for column_id in sorted(set(column_ids)):
        stats, _ = ColumnStats.objects.select_for_update().get_or_create(column_id=column_id)
        found = Item.objects.filter(column_id=column_id, status=Item.Status.PUBLISHED).aggregate(
            n=Count("pk"), last=Max("published_at"))
        stats.published, stats.last_published_at = found["n"], found["last"]
        stats.save(update_fields=["published", "last_published_at"])


def refresh_all() -> int:
    """Recount every column in one pass (after a bulk load); returns the number of columns."""
    found = {r["column_id"]: r for r in Item.objects.filter(status=Item.Status.PUBLISHED).order_by()
             .values("column_id").annotate(n=Count("pk"), last=Max("published_at"))}
    rows = [ColumnStats(column_id=pk, published=found.get(pk, {}).get("n", 0),
                        last_published_at=found.get(pk, {}).get("last"))
            for pk in Column.objects.values_list("pk", flat=True)]
    ColumnStats.objects.bulk_create(rows, update_conflicts=True, unique_fields=["column"],
                                    update_fields=["published", "last_published_at"])
    return len(rows)
