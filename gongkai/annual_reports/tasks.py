"""Celery tasks of the annual reports: one staged report of a batch audit (gongkai.annual_reports.batch)."""

from celery import shared_task

from .batch import audit_staged_report


@shared_task(name="gongkai.annual_reports.audit_staged_report")
def audit_staged_report_task(batch: str, index: int, source: str, organ_kind: str | None) -> None:
    audit_staged_report(batch, index, source, organ_kind)
