"""Writes on 复议/诉讼 records: one function per action, each atomic, permission-checked and audited.

`remedy` arguments are a Review or a Lawsuit; each action locks the row and refuses a stale
`version` when the caller passes the one it showed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.applications.services import application_reopen_after_correction
from gongkai.catalogue.attachments import check_upload, max_bytes
from gongkai.core.events import is_system, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.organs.actors import Actor
from gongkai.organs.models import Organ
from gongkai.workdays import current_version, is_working_day, span_deadline
from gongkai.workdays.calendar import no_data_warning

from . import deadlines
from .models import Lawsuit, Result, Review
from .permissions import can_change_remedy, can_record_remedy


def _today() -> dt.date:
    return timezone.localdate()


def _lock(remedy, version: int | None):
    obj = type(remedy).objects.select_for_update(of=("self",)).select_related("organ", "application").get(
        pk=remedy.pk)
    if version is not None and int(version) != obj.version:
        raise ApplicationError("该记录已被他人修改，页面内容已过时，请刷新后重试。", code="conflict")
    return obj


def _save(obj, *fields: str):
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])
    return obj


def _check_date(value: dt.date | None, label: str, *, today: dt.date, not_before: dt.date | None = None,
                not_before_label: str = "") -> None:
    if value is None:
        return
    if value > today:
        raise ApplicationError(f"{label}不能晚于今天。", field=label)
    if not_before is not None and value < not_before:
        raise ApplicationError(f"{label}不能早于{not_before_label}。", field=label)


def _working(remedy):
    return lambda d: is_working_day(d, region=remedy.organ)


def answer_due(remedy):
    """The organ's 答复/答辩 deadline from the day it received the copy (see deadlines.py), as one value
    (gongkai.workdays.Deadline: the date, provisional mark, why, calendar version), or None."""
    if remedy.copy_received_on is None:
        return None
    if isinstance(remedy, Review):
        due = deadlines.review_answer_due(remedy.copy_received_on, _working(remedy),
                                          simple=remedy.procedure == Review.Procedure.SIMPLE)
    else:
        due = deadlines.lawsuit_answer_due(remedy.copy_received_on, _working(remedy))
    return span_deadline(remedy.copy_received_on, due, region=remedy.organ)


def redo_due(remedy):
    """行政复议法 第六十四条: the new reply after a 纠正, from the day the decision was received."""
    if remedy.result != Result.CORRECTED or remedy.decided_on is None:
        return None
    received = remedy.decision_received_on or remedy.decided_on
    due = deadlines.redo_due(received, _working(remedy), days=remedy.redo_period_days, unit=remedy.redo_period_unit)
    return span_deadline(received, due, region=remedy.organ)


REMEDY_CLOCK_FIELDS = ("answer_due_on", "answer_due_provisional", "redo_due_on", "redo_due_provisional",
                       "provisional_note", "calendar_version")


def store_deadlines(remedy) -> tuple:
    """Cache both deadlines on the row, each as one value; returns the fields to save."""
    answer, redo = answer_due(remedy), redo_due(remedy)
    remedy.answer_due_on, remedy.answer_due_provisional = (answer.due, answer.provisional) if answer else (None, False)
    remedy.redo_due_on, remedy.redo_due_provisional = (redo.due, redo.provisional) if redo else (None, False)
    years = {y for d in (answer, redo) if d for y in d.years_without_data}
    remedy.provisional_note = (no_data_warning(years) or "")[:300]
    remedy.calendar_version = current_version()
    return REMEDY_CLOCK_FIELDS


def _common(*, organ: Organ, application, case_no: str, claimant: str, body: str, filed_on: dt.date | None,
            today: dt.date) -> dict:
    if filed_on is None:
        raise ApplicationError("请填写申请或起诉日期。", field="filed_on")
    _check_date(filed_on, "申请/起诉日期", today=today)
    if not (body or "").strip():
        raise ApplicationError("请填写复议机关或人民法院。", field="body")
    if application is not None:
        if application.organ_id != organ.pk:
            raise ApplicationError("所选申请不是本机关办理的申请。", field="application")
        if filed_on < application.received_on:
            raise ApplicationError("申请或起诉日期不能早于该申请的收到日期。", field="filed_on")
    return {"organ": organ, "application": application, "case_no": (case_no or "").strip()[:100],
            "claimant": (claimant or (application.applicant_name if application else "")).strip()[:100],
            "body": body.strip()[:100], "filed_on": filed_on}


def _review_fields(*, organ: Organ, application, case_no: str, claimant: str, body: str,
                   filed_on: dt.date | None, today: dt.date) -> dict:
    if application is None:
        raise ApplicationError("请选择该复议所针对的申请。", field="application")
    return _common(organ=organ, application=application, case_no=case_no, claimant=claimant, body=body,
                   filed_on=filed_on, today=today)


def _lawsuit_fields(*, organ: Organ, application, kind: str, review: Review | None, case_no: str, claimant: str,
                    body: str, filed_on: dt.date | None, today: dt.date) -> dict:
    if kind not in Lawsuit.Kind.values:
        raise ApplicationError("请选择诉讼类型（未经复议直接起诉或复议后起诉）。", field="kind")
    if kind == Lawsuit.Kind.AFTER_REVIEW:
        if review is None:
            raise ApplicationError("复议后起诉的，请选择此前的行政复议。", field="review")
        if review.organ_id != organ.pk:
            raise ApplicationError("所选行政复议不是本机关的案件。", field="review")
        application = application or review.application
        if review.application_id != getattr(application, "pk", None):
            raise ApplicationError("所选行政复议针对的是另一件申请。", field="review")
        if review.decided_on is not None and filed_on is not None and filed_on < review.decided_on:
            raise ApplicationError("复议后起诉的日期不能早于复议决定日期。", field="filed_on")
    else:
        review = None
    if application is None:
        raise ApplicationError("请选择该诉讼所针对的申请。", field="application")
    fields = _common(organ=organ, application=application, case_no=case_no, claimant=claimant, body=body,
                     filed_on=filed_on, today=today)
    return {**fields, "kind": kind, "review": review}


@transaction.atomic
def review_record(*, actor: Actor, organ: Organ, application, body: str, filed_on: dt.date | None, case_no: str = "",
                  claimant: str = "", note: str = "", procedure: str = Review.Procedure.SIMPLE,
                  today: dt.date | None = None) -> Review:
    """登记一件行政复议 against the organ's reply to `application`, with its 审理程序 (简易 by default:
    the usual one for 政府信息公开 cases, 行政复议法 第五十三条; the shorter answer period is the safer)."""
    today = today or _today()
    require(can_record_remedy(actor, organ))
    if procedure not in Review.Procedure.values:
        raise ApplicationError("审理程序只能是简易程序或普通程序。", field="procedure")
    fields = _review_fields(organ=organ, application=application, case_no=case_no, claimant=claimant, body=body,
                            filed_on=filed_on, today=today)
    review = Review.objects.create(**fields, note=note.strip(), procedure=procedure)
    record_event(actor=actor, event_type=EventType.REVIEW_RECORDED, obj=review, details={
        "application": application.tracking_no, "filed_on": filed_on.isoformat(), "body": fields["body"]})
    return review


@transaction.atomic
def lawsuit_record(*, actor: Actor, organ: Organ, application, kind: str, body: str, filed_on: dt.date | None,
                   review: Review | None = None, case_no: str = "", claimant: str = "", note: str = "",
                   today: dt.date | None = None) -> Lawsuit:
    """登记一件行政诉讼: 直接起诉, or 复议后起诉 naming the review it followed."""
    today = today or _today()
    require(can_record_remedy(actor, organ))
    fields = _lawsuit_fields(organ=organ, application=application, kind=kind, review=review, case_no=case_no,
                             claimant=claimant, body=body, filed_on=filed_on, today=today)
    lawsuit = Lawsuit.objects.create(**fields, note=note.strip())
    review = fields["review"]
    record_event(actor=actor, event_type=EventType.LAWSUIT_RECORDED, obj=lawsuit, details={
        "application": fields["application"].tracking_no, "kind": kind, "review": review.pk if review else None,
        "filed_on": filed_on.isoformat(), "body": fields["body"]})
    return lawsuit


def _check_accept(obj, *, accepted_on: dt.date | None, copy_received_on: dt.date | None, today: dt.date) -> None:
    if accepted_on is None or copy_received_on is None:
        raise ApplicationError("请填写受理/立案日期和收到副本日期。", field="accepted_on")
    _check_date(accepted_on, "受理/立案日期", today=today, not_before=obj.filed_on, not_before_label="申请/起诉日期")
    _check_date(copy_received_on, "收到副本日期", today=today, not_before=accepted_on,
                not_before_label="受理/立案日期")


def _check_answer(obj, *, answered_on: dt.date | None, today: dt.date) -> None:
    if obj.copy_received_on is None:
        raise ApplicationError("请先登记受理和收到副本日期。", code="bad_state")
    if answered_on is None:
        raise ApplicationError("请填写提交答复/答辩的日期。", field="answered_on")
    _check_date(answered_on, "提交日期", today=today, not_before=obj.copy_received_on, not_before_label="收到副本日期")


def _check_decide(obj, *, decided_on: dt.date | None, result: str, received: dt.date | None,
                  today: dt.date) -> None:
    if result not in (Result.UPHELD, Result.CORRECTED, Result.OTHER):
        raise ApplicationError("请选择结果：维持、纠正或其他。", field="result")
    if decided_on is None:
        raise ApplicationError("请填写决定/裁判日期。", field="decided_on")
    _check_date(decided_on, "决定/裁判日期", today=today, not_before=obj.filed_on, not_before_label="申请/起诉日期")
    _check_date(received or decided_on, "收到决定日期", today=today, not_before=decided_on,
                not_before_label="决定/裁判日期")


@transaction.atomic
def remedy_accept(*, actor: Actor, remedy, accepted_on: dt.date | None, copy_received_on: dt.date | None,
                  version: int | None = None, today: dt.date | None = None):
    """受理/立案, and the day the organ received the copy: its 答复/答辩 deadline starts
    (行政复议法 第四十八条: 10 日; 行政诉讼法 第六十七条: 15 日)."""
    today = today or _today()
    obj = _lock(remedy, version)
    require(can_change_remedy(actor, obj))
    if obj.is_decided:
        raise ApplicationError("该案件已审结，不能再修改受理信息。", code="bad_state")
    _check_accept(obj, accepted_on=accepted_on, copy_received_on=copy_received_on, today=today)
    obj.accepted_on, obj.copy_received_on = accepted_on, copy_received_on
    fields = store_deadlines(obj)
    record_event(actor=actor, event_type=EventType.REMEDY_ACCEPTED, obj=obj, details={
        "accepted_on": accepted_on.isoformat(), "copy_received_on": copy_received_on.isoformat(),
        "answer_due_on": obj.answer_due_on.isoformat(), "provisional": obj.answer_due_provisional,
        "procedure": getattr(obj, "procedure", "")})
    return _save(obj, "accepted_on", "copy_received_on", *fields)


@transaction.atomic
def review_procedure_change(*, actor: Actor, review: Review, changed_on: dt.date | None, version: int | None = None,
                            today: dt.date | None = None) -> Review:
    """行政复议法 第五十五条: the 复议机关 switched the case from the 简易程序 to the 普通程序 on
    `changed_on`; the answer is then due 10 working days from the copy (第四十八条) instead of 5."""
    today = today or _today()
    if not isinstance(review, Review):
        raise ApplicationError("只有行政复议案件有简易程序和普通程序之分。", code="bad_state")
    obj = _lock(review, version)
    require(can_change_remedy(actor, obj))
    if obj.is_decided:
        raise ApplicationError("该案件已审结，不能再变更审理程序。", code="bad_state")
    if obj.procedure != Review.Procedure.SIMPLE:
        raise ApplicationError("该复议案件已按普通程序审理（行政复议法第五十五条只规定由简易程序转为普通程序）。",
                               code="bad_state")
    if changed_on is None:
        raise ApplicationError("请填写转为普通程序的日期。", field="changed_on")
    _check_date(changed_on, "转为普通程序日期", today=today, not_before=obj.filed_on, not_before_label="申请日期")
    before = obj.answer_due
    obj.procedure, obj.procedure_changed_on = Review.Procedure.ORDINARY, changed_on
    fields = store_deadlines(obj)
    record_event(actor=actor, event_type=EventType.REMEDY_PROCEDURE_CHANGED, obj=obj, details={
        "changed_on": changed_on.isoformat(), "before": before.text if before else None,
        "after": obj.answer_due.text if obj.answer_due else None})
    return _save(obj, "procedure", "procedure_changed_on", *fields)


@transaction.atomic
def remedy_answer(*, actor: Actor, remedy, answered_on: dt.date | None, version: int | None = None,
                  today: dt.date | None = None):
    """The organ submitted its 答复 (复议) or 答辩状 and evidence (诉讼)."""
    today = today or _today()
    obj = _lock(remedy, version)
    require(can_change_remedy(actor, obj))
    if obj.is_decided:
        raise ApplicationError("该案件已审结，不能再登记答复/答辩。", code="bad_state")
    if obj.copy_received_on is not None and obj.answered_on is not None:
        raise ApplicationError("已登记答复/答辩日期。", code="bad_state")
    _check_answer(obj, answered_on=answered_on, today=today)
    obj.answered_on = answered_on
    fields = store_deadlines(obj)  # judged against the recomputed deadline, not a stale cached one
    on_time = obj.answer_due_on is None or answered_on <= obj.answer_due_on
    record_event(actor=actor, event_type=EventType.REMEDY_ANSWERED, obj=obj, details={
        "answered_on": answered_on.isoformat(), "on_time": on_time, "answer_due_on": obj.answer_due_on.isoformat()
        if obj.answer_due_on else None, "provisional": obj.answer_due_provisional})
    return _save(obj, "answered_on", *fields)


def _check_redo_period(days: int | None, unit: str) -> None:
    if days is not None and not 1 <= int(days) <= 365:
        raise ApplicationError("决定确定的重新答复期限应为1至365天。", field="redo_period_days")
    if unit not in (deadlines.WORKING, deadlines.CALENDAR):
        raise ApplicationError("期限单位只能是工作日或日。", field="redo_period_unit")


@transaction.atomic
def remedy_decide(*, actor: Actor, remedy, decided_on: dt.date | None, result: str, document=None,
                  decision_received_on: dt.date | None = None, redo_period_days: int | None = None,
                  redo_period_unit: str = deadlines.WORKING, version: int | None = None,
                  today: dt.date | None = None):
    """复议决定 or 裁判: the result (维持, 纠正, 其他) and the document. A 纠正 records the period the decision
    sets for the new reply (行政复议法 第六十四条; `redo_period_days` working or calendar days from
    receiving it, 20 working days where it sets none) and reopens the application into the clerk's
    inbox with that due date (`applications.services.application_reopen_after_correction`)."""
    today = today or _today()
    obj = _lock(remedy, version)
    require(can_change_remedy(actor, obj))
    if obj.is_decided:
        raise ApplicationError("该案件已审结。", code="bad_state")
    _check_decide(obj, decided_on=decided_on, result=result, received=decision_received_on, today=today)
    _check_redo_period(redo_period_days, redo_period_unit)
    obj.decided_on, obj.result = decided_on, result
    obj.decision_received_on = decision_received_on or decided_on
    fields = ["decided_on", "result", "decision_received_on"]
    if document is not None:
        # The same checked upload as every attachment: a PDF, DOCX or image by its content, its name agreeing,
        # within the size limit (DecideForm has read it in the bounded worker before this transaction began).
        name = (document.name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
        data = document.read(max_bytes() + 1)
        try:
            check_upload(name, data, read=False)
        except ApplicationError as exc:
            raise ApplicationError(f"决定书/裁判文书：{exc.message}", field="document") from None
        obj.decision_document.save(name, ContentFile(data), save=False)
        fields.append("decision_document")
    if result == Result.CORRECTED:
        obj.redo_period_days = int(redo_period_days) if redo_period_days else None
        obj.redo_period_unit = redo_period_unit
        fields += ["redo_period_days", "redo_period_unit"]
    fields += store_deadlines(obj)
    record_event(actor=actor, event_type=EventType.REMEDY_DECIDED, obj=obj, details={
        "decided_on": decided_on.isoformat(), "result": result,
        "redo_due_on": obj.redo_due_on.isoformat() if obj.redo_due_on else None,
        "redo_period": redo_period_label(obj) if result == Result.CORRECTED else None})
    _save(obj, *fields)
    if result == Result.CORRECTED and obj.application_id:
        reopen_application(obj, actor=actor, today=today)
    return obj


def redo_period_label(remedy) -> str:
    if not remedy.redo_period_days:
        return f"决定未确定期限，按{deadlines.REDO_WORKING_DAYS}个工作日（条例第三十三条）"
    unit = "个工作日" if remedy.redo_period_unit == deadlines.WORKING else "日"
    return f"决定确定的{remedy.redo_period_days}{unit}（行政复议法第六十四条）"


def reopen_application(remedy, *, actor: Actor, today: dt.date):
    """The 纠正 reopens the application for a new reply due on the remedy's redo date."""
    working = remedy.redo_period_unit == deadlines.WORKING
    return application_reopen_after_correction(
        actor=actor, application=remedy.application, remedy=remedy,
        received_on=remedy.decision_received_on or remedy.decided_on,
        period_days=(remedy.redo_period_days or deadlines.REDO_WORKING_DAYS) if working else None,
        due_on=None if working else remedy.redo_due_on, today=today)


def on_reply_sent(*, actor: Actor, application, sent_on: dt.date) -> None:
    """A reply to an application reopened by a 纠正 was sent: the remedy's new reply is done (registered
    with `applications.services.register_reply_sent_hook` in apps.py)."""
    for model in (Review, Lawsuit):
        for obj in model.objects.select_for_update().filter(
                application=application, result=Result.CORRECTED, redo_done_on__isnull=True,
                decided_on__lte=sent_on):
            obj.redo_done_on = sent_on
            on_time = obj.redo_due_on is None or sent_on <= obj.redo_due_on
            record_event(actor=actor, event_type=EventType.REMEDY_REDONE, obj=obj, details={
                "done_on": sent_on.isoformat(), "on_time": on_time, "application": application.tracking_no})
            _save(obj, "redo_done_on")


@transaction.atomic
def remedy_redo(*, actor: Actor, remedy, done_on: dt.date | None, version: int | None = None,
                today: dt.date | None = None):
    """The organ replied again after a 纠正."""
    today = today or _today()
    obj = _lock(remedy, version)
    require(can_change_remedy(actor, obj))
    if obj.result != Result.CORRECTED or obj.redo_done_on is not None:
        raise ApplicationError("只有结果为“纠正”且尚未重新答复的案件才能登记重新答复。", code="bad_state")
    if done_on is None:
        raise ApplicationError("请填写重新答复日期。", field="done_on")
    _check_date(done_on, "重新答复日期", today=today, not_before=obj.decided_on, not_before_label="决定/裁判日期")
    obj.redo_done_on = done_on
    record_event(actor=actor, event_type=EventType.REMEDY_REDONE, obj=obj, details={
        "done_on": done_on.isoformat(), "on_time": obj.redo_due_on is None or done_on <= obj.redo_due_on})
    if obj.application_id:
        record_event(actor=actor, event_type=EventType.REMEDY_REDONE, obj=obj.application, details={
            "remedy": obj._meta.model_name, "remedy_id": obj.pk, "done_on": done_on.isoformat()})
    return _save(obj, "redo_done_on")


class ImportRejected(ApplicationError):
    """An import found bad rows; `errors` lists every one (RowError: line, column, Chinese message)."""

    def __init__(self, errors: list):
        super().__init__(f"共 {len(errors)} 处错误，未导入任何记录。", code="invalid")
        self.errors = errors


# Where an ApplicationError raised by the checks above points, as a column of the import file.
_IMPORT_COLUMNS = {
    "application": "受理编号", "filed_on": "申请/起诉日期", "申请/起诉日期": "申请/起诉日期", "body": "复议机关或法院",
    "kind": "类型", "review": "复议案号", "accepted_on": "受理/立案日期", "受理/立案日期": "受理/立案日期",
    "收到副本日期": "收到副本日期", "answered_on": "答复/答辩日期", "提交日期": "答复/答辩日期",
    "result": "结果", "decided_on": "决定/裁判日期", "决定/裁判日期": "决定/裁判日期", "收到决定日期": "收到决定日期",
    "重新答复日期": "重新答复日期",
}


@dataclass
class ImportOutcome:
    created: list  # the records (rolled back on a dry run: only counted)
    errors: list  # RowError, by line; nothing was written when there is any
    dry_run: bool


def remedies_import_table(*, actor: Actor, organ: Organ, table: list[list], source: str = "", dry_run: bool = False,
                          today: dt.date | None = None, progress=None) -> ImportOutcome:
    """The import as the command and the page run it: read the rows (importing.parse), check and write them
    all or nothing (remedies_import); every bad row reported, from the file's own checks and the services'.
    ImportFileError when the file as a whole cannot be used (no header, no data)."""
    from .importing import ImportFileError, parse

    parsed = parse(table)
    if not parsed.rows and not parsed.errors:
        raise ImportFileError("文件中没有数据行。")
    errors = list(parsed.errors)
    created: list = []
    with transaction.atomic():
        try:
            created = remedies_import(actor=actor, organ=organ, rows=parsed.rows, source=source, today=today,
                                      progress=progress)
        except ImportRejected as exc:
            errors += exc.errors
        if errors or dry_run:
            transaction.set_rollback(True)
    return ImportOutcome([] if errors else created, sorted(errors, key=lambda e: e.line), dry_run)


@transaction.atomic
def remedies_import(*, actor: Actor, organ: Organ, rows: list[tuple[int, dict]], source: str = "",
                    today: dt.date | None = None, progress=None) -> list:
    """Import an organ's existing 复议/诉讼 records, all or nothing (`manage.py import_remedies`).

    `rows` are (line, row) pairs from importing.parse. Each record goes through the same checks as
    recording it and its milestones one by one (_review_fields, _lawsuit_fields, _check_accept,
    _check_answer, _check_decide); a 复议后起诉 names its review by 案号, in the file or already in
    Gongkai. Every bad row is reported (ImportRejected) and nothing written. Records are marked
    `imported`. A 纠正 gets the same as one recorded here: its 重新答复 period (the file's
    重新答复期限（工作日）, else 20 working days from the 收到决定日期, else from the 决定日期), and —
    unless the file gives the 重新答复日期 — the application is reopened into the clerk's inbox.
    One REMEDIES_IMPORTED event for the import.
    `actor` SYSTEM is the system (the command); a user needs can_record_remedy on the organ.
    """
    from .importing import RowError

    today = today or _today()
    if not is_system(actor):
        require(can_record_remedy(actor, organ), "您不能为该机关导入复议诉讼记录。")
    errors: list[RowError] = []
    total = len(rows) * 2

    def fail(line: int, exc: ApplicationError, default: str) -> None:
        errors.append(RowError(line, _IMPORT_COLUMNS.get(exc.field or "", default), exc.message))

    tracking_nos = {row["tracking_no"] for _, row in rows}
    applications = {a.tracking_no: a for a in Application.objects.filter(organ=organ, tracking_no__in=tracking_nos)}
    case_nos = [row["case_no"] for _, row in rows]
    taken = set(Review.objects.filter(organ=organ, case_no__in=case_nos).values_list("case_no", flat=True))
    taken |= set(Lawsuit.objects.filter(organ=organ, case_no__in=case_nos).values_list("case_no", flat=True))
    existing_reviews = {r.case_no: r for r in Review.objects.filter(
        organ=organ, case_no__in={row.get("review_case_no") for _, row in rows} - {""}).select_related("application")}
    seen: dict[str, int] = {}
    in_file: dict[str, Review] = {}
    checked: list[tuple[int, Review | Lawsuit]] = []
    # Reviews first, so that a 复议后起诉 may name a review further down the file.
    ordered = sorted(rows, key=lambda pair: (pair[1]["kind"] != "review", pair[0]))
    def check(line: int, row: dict) -> None:
        case_no = row["case_no"]
        if case_no in seen:
            errors.append(RowError(line, "案号", f"案号与第 {seen[case_no]} 行重复。"))
        elif case_no in taken:
            errors.append(RowError(line, "案号", "该机关已有此案号的复议或诉讼记录。"))
        seen.setdefault(case_no, line)
        application = applications.get(row["tracking_no"])
        if application is None:
            errors.append(RowError(line, "受理编号", f"{organ.name}没有受理编号为“{row['tracking_no']}”的申请。"))
            return
        common = {"organ": organ, "application": application, "case_no": case_no,
                  "claimant": row.get("claimant", ""), "body": row["body"], "filed_on": row["filed_on"],
                  "today": today}
        obj: Review | Lawsuit
        try:
            if row["kind"] == "review":
                obj = in_file[case_no] = Review(**_review_fields(**common))
            else:
                review = None
                if row["kind"] == Lawsuit.Kind.AFTER_REVIEW:
                    ref = row["review_case_no"]
                    review = in_file.get(ref) or existing_reviews.get(ref)
                    if review is None:
                        errors.append(RowError(line, "复议案号", f"未找到案号为“{ref}”的行政复议（本文件或已有记录）。"))
                        return
                obj = Lawsuit(**_lawsuit_fields(kind=row["kind"], review=review, **common))
        except ApplicationError as exc:
            fail(line, exc, "类型")
            return
        obj.note, obj.imported = row.get("note", ""), True
        if _import_milestones(obj, row, today=today, fail=lambda exc, default: fail(line, exc, default)):
            checked.append((line, obj))

    for done, (line, row) in enumerate(ordered, start=1):
        check(line, row)
        if progress:
            progress(done, total)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.line))

    created = []
    for done, (_line, obj) in enumerate(checked, start=len(rows) + 1):
        store_deadlines(obj)
        obj.save()  # a lawsuit's in-file review was saved before it (reviews come first)
        created.append(obj)
        if obj.result == Result.CORRECTED and obj.redo_done_on is None:
            reopen_application(obj, actor=actor, today=today)
        if progress:
            progress(done, total)
    if progress:
        progress(total, total)
    record_event(actor=actor, event_type=EventType.REMEDIES_IMPORTED, obj=organ, details={
        "source": source, "reviews": sum(isinstance(o, Review) for o in created),
        "lawsuits": sum(isinstance(o, Lawsuit) for o in created),
        "records": [{"kind": o.url_kind, "id": o.pk, "case_no": o.case_no} for o in created]})
    return created


def _import_milestones(obj, row: dict, *, today: dt.date, fail) -> bool:
    """Fill and check an imported record's milestones in their order; False when one is wrong."""
    ok = True
    accepted_on, copy_received_on = row.get("accepted_on"), row.get("copy_received_on")
    if isinstance(obj, Review):
        obj.procedure = row.get("procedure") or Review.Procedure.SIMPLE
    if accepted_on or copy_received_on:
        try:
            _check_accept(obj, accepted_on=accepted_on, copy_received_on=copy_received_on, today=today)
            obj.accepted_on, obj.copy_received_on = accepted_on, copy_received_on
        except ApplicationError as exc:
            fail(exc, "受理/立案日期")
            ok = False
    if row.get("answered_on") and ok:
        try:
            _check_answer(obj, answered_on=row["answered_on"], today=today)
            obj.answered_on = row["answered_on"]
        except ApplicationError as exc:
            fail(exc, "答复/答辩日期")
            ok = False
    result, decided_on = row.get("result") or Result.PENDING, row.get("decided_on")
    if result == Result.PENDING:
        if decided_on:
            fail(ApplicationError("结果为尚未审结的，不应填写决定/裁判日期。", field="result"), "结果")
            ok = False
    else:
        try:
            received = row.get("decision_received_on")
            _check_decide(obj, decided_on=decided_on, result=result, received=received, today=today)
            obj.decided_on, obj.result, obj.decision_received_on = decided_on, result, received or decided_on
            if result == Result.CORRECTED:
                obj.redo_period_days = row.get("redo_period_days")
                if row.get("redo_done_on"):
                    _check_date(row["redo_done_on"], "重新答复日期", today=today, not_before=decided_on,
                                not_before_label="决定/裁判日期")
                    obj.redo_done_on = row["redo_done_on"]
        except ApplicationError as exc:
            fail(exc, "决定/裁判日期")
            ok = False
    return ok
