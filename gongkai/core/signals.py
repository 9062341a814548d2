"""Celery signals: every failed task is logged (logger "gongkai.tasks", one JSON line with the task
name, id and error, which the JSON handler sends to the journal); every run of a scheduled job
(a task named in CELERY_BEAT_SCHEDULE) leaves one EventLog row, which /staff/ops/ shows as its last run.
"""

import logging
import time

from celery.signals import task_failure, task_postrun, task_prerun
from django.conf import settings

logger = logging.getLogger("gongkai.tasks")
_started: dict[str, float] = {}


def scheduled_jobs() -> dict[str, str]:
    """task name -> schedule entry name, for every scheduled job."""
    return {entry["task"]: name for name, entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).items()}


@task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs):
    _started[task_id] = time.perf_counter()


@task_failure.connect
def _task_failed(sender=None, task_id=None, exception=None, **kwargs):
    logger.error("task failed", extra={"task": getattr(sender, "name", str(sender)), "task_id": task_id,
                                       "error": f"{type(exception).__name__}: {exception}"[:500]})


@task_postrun.connect
def _task_finished(task_id=None, task=None, retval=None, state=None, **kwargs):
    started = _started.pop(task_id, None)
    name = getattr(task, "name", "")
    job = scheduled_jobs().get(name)
    if job is None:
        return
    from .events import SYSTEM, record_event
    from .models import EventType

    ms = round((time.perf_counter() - started) * 1000) if started is not None else None
    ok = state == "SUCCESS"
    details = {"job": job, "task": name, "state": state, "ms": ms}
    if ok:
        details["result"] = retval if isinstance(retval, int | str) else None
    else:
        details["error"] = f"{type(retval).__name__}: {retval}"[:500]
    try:
        record_event(actor=SYSTEM, event_type=EventType.JOB_SUCCEEDED if ok else EventType.JOB_FAILED,
                     details=details)
    except Exception:  # noqa: BLE001 — a broken database must not hide the job's own outcome
        logger.exception("could not record the job run", extra={"job": job})
