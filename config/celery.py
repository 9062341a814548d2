"""Celery application. With no broker configured, tasks run eagerly (the demo and the tests need none)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
