"""The search index: one row of jieba-segmented text per published catalogue item.

Next to this table the database keeps its own full-text structure (migration 0002):
- SQLite: the FTS5 table `search_fts` (external content = this table, rowid = item_id), kept in
  step by triggers;
- PostgreSQL: the generated columns `tsv` (to_tsvector('simple', …), title weighted A, body D) and `title_tsv`,
  kept in the row (0004), with RUM and GIN indexes (GIN only where the extension is missing):
  gongkai.search.fulltext.
A later migration that rebuilds this table on SQLite must re-create the triggers (as 0003 does).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    item = models.OneToOneField("catalogue.Item", primary_key=True, on_delete=models.CASCADE,
                                related_name="search_document")
    # Filters, copied from the item so a search reads one table.
    organ = models.ForeignKey("organs.Organ", on_delete=models.CASCADE, related_name="+", db_index=True)
    column = models.ForeignKey("catalogue.Column", on_delete=models.CASCADE, related_name="+", db_index=True)
    column_slug = models.CharField(max_length=30, db_index=True)
    year = models.PositiveSmallIntegerField(db_index=True)
    validity = models.CharField(max_length=10, db_index=True)
    published_at = models.DateTimeField(db_index=True)
    # Exact matches: 文号 with its brackets normalised, 索引号 upper-cased.
    doc_no_key = models.CharField(max_length=60, db_index=True, blank=True)
    index_no = models.CharField(max_length=40, db_index=True)
    # The 名称 normalised (services.title_key): a query that is exactly an item's 名称 finds it first.
    title_key = models.CharField(max_length=200, db_index=True, blank=True, default="")
    # Segmented text (tokens joined by spaces): title side (名称, 文号, 主题词) and body side.
    title_seg = models.TextField()
    body_seg = models.TextField()
    # The raw text the snippets are cut from (内容概述, 正文, attachment text).
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = _("检索索引")

    def __str__(self) -> str:
        return self.index_no
