"""Writes for annual reports: one atomic, permission-checked, audited function per action.

The workflow of a report version: draft → submitted → approved → published (第四十九条, 第五十条).
A clerk of the organ drafts and submits; a reviewer of the organ returns, approves and publishes.
Submission freezes the computed content; publication stamps its 发布日期 and checks it again
(lateness). Published is published: a correction is a new version with a reason.
"""

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.catalogue.services import item_publish_annual_report
from gongkai.core.events import is_system, record_event
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.organs.actors import Actor, user_of
from gongkai.organs.models import Organ

from .assemble import T2_EXTERNAL, build_report, recheck
from .compute import compute_report, first_draft_sections
from .corrections import LABELS, changed_cells, set_cell, tables_of
from .file_checks import contradictions, publication_day
from .format import (
    APPLICANT_LABELS,
    SECTION_CODES,
    T4_COLUMN_LABELS,
    T4_GROUP_LABELS,
    T4_GROUPS,
    T4_RESULTS,
    valid_report_year,
)
from .models import AnnualReport, ReportFile, warning_key
from .permissions import (
    can_accept_contradicting_file,
    can_draft_report,
    can_manage_report_file,
    can_review_report,
    can_save_report_file,
)
from .selectors import current_published, open_version, published_versions

KIND_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".txt"}
S = AnnualReport.Status


def _count(result: dict, severity: str) -> int:
    return sum(1 for f in result.get("findings", []) if f.get("severity") == severity)


@transaction.atomic
def report_file_save(*, actor: Actor, organ: Organ, year: int, data: bytes, original_name: str, kind: str,
                     result: dict, published_on: dt.date | None = None, reason: str = "",
                     today: dt.date | None = None) -> ReportFile:
    """Keep a published report, as read and audited, in the organ's records.

    What the file prints is checked against the choice first (file_checks.contradictions: organ, year,
    publication date); a contradiction refuses the save (code "contradiction", the list in `extra`)
    unless a supervisor gives a written `reason`, kept with the file. A current file of the same organ
    and year is replaced (kept, marked replaced); replacing needs can_manage_report_file."""
    today = today or timezone.localdate()
    if not is_system(actor):
        require(can_save_report_file(actor, organ), "您不能为该机关保存年度报告。")
    if not valid_report_year(year, today):
        raise ApplicationError("请填写正确的报告年度。", field="year")
    Organ.objects.select_for_update().get(pk=organ.pk)  # one save at a time per organ: one current file
    digest = hashlib.sha256(data).hexdigest()
    current = ReportFile.objects.filter(organ=organ, year=year, status=ReportFile.Status.CURRENT).first()
    if current is not None and current.sha256 == digest:
        raise ApplicationError("该机关的这份年度报告已保存过。")
    if current is not None and not is_system(actor):
        require(can_manage_report_file(actor, organ), "只有本机关的经办人或主管部门可以替换已保存的年度报告。")
    found = contradictions(organ_name=organ.name, year=year, result=result, published_on=published_on, today=today)
    reason = (reason or "").strip()
    if found and not reason:
        raise ApplicationError("报告文件与所选的机关、年度或发布日期不符，未保存：" + "".join(found)
                               + "如确属该机关该年度的报告，须由主管部门写明理由后保存。",
                               code="contradiction", extra={"contradictions": found})
    if found and not is_system(actor):
        require(can_accept_contradicting_file(actor, organ),
                "报告文件与所选的机关、年度或发布日期不符：只有主管部门可以写明理由后仍然保存。")
    name = (original_name or "pasted").strip()[:200] or "pasted"
    report_file = ReportFile(
        organ=organ, year=year, original_name=name, kind=kind, sha256=digest, result=result,
        errors=_count(result, "error"), warnings=_count(result, "warning"), saved_by=user_of(actor),
        published_on=publication_day(result, published_on, today),
        contradictions=found, accepted_reason=reason if found else "", accepted_by=user_of(actor) if found else None,
    )
    # Stored under a name of our own: the uploader's file name is kept only as text.
    report_file.file.save(f"{organ.code}-{year}-{digest[:12]}{KIND_SUFFIX.get(kind, '.bin')}", ContentFile(data),
                          save=False)
    try:
        if current is not None:
            current.status = ReportFile.Status.REPLACED
            current.save(update_fields=["status", "updated_at"])
        report_file.save()
        if current is not None:
            current.replaced_by = report_file
            current.save(update_fields=["replaced_by", "updated_at"])
            record_event(actor=actor, event_type=EventType.REPORT_FILE_REPLACED, obj=current, organ=organ,
                         details={"year": year, "replaced_by": report_file.pk, "original_name": current.original_name})
        record_event(actor=actor, event_type=EventType.REPORT_FILE_SAVED, obj=report_file, organ=organ,
                     details={"year": year, "kind": kind, "errors": report_file.errors,
                              "warnings": report_file.warnings, "sha256": digest,
                              "published_on": report_file.published_on, "replaces": current.pk if current else None,
                              "contradictions": found, "reason": reason if found else ""})
    except Exception:
        report_file.file.delete(save=False)  # nothing half-written: no stored file without its record
        raise
    return report_file


@transaction.atomic
def report_file_withdraw(*, actor: Actor, report_file: ReportFile, reason: str) -> ReportFile:
    """Withdraw the current saved file (saved for the wrong organ or year, or not the published copy):
    it stays on record, no longer counts anywhere."""
    report_file = ReportFile.objects.select_for_update().select_related("organ").get(pk=report_file.pk)
    if not is_system(actor):
        require(can_manage_report_file(actor, report_file.organ), "只有本机关的经办人或主管部门可以撤回已保存的年度报告。")
    if not report_file.is_current:
        raise ApplicationError(f"该文件当前为“{report_file.get_status_display()}”，不能撤回。", code="wrong_state")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请写明撤回的原因。", field="reason")
    report_file.status = ReportFile.Status.WITHDRAWN
    report_file.withdrawn_at, report_file.withdrawn_by, report_file.withdrawn_reason = timezone.now(), user_of(actor), reason
    report_file.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated_at"])
    record_event(actor=actor, event_type=EventType.REPORT_FILE_WITHDRAWN, obj=report_file,
                 details={"year": report_file.year, "reason": reason, "original_name": report_file.original_name})
    return report_file


# ------------------------------------------------------------------ the report workflow


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("organ").get(pk=report.pk)


def _expect(report: AnnualReport, *statuses: str) -> None:
    if report.status not in statuses:
        wanted = "、".join(str(S(s).label) for s in statuses)
        raise ApplicationError(f"该版本当前为“{report.get_status_display()}”，只有“{wanted}”的版本可以这样操作。",
                               code="wrong_state")


def _compute(report: AnnualReport) -> None:
    """Compute the version's content and findings. A first version is computed from the records; a
    correction keeps its own tables — the published figures it started from, as corrected cell by cell
    (`report_cells_correct`) or taken from the records on request (`report_refresh_from_data`)."""
    if report.correction_of_id:
        tables = tables_of(report.content or report.correction_of.content)
        previous = current_published(report.organ, report.year - 1)
        report.content = build_report(organ_name=report.organ.name, organ_kind=report.organ.kind, year=report.year,
                                      sections=report.sections, previous=previous.content if previous else None,
                                      **tables)
    else:
        report.content = compute_report(report.organ, report.year, entered=report.entered, sections=report.sections)
    report.computed_at = timezone.now()


@transaction.atomic
def report_start(*, actor: Actor, organ: Organ, year: int) -> AnnualReport:
    """Start the first draft of `year`'s report, computed from the records, with a first text."""
    if not is_system(actor):
        require(can_draft_report(actor, organ), "只有本机关的经办人可以起草年度报告。")
    if not valid_report_year(year, timezone.localdate()):
        raise ApplicationError("报告年度无效：只能起草本年度或以前年度的报告。", field="year")
    Organ.objects.select_for_update().get(pk=organ.pk)  # one draft at a time per organ
    if open_version(organ, year) is not None:
        raise ApplicationError(f"{year}年度报告已有正在办理的版本。")
    if current_published(organ, year) is not None:
        raise ApplicationError(f"{year}年度报告已发布；如需更正，请创建更正版本。")
    report = AnnualReport(organ=organ, year=year, version=1, entered={})
    report.sections = first_draft_sections(organ, year, report.entered)
    _compute(report)
    report.save()
    record_event(actor=actor, event_type=EventType.REPORT_DRAFTED, obj=report, details={"year": year, "version": 1})
    return report


def _clean_number(value, *, label: str, decimal: bool = False):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ApplicationError(f"{label}应为数字。") from exc
    if number < 0:
        raise ApplicationError(f"{label}不能为负数。")
    if decimal:
        return float(number)
    if number != number.to_integral_value():
        raise ApplicationError(f"{label}应为整数。")
    return int(number)


T2_LABELS = {"licensing": "行政许可处理决定数量", "penalties": "行政处罚处理决定数量",
             "coercion": "行政强制处理决定数量", "fees": "行政事业性收费金额（万元）"}


def clean_entered(entered: dict) -> dict:
    """Validate what the clerk entered; Chinese messages name the figure."""
    out: dict = {"table2": {}, "carried_in": None, "table4": None}
    for code, column in T2_EXTERNAL.items():
        item = (entered.get("table2") or {}).get(code) or {}
        value = _clean_number(item.get(column), label=T2_LABELS[code], decimal=column == "amount_wan_yuan")
        source = (item.get("source") or "").strip()[:200]
        if value is not None and not source:
            raise ApplicationError(f"请注明“{T2_LABELS[code]}”的数据来源。")
        out["table2"][code] = {column: value, "source": source}
    carried = entered.get("carried_in")
    if carried is not None:
        if len(carried) != 6:
            raise ApplicationError("上年结转应按六类申请人分别填写。")
        out["carried_in"] = [_clean_number(v, label=f"上年结转（{label}）") or 0
                             for v, label in zip(carried, APPLICANT_LABELS, strict=True)]
    table4 = entered.get("table4")
    if table4 is not None:
        out["table4"] = {
            group: {r: _clean_number((table4.get(group) or {}).get(r),
                                     label=f"{T4_GROUP_LABELS[group]}{T4_COLUMN_LABELS[r]}") or 0
                    for r in T4_RESULTS}
            for group in T4_GROUPS
        }
    return out


@transaction.atomic
def report_update(*, actor: Actor, report: AnnualReport, entered: dict | None = None,
                  sections: dict[str, str] | None = None) -> AnnualReport:
    """Change a draft's entered figures and/or text, and compute it again."""
    report = _lock(report)
    if not is_system(actor):
        require(can_draft_report(actor, report.organ), "只有本机关的经办人可以修改年度报告。")
    _expect(report, S.DRAFT)
    changed: list[str] = []
    if entered is not None:
        cleaned = clean_entered(entered)
        if cleaned != report.entered:
            report.entered, changed = cleaned, [*changed, "entered"]
    if sections is not None:
        unknown = set(sections) - set(SECTION_CODES)
        if unknown:
            raise ValueError(f"unknown sections {sorted(unknown)}")
        merged = {**report.sections, **{k: (v or "").strip() for k, v in sections.items()}}
        if merged != report.sections:
            report.sections, changed = merged, [*changed, "sections"]
    _compute(report)
    report.save()
    record_event(actor=actor, event_type=EventType.REPORT_UPDATED, obj=report, details={"changed": changed})
    return report


@transaction.atomic
def report_submit(*, actor: Actor, report: AnnualReport, warning_reasons: dict[str, str] | None = None) -> AnnualReport:
    """Compute once more, refuse while any error stands, require a reason for each warning, and
    freeze the content for the reviewer."""
    report = _lock(report)
    if not is_system(actor):
        require(can_draft_report(actor, report.organ), "只有本机关的经办人可以提交年度报告。")
    _expect(report, S.DRAFT)
    _compute(report)
    errors = report.findings_of("error")
    if errors:
        report.save(update_fields=["content", "computed_at", "updated_at"])
        raise ApplicationError("报告还有错误，不能提交：" + "；".join(f["message"] for f in errors),
                               code="has_errors")
    if report.correction_of_id:
        unexplained = [c.label for c in changed_cells(report.correction_of.content, report.content)
                       if not (report.cell_reasons or {}).get(c.path, "").strip()]
        if unexplained:
            report.save(update_fields=["content", "computed_at", "updated_at"])
            raise ApplicationError("更正的每个单元格都须写明理由：" + "；".join(unexplained), code="cell_reasons")
    reasons = {k: (v or "").strip() for k, v in (warning_reasons or {}).items()}
    needed = {warning_key(f): f for f in report.findings_of("warning")}
    missing = [f["message"] for key, f in needed.items() if not reasons.get(key)]
    if missing:
        raise ApplicationError("请为每条警告写明理由：" + "；".join(missing), code="warning_reasons")
    report.warning_reasons = {key: reasons[key] for key in needed}
    report.status, report.submitted_at, report.submitted_by = S.SUBMITTED, timezone.now(), user_of(actor)
    report.save()
    record_event(actor=actor, event_type=EventType.REPORT_SUBMITTED, obj=report,
                 details={"warnings": len(needed)})
    return report


@transaction.atomic
def report_return(*, actor: Actor, report: AnnualReport, reason: str) -> AnnualReport:
    report = _lock(report)
    if not is_system(actor):
        require(can_review_report(actor, report.organ), "只有本机关的审核人可以退回年度报告。")
    _expect(report, S.SUBMITTED, S.APPROVED)
    if not (reason or "").strip():
        raise ApplicationError("请写明退回的理由。", field="reason")
    report.status, report.approved_at, report.approved_by = S.DRAFT, None, None
    report.save()
    record_event(actor=actor, event_type=EventType.REPORT_RETURNED, obj=report, details={"reason": reason.strip()})
    return report


@transaction.atomic
def report_approve(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    report = _lock(report)
    if not is_system(actor):
        require(can_review_report(actor, report.organ), "只有本机关的审核人可以审核年度报告。")
        if report.submitted_by_id == actor.pk:
            # 第十七条's review before publication needs a second person: no one approves their own draft.
            raise PermissionDeniedError("不能审核自己提交的年度报告，请由本机关的其他审核人审核。")
    _expect(report, S.SUBMITTED)
    report.status, report.approved_at, report.approved_by = S.APPROVED, timezone.now(), user_of(actor)
    report.save()
    record_event(actor=actor, event_type=EventType.REPORT_APPROVED, obj=report)
    return report


@transaction.atomic
def report_publish(*, actor: Actor, report: AnnualReport, late_reason: str = "",
                   published_on: dt.date | None = None) -> AnnualReport:
    """Publish an approved version: stamp its 发布日期 and check it again (第四十九条 lateness)."""
    report = _lock(report)
    if not is_system(actor):
        require(can_review_report(actor, report.organ), "只有本机关的审核人可以发布年度报告。")
    _expect(report, S.APPROVED)
    published_on = published_on or timezone.localdate()
    previous = current_published(report.organ, report.year - 1)
    content = recheck({**report.content, "published_on": published_on.isoformat()}, organ_kind=report.organ.kind,
                      previous=previous.content if previous else None)
    if any(f["severity"] == "error" for f in content["findings"]):
        raise ApplicationError("报告有错误，不能发布。", code="has_errors")
    first = published_versions(report.organ, report.year).last()
    if first is not None and not any(f["rule"] == "published.late" for f in recheck(
            {**content, "published_on": first.published_on.isoformat()}, organ_kind=report.organ.kind)["findings"]):
        # A correction of a report first published on time is not late (第四十九条 is met by the first).
        content["findings"] = [f for f in content["findings"] if f["rule"] != "published.late"]
    reasons = dict(report.warning_reasons)
    for f in content["findings"]:
        if f["severity"] == "warning" and warning_key(f) not in reasons:
            if f["rule"] == "published.late" and late_reason.strip():
                reasons[warning_key(f)] = late_reason.strip()
            else:
                raise ApplicationError(f"发布前请说明：{f['message']}", code="warning_reasons")
    report.content, report.warning_reasons = content, reasons
    report.status, report.published_on, report.published_at = S.PUBLISHED, published_on, timezone.now()
    report.catalogue_item = _catalogue_entry(actor, report)
    if report.catalogue_item is not None:
        report.content["metadata"] = _metadata(report)
    report.save()
    record_event(actor=actor, event_type=EventType.REPORT_PUBLISHED, obj=report,
                 details={"published_on": published_on, "version": report.version})
    from .tasks import render_published  # its PDF and DOCX, rendered once and stored

    transaction.on_commit(partial(render_published.delay, report.pk))
    return report


def _catalogue_entry(actor: Actor, report: AnnualReport):
    """The report's entry in the organ's 年报 column of the catalogue (第四十九条: publish it)."""
    from django.urls import reverse

    overview = next((s["text"] for s in report.content["sections"] if s["code"] == "overview"), "")
    link = reverse("annual_reports:page", args=[report.organ.code, report.year])
    note = f"更正第{report.correction_of.version}版：{report.correction_reason}" if report.correction_of else ""
    return item_publish_annual_report(
        actor=actor, organ=report.organ, title=str(report), published_on=report.published_on,
        summary=f"{report}。{note}".strip(),
        body=f"{overview}\n\n报告全文（含统计表）及PDF、Word、JSON下载：{link}",
    )


def _metadata(report: AnnualReport) -> dict:
    """The 目录 block of the published report (report-json.md `metadata`)."""
    item = report.catalogue_item
    return {"index_no": item.index_no, "category": item.column.name, "publisher": report.organ.name,
            "issued_on": report.published_on.isoformat(), "title": str(report), "doc_no": None,
            "keywords": item.keywords, "validity": "有效"}


@transaction.atomic
def report_correct(*, actor: Actor, report: AnnualReport, reason: str) -> AnnualReport:
    """Start a correction of the current published version: a new draft version with a reason."""
    report = _lock(report)
    if not is_system(actor):
        require(can_draft_report(actor, report.organ), "只有本机关的经办人可以更正年度报告。")
    _expect(report, S.PUBLISHED)
    if current_published(report.organ, report.year).pk != report.pk:
        raise ApplicationError("只能更正当前有效的发布版本。")
    if open_version(report.organ, report.year) is not None:
        raise ApplicationError("已有正在办理的更正版本。")
    if not (reason or "").strip():
        raise ApplicationError("请写明更正原因。", field="reason")
    version = AnnualReport.objects.filter(organ=report.organ, year=report.year).aggregate(m=Max("version"))["m"] + 1
    # It starts from the published figures: nothing changes unless the clerk changes it, cell by cell.
    correction = AnnualReport(organ=report.organ, year=report.year, version=version, entered=report.entered,
                              sections=report.sections, correction_of=report, correction_reason=reason.strip(),
                              content=tables_of(report.content))
    _compute(correction)
    correction.save()
    record_event(actor=actor, event_type=EventType.REPORT_CORRECTION_STARTED, obj=correction,
                 details={"corrects_version": report.version, "reason": reason.strip()})
    return correction


def _correction_draft(actor: Actor, report: AnnualReport) -> AnnualReport:
    report = _lock(report)
    if not is_system(actor):
        require(can_draft_report(actor, report.organ), "只有本机关的经办人可以更正年度报告。")
    _expect(report, S.DRAFT)
    if not report.correction_of_id:
        raise ApplicationError("只有更正版本可以逐格更正；初稿由本系统数据计算。", code="wrong_state")
    return report


def _number(raw, *, path: str, label: str):
    text = str(raw).strip() if raw is not None else ""
    if text == "":
        return None
    return _clean_number(text, label=label, decimal=path == "table2.fees.amount_wan_yuan")


def _record_cells(actor: Actor, report: AnnualReport, before: dict, source: str) -> list:
    cells = changed_cells(before, report.content)
    record_event(actor=actor, event_type=EventType.REPORT_CELLS_CORRECTED, obj=report, details={
        "source": source, "cells": [{"label": c.label, "old": c.old, "new": c.new} for c in cells]})
    return cells


@transaction.atomic
def report_cells_correct(*, actor: Actor, report: AnnualReport, values: dict[str, object],
                         reasons: dict[str, str] | None = None) -> AnnualReport:
    """Change cells of a correction draft (`values`: path → number or blank) and/or write the reason of each
    cell it changes against the corrected version (`reasons`: path → text). A reason is kept only for a
    cell that differs; submission requires one for each (`report_submit`)."""
    report = _correction_draft(actor, report)
    before = tables_of(report.content)
    for path, raw in values.items():
        label = LABELS.get(path)
        if label is None:
            raise ApplicationError("单元格无效。", field="cells")
        set_cell(report.content, path, _number(raw, path=path, label=label))
    _compute(report)
    changed = {c.path for c in changed_cells(report.correction_of.content, report.content)}
    merged = {**(report.cell_reasons or {}), **{k: (v or "").strip()[:500] for k, v in (reasons or {}).items()}}
    report.cell_reasons = {k: v for k, v in merged.items() if k in changed and v}
    report.save()
    _record_cells(actor, report, before, "manual")
    return report


@transaction.atomic
def report_refresh_from_data(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    """Take a correction draft's tables from the records as they are now (e.g. after a back-dated case was
    registered); the comparison then shows exactly which cells that changes, each still needing a reason."""
    report = _correction_draft(actor, report)
    before = tables_of(report.content)
    computed = compute_report(report.organ, report.year, entered=report.entered, sections=report.sections)
    report.content = {**report.content, **tables_of(computed)}
    _compute(report)
    changed = {c.path for c in changed_cells(report.correction_of.content, report.content)}
    report.cell_reasons = {k: v for k, v in (report.cell_reasons or {}).items() if k in changed}
    report.save()
    _record_cells(actor, report, before, "data")
    return report
