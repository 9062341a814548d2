"""PostgreSQL: the two tsvector columns kept in the row, and a GIN index on `tsv` beside RUM.

A body's tsvector (1–2 kB) went to TOAST, so ranking a match from its row, or checking a row against the query while
walking the 发布日期 index, cost a TOAST index lookup and a chunk read per row — four more buffers, about 9 µs.
`SET STORAGE MAIN` keeps a column in the row (compressed where that helps; out of line only when the row would not
fit a page), so the text columns go to TOAST first: the text snippets are cut from is read for the ten hits of a
page only. (Keeping the text in the row too made the table 45 % larger — 320 against 222 MB at 100,000 items —
for no faster search.)

The rows already indexed are rewritten (an UPDATE recomputes the generated columns, so the new storage applies) with
the full-text indexes dropped, then the indexes are built again — the GIN index on `tsv` now beside RUM
(gongkai.search.fulltext). On a large catalogue this takes minutes: docs/deploy.md.
"""

from django.db import migrations

COLUMNS = ("tsv", "title_tsv")


def _rewrite(schema_editor, storage: str) -> None:
    from gongkai.search.fulltext import INDEXES, install_indexes

    for name in (*INDEXES["rum"], *INDEXES["gin"]):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE search_searchdocument ALTER COLUMN {column} SET STORAGE {storage}")
    schema_editor.execute("UPDATE search_searchdocument SET title_seg = title_seg")
    install_indexes(schema_editor.connection)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _rewrite(schema_editor, "MAIN")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _rewrite(schema_editor, "EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_ranked_index")]
    operations = [migrations.RunPython(forwards, backwards)]
