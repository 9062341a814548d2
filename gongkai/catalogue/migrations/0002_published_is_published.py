"""The database refuses to change an item's 发布日期 or 索引号 once it has been published.

Services never try; this catches everything else (the admin, a shell, a raw UPDATE).
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER catalogue_item_published_is_published
BEFORE UPDATE OF published_at, index_no ON catalogue_item
WHEN OLD.published_at IS NOT NULL
  AND (NEW.published_at IS NOT OLD.published_at OR NEW.index_no IS NOT OLD.index_no)
BEGIN
  SELECT RAISE(ABORT, '发布日期和索引号在发布后不能修改。');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS catalogue_item_published_is_published;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION catalogue_item_published_is_published() RETURNS trigger AS $$
BEGIN
  IF OLD.published_at IS NOT NULL AND (NEW.published_at IS DISTINCT FROM OLD.published_at
                                       OR NEW.index_no IS DISTINCT FROM OLD.index_no) THEN
    RAISE EXCEPTION '发布日期和索引号在发布后不能修改。' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER catalogue_item_published_is_published
BEFORE UPDATE OF published_at, index_no ON catalogue_item
FOR EACH ROW EXECUTE FUNCTION catalogue_item_published_is_published();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS catalogue_item_published_is_published ON catalogue_item;
DROP FUNCTION IF EXISTS catalogue_item_published_is_published();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
