"""Celery tasks of the annual reports (eager without a broker): one staged report of a batch audit
(gongkai.annual_reports.batch), and the stored PDF and DOCX of a just-published version."""

from celery import shared_task

from .batch import audit_staged_report


@shared_task(name="gongkai.annual_reports.audit_staged_report")
def audit_staged_report_task(batch: str, index: int, source: str, organ_kind: str | None) -> None:
    audit_staged_report(batch, index, source, organ_kind)


@shared_task(name="gongkai.annual_reports.render_published")
def render_published(report_id: int) -> int:
    """Render and store the PDF and DOCX of a just-published version (renditions.render_missing)."""
    from .models import AnnualReport
    from .renditions import render_missing

    report = AnnualReport.objects.select_related("organ").filter(pk=report_id).first()
    return len(render_missing(report)) if report else 0
