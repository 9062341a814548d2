"""Auditing many published reports at once (`manage.py audit_report DIR --recursive --output-dir OUT`).

Two engines, the same results in the files' order:

- **Celery**, when a broker is configured (settings.CELERY_BROKER_URL): every file is staged in the media
  storage (MEDIA_STORAGE — the shared folder or object store every worker machine sees) under
  `audit-batches/<batch>/in/`, one task per file is sent in chunks of CHUNK files (Celery's `chunks`: a chunk
  is one message, its files read one after another), each task writes its report (or its Chinese reason) as
  JSON to `audit-batches/<batch>/out/`, and this process waits, showing progress, until every result is
  there. More worker processes or machines (one Redis, one storage) finish sooner; see docs/deploy.md.
- **a process pool** on this machine otherwise (the demo, a laptop): one process per core.

Reading never touches the database. `read_input` and `audit_path` are the one-file steps the command also uses.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .reading import MAX_BYTES, ReportReadError, audit_bounded

CHUNK = 8  # files per Celery message: few enough to spread over the workers, enough to save round trips
POLL_SECONDS = 0.5
STALL_HINT_SECONDS = 60  # no result for this long: say how to start a worker
STAGE_PREFIX = "audit-batches"

Progress = Callable[[int, int], None]


def read_input(path: str) -> bytes:
    """The bytes of a file or of standard input ('-'); ReportReadError when impossible."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ReportReadError(f"输入超过{MAX_BYTES // (1024 * 1024)}MB的大小上限，拒绝读取。")
        return data
    p = Path(path)
    if not p.exists():
        raise ReportReadError("文件不存在。")
    if p.is_dir():
        raise ReportReadError("这是一个目录；读取目录请加 --recursive 和 --output-dir。")
    try:
        if p.stat().st_size > MAX_BYTES:
            raise ReportReadError(f"文件超过{MAX_BYTES // (1024 * 1024)}MB的大小上限，拒绝读取。")
        return p.read_bytes()
    except OSError as exc:
        raise ReportReadError(f"文件无法打开：{exc.strerror or exc}") from None


def audit_data(data: bytes, source: str, previous: dict | None = None, organ_kind: str | None = None) -> dict:
    """Audit one report's bytes; an unreadable one gives {"source": source, "error": "中文说明"}."""
    try:
        return audit_bounded(data, source=source, previous=previous, organ_kind=organ_kind)
    except ReportReadError as exc:
        return {"source": source, "error": exc.message_zh}
    except Exception as exc:  # never a traceback for a bad input
        return {"source": source, "error": f"读取时发生意外错误（{type(exc).__name__}），无法读取。"}


def audit_path(path: str, previous: str | None = None, organ_kind: str | None = None) -> dict:
    """Audit one file; an unreadable one gives {"source": path, "error": "中文说明"}."""
    try:
        prev = audit_bounded(read_input(previous), source=previous) if previous else None
    except ReportReadError as exc:
        return {"source": path, "error": f"上年报告{previous}无法读取：{exc.message_zh}"}
    try:
        data = read_input(path)
    except ReportReadError as exc:
        return {"source": path, "error": exc.message_zh}
    return audit_data(data, path, prev, organ_kind)


def _audit_star(args: tuple[str, str | None]) -> dict:
    return audit_path(args[0], None, args[1])


def audit_files(paths: list[str], *, organ_kind: str | None = None, progress: Progress | None = None,
                note: Callable[[str], None] | None = None) -> list[dict]:
    """Every file's report (or its reason), in order: through Celery when a broker is configured, else here.
    `progress(done, total)` after each result; `note(text)` for what the person waiting should know."""
    from django.conf import settings

    progress = progress or (lambda done, total: None)
    note = note or (lambda text: None)
    if settings.CELERY_BROKER_URL and len(paths) > 1 and "-" not in paths:
        return audit_with_celery(paths, organ_kind=organ_kind, progress=progress, note=note)
    return audit_in_process(paths, organ_kind=organ_kind, progress=progress)


def audit_in_process(paths: list[str], *, organ_kind: str | None, progress: Progress) -> list[dict]:
    """A process per core on this machine (in order); one file, standard input or one core: this process."""
    work = [(p, organ_kind) for p in paths]
    results: list[dict] = []
    if "-" not in paths and (os.cpu_count() or 1) > 1 and len(paths) > 2:
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
            for result in pool.map(_audit_star, work, chunksize=4):
                results.append(result)
                progress(len(results), len(paths))
        return results
    for w in work:
        results.append(_audit_star(w))
        progress(len(results), len(paths))
    return results


# --- Celery ----------------------------------------------------------------------------------------

def _staged(batch: str, index: int, side: str) -> str:
    return f"{STAGE_PREFIX}/{batch}/{side}/{index:06d}" + (".json" if side == "out" else "")


def audit_staged_report(batch: str, index: int, source: str, organ_kind: str | None) -> None:
    """The task's work: read the staged file from the media storage, audit it, store the result as JSON."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    with default_storage.open(_staged(batch, index, "in"), "rb") as handle:
        data = handle.read()
    result = audit_data(data, source, None, organ_kind)
    name = _staged(batch, index, "out")
    default_storage.delete(name)  # a task delivered twice (a worker lost) writes the same result again
    default_storage.save(name, ContentFile(json.dumps(result, ensure_ascii=False).encode("utf-8")))


def _finished(storage, batch: str) -> set[int]:
    """The indexes whose result is stored: one listing per poll, not one request per file."""
    try:
        _, files = storage.listdir(f"{STAGE_PREFIX}/{batch}/out")
    except FileNotFoundError:
        return set()
    return {int(name.split(".", 1)[0]) for name in files if name.endswith(".json") and name[:6].isdigit()}


def audit_with_celery(paths: list[str], *, organ_kind: str | None, progress: Progress,
                      note: Callable[[str], None]) -> list[dict]:
    """Stage, send in chunks, wait for every result (with progress), collect in order, clear the inputs.
    The results stay in the storage under audit-batches/<batch>/out/."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    import config.celery  # noqa: F401  (the configured app: this process may have started without it)

    from .tasks import audit_staged_report_task

    batch = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    results: list[dict | None] = [None] * len(paths)
    sent: list[tuple] = []
    for index, path in enumerate(paths):
        try:
            data = read_input(path)
        except ReportReadError as exc:
            results[index] = {"source": path, "error": exc.message_zh}
            continue
        default_storage.save(_staged(batch, index, "in"), ContentFile(data))
        sent.append((batch, index, path, organ_kind))
    note(f"已将{len(sent)}个文件分{-(-len(sent) // CHUNK)}批交给 Celery worker；结果同时保存在存储的 "
         f"{STAGE_PREFIX}/{batch}/out/。")
    if sent:
        audit_staged_report_task.chunks(sent, CHUNK).group().apply_async()
    pending = {index for _, index, _, _ in sent}
    progress(len(paths) - len(pending), len(paths))
    last_change, hinted = time.monotonic(), False
    while pending:
        finished = set()
        for index in _finished(default_storage, batch) & pending:
            with default_storage.open(_staged(batch, index, "out"), "rb") as handle:
                try:
                    results[index] = json.loads(handle.read().decode("utf-8"))
                except ValueError:  # still being written (a file system storage is not atomic): next round
                    continue
            finished.add(index)
            default_storage.delete(_staged(batch, index, "in"))
        if finished:
            pending -= finished
            progress(len(paths) - len(pending), len(paths))
            last_change = time.monotonic()
        elif not hinted and time.monotonic() - last_change > STALL_HINT_SECONDS:
            hinted = True
            note(f"{STALL_HINT_SECONDS}秒内没有新的结果：请确认 Celery worker 已启动（celery -A config worker），"
                 "并与本机使用同一个消息队列和同一个存储（MEDIA_STORAGE）。")
        if pending:
            time.sleep(POLL_SECONDS)
    return results  # type: ignore[return-value]
