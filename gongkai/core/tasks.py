"""Celery tasks of the core: the nightly chase (also `manage.py chase_overdue`)."""

from celery import shared_task
from django.utils import timezone

from .chase import run_chase


@shared_task(name="gongkai.chase_overdue")
def chase_overdue() -> int:
    results = run_chase(today=timezone.localdate())
    return sum(len(items) for items in results.values())
