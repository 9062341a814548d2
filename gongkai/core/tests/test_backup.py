"""backup / restore: every table and every file comes back; a restore never overwrites anything."""

import io
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongkai.core import backup as backup_mod
from gongkai.core.backup import Target, media_files, row_counts


@pytest.fixture
def data(transactional_db, world, settings, tmp_path):
    """Committed rows in most tables (a published item with an attachment, an application) and files."""
    from gongkai.applications import services as app_services
    from gongkai.applications.tests.factories import applicant_data
    from gongkai.catalogue import services as cat_services
    from gongkai.catalogue.tests.factories import draft, make_png, publish

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    item = draft(world.district, title="关于备份与恢复的通知")
    cat_services.attachment_add(actor=world.district_clerk, item=item, name="图解.png", data=make_png())
    publish(item)
    app_services.application_submit(data=applicant_data(world.district))
    return settings.MEDIA_ROOT


def _live_counts() -> dict[str, int]:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return row_counts(connection.connection, "sqlite")
    target = Target.from_settings(connection.settings_dict)
    conn = target.connect()
    try:
        return row_counts(conn, "postgresql")
    finally:
        conn.close()


def _restore_target(tmp_path):
    """An empty database of the same vendor: a new SQLite file, or a new PostgreSQL database."""
    if connection.vendor == "sqlite":
        return Target(vendor="sqlite", name=str(tmp_path / "restored.sqlite3")), None
    import psycopg

    source = Target.from_settings(connection.settings_dict)
    name = f"{source.name}_restore"
    admin = psycopg.connect(dbname="postgres", user=source.user or None, password=source.password or None,
                            host=source.host or None, port=source.port or None, autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    return Target(vendor="postgresql", name=name, user=source.user, password=source.password, host=source.host,
                  port=source.port), admin


def test_backup_then_restore_onto_an_empty_database_reproduces_every_table_and_file(data, tmp_path):
    media = data
    files = media_files(media)
    assert files, "the fixture stored an attachment"
    out = tmp_path / "backups"
    out.mkdir()
    call_command("backup", "--output", str(out), stdout=io.StringIO())
    (archive,) = out.glob("gongkai-backup-*.tar")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.startswith("database.") for n in names)
    assert all(f"media/{rel}" in names for rel in files)

    live = _live_counts()
    assert live["catalogue_item"] == 1 and live["applications_application"] == 1 and live["core_eventlog"] > 0

    target, admin = _restore_target(tmp_path)
    restored_media = tmp_path / "restored-media"
    try:
        manifest = backup_mod.restore(archive, target=target, media_root=restored_media)
        assert manifest["tables"] == live
        conn = target.connect()
        try:
            assert row_counts(conn, target.vendor) == live  # every table, row for row
            cur = conn.cursor()
            cur.execute("SELECT title, index_no FROM catalogue_item")
            assert cur.fetchall()[0][0] == "关于备份与恢复的通知"
        finally:
            conn.close()
        assert media_files(restored_media) == files  # every file, byte for byte (SHA-256)

        # A second restore onto the now non-empty database is refused: nothing is ever overwritten.
        with pytest.raises(Exception, match="不是空库"):
            backup_mod.restore(archive, target=target, media_root=tmp_path / "other-media")
    finally:
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')
            admin.close()


def test_restore_refuses_the_live_database_a_clashing_media_folder_and_a_bad_file(data, tmp_path):
    out = tmp_path / "b.tar"
    call_command("backup", "--output", str(out), stdout=io.StringIO())
    with pytest.raises(CommandError, match="不是空库"):
        call_command("restore", str(out))
    with pytest.raises(CommandError, match="备份文件不存在"):
        call_command("restore", str(tmp_path / "missing.tar"))
    bad = tmp_path / "bad.tar"
    bad.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="不是有效的备份文件"):
        call_command("restore", str(bad))
    if connection.vendor == "sqlite":  # a clashing file in the media folder (the database check comes first)
        with pytest.raises(CommandError, match="媒体目录中已有同名文件"):
            call_command("restore", str(out), "--database-url", f"sqlite:///{tmp_path / 'new.sqlite3'}",
                         "--media-root", str(data))
