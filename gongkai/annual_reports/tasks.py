"""Background work for annual reports (Celery; eager without a broker)."""

from celery import shared_task


@shared_task(name="gongkai.annual_reports.render_published")
def render_published(report_id: int) -> int:
    """Render and store the PDF and DOCX of a just-published version (renditions.render_missing)."""
    from .models import AnnualReport
    from .renditions import render_missing

    report = AnnualReport.objects.select_related("organ").filter(pk=report_id).first()
    return len(render_missing(report)) if report else 0
