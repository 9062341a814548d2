"""Writes for annual reports: one atomic, permission-checked, audited function per action."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.core.events import record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.organs.models import Organ

from .models import ReportFile
from .permissions import can_save_report_file

KIND_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".txt"}


def _count(result: dict, severity: str) -> int:
    return sum(1 for f in result.get("findings", []) if f.get("severity") == severity)


@transaction.atomic
def report_file_save(*, actor, organ: Organ, year: int, data: bytes, original_name: str, kind: str,
                     result: dict) -> ReportFile:
    """Keep a published report, as read and audited, in the organ's records."""
    if actor is not None:
        require(can_save_report_file(actor, organ), "您不能为该机关保存年度报告。")
    if not 2008 <= year <= 2100:
        raise ApplicationError("请填写正确的报告年度。", field="year")
    digest = hashlib.sha256(data).hexdigest()
    if ReportFile.objects.filter(organ=organ, year=year, sha256=digest).exists():
        raise ApplicationError("该机关的这份年度报告已保存过。")
    name = (original_name or "pasted").strip()[:200] or "pasted"
    report_file = ReportFile(
        organ=organ, year=year, original_name=name, kind=kind, sha256=digest, result=result,
        errors=_count(result, "error"), warnings=_count(result, "warning"), saved_by=actor,
    )
    # Stored under a name of our own: the uploader's file name is kept only as text.
    report_file.file.save(f"{organ.code}-{year}-{digest[:12]}{KIND_SUFFIX.get(kind, '.bin')}", ContentFile(data),
                          save=False)
    try:
        report_file.save()
        record_event(actor=actor, event_type=EventType.REPORT_FILE_SAVED, obj=report_file, organ=organ,
                     details={"year": year, "kind": kind, "errors": report_file.errors,
                              "warnings": report_file.warnings, "sha256": digest})
    except Exception:
        report_file.file.delete(save=False)  # nothing half-written: no stored file without its record
        raise
    return report_file
