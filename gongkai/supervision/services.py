"""考评 writes: the batch audit of annual reports; a period's 考评办法, manual 加分/扣分 and 定稿; 督办 → 整改.
Each one atomic, permission-checked and audited (record_event)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.annual_reports.assemble import recheck
from gongkai.annual_reports.checks import check_report
from gongkai.annual_reports.format import REPORT_YEAR_RANGE_MESSAGE, valid_report_year
from gongkai.annual_reports.models import ReportFile
from gongkai.annual_reports.selectors import current_published
from gongkai.catalogue.attachments import check_upload, max_bytes
from gongkai.core.events import is_system, record_event
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.core.sequences import next_in_sequence
from gongkai.organs.actors import Actor, user_of
from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import grants_of, subtree

from .indicators import Period
from .models import (
    Adjustment,
    AuditRun,
    Evaluation,
    Notice,
    NoticeReply,
    ReportAudit,
    Result,
    ResultRow,
    SchemeVersion,
    WebsiteReport,
)
from .periods import adjustments_of, compute, facts_to_json, result_diff, scheme_for
from .permissions import (
    can_audit_reports,
    can_decide_notice,
    can_edit_website_report,
    can_issue_notice,
    can_manage_evaluation,
    can_reply_notice,
    can_run_batch_audit,
)
from .scoring import SchemeError, validate_scheme, without_retired
from .selectors import count_findings


@transaction.atomic
def report_audit_record(*, actor: Actor, organ: Organ, year: int, source: str, source_ref: str,
                        findings: list[dict], run: AuditRun | None = None) -> ReportAudit:
    """Store one audit result (the 年度报告 indicators read the newest) and log it."""
    if not (is_system(actor) or can_audit_reports(actor, organ)):
        raise PermissionDeniedError()
    errors, warnings = count_findings(findings)
    audit = ReportAudit.objects.create(organ=organ, year=year, source=source, source_ref=source_ref,
                                       errors=errors, warnings=warnings, findings=findings, run=run)
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


def reports_audit(*, actor: Actor, organ: Organ, year: int, progress: Callable[[int, int], None] | None = None,
                  run: AuditRun | None = None) -> BatchResult:
    """Audit every report of `organ`'s subtree for `year`; one report_audit_record per organ found.
    The one function the command (check_reports) and the browser's run (audit_run_execute) call."""
    if not (is_system(actor) or can_audit_reports(actor, organ)):
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
                                                      source_ref=ref, findings=findings, run=run))
        if progress:
            progress(done, len(organs))
    return result


# --- the batch audit from the browser (a Celery task with progress) ------------------------------------


@transaction.atomic
def audit_run_start(*, actor: Actor, organ: Organ, year: int, today: dt.date | None = None) -> AuditRun:
    """Queue the batch audit of the subtree's reports for `year` (tasks.audit_run, after the commit);
    one run at a time per subtree and year."""
    from .tasks import audit_run

    today = today or timezone.localdate()
    require(not is_system(actor) and can_run_batch_audit(actor, organ), "只有主管部门可以批量审核下级机关的年度报告。")
    if not valid_report_year(year, today):
        raise ApplicationError(REPORT_YEAR_RANGE_MESSAGE.format(year=year), field="year")
    Organ.objects.select_for_update().get(pk=organ.pk)
    running = AuditRun.objects.filter(organ=organ, year=year, status__in=(AuditRun.Status.QUEUED,
                                                                          AuditRun.Status.RUNNING)).first()
    if running is not None:
        raise ApplicationError("该范围和年度的批量审核正在进行，请等待完成。", code="running", extra={"run": running.pk})
    run = AuditRun.objects.create(organ=organ, year=year, requested_by=user_of(actor),
                                  total=subtree(organ).filter(is_active=True).count())
    record_event(actor=actor, event_type=EventType.AUDIT_RUN_STARTED, obj=run, organ=organ,
                 details={"year": year, "organs": run.total})
    transaction.on_commit(lambda: audit_run.delay(run.pk))
    return run


def audit_run_execute(run_id: int) -> AuditRun:
    """The task's body: the batch (reports_audit, one audit per organ, each its own transaction) with the
    run's progress updated as it goes; a failure is kept on the run, in Chinese, never half-reported."""
    run = AuditRun.objects.select_related("organ", "requested_by").get(pk=run_id)
    if not run.is_running:
        return run
    AuditRun.objects.filter(pk=run_id).update(status=AuditRun.Status.RUNNING, done=0)

    def progress(done: int, total: int) -> None:
        AuditRun.objects.filter(pk=run_id).update(done=done, total=total)

    try:
        result = reports_audit(actor=run.requested_by, organ=run.organ, year=run.year, progress=progress, run=run)
    except Exception as exc:  # noqa: BLE001 - kept on the run for the page, logged for the operator
        logging.getLogger("gongkai.tasks").exception("audit run %s failed", run_id)
        AuditRun.objects.filter(pk=run_id).update(status=AuditRun.Status.FAILED, finished_at=timezone.now(),
                                                  failure=f"审核中断（{type(exc).__name__}），已审核的结果保留；请重新发起。")
        return AuditRun.objects.get(pk=run_id)
    AuditRun.objects.filter(pk=run_id).update(status=AuditRun.Status.DONE, missing=len(result.missing),
                                              finished_at=timezone.now())
    return AuditRun.objects.get(pk=run_id)


def _store_upload(field_file, upload, name: str, *, label: str, field: str) -> str:
    """Check an uploaded file again (content, name, size: the form has read it in the bounded worker) and
    store it on `field_file` (not yet saved); returns the name kept. Refused in Chinese, naming `label`."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    data = upload if isinstance(upload, bytes) else upload.read(max_bytes() + 1)
    try:
        check_upload(name, data, read=False)
    except ApplicationError as exc:
        raise ApplicationError(f"{label}：{exc.message}", field=field) from None
    field_file.save(name, ContentFile(data), save=False)
    return name


# --- 考评 periods: the 考评办法, manual 加分/扣分, 定稿 --------------------------------------------------


def _evaluation(root: Organ, period: Period) -> Evaluation:
    """The period's Evaluation of the root, created on first write, locked for the rest of the transaction."""
    if not (period.is_year or period.quarter_no):
        raise ApplicationError("考评期只能是一个年度或一个季度。")
    evaluation, _created = Evaluation.objects.get_or_create(organ=root, year=period.start.year,
                                                            quarter=period.quarter_no)
    return Evaluation.objects.select_for_update().select_related("organ").get(pk=evaluation.pk)


def _require_manage(actor: Actor, root: Organ) -> None:
    if not is_system(actor):
        require(can_manage_evaluation(actor, root), "只有该机关的主管部门可以定稿、修改考评办法或加分扣分。")


def _save_scheme(evaluation: Evaluation, rules: dict, *, actor: Actor, reason: str) -> SchemeVersion:
    latest = evaluation.schemes.order_by("-version").first()
    version = SchemeVersion.objects.create(evaluation=evaluation, version=(latest.version + 1) if latest else 1,
                                           rules=rules, reason=reason, created_by=user_of(actor))
    record_event(actor=actor, event_type=EventType.SCHEME_SAVED, obj=evaluation, organ=evaluation.organ,
                 details={"period": evaluation.period.key, "version": version.version, "reason": reason,
                          "previous": latest.rules if latest else None, "rules": rules})
    return version


@transaction.atomic
def scheme_save(*, actor: Actor, root: Organ, period: Period, rules: dict, reason: str) -> SchemeVersion:
    """A new version of the period's 考评办法 (validated; the reason is required). A locked period keeps
    showing its 定稿 until it is locked again (evaluation_lock)."""
    _require_manage(actor, root)
    try:
        rules = validate_scheme(rules)
    except SchemeError as exc:
        raise ApplicationError("考评办法有误：" + "；".join(exc.messages), field="rules") from None
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请写明修改考评办法的原因。", field="reason")
    evaluation = _evaluation(root, period)
    if rules == scheme_for(root, period, evaluation).rules:
        raise ApplicationError("考评办法没有变化。")
    return _save_scheme(evaluation, rules, actor=actor, reason=reason)


@transaction.atomic
def adjustment_add(*, actor: Actor, root: Organ, period: Period, organ: Organ, kind: str, points, reason: str,
                   item: str = "", attachment=None, attachment_name: str = "") -> Adjustment:
    """A manual 加分 (against one of the scheme's 加分项, within its cap) or 扣分 for an organ of the subtree,
    with its reason and an optional attachment (a 第三方评估 result: PDF, DOCX or image, checked by its
    content like every upload)."""
    _require_manage(actor, root)
    if not organ.path.startswith(root.path):
        raise ApplicationError("该机关不在本次考评范围内。", field="organ")
    if kind not in Adjustment.Kind.values:
        raise ApplicationError("请选择加分或扣分。", field="kind")
    try:
        points = Decimal(str(points)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ApplicationError("分值应为数字。", field="points") from None
    if not Decimal("0") < points <= Decimal("100"):
        raise ApplicationError("分值应大于0、不超过100。", field="points")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请写明加分或扣分的理由。", field="reason")
    evaluation = _evaluation(root, period)
    rules = scheme_for(root, period, evaluation).rules
    if kind == Adjustment.Kind.BONUS:
        bonus = {b["key"]: b for b in rules["bonus"]}
        if item not in bonus:
            raise ApplicationError("请选择本期考评办法中的加分项。", field="item")
        if points > Decimal(str(bonus[item]["max"])):
            raise ApplicationError(f"“{bonus[item]['label']}”最多加{bonus[item]['max']:g}分。", field="points")
    else:
        item = ""
    adjustment = Adjustment(evaluation=evaluation, organ=organ, kind=kind, item=item, points=points, reason=reason,
                            created_by=user_of(actor))
    if attachment is not None:
        adjustment.attachment_name = _store_upload(adjustment.attachment, attachment, attachment_name or "附件",
                                                   label="附件", field="attachment")
    try:
        adjustment.save()
        record_event(actor=actor, event_type=EventType.ADJUSTMENT_ADDED, obj=adjustment, organ=organ,
                     details={"period": period.key, "root": root.code, "kind": kind, "item": item,
                              "points": str(points), "reason": reason, "attachment": adjustment.attachment_name})
    except Exception:
        if adjustment.attachment:
            adjustment.attachment.delete(save=False)
        raise
    return adjustment


@transaction.atomic
def adjustment_withdraw(*, actor: Actor, adjustment: Adjustment, reason: str) -> Adjustment:
    adjustment = Adjustment.objects.select_for_update().select_related("evaluation__organ", "organ").get(
        pk=adjustment.pk)
    _require_manage(actor, adjustment.evaluation.organ)
    if adjustment.withdrawn_at is not None:
        raise ApplicationError("该项已撤销。", code="wrong_state")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请写明撤销的原因。", field="reason")
    adjustment.withdrawn_at, adjustment.withdrawn_by, adjustment.withdrawn_reason = timezone.now(), user_of(actor), reason
    adjustment.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated_at"])
    record_event(actor=actor, event_type=EventType.ADJUSTMENT_WITHDRAWN, obj=adjustment, organ=adjustment.organ,
                 details={"reason": reason})
    return adjustment


@transaction.atomic
def evaluation_lock(*, actor: Actor, root: Organ, period: Period, reason: str = "",
                    today: dt.date | None = None) -> Result:
    """定稿: store every organ's indicators, deductions, 加分/扣分 and score with the 考评办法 version used;
    from then on the period shows this. Locking again (a recomputation: data corrected, the scheme
    changed) is a new version and needs its reason; the page shows what changed per organ."""
    today = today or timezone.localdate()
    _require_manage(actor, root)
    if period.end >= today:
        raise ApplicationError(f"{period.label}考评期截至{period.end:%Y-%m-%d}，结束后才能定稿。")
    evaluation = _evaluation(root, period)
    last = evaluation.results.order_by("-version").first()
    reason = (reason or "").strip()
    if last is not None and not reason:
        raise ApplicationError("该考评期已定稿；重新定稿须写明原因（如数据更正、考评办法修改）。", field="reason")
    in_force = scheme_for(root, period, evaluation)
    version = in_force.version or _save_scheme(evaluation, in_force.rules, actor=actor,
                                               reason=f"定稿时采用：{in_force.origin}")
    scores = compute(root, period, rules=without_retired(version.rules), adjustments=adjustments_of(evaluation),
                     today=today)
    result = Result.objects.create(evaluation=evaluation, version=(last.version + 1) if last else 1, scheme=version,
                                   as_of=period.as_of(today), reason=reason, locked_by=user_of(actor))
    ResultRow.objects.bulk_create([ResultRow(
        result=result, organ_id=s.facts.organ_id, rank=s.rank, score=s.score, verdict=s.verdict, vetoes=s.vetoes,
        values=s.values, deductions=s.deductions, adjustments=s.adjustments, bonus=s.bonus, penalty=s.penalty,
        facts=facts_to_json(s.facts)) for s in scores])
    evaluation.status = Evaluation.Status.LOCKED
    evaluation.save(update_fields=["status", "updated_at"])
    changed = [d["organ"].name for d in result_diff(last, result)] if last else []
    record_event(actor=actor, event_type=EventType.EVALUATION_RELOCKED if last else EventType.EVALUATION_LOCKED,
                 obj=evaluation, organ=root, details={
                     "period": period.key, "version": result.version, "scheme_version": version.version,
                     "as_of": result.as_of, "organs": len(scores), "reason": reason, "changed": changed})
    return result


# --- 督办 → 整改 (条例第四十七条) -----------------------------------------------------------------------

MAX_NOTICE_ITEMS = 50
NOTICE_TEXT_MAX = 5000


def issuer_for(actor: Actor, organ: Organ) -> Organ:
    """The supervising office that issues to `organ`: the nearest organ above (or at) it where the actor
    holds 主管部门."""
    paths = {g.organ_path: g.organ_id for g in grants_of(actor) if g.role == Role.SUPERVISOR
             and organ.path.startswith(g.organ_path)}
    if not paths:
        raise PermissionDeniedError("只有主管部门可以向该机关签发督办通知。")
    return Organ.objects.get(pk=paths[max(paths, key=len)])


@transaction.atomic
def notice_issue(*, actor: Actor, organ: Organ, items: list[str], deadline: dt.date, text: str = "",
                 sources: list[str] | None = None, today: dt.date | None = None) -> Notice:
    """Issue a numbered 督办通知 (e.g. 岭政公开督〔2026〕3号) to an organ: the problems, the 整改期限 and the
    requirements. Its clerks see it in their list and answer it (notice_reply)."""
    today = today or timezone.localdate()
    if is_system(actor):
        raise PermissionDeniedError("督办通知须由主管部门的工作人员签发。")
    require(can_issue_notice(actor, organ), "只有主管部门可以向该机关签发督办通知。")
    items = [" ".join(i.split())[:500] for i in items if i and i.strip()]
    if not items:
        raise ApplicationError("请至少写明一项督办事项。", field="items")
    if len(items) > MAX_NOTICE_ITEMS:
        raise ApplicationError(f"一份督办通知最多{MAX_NOTICE_ITEMS}项，请分多份签发。", field="items")
    if deadline is None or deadline <= today:
        raise ApplicationError("整改期限应晚于今天。", field="deadline")
    if deadline > today + dt.timedelta(days=366):
        raise ApplicationError("整改期限不能超过一年。", field="deadline")
    text = (text or "").strip()
    if len(text) > NOTICE_TEXT_MAX:
        raise ApplicationError(f"整改要求不能超过{NOTICE_TEXT_MAX}字。", field="text")
    issuer = issuer_for(actor, organ)
    n = next_in_sequence(f"notice:{issuer.pk}:{today.year}")
    notice = Notice.objects.create(
        issuer=issuer, organ=organ, doc_no=f"{issuer.short_name or issuer.name}公开督〔{today.year}〕{n}号",
        title=f"关于{organ.name}政务公开工作有关问题的督办通知", items=items,
        sources=[str(s)[:80] for s in (sources or [])][:MAX_NOTICE_ITEMS], text=text, deadline=deadline,
        issued_by=user_of(actor), issued_on=today)
    record_event(actor=actor, event_type=EventType.NOTICE_ISSUED, obj=notice, organ=organ, details={
        "doc_no": notice.doc_no, "issuer": issuer.code, "items": items, "deadline": deadline,
        "sources": notice.sources})
    return notice


def _lock_notice(notice: Notice) -> Notice:
    return Notice.objects.select_for_update().select_related("organ", "issuer").get(pk=notice.pk)


@transaction.atomic
def notice_reply(*, actor: Actor, notice: Notice, text: str, evidence=None, evidence_name: str = "",
                 today: dt.date | None = None) -> NoticeReply:
    """The organ's clerk reports what was done, with evidence (PDF, DOCX or image, checked by content);
    the 督办 awaits the supervisor's review."""
    today = today or timezone.localdate()
    notice = _lock_notice(notice)
    if is_system(actor) or not can_reply_notice(actor, notice):
        raise PermissionDeniedError("只有被督办机关的经办人可以报送整改情况。")
    if notice.status not in Notice.AWAITING_ORGAN:
        raise ApplicationError(f"该督办通知当前为“{notice.get_status_display()}”，不能报送整改情况。",
                               code="wrong_state")
    text = (text or "").strip()
    if not text:
        raise ApplicationError("请写明整改情况。", field="text")
    if len(text) > NOTICE_TEXT_MAX:
        raise ApplicationError(f"整改情况不能超过{NOTICE_TEXT_MAX}字。", field="text")
    reply = NoticeReply(notice=notice, text=text, replied_by=user_of(actor), replied_on=today)
    if evidence is not None:
        reply.evidence_name = _store_upload(reply.evidence, evidence, evidence_name or "佐证材料", label="佐证材料",
                                            field="evidence")
    try:
        reply.save()
        notice.status = Notice.Status.REPLIED
        notice.save(update_fields=["status", "updated_at"])
        record_event(actor=actor, event_type=EventType.NOTICE_REPLIED, obj=notice, details={
            "reply": reply.pk, "text": text, "evidence": reply.evidence_name,
            "late": today > notice.deadline})
    except Exception:
        if reply.evidence:
            reply.evidence.delete(save=False)
        raise
    return reply


@transaction.atomic
def notice_decide(*, actor: Actor, notice: Notice, accept: bool, note: str = "",
                  today: dt.date | None = None) -> Notice:
    """The supervisor accepts the latest answer (the 督办 is closed) or returns it with what is still
    wrong (the organ answers again, within the same 整改期限)."""
    today = today or timezone.localdate()
    notice = _lock_notice(notice)
    if is_system(actor) or not can_decide_notice(actor, notice):
        raise PermissionDeniedError("只有主管部门可以审核整改情况。")
    if notice.status != Notice.Status.REPLIED:
        raise ApplicationError(f"该督办通知当前为“{notice.get_status_display()}”，没有待审核的整改情况。",
                               code="wrong_state")
    note = (note or "").strip()
    if not accept and not note:
        raise ApplicationError("退回时请写明还需整改的问题。", field="note")
    reply = notice.replies.filter(decision=NoticeReply.Decision.PENDING).order_by("-created_at", "-id").first()
    reply.decision = NoticeReply.Decision.ACCEPTED if accept else NoticeReply.Decision.RETURNED
    reply.decision_note, reply.decided_by, reply.decided_on = note, user_of(actor), today
    reply.save(update_fields=["decision", "decision_note", "decided_by", "decided_on", "updated_at"])
    notice.status = Notice.Status.ACCEPTED if accept else Notice.Status.RETURNED
    notice.closed_on = today if accept else None
    notice.save(update_fields=["status", "closed_on", "updated_at"])
    record_event(actor=actor, event_type=EventType.NOTICE_ACCEPTED if accept else EventType.NOTICE_RETURNED,
                 obj=notice, details={"reply": reply.pk, "note": note, "in_time": reply.replied_on <= notice.deadline})
    return notice


# --- 政府网站工作年度报表 ---------------------------------------------------------------------------


@transaction.atomic
def website_report_save(*, actor: Actor, organ: Organ, year: int, raw: dict[str, tuple[str, str]],
                        today: dt.date | None = None) -> WebsiteReport:
    """Keep what the organ enters for its 政府网站工作年度报表 (each value with its source); the cells Gongkai
    computes are never stored, so they always follow the records."""
    from .website_report import clean_entered, enterable

    today = today or timezone.localdate()
    if not is_system(actor):
        require(can_edit_website_report(actor, organ), "只有本机关的经办人或主管部门可以填报政府网站工作年度报表。")
    if not 2017 <= year <= today.year:
        raise ApplicationError("年度无效：政府网站工作年度报表自2017年度起填报，至本年度为止。", field="year")
    allowed = {r.key for r in enterable(organ, year)}
    entered, errors = clean_entered({k: v for k, v in raw.items() if k in allowed})
    if errors:
        raise ApplicationError("填报有误：" + "".join(errors), extra={"errors": errors})
    report, _created = WebsiteReport.objects.select_for_update().get_or_create(organ=organ, year=year)
    changed = sorted(k for k in set(entered) | set(report.entered) if entered.get(k) != report.entered.get(k))
    report.entered, report.updated_by = entered, user_of(actor)
    report.save()
    record_event(actor=actor, event_type=EventType.WEBSITE_REPORT_SAVED, obj=report, organ=organ,
                 details={"year": year, "changed": changed})
    return report
