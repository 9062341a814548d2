"""Celery tasks of 考评 (run eagerly, in the request after its commit, when no broker is configured)."""

from celery import shared_task


@shared_task(name="gongkai.supervision.audit_run")
def audit_run(run_id: int) -> int:
    """The batch audit started from the browser (services.audit_run_start); returns the organs audited."""
    from .services import audit_run_execute

    return audit_run_execute(run_id).done
