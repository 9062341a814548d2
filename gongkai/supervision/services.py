"""考评 writes: the batch audit of annual reports (the only thing 考评 stores)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from gongkai.annual_reports.assemble import recheck
from gongkai.annual_reports.checks import check_report
from gongkai.annual_reports.models import ReportFile
from gongkai.annual_reports.selectors import current_published
from gongkai.core.events import record_event
from gongkai.core.exceptions import PermissionDeniedError
from gongkai.core.models import EventType
from gongkai.organs.models import Organ
from gongkai.organs.selectors import subtree

from .models import ReportAudit
from .permissions import can_audit_reports
from .selectors import count_findings


@transaction.atomic
def report_audit_record(*, actor, organ: Organ, year: int, source: str, source_ref: str,
                        findings: list[dict]) -> ReportAudit:
    """Store one audit result (the 年度报告 indicators read the newest) and log it."""
    if not can_audit_reports(actor, organ):
        raise PermissionDeniedError()
    errors, warnings = count_findings(findings)
    audit = ReportAudit.objects.create(organ=organ, year=year, source=source, source_ref=source_ref,
                                       errors=errors, warnings=warnings, findings=findings)
    record_event(actor=actor, event_type=EventType.REPORT_AUDITED, obj=audit, organ=organ,
                 details={"year": year, "source": source, "source_ref": source_ref, "errors": errors,
                          "warnings": warnings})
    return audit


def findings_for(organ: Organ, year: int) -> tuple[str, str, list[dict]] | None:
    """(source, source_ref, findings) for the organ's report on `year`, or None when there is none:
    Gongkai's current published version checked again (against the previous year's), else the current
    saved ReportFile's structure checked again. Same rules both ways (annual_reports/checks.py)."""
    report = current_published(organ, year)
    if report is not None and report.content:
        previous = current_published(organ, year - 1)
        content = recheck(report.content, organ_kind=organ.kind,
                          previous=previous.content if previous is not None else None)
        return ReportAudit.Source.GONGKAI, f"annual_reports.annualreport:{report.pk}", content["findings"]
    saved = ReportFile.objects.filter(organ=organ, year=year, status=ReportFile.Status.CURRENT).first()
    if saved is not None:
        structure = {k: v for k, v in saved.result.items() if k != "findings"}
        return ReportAudit.Source.FILE, f"annual_reports.reportfile:{saved.pk}", check_report(
            structure, organ_kind=organ.kind)
    return None


@dataclass
class BatchResult:
    audited: list[ReportAudit]
    missing: list[Organ]


def reports_audit(*, actor, organ: Organ, year: int,
                  progress: Callable[[int, int], None] | None = None) -> BatchResult:
    """Audit every report of `organ`'s subtree for `year`; one report_audit_record per organ found."""
    if not can_audit_reports(actor, organ):
        raise PermissionDeniedError()
    organs = list(subtree(organ).filter(is_active=True).order_by("path", "name"))
    result = BatchResult([], [])
    for done, each in enumerate(organs, start=1):
        found = findings_for(each, year)
        if found is None:
            result.missing.append(each)
        else:
            source, ref, findings = found
            result.audited.append(report_audit_record(actor=actor, organ=each, year=year, source=source,
                                                      source_ref=ref, findings=findings))
        if progress:
            progress(done, len(organs))
    return result
