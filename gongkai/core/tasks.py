"""Celery tasks of the core, each scheduled in CELERY_BEAT_SCHEDULE and each also a management command:
the nightly chase (`manage.py chase_overdue`). The search index upkeep is search's (gongkai/search/tasks.py)."""

from celery import shared_task
from django.utils import timezone

from .chase import run_chase


@shared_task(name="gongkai.chase_overdue")
def chase_overdue() -> int:
    results = run_chase(today=timezone.localdate())
    return sum(len(items) for items in results.values())

