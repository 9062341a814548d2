"""The Celery app is imported with Django, so a task sent from anywhere goes to the configured broker (or runs
eagerly without one) — except in a process that sends none: manage.py sets GONGKAI_WITHOUT_CELERY for such
commands (a single-file `audit_report` starts without importing Celery)."""

import os

if not os.environ.get("GONGKAI_WITHOUT_CELERY"):
    from .celery import app as celery_app

    __all__ = ("celery_app",)
