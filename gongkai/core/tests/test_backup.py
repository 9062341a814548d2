"""backup / restore: every table and every file comes back; a restore never overwrites anything."""

import io
import tarfile
from pathlib import Path

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


def test_a_backup_taken_under_writes_restores_and_verifies(data, tmp_path):
    """The attack run's backup under load failed its own restore check on PostgreSQL (counts taken after the
    dump, in another connection). Counts now come from the dump's own snapshot."""
    import threading

    from django.db import connections

    from gongkai.core.events import record_event
    from gongkai.core.models import EventLog, EventType

    stop, written = threading.Event(), []

    def write():
        try:
            while not stop.is_set():
                record_event(actor=None, actor_name="压测", event_type=EventType.JOB_SUCCEEDED,
                             details={"n": len(written)})
                written.append(1)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 20:  # the writes are under way before the backup starts
            stop.wait(0.01)
        manifest = backup_mod.backup(tmp_path, media_root=data)
        during = len(written)
        while len(written) < during + 20:  # and still going after it
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
    assert EventLog.objects.count() > manifest["tables"]["core_eventlog"]  # later writes are not in it
    target, admin = _restore_target(tmp_path)
    try:
        restored = backup_mod.restore(Path(manifest["path"]), target=target, media_root=tmp_path / "restored")
        assert restored["tables"] == manifest["tables"]  # restore() verified every table and file
    finally:
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')
            admin.close()


def _archive_variants(archive: Path, tmp_path: Path) -> dict[str, Path]:
    data = archive.read_bytes()
    out = {}
    with tarfile.open(archive) as tar:
        last = tar.getmembers()[-1]  # the manifest, written last
    for name, blob in (("truncated", data[: len(data) // 2]), ("cut in the last member", data[:last.offset_data + 5])):
        path = tmp_path / f"{name}.tar"
        path.write_bytes(blob)
        out[name] = path
    foreign = tmp_path / "foreign.tar"
    with tarfile.open(foreign, "w") as tar:
        info = tarfile.TarInfo("readme.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    out["foreign tar"] = foreign
    odd_manifest = tmp_path / "odd.tar"
    with tarfile.open(odd_manifest, "w") as tar:
        body = b'{"format": 99}'
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    out["foreign manifest"] = odd_manifest
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w") as dst:
        for member in src.getmembers():
            blob = src.extractfile(member).read()
            if member.name.startswith("media/"):
                blob = blob[:-1] + bytes([blob[-1] ^ 1])
            dst.addfile(member, io.BytesIO(blob))
    out["tampered file"] = tampered
    return out


def test_a_truncated_damaged_or_foreign_archive_is_refused_in_chinese_before_anything_is_written(data, tmp_path):
    archive = Path(backup_mod.backup(tmp_path, media_root=data)["path"])
    for name, path in _archive_variants(archive, tmp_path).items():
        target = Target(vendor=connection.vendor if connection.vendor == "sqlite" else "postgresql",
                        name=str(tmp_path / f"{name}.sqlite3"))
        restored_media = tmp_path / f"{name}-media"
        with pytest.raises(CommandError) as exc:
            if connection.vendor == "sqlite":
                call_command("restore", str(path), "--database-url", f"sqlite:///{target.name}",
                             "--media-root", str(restored_media))
            else:
                call_command("restore", str(path), "--media-root", str(restored_media))  # the live db: never reached
        message = str(exc.value)
        assert any(w in message for w in ("已损坏", "不完整", "不是 Gongkai 的备份", "不是有效的备份文件")), (name, message)
        assert "Traceback" not in message and "不是空库" not in message, name
        assert not Path(target.name).exists() and not restored_media.exists(), name
