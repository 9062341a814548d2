"""Celery task of search, scheduled in CELERY_BEAT_SCHEDULE and also a management command: the search index
upkeep (`manage.py search_index_upkeep`)."""

from celery import shared_task

from .upkeep import search_index_upkeep as upkeep


@shared_task(name="gongkai.search_index_upkeep")
def search_index_upkeep() -> int:
    added, removed = upkeep()
    return added + removed
