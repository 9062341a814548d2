"""The full-text structure beside search_searchdocument, per database.

SQLite: an FTS5 table over the segmented text (external content, rowid = item_id) and the triggers
that keep it in step. PostgreSQL: a generated tsvector column (to_tsvector('simple', …); the text is
already segmented by jieba) with a GIN index.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_seg, body_seg, content='search_searchdocument', content_rowid='item_id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_seg, body_seg) VALUES (new.item_id, new.title_seg, new.body_seg);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_seg, body_seg)
        VALUES ('delete', old.item_id, old.title_seg, old.body_seg);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_seg, body_seg)
        VALUES ('delete', old.item_id, old.title_seg, old.body_seg);
        INSERT INTO search_fts(rowid, title_seg, body_seg) VALUES (new.item_id, new.title_seg, new.body_seg);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_seg), 'A') || setweight(to_tsvector('simple', body_seg), 'B')
    ) STORED""",
    "CREATE INDEX search_searchdocument_tsv_gin ON search_searchdocument USING GIN (tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_searchdocument_tsv_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
