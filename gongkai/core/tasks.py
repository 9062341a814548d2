"""Celery tasks of the core, each scheduled in CELERY_BEAT_SCHEDULE and each also a management command:
the nightly chase (`manage.py chase_overdue`) and the search index upkeep (`manage.py search_index_upkeep`)."""

from celery import shared_task
from django.utils import timezone

from .chase import run_chase


@shared_task(name="gongkai.chase_overdue")
def chase_overdue() -> int:
    results = run_chase(today=timezone.localdate())
    return sum(len(items) for items in results.values())


@shared_task(name="gongkai.search_index_upkeep")
def search_index_upkeep() -> int:
    from .upkeep import search_index_upkeep as upkeep

    added, removed = upkeep()
    return added + removed
