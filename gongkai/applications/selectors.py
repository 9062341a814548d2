"""Named reads about applications: the workbench lists, the 督办 lists, the clock, the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Q, QuerySet

from gongkai.core.events import events_for
from gongkai.core.models import EventLog, EventType
from gongkai.organs.models import Organ, Role, User
from gongkai.organs.selectors import organs_overseen, organs_with_role
from gongkai.workdays import add_working_days, current_version
from gongkai.workdays.selectors import lookup_for

from . import clock as clock_mod
from .models import RUNNING_STATUSES, Application, Status
from .outcomes import Outcome

# --- the clock --------------------------------------------------------------------------------


def clock_events(application: Application) -> list[clock_mod.ClockEvent]:
    """The clock-relevant facts of the case, read from its EventLog (details["clock"])."""
    result = []
    for details in events_for(application).values_list("details", flat=True):
        c = (details or {}).get("clock")
        if c:
            until = dt.date.fromisoformat(c["until"]) if c.get("until") else None
            result.append(clock_mod.ClockEvent(clock_mod.Kind(c["kind"]), dt.date.fromisoformat(c["on"]),
                                               int(c.get("days", 0)), until))
    return result


def corrected_on(application: Application) -> dt.date | None:
    """The day the corrected application arrived (第三十条), or None."""
    days = [e.on for e in clock_events(application) if e.kind == clock_mod.Kind.CORRECTION_RECEIVED]
    return days[-1] if days else None


def clock_for(application: Application, *, today: dt.date,
              extra_events: tuple[clock_mod.ClockEvent, ...] = ()) -> clock_mod.Clock:
    """The case's clock, every date stamped with the calendar version it was computed with.
    `extra_events` adds facts not yet recorded (the date a pending extension would give)."""
    version = current_version()
    clock = clock_mod.compute(
        application.received_on, [*clock_events(application), *extra_events], lookup_for(application.organ),
        today=today, fee_pauses=getattr(settings, "GONGKAI_FEE_PAUSES_CLOCK", True),
    )
    for name in ("due", "applicant", "party", "correction_notice"):
        value = getattr(clock, name)
        if value is not None:
            setattr(clock, name, replace(value, calendar_version=version))
    return clock


# --- lists ------------------------------------------------------------------------------------


def applications_visible_to(user) -> QuerySet[Application]:
    """The cases `can_view_application` allows: the organ's clerks and reviewers, supervisors above it,
    system administrators (not a column owner, who holds a role in the organ but handles no cases)."""
    organs = organs_overseen(user, Role.CLERK, Role.REVIEWER)
    return Application.objects.filter(organ__in=organs).select_related("organ", "assigned_to")


def inbox(user, *, status: str = "", q: str = "", mine: bool = False, organ: Organ | None = None
          ) -> QuerySet[Application]:
    """The workbench list: open cases first by due date; search by 受理编号, applicant or text."""
    qs = applications_visible_to(user)
    if organ is not None:
        qs = qs.filter(organ=organ)
    if status == "open":
        qs = qs.exclude(status=Status.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(assigned_to=user)
    q = q.strip()
    if q:
        # The applicant's name (personal data) is searched only in the organs where the user handles
        # cases (clerk, reviewer); a supervisor or administrator cannot find a case by a person's name.
        handled = organs_with_role(user, Role.CLERK, Role.REVIEWER)
        qs = qs.filter(Q(tracking_no__iexact=q) | Q(description__icontains=q) | Q(doc_no__icontains=q)
                       | Q(applicant_name__icontains=q, organ__in=handled))
    return qs.order_by("due_on", "received_on", "id")


def due_soon_bound(today: dt.date) -> dt.date:
    """The last due date that counts as "due soon": 3 working days from today (national calendar)."""
    return add_working_days(today, clock_mod.DUE_SOON_DAYS)


def due_soon(*, today: dt.date, queryset: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """Running cases due today or within the next 3 working days (督办)."""
    qs = Application.objects.all() if queryset is None else queryset
    return qs.filter(status__in=RUNNING_STATUSES, due_on__gte=today, due_on__lte=due_soon_bound(today))


def overdue(*, today: dt.date, queryset: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """Running cases whose 答复期限 has passed with no reply served (督办)."""
    qs = Application.objects.all() if queryset is None else queryset
    return qs.filter(status__in=RUNNING_STATUSES, due_on__lt=today)


def applicant_deadline_passed(*, today: dt.date, queryset: QuerySet[Application] | None = None
                              ) -> QuerySet[Application]:
    """Cases waiting for a 补正 or a fee whose deadline has passed: the organ should end them (a
    provisional deadline is listed too, as a warning: it never ends the applicant's step)."""
    qs = Application.objects.all() if queryset is None else queryset
    return qs.filter(status__in=(Status.AWAITING_CORRECTION, Status.AWAITING_FEE), waiting_until__lt=today)


def consultation_period_passed(*, today: dt.date, queryset: QuerySet[Application] | None = None
                               ) -> QuerySet[Application]:
    """Consultations whose party's 15 working days are over (第三十二条): the clock resumes, or the
    organ recorded that it still waits and the case is chased every day."""
    qs = Application.objects.all() if queryset is None else queryset
    return qs.filter(status=Status.CONSULTING, waiting_until__lt=today)


# --- the clerk's worklists (the home page counts them; the inbox lists them: one selector for both) ----


@dataclass(frozen=True)
class Worklist:
    name: str
    label: str  # what the home page and the list page call it
    action: str  # what the clerk does about each case, in Chinese
    urgent: bool = False


WORKLISTS = (
    Worklist("unassigned", "新收待分配经办人", "分配经办人"),
    Worklist("overdue", "已逾期未答复", "立即答复（第三十三条）", urgent=True),
    Worklist("due_soon", "3个工作日内到期", "尽快答复或申请延期（第三十三条第二款）"),
    Worklist("correction_lapsed", "申请人补正期限已过", "登记收到补正，或按逾期未补正终止办理（第三十条）", urgent=True),
    Worklist("fee_lapsed", "申请人缴费期限已过", "登记缴费，或按逾期未缴费终止办理（国办函〔2020〕109号）", urgent=True),
    Worklist("consultation_lapsed", "第三方征求意见期限已过", "结束征求意见，或记录继续等待的理由（第三十二条）",
             urgent=True),
    Worklist("extension_pending", "延期待审核人批准", "等待审核人批准或不批准（第三十三条第二款）"),
    Worklist("reminded", "今日收到督办提醒", "按提醒办理"),
)
WORKLIST_BY_NAME = {w.name: w for w in WORKLISTS}


def handled_by(user) -> QuerySet[Application]:
    """The cases of the organs where the user handles applications (clerk or reviewer): the base of
    the worklists, so a supervisor's or a column owner's home page counts none."""
    return Application.objects.filter(organ__in=organs_with_role(user, Role.CLERK, Role.REVIEWER))


def worklist(user, name: str, *, today: dt.date) -> QuerySet[Application]:
    """One named worklist of the user's organs (see WORKLISTS); unknown names raise KeyError."""
    from .models import OPEN_STATUSES

    qs = handled_by(user)
    if name == "unassigned":
        return qs.filter(status__in=OPEN_STATUSES, assigned_to__isnull=True)
    if name == "overdue":
        return overdue(today=today, queryset=qs)
    if name == "due_soon":
        return due_soon(today=today, queryset=qs)
    if name == "correction_lapsed":
        return applicant_deadline_passed(today=today, queryset=qs).filter(status=Status.AWAITING_CORRECTION)
    if name == "fee_lapsed":
        return applicant_deadline_passed(today=today, queryset=qs).filter(status=Status.AWAITING_FEE)
    if name == "consultation_lapsed":
        # Past the party's period: the stored date has passed, or the clock already runs again (the party's
        # period ended before the case was last saved) while the case still says 征求意见中.
        return qs.filter(Q(pk__in=consultation_period_passed(today=today, queryset=qs).values("pk"))
                         | Q(status=Status.CONSULTING, waiting_until__isnull=True, due_on__isnull=False))
    if name == "extension_pending":
        return qs.filter(extension_requested_days__gt=0, status__in=(Status.PROCESSING, Status.CONSULTING))
    if name == "reminded":
        return qs.filter(pk__in=reminded_on(today))
    raise KeyError(name)


def reminded_on(day: dt.date) -> QuerySet:
    """The ids of the cases the chase reminded of on `day` (`gongkai.core.reminders.remind_once`)."""
    from django.db.models import BigIntegerField
    from django.db.models.functions import Cast

    from gongkai.core.models import ReminderSent

    return (EventLog.objects.filter(event_type=EventType.APPLICATION_REMINDED,
                                    pk__in=ReminderSent.objects.filter(day=day).values("event_id"))
            .annotate(application_id=Cast("object_id", BigIntegerField())).values("application_id"))


def reviewers_of(organ: Organ):
    return User.objects.filter(is_active=True, memberships__organ=organ, memberships__role=Role.REVIEWER)


def clerks_of(organ: Organ):
    return User.objects.filter(is_active=True, memberships__organ=organ, memberships__role=Role.CLERK)


# --- the same applicant ---------------------------------------------------------------------


PER_ITEM_SCOPE_ORGAN, PER_ITEM_SCOPE_PLATFORM = "organ", "platform"


def per_item_scope() -> str:
    """按件 counting: per organ (the default: each organ charges for the applications made to it) or
    across the platform (`GONGKAI_FEE_PER_ITEM_SCOPE = "platform"`). 国办函〔2020〕109号 第四条 counts
    "同一申请人一个自然月内累计申请" without saying across which organs; an applicant is charged by
    the organ that answers, so counting the organ's own applications is the safer reading."""
    scope = getattr(settings, "GONGKAI_FEE_PER_ITEM_SCOPE", PER_ITEM_SCOPE_ORGAN)
    return PER_ITEM_SCOPE_PLATFORM if scope == PER_ITEM_SCOPE_PLATFORM else PER_ITEM_SCOPE_ORGAN


def applicant_count_in_month(application: Application) -> int:
    """按件 (国办函〔2020〕109号 第四条): this application's place among the applicant's applications
    received in the same natural month — to this organ, or across the platform (`per_item_scope`)."""
    start = application.received_on.replace(day=1)
    qs = Application.objects.filter(
        applicant_id=application.applicant_id, received_on__gte=start, received_on__lte=application.received_on,
    ).filter(Q(received_on__lt=application.received_on) | Q(id__lte=application.id))
    if per_item_scope() == PER_ITEM_SCOPE_ORGAN:
        qs = qs.filter(organ_id=application.organ_id)
    return qs.count()


def similar_earlier(application: Application) -> QuerySet[Application]:
    """The applicant's earlier cases asking for the same thing (重复申请, 第三十六条第（六）项)."""
    text = application.description.strip()
    return Application.objects.filter(applicant_id=application.applicant_id, description=text).exclude(
        pk=application.pk).filter(received_on__lte=application.received_on)


DUPLICATE_MINUTES = 10


def recent_duplicate(*, applicant, organ: Organ, description: str, doc_no: str = "",
                     now: dt.datetime) -> Application | None:
    """The applicant's online application to the same organ asking the same thing (same description and
    文号) within settings.GONGKAI_DUPLICATE_MINUTES (10) before `now`: a refresh or a second click, not a
    new request. Read through the (applicant, received_on) index."""
    minutes = getattr(settings, "GONGKAI_DUPLICATE_MINUTES", DUPLICATE_MINUTES)
    since = now - dt.timedelta(minutes=minutes)
    return (Application.objects.filter(applicant=applicant, organ=organ, channel="online",
                                       received_on__gte=since.date() - dt.timedelta(days=1),
                                       created_at__gte=since, description=description.strip(),
                                       doc_no=(doc_no or "").strip())
            .select_related("organ").order_by("created_at", "id").first())


EXCESSIVE_WINDOW_DAYS = 30
EXCESSIVE_THRESHOLD = 10


def recent_count(application: Application) -> int:
    """The applicant's applications in the last 30 days (第三十五条: 数量、频次明显超过合理范围)."""
    since = application.received_on - dt.timedelta(days=EXCESSIVE_WINDOW_DAYS)
    return Application.objects.filter(applicant_id=application.applicant_id, received_on__gt=since,
                                      received_on__lte=application.received_on).count()


# --- the public timeline --------------------------------------------------------------------

PUBLIC_EVENTS = {
    EventType.APPLICATION_SUBMITTED: "收到申请（网上提交），已受理登记",
    EventType.APPLICATION_REGISTERED: "收到申请，已受理登记",
    EventType.APPLICATION_IMPORTED: "收到申请，已受理登记",
    EventType.CORRECTION_REQUESTED: "本机关告知申请人补正申请内容",
    EventType.CORRECTION_RECEIVED: "收到补正后的申请，答复期限重新计算",
    EventType.CORRECTION_LAPSED: "申请人逾期未补正，终止办理",
    EventType.CONSULTATION_STARTED: "征求意见中（所需时间不计入答复期限）",
    EventType.CONSULTATION_ENDED: "征求意见结束",
    EventType.EXTENSION_NOTIFIED: "经负责人同意并告知申请人，延长答复期限",
    EventType.FEE_PAID: "已缴纳信息处理费",
    EventType.FEE_LAPSED: "申请人逾期未缴费，终止办理",
    EventType.CONSULTATION_LAPSED: "被征求意见方逾期未提出意见，恢复计算答复期限",
    EventType.LETTER_SENT: "文书已发出",
    EventType.LETTER_SERVED: "文书已送达",
    EventType.APPLICATION_CLOSED: "已办结",
    EventType.APPLICATION_REOPENED: "行政复议或诉讼决定重新答复，已重新办理",
    EventType.DEADLINES_RECOMPUTED: "放假安排公布，期限重新计算",
}


def public_timeline(application: Application) -> list[dict]:
    """What the applicant sees: dates and fixed Chinese sentences; never staff notes or personal data."""
    rows = []
    for ev in events_for(application).filter(event_type__in=[str(t) for t in PUBLIC_EVENTS]):
        text = PUBLIC_EVENTS[EventType(ev.event_type)]
        d = ev.details or {}
        on = (d.get("clock") or {}).get("on") or d.get("on") or ev.created_at.astimezone(
            dt.timezone(dt.timedelta(hours=8))).date().isoformat()
        if ev.event_type == EventType.LETTER_SERVED:
            online = d.get("method") == "online"  # 网上送达: served the day it was made available here
            text = f"{d.get('title', '文书')}已{'网上' if online else ''}送达" + ("，可在本页下载" if online else "")
        elif ev.event_type == EventType.LETTER_SENT:
            text = f"{d.get('title', '文书')}已发出" + ("（邮寄）" if d.get("registered_no") else "")
            on = d.get("sent_on") or on
        elif ev.event_type == EventType.DEADLINES_RECOMPUTED and d.get("after"):
            text = f"放假安排公布，期限重新计算：{d['after']}"
        elif ev.event_type == EventType.APPLICATION_CLOSED and d.get("outcome"):
            text = f"已办结：{Outcome(d['outcome']).label}"
        elif ev.event_type == EventType.EXTENSION_NOTIFIED and d.get("days"):
            text = f"经负责人同意并告知申请人，答复期限延长{d['days']}个工作日"
        rows.append({"on": on, "event": text})
    return rows


def staff_timeline(application: Application) -> QuerySet[EventLog]:
    """The case's actions; views of personal data stay in the audit trail (EventLog), off the timeline."""
    return events_for(application).exclude(event_type=EventType.PERSONAL_DATA_VIEWED).select_related("actor")


# --- the annual report (table 三) ------------------------------------------------------------


def cases_for_report(organ: Organ, year: int) -> QuerySet[Application]:
    """The cases table 三 of `organ`'s report for `year` counts: received in the year (新收) or
    received earlier and still open on 1 January (上年结转). One row per application; a reply made
    again after a 复议/诉讼 correction stays on the same case, so it is never counted twice."""
    jan1 = dt.date(year, 1, 1)
    return Application.objects.filter(organ=organ, received_on__lte=dt.date(year, 12, 31)).filter(
        Q(received_on__gte=jan1) | Q(closed_on__isnull=True) | Q(closed_on__gte=jan1))

