"""Ranked search inside the index.

- `title_key`: the 名称 normalised for the exact-名称 boost (filled from the items already indexed).
- PostgreSQL: the tsvector weighs the title side A and the body D (ts_rank's and RUM's weights 1.0 and 0.1: a
  word in the 名称 counts ten times one in the body, as bm25(10, 1) on SQLite); a second one holds the title
  side alone; both keep ten times the default statistics (the "约 N 条" estimate) and are indexed by RUM
  (ranking and filters inside the index) where the extension can be created, else by GIN
  (gongkai.search.fulltext).
- SQLite: adding the column rebuilds the table, which drops the FTS5 triggers of 0002: they are created again.
"""

import importlib
import re
import unicodedata

from django.db import migrations, models

POSTGRES_TSV = [
    "DROP INDEX IF EXISTS search_searchdocument_tsv_gin",
    # One statement, so the table is rewritten once.
    """ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv,
        ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title_seg), 'A') || setweight(to_tsvector('simple', body_seg), 'D')
        ) STORED,
        ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', title_seg)) STORED""",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_searchdocument_tsv_rum",
    "DROP INDEX IF EXISTS search_searchdocument_title_tsv_rum",
    "DROP INDEX IF EXISTS search_searchdocument_tsv_gin",
    "DROP INDEX IF EXISTS search_searchdocument_title_tsv_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_seg), 'A') || setweight(to_tsvector('simple', body_seg), 'B')
    ) STORED""",
    "CREATE INDEX search_searchdocument_tsv_gin ON search_searchdocument USING GIN (tsv)",
]


def _key(title: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title)).lower()[:200]


def fill_title_keys(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    Item = apps.get_model("catalogue", "Item")
    batch = []
    for item_id, title in Item.objects.filter(search_document__isnull=False).values_list("pk", "title").iterator():
        batch.append(SearchDocument(item_id=item_id, title_key=_key(title)))
        if len(batch) >= 1000:
            SearchDocument.objects.bulk_update(batch, ["title_key"])
            batch = []
    SearchDocument.objects.bulk_update(batch, ["title_key"])


def sqlite_triggers(apps, schema_editor):
    """Adding or removing a column rebuilds the table on SQLite, dropping its triggers: create them again."""
    if schema_editor.connection.vendor == "sqlite":
        for sql in importlib.import_module("gongkai.search.migrations.0002_fulltext").SQLITE_UP[1:]:
            schema_editor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        sqlite_triggers(apps, schema_editor)
    elif connection.vendor == "postgresql":
        from gongkai.search.fulltext import TSV_STATISTICS, install_indexes

        for sql in POSTGRES_TSV:
            schema_editor.execute(sql)
        for column in ("tsv", "title_tsv"):
            schema_editor.execute(f"ALTER TABLE search_searchdocument ALTER COLUMN {column} "
                                  f"SET STATISTICS {TSV_STATISTICS}")
        install_indexes(connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext"), ("catalogue", "0002_published_is_published")]
    operations = [
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers),  # runs last when reversed
        migrations.AddField(
            model_name="searchdocument",
            name="title_key",
            field=models.CharField(blank=True, db_index=True, default="", max_length=200),
        ),
        migrations.RunPython(fill_title_keys, migrations.RunPython.noop),
        migrations.RunPython(forwards, backwards),
    ]
