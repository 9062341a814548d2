"""Writes on applications: one function per action, each atomic, permission-checked and audited.

Every action on an existing case locks its row (`select_for_update`) and, when the caller passes
the `version` it showed, refuses a stale one — so two clerks acting on the same case at once
cannot both win. Clock facts go into the EventLog row's `details["clock"]`; after each action the
clock is recomputed from the events and cached on the row (`due_on`, `waiting_until`).
`actor=None` is the public (online form, API); the system (import, demo) is `SYSTEM` (None still accepted).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.events import PUBLIC_ACTOR_NAME, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.mail import queue_mail, render_mail
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.core.sequences import next_in_sequence
from gongkai.core.text import clean_items, strip_item_number
from gongkai.organs.actors import Actor, user_of
from gongkai.organs.models import Organ, Role, User
from gongkai.organs.selectors import has_role
from gongkai.workdays import current_version

from . import clock as clock_mod
from . import fees as fees_mod
from . import selectors
from .correspondence import UNSIGNED, LetterKind, LetterStatus, letter_draft, settings_of
from .intake import IntakeError, Upload, check_received_on, check_uploads, clean_application
from .models import (
    Applicant,
    Application,
    Attachment,
    Channel,
    FeeNotice,
    Status,
)
from .outcomes import DECIDABLE_BASES, Outcome, basis
from .permissions import (
    can_approve_extension,
    can_handle_application,
    can_register_application,
    can_transfer_application,
)

K = clock_mod.Kind
cn, mark = clock_mod.cn, clock_mod.mark
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DEFAULT_CORRECTION_DAYS = 15


def _today() -> dt.date:
    return timezone.localdate()


# --- numbering ---------------------------------------------------------------------------------


def new_tracking_no(year: int) -> str:
    return f"YS{year}{next_in_sequence(f'tracking:{year}'):06d}"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


# --- helpers -------------------------------------------------------------------------------------


def _lock(application: Application, version: int | None) -> Application:
    app = Application.objects.select_for_update().select_related("organ").get(pk=application.pk)
    if version is not None and int(version) != app.version:
        raise ApplicationError("该申请已被他人处理，页面内容已过时，请刷新后重试。", code="conflict")
    return app


def _clock_details(kind: clock_mod.Kind, on: dt.date, days: int = 0, **extra) -> dict:
    return {"clock": {"kind": str(kind), "on": on.isoformat(), "days": days}, **extra}


CLOCK_FIELDS = ("due_on", "due_provisional", "waiting_until", "waiting_provisional", "provisional_note",
                "calendar_version", "extension_days", "on_time")


def _store_clock(app: Application, clock: clock_mod.Clock) -> tuple:
    """Cache the clock on the row: each date as one value (date, provisional, why, calendar version)."""
    app.due_on = clock.due_on
    app.due_provisional = bool(clock.due and clock.due.provisional)
    waiting = clock.waiting
    app.waiting_until = waiting.due if waiting else None
    app.waiting_provisional = bool(waiting and waiting.provisional)
    app.provisional_note = clock.provisional_note[:300]
    app.calendar_version = current_version()
    app.extension_days = clock.extension_days
    if clock.state == clock_mod.State.CLOSED:
        app.on_time = clock.on_time
    return CLOCK_FIELDS


def _save(app: Application, *fields: str, today: dt.date | None = None) -> Application:
    """Recompute the clock from the events, then save the given fields, the clock cache and the version."""
    clock_fields = _store_clock(app, selectors.clock_for(app, today=today or _today()))
    app.version += 1
    app.save(update_fields=[*fields, *clock_fields, "version", "updated_at"])
    return app


def _past(deadline, day: dt.date) -> bool:
    """`day` is after a deadline that is *known*: a provisional one (a year without a notice) never
    refuses anything — it only warns the organ (spec §5)."""
    return deadline is not None and day > deadline.due and not deadline.provisional


def _require_status(app: Application, *statuses: str, action: str) -> None:
    if app.status not in statuses:
        raise ApplicationError(f"该申请当前状态为“{app.get_status_display()}”，不能{action}。", code="bad_state")


# --- intake ---------------------------------------------------------------------------------------


def _applicant_for(cleaned: dict, *, lock: bool = False) -> Applicant:
    """The applicant of these fields, created when new. `lock` holds its row until the transaction ends,
    so two identical submissions at once are checked for duplicates one after the other."""
    key = Applicant.key_for(name=cleaned["applicant_name"], id_number=cleaned["id_number"],
                            phone=cleaned["phone"], email=cleaned["email"])
    applicant, created = Applicant.objects.get_or_create(
        identity_key=key, defaults={"kind": cleaned["applicant_kind"], "name": cleaned["applicant_name"]})
    if lock and not created:
        applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
    if not created and (applicant.name, applicant.kind) != (cleaned["applicant_name"], cleaned["applicant_kind"]):
        applicant.name, applicant.kind = cleaned["applicant_name"], cleaned["applicant_kind"]
        applicant.save(update_fields=["name", "kind", "updated_at"])
    return applicant


def _create(*, cleaned: dict, channel: str, received_on: dt.date, uploads: list[Upload], actor: Actor, event_type,
            actor_name: str | None, arrived_on: dt.date | None = None, imported: bool = False,
            tracking_no: str | None = None, status: str = Status.PROCESSING, today: dt.date | None = None,
            applicant: Applicant | None = None) -> tuple[Application, str]:
    code = new_query_code()
    organ: Organ = cleaned.pop("organ")
    app = Application.objects.create(
        organ=organ, tracking_no=tracking_no or new_tracking_no(received_on.year),
        query_code_hash=Application.hash_query_code(code), channel=channel, received_on=received_on,
        arrived_on=arrived_on, applicant=applicant or _applicant_for(cleaned), imported=imported, status=status,
        **cleaned,
    )
    for up in uploads:
        Attachment.objects.create(application=app, kind=up.kind, file=ContentFile(up.data, name=up.name),
                                  original_name=up.name[:200], size=len(up.data), content_type=up.content_type)
    record_event(actor=actor, actor_name=actor_name, event_type=event_type, obj=app,
                 details=_clock_details(K.RECEIVED, received_on, channel=channel))
    app.version = 0
    _save(app, today=today)
    return app, code


def clean_with_uploads(data: dict, uploads: list[Upload]) -> dict:
    """The applicant's fields and the attachments checked together: every problem at once (IntakeError)."""
    errors = check_uploads(list(uploads))
    try:
        cleaned = clean_application(data)
    except IntakeError as exc:
        raise IntakeError({**exc.errors, **errors}) from None
    if errors:
        raise IntakeError(errors)
    return cleaned


class DuplicateSubmission(ApplicationError):
    """The same applicant sent the same application moments ago: `application` is the first case."""

    def __init__(self, application: Application):
        super().__init__(f"您刚才已提交过内容相同的申请（受理编号 {application.tracking_no}），本次未重复受理。",
                         code="duplicate")
        self.application = application


@transaction.atomic
def application_submit(*, data: dict, uploads: list[Upload] | tuple[Upload, ...] = (), now: dt.datetime | None = None
                       ) -> tuple[Application, str]:
    """An application through the online form or the API. Returns the case and its 查询码 (shown once).

    第三十一条: the platform's immediate acknowledgement (the 受理编号) is the confirmation by both
    sides, so an online application is received on the day it is submitted — holidays included.
    The same applicant sending the same request to the same organ again within
    settings.GONGKAI_DUPLICATE_MINUTES (a refresh, a double click, a retry after a slow answer) gets
    DuplicateSubmission naming the first case, not a second case on a clerk's desk.
    """
    cleaned = clean_with_uploads(data, list(uploads))
    applicant = _applicant_for(cleaned, lock=True)
    first = selectors.recent_duplicate(applicant=applicant, organ=cleaned["organ"],
                                       description=cleaned["description"], doc_no=cleaned["doc_no"],
                                       now=now or timezone.now())
    if first is not None:
        raise DuplicateSubmission(first)
    received_on = timezone.localdate(now) if now else _today()
    app, code = _create(cleaned=cleaned, channel=Channel.ONLINE, received_on=clock_mod.received_on_for(
        Channel.ONLINE, received_on), uploads=list(uploads), actor=None, actor_name=PUBLIC_ACTOR_NAME,
        event_type=EventType.APPLICATION_SUBMITTED, applicant=applicant)
    if app.email:  # the acknowledgement by mail (the worker sends it once the case is committed)
        queue_mail([app.email], *acknowledgement_mail(app))
    return app, code


def acknowledgement_mail(app: Application) -> tuple[str, str]:
    """Subject and body of the acknowledgement: the 受理编号 and the dates, never the 查询码 (shown once)
    nor the applicant's ID number or phone."""
    due = app.due
    return render_mail("applications/emails/acknowledgement", {
        "app": app, "received": cn(app.received_on), "due": mark(due) if due else "待定",
        "note": due.warning if due and due.provisional and due.warning else ""})


@transaction.atomic
def application_register(*, actor: Actor, data: dict, channel: str, received_on: dt.date,
                         arrived_on: dt.date | None = None, uploads: list[Upload] | tuple[Upload, ...] = (),
                         today: dt.date | None = None) -> tuple[Application, str]:
    """A clerk registers a letter, visit, fax or e-mail. `received_on` is the day 第三十一条 names for
    the channel: the day the organ signed for a registered letter, the confirmation day for an
    ordinary letter, fax or e-mail, the day of the visit."""
    cleaned = clean_with_uploads(data, list(uploads))
    require(can_register_application(actor, cleaned["organ"]), "您不能为该机关登记申请。")
    today = today or _today()
    check_received_on(channel, received_on, today=today)
    app, code = _create(cleaned=cleaned, channel=channel, received_on=clock_mod.received_on_for(channel, received_on),
                        arrived_on=arrived_on, uploads=list(uploads), actor=actor, actor_name=None,
                        event_type=EventType.APPLICATION_REGISTERED, today=today)
    app.assigned_to = user_of(actor) if has_role(actor, app.organ, Role.CLERK) else None
    app.save(update_fields=["assigned_to"])
    return app, code


def application_import(*, organ: Organ, data: dict, channel: str, received_on: dt.date, today: dt.date,
                       tracking_no: str | None = None, extension_days: int = 0) -> tuple[Application, str]:
    """One row of `manage.py import_applications` (the command wraps all rows in one transaction)."""
    cleaned = clean_application({**data, "organ": organ}, organs=Organ.objects.filter(pk=organ.pk))
    if channel not in Channel.values:
        raise IntakeError({"channel": "申请渠道无效。"})
    if received_on > today:
        raise IntakeError({"received_on": "收到日期不能晚于今天。"})
    if tracking_no and Application.objects.filter(tracking_no=tracking_no).exists():
        raise IntakeError({"tracking_no": f"受理编号{tracking_no}已存在。"})
    app, code = _create(cleaned=cleaned, channel=channel, received_on=received_on, uploads=[], actor=None,
                        actor_name="导入", event_type=EventType.APPLICATION_IMPORTED, imported=True,
                        tracking_no=tracking_no, today=today)
    if extension_days:
        record_event(actor=None, actor_name="导入", event_type=EventType.EXTENSION_APPROVED, obj=app,
                     details={**_clock_details(K.EXTENSION_GRANTED, received_on, extension_days), "days": extension_days})
        _save(app, today=today)
    return app, code


# --- assignment and transfer -------------------------------------------------------------------


@transaction.atomic
def application_assign(*, actor: Actor, application: Application, assignee: User | None,
                       version: int | None = None) -> Application:
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    if assignee is not None and not has_role(assignee, app.organ, Role.CLERK, Role.REVIEWER):
        raise ApplicationError("只能分配给本机关的经办人。", field="assignee")
    app.assigned_to = assignee
    record_event(actor=actor, event_type=EventType.APPLICATION_ASSIGNED, obj=app,
                 details={"assignee": assignee.display_name if assignee else None})
    return _save(app, "assigned_to")


@transaction.atomic
def application_transfer(*, actor: Actor, application: Application, to_organ: Organ, reason: str,
                         version: int | None = None) -> Application:
    """转办: the case was filed with the wrong organ inside Gongkai; it moves, keeping its receipt date.
    (When the information is another organ's, the answer is a 非本机关 reply, 第三十六条第（五）项.)"""
    app = _lock(application, version)
    require(can_transfer_application(actor, app))
    _require_status(app, Status.PROCESSING, action="转办")
    if to_organ.pk == app.organ_id or not to_organ.is_active:
        raise ApplicationError("请选择另一个机关。", field="to_organ")
    if not reason.strip():
        raise ApplicationError("请填写转办理由。", field="reason")
    old = app.organ
    app.organ, app.assigned_to = to_organ, None
    record_event(actor=actor, event_type=EventType.APPLICATION_TRANSFERRED, obj=app, organ=old,
                 details={"from": old.name, "to": to_organ.name, "note": reason.strip()})
    return _save(app, "organ", "assigned_to")


@transaction.atomic
def application_note(*, actor: Actor, application: Application, note: str) -> None:
    """An internal note on the timeline (staff only; never on the tracking page)."""
    app = _lock(application, None)
    require(can_handle_application(actor, app))
    if not note.strip():
        raise ApplicationError("备注不能为空。", field="note")
    record_event(actor=actor, event_type=EventType.APPLICATION_NOTE_ADDED, obj=app, details={"note": note.strip()})


# --- 补正 (第三十条) ------------------------------------------------------------------------------


@transaction.atomic
def correction_request(*, actor: Actor, application: Application, items: list[str],
                       deadline_days: int = DEFAULT_CORRECTION_DAYS, version: int | None = None,
                       today: dt.date | None = None):
    """第三十条: within 7 working days of receipt, once, listing everything to correct, with a deadline
    (working days from the notice's 送达). Drafts the 补正告知书; the clock stops when the signed notice
    is sent (`on_letter_sent`), and the 7 working days are judged on the days it is signed and sent.

    A provisional 7th working day (a year without a notice) never refuses the notice: the case page
    warns instead."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.PROCESSING, action="告知补正")
    clock = selectors.clock_for(app, today=today)
    if clock.correction_used or app.letters.filter(kind=LetterKind.CORRECTION).exists():
        raise ApplicationError("第三十条规定补正只能告知一次，本申请已告知（或已起草）补正告知书。", code="bad_state")
    notice_by = clock.correction_notice
    if _past(notice_by, today):
        raise ApplicationError(
            f"已超过第三十条规定的告知补正期限（收到申请之日起7个工作日，即{cn(notice_by.due)}），不能再告知补正。",
            code="too_late")
    items = clean_items(items)  # typed "1. …": the letter numbers the items itself
    if not items:
        raise ApplicationError("请逐项列明需要补正的事项（第三十条：一次性告知）。", field="items")
    if not 1 <= int(deadline_days) <= 30:
        raise ApplicationError("补正期限应为1至30个工作日。", field="deadline_days")
    return letter_draft(actor=actor, application=app, kind=LetterKind.CORRECTION,
                        extra={"items": items, "deadline_days": int(deadline_days)})


@transaction.atomic
def correction_receive(*, actor: Actor, application: Application, received_on: dt.date, note: str = "",
                       corrected_description: str = "", version: int | None = None,
                       today: dt.date | None = None) -> Application:
    """The corrected application arrived: the 20 working days run afresh from that day (第三十条).
    `corrected_description` is the request as corrected: the reply quotes it, not the unclear original."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.AWAITING_CORRECTION, action="登记补正")
    if received_on > today:
        raise ApplicationError("补正收到日期不能晚于今天。", field="received_on")
    requested = [e for e in selectors.clock_events(app) if e.kind == K.CORRECTION_REQUESTED]
    if requested and received_on < requested[-1].on:
        raise ApplicationError("补正收到日期不能早于告知补正的日期。", field="received_on")
    corrected = (corrected_description or "").strip()
    if len(corrected) > 5000:
        raise ApplicationError("补正后的内容描述不能超过5000字。", field="corrected_description")
    app.status = Status.PROCESSING
    app.corrected_description = corrected
    record_event(actor=actor, event_type=EventType.CORRECTION_RECEIVED, obj=app,
                 details=_clock_details(K.CORRECTION_RECEIVED, received_on, note=note.strip(),
                                        corrected=corrected[:300]))
    return _save(app, "status", "corrected_description", today=today)


def _end_by_default(*, actor: Actor, app: Application, outcome: Outcome, event_type, today: dt.date) -> Application:
    app.status, app.outcome, app.closed_on, app.decided_on = Status.CLOSED, outcome, today, today
    app.outcome_basis = "no_correction" if outcome == Outcome.OTHER_NO_CORRECTION else "unpaid_fee"
    record_event(actor=actor, event_type=event_type, obj=app, details={"on": today.isoformat()})
    record_event(actor=actor, event_type=EventType.APPLICATION_CLOSED, obj=app,
                 details=_clock_details(K.CLOSED, today, outcome=str(outcome)))
    _save(app, "status", "outcome", "outcome_basis", "closed_on", "decided_on", today=today)
    # The applicant is told the case ended (终止办理告知书); the case is closed on the end date.

    letter_draft(actor=actor, application=app, kind=LetterKind.REPLY)
    return app


def _require_lapsed(app: Application, *, today: dt.date, what: str, article: str) -> None:
    """The applicant's 补正 or 缴费 deadline has passed on the recomputed clock — and is not a guess:
    a provisional date never ends an applicant's step (spec §5), it only warns the organ."""
    waiting = selectors.clock_for(app, today=today).applicant
    if waiting is None:
        raise ApplicationError(f"{what}通知尚未送达，{what}期限还没有开始计算。", code="bad_state")
    if today <= waiting.due:
        raise ApplicationError(f"{what}期限至{cn(waiting.due)}，尚未届满（{article}）。", code="bad_state")
    if waiting.provisional:
        raise ApplicationError(
            f"{what}期限{mark(waiting)}是按暂定日历推算的：{waiting.warning}在该年度放假安排录入、期限确定之前，"
            f"不能据此终止办理（{article}）。", code="provisional")


@transaction.atomic
def correction_lapse(*, actor: Actor, application: Application, version: int | None = None,
                     today: dt.date | None = None) -> Application:
    """No correction by the deadline: 视为放弃申请 (第三十条); the case ends as other_no_correction."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.AWAITING_CORRECTION, action="终止办理")
    _require_lapsed(app, today=today, what="补正", article="第三十条")
    return _end_by_default(actor=actor, app=app, outcome=Outcome.OTHER_NO_CORRECTION,
                           event_type=EventType.CORRECTION_LAPSED, today=today)


# --- 征求意见 (第三十二条、第三十四条) --------------------------------------------------------------


@transaction.atomic
def consultation_start(*, actor: Actor, application: Application, party: str, party_kind: str = "third_party",
                       matters: str = "", version: int | None = None, today: dt.date | None = None):
    """Ask a third party (第三十二条) or a co-maker organ (第三十四条); the time is not counted. Drafts the
    征求意见书 to the party (returned) and the 征求意见告知书 telling the applicant."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.PROCESSING, action="征求意见")
    if not party.strip():
        raise ApplicationError("请填写被征求意见的第三方或机关名称。", field="party")
    if party_kind not in ("third_party", "organ"):
        raise ApplicationError("被征求意见方类型无效。", field="party_kind")
    app.status = Status.CONSULTING
    record_event(actor=actor, event_type=EventType.CONSULTATION_STARTED, obj=app,
                 details=_clock_details(K.CONSULTATION_STARTED, today, party=party.strip(), party_kind=party_kind))
    _save(app, "status", today=today)
    letter_draft(actor=actor, application=app, kind=LetterKind.CONSULTATION_NOTICE,
                 extra={"party_kind": party_kind})
    return letter_draft(actor=actor, application=app, kind=LetterKind.CONSULTATION,
                        extra={"party": party.strip(), "party_kind": party_kind, "matters": matters.strip()})


@transaction.atomic
def consultation_end(*, actor: Actor, application: Application, ended_on: dt.date, opinion: str = "",
                     version: int | None = None, today: dt.date | None = None) -> Application:
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.CONSULTING, action="结束征求意见")
    if ended_on > today:
        raise ApplicationError("结束日期不能晚于今天。", field="ended_on")
    app.status = Status.PROCESSING
    record_event(actor=actor, event_type=EventType.CONSULTATION_ENDED, obj=app,
                 details=_clock_details(K.CONSULTATION_ENDED, ended_on, note=opinion.strip()))
    return _save(app, "status", today=today)


# --- 延期 (第三十三条第二款) ------------------------------------------------------------------------


def _require_extension_open(app: Application, *, today: dt.date, action: str) -> None:
    """第三十三条第二款: an extension is asked, approved and notified within the original period —
    judged on the recomputed clock. A provisional deadline does not refuse (the page warns)."""
    due = selectors.clock_for(app, today=today).due
    if _past(due, today):
        raise ApplicationError(
            f"答复期限已于{cn(due.due)}届满，不能再{action}（第三十三条第二款：延长答复期限须在期限内经负责人同意"
            "并告知申请人）。", code="too_late")
    if app.letters.filter(kind=LetterKind.EXTENSION).exclude(status__in=[LetterStatus.SENT, LetterStatus.SERVED]
                                                             ).exists():
        raise ApplicationError("已批准的延期答复告知书尚未发出，请先签发并发出该告知书。", code="bad_state")


@transaction.atomic
def extension_request(*, actor: Actor, application: Application, days: int, reason: str,
                      version: int | None = None, today: dt.date | None = None) -> Application:
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.PROCESSING, Status.CONSULTING, action="申请延期")
    if app.extension_days:
        raise ApplicationError("本申请已延期，第三十三条规定延长的期限最长不超过20个工作日。", code="bad_state")
    if not 1 <= int(days) <= clock_mod.MAX_EXTENSION_DAYS:
        raise ApplicationError("延长的期限应为1至20个工作日（第三十三条第二款）。", field="days")
    if not reason.strip():
        raise ApplicationError("请说明延期理由。", field="reason")
    _require_extension_open(app, today=today, action="申请延期")
    app.extension_requested_days, app.extension_reason = int(days), reason.strip()
    record_event(actor=actor, event_type=EventType.EXTENSION_REQUESTED, obj=app,
                 details={"days": int(days), "note": reason.strip()})
    return _save(app, "extension_requested_days", "extension_reason", today=today)


@transaction.atomic
def extension_approve(*, actor: Actor, application: Application, version: int | None = None,
                      today: dt.date | None = None):
    """The reviewer (工作机构负责人) approves; the 延期答复告知书 is drafted for the applicant."""
    today = today or _today()
    app = _lock(application, version)
    require(can_approve_extension(actor, app), "只有本机关的审核人可以批准延期。")
    if not app.extension_requested_days:
        raise ApplicationError("没有待批准的延期申请。", code="bad_state")
    _require_extension_open(app, today=today, action="批准延期")
    days = app.extension_requested_days
    app.extension_requested_days = 0
    # 第三十三条第二款: consent *and* notice. The extension takes effect when the notice is sent before
    # the original deadline (`on_letter_sent`); the letter states the date it will give.
    record_event(actor=actor, event_type=EventType.EXTENSION_APPROVED, obj=app, details={"days": days})
    _save(app, "extension_requested_days", today=today)
    extended = selectors.clock_for(app, today=today, extra_events=(clock_mod.ClockEvent(K.EXTENSION_GRANTED, today,
                                                                                        days),))
    requested = (selectors.staff_timeline(app).filter(event_type=EventType.EXTENSION_REQUESTED)
                 .order_by("-created_at", "-id").first())
    return letter_draft(actor=actor, application=app, kind=LetterKind.EXTENSION,
                        extra={"days": days, "reason": app.extension_reason}, due=extended.due,
                        decided_by=requested.actor if requested and requested.actor else actor)


@transaction.atomic
def extension_refuse(*, actor: Actor, application: Application, reason: str = "",
                     version: int | None = None) -> Application:
    app = _lock(application, version)
    require(can_approve_extension(actor, app), "只有本机关的审核人可以审批延期。")
    if not app.extension_requested_days:
        raise ApplicationError("没有待审批的延期申请。", code="bad_state")
    if not (reason or "").strip():
        raise ApplicationError("请填写不批准延期的理由。", field="reason")
    app.extension_requested_days = 0
    record_event(actor=actor, event_type=EventType.EXTENSION_REFUSED, obj=app, details={"note": reason.strip()})
    return _save(app, "extension_requested_days")


# --- 信息处理费 (第四十二条, 国办函〔2020〕109号) --------------------------------------------------------


def _require_within_reply_period(app: Application, *, on: dt.date, what: str) -> None:
    """第四十二条 and 国办函〔2020〕109号: the fee notice is sent within the reply period (a notice after
    it cannot pause an overdue case). Judged on the recomputed clock; a provisional date only warns."""
    due = selectors.clock_for(app, today=on).due
    if _past(due, on):
        raise ApplicationError(
            f"答复期限已于{cn(due.due)}届满，不能再{what}（第四十二条、国办函〔2020〕109号：收费通知应在答复期限内发出）。",
            code="too_late")


@transaction.atomic
def fee_notice_issue(*, actor: Actor, application: Application, method: str, pages: int | None = None,
                     payment: dict | None = None, version: int | None = None, today: dt.date | None = None):
    """Propose a fee: 按件 or 按量, never both, once per application. Drafts the 收费通知书 with the 缴纳方式
    (`payment`: this notice's values, else the organ's defaults; the 非税收入缴款码 is per notice); the
    clock pauses when the notice is served (`on_letter_served`)."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.PROCESSING, action="发出收费通知")
    if FeeNotice.objects.filter(application=app).exists():
        raise ApplicationError("本申请已发出收费通知；同一申请只能按一种方式收费一次（国办函〔2020〕109号第三条）。",
                               code="bad_state")
    _require_within_reply_period(app, on=today, what="发出收费通知")
    try:
        if method == fees_mod.PER_ITEM:
            if pages is not None:
                raise ValueError("按件计收不能同时填写页数。")
            nth = selectors.applicant_count_in_month(app)
            quote = fees_mod.quote(method, nth=nth, scope=selectors.per_item_scope())
        else:
            if pages is None:
                raise ValueError("按量计收请填写页数。")
            nth = None
            quote = fees_mod.quote(method, pages=int(pages))
    except ValueError as exc:
        raise ApplicationError(str(exc), field="method") from exc
    if quote.is_free:
        raise ApplicationError("按该方式计算无需收费：" + "；".join(quote.working[1:]), field="method")
    organ_defaults = settings_of(app.organ)
    given = {k: (v or "").strip() for k, v in (payment or {}).items() if k in PAYMENT_DEFAULTS}
    paying = {field: given.get(field) or getattr(organ_defaults, default, "")
              for field, default in PAYMENT_DEFAULTS.items()}
    notice = FeeNotice.objects.create(application=app, method=method, nth_in_month=nth,
                                      pages=pages if method == fees_mod.PER_PAGE else None,
                                      amount=quote.amount, working=quote.working, **paying)
    record_event(actor=actor, event_type=EventType.FEE_NOTICE_ISSUED, obj=app,
                 details={"method": method, "amount": str(quote.amount), "working": quote.working})
    _save(app, today=today)
    return letter_draft(actor=actor, application=app, kind=LetterKind.FEE,
                        extra={"amount": str(notice.amount), "method": method, "working": quote.working, **paying})


# The 缴纳方式 of a fee notice and the organ setting each defaults to ("" : per notice only).
PAYMENT_DEFAULTS = {"payment_method": "fee_payment_method", "payee": "fee_payee", "bank": "fee_bank",
                    "account": "fee_account", "payment_code": "", "payment_note": "fee_note"}


@transaction.atomic
def fee_paid(*, actor: Actor, application: Application, paid_on: dt.date, version: int | None = None,
             today: dt.date | None = None) -> Application:
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.AWAITING_FEE, action="登记缴费")
    if paid_on > today:
        raise ApplicationError("缴费日期不能晚于今天。", field="paid_on")
    notice = app.fee_notice
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on", "updated_at"])
    app.status = Status.PROCESSING
    record_event(actor=actor, event_type=EventType.FEE_PAID, obj=app, details=_clock_details(K.FEE_PAID, paid_on))
    return _save(app, "status", today=today)


@transaction.atomic
def fee_lapse(*, actor: Actor, application: Application, version: int | None = None,
              today: dt.date | None = None) -> Application:
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.AWAITING_FEE, action="终止办理")
    _require_lapsed(app, today=today, what="缴费", article="国办函〔2020〕109号")
    return _end_by_default(actor=actor, app=app, outcome=Outcome.OTHER_UNPAID_FEE,
                           event_type=EventType.FEE_LAPSED, today=today)


# --- 答复 (第三十六条 to 第三十九条) ------------------------------------------------------------------


@transaction.atomic
def outcome_decide(*, actor: Actor, application: Application, basis_code: str, reason: str = "",
                   withheld: list[dict] | None = None, responsible_organ: str = "", responsible_contact: str = "",
                   version: int | None = None, today: dt.date | None = None):
    """Decide the reply: one outcome (a row of table 三) per case, with its article. Drafts the 答复书;
    the case closes when that letter is served (`on_letter_served`)."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.PROCESSING, action="作出答复决定")
    if basis_code not in {b.code for b in DECIDABLE_BASES}:
        raise ApplicationError("请选择答复类型。", field="basis")
    b = basis(basis_code)
    detail: dict = {"reason": reason.strip()}
    if "withheld" in b.needs:
        # 第三十七条: 部分公开 records what was withheld and why.
        rows = [w for w in (withheld or []) if strip_item_number(w.get("part") or "")]
        if not rows or any(not (w.get("reason") or "").strip() for w in rows):
            raise ApplicationError("部分公开的，请逐项列明不予公开的内容及理由。", field="withheld")
        detail["withheld"] = [{"part": strip_item_number(w["part"]), "reason": w["reason"].strip()} for w in rows]
    if "responsible_organ" in b.needs:
        # 第三十六条第（五）项: name the responsible organ and its contact when known.
        detail["responsible_organ"] = responsible_organ.strip()
        detail["responsible_contact"] = responsible_contact.strip()
    if b.code == "still_unclear" and not selectors.clock_for(app, today=today).correction_used:
        raise ApplicationError("“补正后申请内容仍不明确”只适用于已告知补正的申请。", field="basis")
    if "reason" in b.needs and not detail["reason"] and b.outcome != Outcome.DISCLOSED:
        raise ApplicationError("请填写理由或说明。", field="reason")
    app.status, app.outcome, app.outcome_basis = Status.REPLYING, b.outcome, b.code
    app.outcome_detail, app.decided_on = detail, today
    record_event(actor=actor, event_type=EventType.OUTCOME_DECIDED, obj=app,
                 details={"outcome": str(b.outcome), "basis": b.code, "article": b.article})
    _save(app, "status", "outcome", "outcome_basis", "outcome_detail", "decided_on", today=today)
    return letter_draft(actor=actor, application=app, kind=LetterKind.REPLY)


@transaction.atomic
def outcome_withdraw(*, actor: Actor, application: Application, reason: str, version: int | None = None,
                     today: dt.date | None = None) -> Application:
    """Withdraw a decision before its letter is signed (a wrong pick among the outcomes, a reviewer's
    return): the reply letter is withdrawn (kept, marked 已撤回), the case goes back to the state it was in
    before the decision — 办理中 for a reply, 待补正 or 待缴费 for an ending by default, whose closing is
    undone on the clock — and table 三, which counts the case's outcome and 办结日期, follows. Audited
    with the reason. Once the letter is signed the decision stands (a correction is then a 纠正)."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    reason = (reason or "").strip()
    reply = app.letters.filter(kind=LetterKind.REPLY).exclude(status=LetterStatus.WITHDRAWN).order_by("-id").first()
    if not app.outcome or reply is None:
        raise ApplicationError("本申请没有可以撤回的答复决定。", code="bad_state")
    if reply.status not in UNSIGNED:
        raise ApplicationError(
            f"{reply.title}已于{cn(reply.approved_on)}签发（{reply.doc_no}），决定不能再撤回；"
            "如答复有误，请依法另行更正。", code="bad_state")
    if not reason:
        raise ApplicationError("请填写撤回决定的理由。", field="reason")
    details = {"outcome": app.outcome, "basis": app.outcome_basis, "letter": reply.pk, "title": reply.title,
               "note": reason[:500]}
    fields = ["status", "outcome", "outcome_basis", "outcome_detail", "decided_on", "closed_on", "on_time"]
    if app.status == Status.REPLYING:
        app.status = Status.PROCESSING
    elif app.status == Status.CLOSED and app.outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_UNPAID_FEE):
        # An ending by default closed the case at once: reopen the applicant's step it ended.
        app.status = (Status.AWAITING_CORRECTION if app.outcome == Outcome.OTHER_NO_CORRECTION
                      else Status.AWAITING_FEE)
        details.update(_clock_details(K.CLOSE_WITHDRAWN, today))
    else:
        raise ApplicationError(f"该申请当前状态为“{app.get_status_display()}”，不能撤回决定。", code="bad_state")
    reply.status = LetterStatus.WITHDRAWN
    reply.save(update_fields=["status", "updated_at"])
    app.outcome = app.outcome_basis = ""
    app.outcome_detail, app.decided_on, app.closed_on, app.on_time = {}, None, None, None
    record_event(actor=actor, event_type=EventType.OUTCOME_WITHDRAWN, obj=app, details=details)
    return _save(app, *fields, today=today)


# --- letters sent and served: what each 发出 and 送达 does to the case -----------------------------------


def check_letter_signable(letter, *, today: dt.date) -> None:
    """Called by `letters.services.letter_approve` before the reviewer signs: a 补正告知书 signed after
    the 7th working day is refused (第三十条); a provisional 7th day only warns."""
    if letter.kind == LetterKind.CORRECTION:
        notice_by = selectors.clock_for(letter.application, today=today).correction_notice
        if _past(notice_by, today):
            raise ApplicationError(
                f"第三十条：补正告知书应当自收到申请之日起7个工作日内（即{cn(notice_by.due)}前）签发并发出；"
                f"今天（{cn(today)}）签发已超过期限，不能再告知补正，请按现有申请内容办理。", code="too_late")


_REPLY_SENT_HOOKS: list = []


def register_reply_sent_hook(fn) -> None:
    """`fn(*, actor, application, sent_on)` runs in the same transaction when a reply is sent (gongkai.remedies
    marks a 纠正's new reply as done). Registered from an app's `ready()`; no app imports upwards."""
    if fn not in _REPLY_SENT_HOOKS:
        _REPLY_SENT_HOOKS.append(fn)


def on_letter_sent(*, actor: Actor, letter, today: dt.date | None = None) -> Application:
    """Called inside `letters.services.letter_send` / `letter_serve` (same transaction) with the letter's
    发出日期 set. The day a notice leaves the organ is the day its lateness is judged on; the day a
    reply leaves it is the day the case is answered (民事诉讼法第八十五条 by analogy: 期满前交邮的，不算过期)
    and the year it counts in.

    - 补正告知书 (第三十条): signed and sent within 7 working days of receipt, else refused; the clock stops.
    - 延期答复告知书 (第三十三条第二款): sent before the original deadline, else refused; the extension
      takes effect.
    - 收费通知书 (第四十二条, 国办函〔2020〕109号): sent within the reply period, else refused.
    - 答复书: the case closes on the sending day.
    Each refusal names its article and the date; a provisional date never refuses.
    """
    today = today or _today()
    app = _lock(letter.application, None)
    sent = letter.sent_on
    fields: list[str] = []
    base = {"title": letter.title, "letter": letter.pk, "sent_on": sent.isoformat(),
            "method": letter.served_method, "registered_no": letter.registered_no}
    if letter.kind == LetterKind.CORRECTION:
        _require_status(app, Status.PROCESSING, action="发出补正告知书")
        clock = selectors.clock_for(app, today=today)
        notice_by = clock.correction_notice
        if clock.correction_used:
            raise ApplicationError("第三十条规定补正只能告知一次，本申请已发出过补正告知书。", code="bad_state")
        late = [f"{what}{cn(day)}" for what, day in (("签发于", letter.approved_on), ("发出于", sent))
                if day and _past(notice_by, day)]
        if late:
            raise ApplicationError(
                f"第三十条：补正告知书应当自收到申请之日起7个工作日内（即{cn(notice_by.due)}前）签发并发出；"
                f"本告知书{'、'.join(late)}，已超过期限，不能再告知补正，请按现有申请内容办理。", code="too_late")
        app.status = Status.AWAITING_CORRECTION
        fields.append("status")
        record_event(actor=actor, event_type=EventType.LETTER_SENT, obj=app, details=base)
        extra = letter.extra or {}
        record_event(actor=actor, event_type=EventType.CORRECTION_REQUESTED, obj=app, details=_clock_details(
            K.CORRECTION_REQUESTED, sent, items=extra.get("items", []), deadline_days=extra.get("deadline_days"),
            letter=letter.pk))
    elif letter.kind == LetterKind.EXTENSION:
        days = int((letter.extra or {}).get("days", 0))
        due = selectors.clock_for(app, today=today).due  # the original deadline (the extension is not in yet)
        if _past(due, sent):
            raise ApplicationError(
                f"第三十三条第二款：延长答复期限须经负责人同意并告知申请人，延期答复告知书应在原答复期限"
                f"（{cn(due.due)}）届满前发出；本告知书于{cn(sent)}发出，延期不能生效。", code="too_late")
        record_event(actor=actor, event_type=EventType.LETTER_SENT, obj=app, details=base)
        record_event(actor=actor, event_type=EventType.EXTENSION_NOTIFIED, obj=app,
                     details={**_clock_details(K.EXTENSION_GRANTED, sent, days), "days": days, "letter": letter.pk})
    elif letter.kind == LetterKind.FEE:
        _require_status(app, Status.PROCESSING, action="发出收费通知")
        due = selectors.clock_for(app, today=today).due
        if _past(due, sent):
            raise ApplicationError(
                f"第四十二条、国办函〔2020〕109号：收费通知应在答复期限内发出；答复期限为{cn(due.due)}，"
                f"本通知于{cn(sent)}发出，不能再收取信息处理费。", code="too_late")
        record_event(actor=actor, event_type=EventType.LETTER_SENT, obj=app, details=base)
    elif letter.kind == LetterKind.REPLY and app.status == Status.REPLYING:
        app.status, app.closed_on = Status.CLOSED, sent
        fields += ["status", "closed_on"]
        record_event(actor=actor, event_type=EventType.LETTER_SENT, obj=app, details=base)
        record_event(actor=actor, event_type=EventType.APPLICATION_CLOSED, obj=app,
                     details=_clock_details(K.CLOSED, sent, outcome=app.outcome))
        for hook in _REPLY_SENT_HOOKS:
            hook(actor=actor, application=app, sent_on=sent)
    elif letter.kind == LetterKind.REPLY and app.status != Status.CLOSED:
        _require_status(app, Status.REPLYING, action="发出答复书")
    else:
        record_event(actor=actor, event_type=EventType.LETTER_SENT, obj=app, details=base)
    return _save(app, *fields, today=today)


def on_letter_served(*, actor: Actor, letter, today: dt.date | None = None) -> Application:
    """Called inside `letters.services.letter_serve` (same transaction), after `on_letter_sent`: the 送达
    date starts the applicant's deadline for a 补正 or a fee and the consulted party's 15 days; for a
    reply it is recorded (the remedy periods run from it) — the case closed when the reply was sent."""
    today = today or _today()
    app = _lock(letter.application, None)
    on = letter.served_on
    fields: list[str] = []
    served = {"title": letter.title, "letter": letter.pk, "on": on.isoformat(), "method": letter.served_method}
    if letter.kind == LetterKind.CORRECTION:
        # 第三十条: the applicant's 补正 period runs from the 送达 of the notice, so it can only start
        # while the case still waits for the correction; once the corrected application has arrived
        # (or the case ended), serving the notice would restart a deadline that no longer exists.
        if app.status != Status.AWAITING_CORRECTION:
            raise ApplicationError(
                f"该申请当前状态为“{app.get_status_display()}”，已不在待补正状态，补正告知书不能再登记送达"
                "（第三十条：补正期限自告知书送达之日起算）。", code="bad_state")
        days = int((letter.extra or {}).get("deadline_days", DEFAULT_CORRECTION_DAYS))
        record_event(actor=actor, event_type=EventType.LETTER_SERVED, obj=app,
                     details=_clock_details(K.CORRECTION_SERVED, on, days, title=letter.title, letter=letter.pk))
    elif letter.kind == LetterKind.CONSULTATION:
        if app.status != Status.CONSULTING:
            raise ApplicationError(
                f"该申请当前状态为“{app.get_status_display()}”，征求意见已结束，征求意见书不能再登记送达。",
                code="bad_state")
        record_event(actor=actor, event_type=EventType.LETTER_SERVED, obj=app,
                     details=_clock_details(K.CONSULTATION_SERVED, on, title=letter.title, letter=letter.pk))
    elif letter.kind == LetterKind.FEE:
        _require_status(app, Status.PROCESSING, action="送达收费通知")
        app.status = Status.AWAITING_FEE
        fields.append("status")
        record_event(actor=actor, event_type=EventType.LETTER_SERVED, obj=app,
                     details=_clock_details(K.FEE_NOTICE_SERVED, on, title=letter.title, letter=letter.pk))
    else:
        record_event(actor=actor, event_type=EventType.LETTER_SERVED, obj=app, details=served)
    return _save(app, *fields, today=today)


# --- 复议/诉讼 纠正: the case reopened for a new reply (gongkai.remedies) --------------------------------


@transaction.atomic
def application_reopen_after_correction(*, actor: Actor, application: Application, remedy, received_on: dt.date,
                                        period_days: int | None = None, due_on: dt.date | None = None,
                                        today: dt.date | None = None) -> Application:
    """A 行政复议 decision or a judgment corrected the reply (撤销、责令重新答复): the case is reopened
    for a new reply, back in the clerk's inbox, due within the period the decision sets from the day
    the organ received it (行政复议法 第六十四条) — `period_days` working days, or the date `due_on`
    when the decision fixes one (or counts calendar days) — 20 working days where it sets none.

    The reply it superseded moves to `prior_replies` (it counted in table 三 of its own year); the new
    reply is answered, sent and counted like any reply (annual_reports.providers.case_facts). A case
    never answered (复议 against 逾期不答复) keeps running, due on the decision's date."""
    today = today or _today()
    app = _lock(application, None)
    if app.status == Status.CLOSED:
        app.prior_replies = [*(app.prior_replies or []), {
            "outcome": app.outcome, "basis": app.outcome_basis, "closed_on": app.closed_on.isoformat(),
            "on_time": app.on_time, "reopened_on": received_on.isoformat()}]
        app.status, app.outcome, app.outcome_basis, app.outcome_detail = Status.PROCESSING, "", "", {}
        app.closed_on = app.decided_on = app.on_time = None
    else:  # the decision orders a reply within its period: whatever the case waited for, it is answered now
        app.status, app.outcome, app.outcome_basis, app.outcome_detail, app.decided_on = (
            Status.PROCESSING, "", "", {}, None)
    app.reopened_on = received_on
    days = None if due_on else (period_days or 20)
    clock = _clock_details(K.REOPENED, received_on, days or 0)
    if due_on:
        clock["clock"]["until"] = due_on.isoformat()
    record_event(actor=actor, event_type=EventType.APPLICATION_REOPENED, obj=app, details={
        **clock, "remedy": remedy._meta.model_name, "remedy_id": remedy.pk, "case_no": remedy.case_no,
        "period_days": days, "due_on": due_on.isoformat() if due_on else None,
    })
    return _save(app, "status", "outcome", "outcome_basis", "outcome_detail", "closed_on", "decided_on",
                 "prior_replies", "reopened_on", today=today)
