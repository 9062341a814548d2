"""The stored PDF and DOCX of a published report version.

A published version never changes (DESIGN.md: published is published), so its PDF (WeasyPrint, several
seconds) and DOCX are rendered once — by a Celery task queued when the version is published (eager without a
broker) — and stored; every download then serves the stored file. A version published before this existed is
rendered on its first download and stored the same way.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from gongkai.core.events import SYSTEM, record_event
from gongkai.core.models import EventType

from . import export
from .models import AnnualReport, ReportRendition

RENDERERS = {ReportRendition.Format.PDF: "render_pdf", ReportRendition.Format.DOCX: "render_docx"}


def render_missing(report: AnnualReport) -> list[ReportRendition]:
    """Render and store the formats this published version lacks; returns every rendition it has."""
    if report.status != AnnualReport.Status.PUBLISHED or not report.content:
        return []
    have = {r.fmt: r for r in report.renditions.all()}
    for fmt, renderer in RENDERERS.items():
        if fmt in have:
            continue
        data = getattr(export, renderer)(report.content)  # outside any transaction: seconds of work hold no lock
        rendition = ReportRendition(report=report, fmt=fmt, size=len(data), sha256=hashlib.sha256(data).hexdigest())
        rendition.file.save(f"{report.organ.code}-{report.year}.{fmt}", ContentFile(data), save=False)
        try:
            with transaction.atomic():
                rendition.save()
                record_event(actor=SYSTEM, event_type=EventType.REPORT_RENDERED, obj=report,
                             details={"format": fmt, "size": len(data), "sha256": rendition.sha256})
        except IntegrityError:  # another worker stored it first: keep theirs
            rendition.file.delete(save=False)
            rendition = ReportRendition.objects.get(report=report, fmt=fmt)
        have[fmt] = rendition
    return list(have.values())


def stored(report: AnnualReport, fmt: str) -> ReportRendition:
    """The stored file of a published version in `fmt`, rendering it now if it is missing."""
    rendition = report.renditions.filter(fmt=fmt).first()
    if rendition is None:
        rendition = next(r for r in render_missing(report) if r.fmt == fmt)
    return rendition
