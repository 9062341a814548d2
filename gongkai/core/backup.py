"""Backup and restore: the whole database plus every uploaded file, in one tar file.

A backup holds `database.dump` (pg_dump custom format) or `database.sqlite3` (SQLite's online backup
API), `media/…` (every file under MEDIA_ROOT) and `manifest.json` (row count of every table — taken from
the very snapshot that was dumped — and the SHA-256 of the dump and of every file). A restore first checks
the archive whole (a truncated, damaged or foreign file is refused in Chinese before anything is written),
goes onto an EMPTY database only — it never drops or overwrites anything, so no path through it loses a
published item or annual report — and checks the result against the manifest: a restore that does not
reproduce every row count and every file fails loudly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import environ
from django.conf import settings
from django.db import connection

from .exceptions import ApplicationError

FORMAT = 1
PG_TIMEOUT_S = 3600


@dataclass(frozen=True)
class Target:
    """A database to back up or restore onto: its vendor and connection settings."""

    vendor: str  # "postgresql" or "sqlite"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, cfg: dict) -> Target:
        engine = cfg["ENGINE"]
        vendor = "postgresql" if "postgresql" in engine else "sqlite" if "sqlite" in engine else engine
        if vendor not in ("postgresql", "sqlite"):
            raise ApplicationError(f"不支持的数据库：{engine}（仅支持 PostgreSQL 与 SQLite）。")
        return cls(vendor=vendor, name=str(cfg["NAME"]), user=cfg.get("USER") or "",
                   password=cfg.get("PASSWORD") or "", host=cfg.get("HOST") or "", port=str(cfg.get("PORT") or ""))

    @classmethod
    def from_url(cls, url: str) -> Target:
        return cls.from_settings(environ.Env.db_url_config(url))

    def pg_env(self) -> dict[str, str]:
        """libpq's environment: no password on the command line."""
        out = {**os.environ, "PGDATABASE": self.name, "PGCONNECT_TIMEOUT": "10"}
        for key, value in (("PGUSER", self.user), ("PGPASSWORD", self.password), ("PGHOST", self.host),
                           ("PGPORT", self.port)):
            if value:
                out[key] = value
        return out

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.name, timeout=20, uri=self.name.startswith("file:"))
        import psycopg

        return psycopg.connect(dbname=self.name, user=self.user or None, password=self.password or None,
                               host=self.host or None, port=self.port or None, connect_timeout=10)


def _tables(conn, vendor: str) -> list[str]:
    cur = conn.cursor()
    if vendor == "sqlite":
        cur.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                    "AND name NOT LIKE 'search_fts_%' ORDER BY name")
    else:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cur.fetchall()]


def row_counts(conn, vendor: str) -> dict[str, int]:
    """The number of rows of every table (SQLite's FTS5 shadow tables aside: they follow their table)."""
    cur = conn.cursor()
    counts = {}
    for table in _tables(conn, vendor):
        cur.execute(f'SELECT COUNT(*) FROM "{table}"')  # names from the catalogue, not from input
        counts[table] = cur.fetchone()[0]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, str]:
    """relative path -> SHA-256 of every file under `root`."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def backup(output: Path, *, media_root: Path | None = None) -> dict:
    """Write one backup tar to `output` (a directory: a dated file inside it). Returns the manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target = Target.from_settings(connection.settings_dict)
    if output.is_dir():
        output = output / f"gongkai-backup-{dt.datetime.now(tz=dt.UTC):%Y%m%d-%H%M%S}.tar"
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as tmp:
        tmp = Path(tmp)
        if target.vendor == "postgresql":
            dump, member = tmp / "database.dump", "database.dump"
            counts = _pg_dump_with_counts(target, dump)
        else:
            dump, member = tmp / "database.sqlite3", "database.sqlite3"
            connection.ensure_connection()
            destination = sqlite3.connect(dump)
            try:
                connection.connection.backup(destination)
                counts = row_counts(destination, "sqlite")
            finally:
                destination.close()
        files = media_files(media_root)
        manifest = {"format": FORMAT, "application": "gongkai", "created": dt.datetime.now(tz=dt.UTC).isoformat(),
                    "vendor": target.vendor, "database": member, "database_sha256": _sha256(dump),
                    "tables": counts, "files": files}
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(dump, arcname=member)
            for rel in files:
                tar.add(media_root / rel, arcname=f"media/{rel}")
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        partial.replace(output)  # a backup file is whole or absent
    manifest["path"] = str(output)
    return manifest


def _pg_dump_with_counts(target: Target, dump: Path) -> dict[str, int]:
    """pg_dump and the row counts from one and the same snapshot: a REPEATABLE READ transaction exports its
    snapshot, pg_dump --snapshot dumps exactly that state, and the counts are taken inside the transaction.
    Writes that commit meanwhile are in neither, so the manifest always describes the dump (before, counts
    from a later state made a backup taken under load fail its own restore check)."""
    import psycopg

    conn = target.connect()
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={dump}"], env=target.pg_env())
            return row_counts(conn, "postgresql")
    finally:
        conn.close()


def _run(cmd: list[str], *, env: dict[str, str]) -> None:
    try:
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=PG_TIMEOUT_S)
    except FileNotFoundError as exc:
        raise ApplicationError(f"找不到 {cmd[0]}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）。") from exc
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", "replace").strip()[-800:]
        raise ApplicationError(f"{cmd[0]} 执行失败：{message}") from exc


def _extract(tar: tarfile.TarFile, member: str, dest: Path) -> None:
    kwargs = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    tar.extract(member, dest, **kwargs)


_ARCHIVE_ERRORS = (tarfile.TarError, EOFError, OSError, KeyError, ValueError, TypeError, zlib.error)


def restore(archive: Path, *, target: Target | None = None, media_root: Path | None = None) -> dict:
    """Restore a backup onto an empty database and media folder, then check both against the manifest.
    The archive is checked whole first (every member present, every byte matching the manifest's hashes), so a
    truncated, damaged or foreign file is refused in Chinese before anything is written."""
    target = target or Target.from_settings(connection.settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not archive.is_file():
        raise ApplicationError(f"备份文件不存在：{archive}")
    try:
        tar = tarfile.open(archive, "r")
    except _ARCHIVE_ERRORS as exc:
        raise ApplicationError(f"不是有效的备份文件：{archive}") from exc
    with tar, tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
        tmp = Path(tmp)
        manifest = check_archive(tar, archive)
        if manifest.get("vendor") != target.vendor:
            raise ApplicationError(f"备份来自 {manifest.get('vendor')} 数据库，不能恢复到 {target.vendor}。")
        _require_empty(target, media_root, manifest["files"])
        try:
            _extract(tar, manifest["database"], tmp)
        except _ARCHIVE_ERRORS as exc:
            raise ApplicationError(f"备份文件已损坏，无法读取数据库部分：{archive}") from exc
        dump = tmp / manifest["database"]
        if target.vendor == "postgresql":
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  f"--dbname={target.name}", str(dump)], env=target.pg_env())
        else:
            source, destination = sqlite3.connect(dump), sqlite3.connect(target.name)
            try:
                source.backup(destination)
            finally:
                source.close()
                destination.close()
        for rel in manifest["files"]:
            _extract(tar, f"media/{rel}", tmp)
            (media_root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(tmp / "media" / rel, media_root / rel)
    problems = verify(manifest, target=target, media_root=media_root)
    if problems:
        raise ApplicationError("恢复结果与备份不符：" + "；".join(problems[:20]))
    return manifest


def check_archive(tar: tarfile.TarFile, archive: Path) -> dict:
    """The manifest of a whole, unaltered Gongkai backup; ApplicationError (Chinese) for anything else: a
    foreign tar, a truncated or damaged one, a member missing or differing from its recorded hash."""
    try:
        handle = tar.extractfile("manifest.json")
        manifest = json.load(handle) if handle is not None else None
    except KeyError as exc:
        raise ApplicationError(f"这不是 Gongkai 的备份文件（缺少 manifest.json）：{archive}") from exc
    except _ARCHIVE_ERRORS as exc:
        raise ApplicationError(f"备份文件已损坏或不完整（可能在复制时被截断）：{archive}") from exc
    if (not isinstance(manifest, dict) or manifest.get("format") != FORMAT
            or not isinstance(manifest.get("tables"), dict) or not isinstance(manifest.get("files"), dict)
            or manifest.get("database") not in ("database.dump", "database.sqlite3")):
        raise ApplicationError(f"这不是 Gongkai 的备份文件（清单格式不符）：{archive}")
    expected = {f"media/{rel}": digest for rel, digest in manifest["files"].items()}
    if manifest.get("database_sha256"):
        expected[manifest["database"]] = manifest["database_sha256"]
    else:  # a backup from before the database hash was recorded: its presence at least
        expected[manifest["database"]] = None
    try:
        for name, digest in expected.items():
            handle = tar.extractfile(name)
            if handle is None:
                raise KeyError(name)
            hasher = hashlib.sha256()
            for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                hasher.update(block)
            if digest is not None and hasher.hexdigest() != digest:
                raise ApplicationError(f"备份文件已损坏：{name} 与清单记录的校验值不符，拒绝恢复。")
    except KeyError as exc:
        raise ApplicationError(f"备份文件不完整：缺少 {exc.args[0]}，拒绝恢复。") from exc
    except _ARCHIVE_ERRORS as exc:
        raise ApplicationError(f"备份文件已损坏或不完整（可能在复制时被截断），拒绝恢复：{archive}") from exc
    return manifest


def _require_empty(target: Target, media_root: Path, files: dict[str, str]) -> None:
    if target.vendor == "sqlite" and not target.name.startswith("file:") and not Path(target.name).exists():
        pass  # a new SQLite file
    else:
        conn = target.connect()
        try:
            tables = _tables(conn, target.vendor)
        finally:
            conn.close()
        if tables:
            raise ApplicationError(f"目标数据库不是空库（已有 {len(tables)} 张表）：为防止覆盖已有数据，"
                                   "请恢复到新建的空数据库。")
    clashes = [rel for rel in files if (media_root / rel).exists()]
    if clashes:
        raise ApplicationError(f"媒体目录中已有同名文件（如 {clashes[0]}）：请恢复到空的媒体目录。")


def verify(manifest: dict, *, target: Target, media_root: Path) -> list[str]:
    """What differs between the manifest and the restored database and files (empty when identical)."""
    conn = target.connect()
    try:
        counts = row_counts(conn, target.vendor)
    finally:
        conn.close()
    problems = [f"表 {t}：备份 {n} 行，恢复后 {counts.get(t)} 行"
                for t, n in manifest["tables"].items() if counts.get(t) != n]
    problems += [f"文件 {rel} 缺失或内容不同" for rel, digest in manifest["files"].items()
                 if not (media_root / rel).is_file() or _sha256(media_root / rel) != digest]
    return problems
