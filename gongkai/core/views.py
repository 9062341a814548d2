"""Operations views: /healthz for the load balancer and /staff/ops/ for the system administrator."""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import EventLog, EventType
from .permissions import is_sysadmin

BROKER_TIMEOUT_S = 2.0


def _redis(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=BROKER_TIMEOUT_S, socket_timeout=BROKER_TIMEOUT_S)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_broker() -> str:
    """"ok" when the Celery broker answers; "eager" when none is configured (tasks run in-process)."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return "eager"
    if url.startswith(("redis://", "rediss://")):
        _redis(url).ping()
        return "ok"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_S)
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """200 {"status": "ok", …} when the database and the broker answer, 503 naming what failed."""
    checks, ok = {}, True
    for name, check in (("database", check_database), ("broker", check_broker)):
        started = time.perf_counter()
        try:
            checks[name] = {"status": check()}
        except Exception as exc:  # noqa: BLE001 — any failure is "unhealthy", reported by kind only
            ok = False
            checks[name] = {"status": "error", "error": type(exc).__name__}
        checks[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503,
                        json_dumps_params={"ensure_ascii": False})


def queue_depths() -> dict:
    """Messages waiting in each Celery queue (Redis broker), or why it cannot be told."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"error": "未配置消息队列（CELERY_BROKER_URL），任务在请求内同步执行。"}
    if not url.startswith(("redis://", "rediss://")):
        return {"error": "仅支持读取 Redis 队列长度。"}
    try:
        client = _redis(url)
        queues = sorted({"celery", *getattr(settings, "CELERY_TASK_QUEUES_NAMES", ())})
        return {"queues": {q: client.llen(q) for q in queues}}
    except Exception as exc:  # noqa: BLE001
        return {"error": f"无法连接消息队列：{type(exc).__name__}"}


def last_runs() -> list[dict]:
    """Each scheduled job with its schedule and its last run (from the EventLog)."""
    rows = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        last = (EventLog.objects.filter(event_type__in=[EventType.JOB_SUCCEEDED, EventType.JOB_FAILED],
                                        details__job=name).order_by("-created_at", "-id").first())
        last_ok = (EventLog.objects.filter(event_type=EventType.JOB_SUCCEEDED, details__job=name)
                   .order_by("-created_at", "-id").values_list("created_at", flat=True).first())
        rows.append({"name": name, "task": entry["task"], "schedule": str(entry["schedule"]), "last": last,
                     "last_ok": last_ok})
    return rows


@login_required
@require_GET
def ops(request):
    if not is_sysadmin(request.user):
        raise Http404("未找到")
    return render(request, "core/ops.html", {"queues": queue_depths(), "jobs": last_runs(),
                                             "eager": not settings.CELERY_BROKER_URL})


def csrf_failure(request, reason: str = ""):
    """settings.CSRF_FAILURE_VIEW: a Chinese 403 in the portal's chrome that tells a citizen what to do
    (go back, reload, allow cookies) and nothing about DEBUG or the reason's internals."""
    return render(request, "403_csrf.html", status=403)
