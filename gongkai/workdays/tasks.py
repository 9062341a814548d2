"""Celery tasks of the working-day calendar (defined in `recompute.py`; imported here so that the
worker's autodiscovery registers them): recompute the deadlines after a change, and nightly."""

from .recompute import recompute_batch, recompute_revision, recompute_stale_task

__all__ = ["recompute_batch", "recompute_revision", "recompute_stale_task"]
