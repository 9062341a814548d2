"""督办 for applications: cases due within 3 working days or overdue, cases whose applicant's
deadline (补正, 缴费) has passed, and consultations whose party's period is over (第三十二条: the
clock resumes — `procedures.consultation_lapse` — or, where the organ recorded that it still waits,
the case is chased every day). Mails the assigned clerk (every clerk of the organ when nobody is
assigned) and the organ's reviewers, once a day per case (`remind_once`). Every date in a mail carries
its provisional mark and the reason, never a bare guess."""

from __future__ import annotations

import datetime as dt

from gongkai.core.chase import ChaseItem, register_chaser
from gongkai.core.describe import register_value_labels
from gongkai.core.events import SYSTEM
from gongkai.core.models import EventType
from gongkai.core.reminders import remind_once
from gongkai.workdays import working_days_between

from . import selectors
from .clock import cn, mark
from .models import Application, Status

register_value_labels("kind", {
    "application.overdue": "答复逾期", "application.due_soon": "答复期限将至",
    "application.applicant_deadline": "申请人补正或缴费期限已过",
    "application.consultation_waiting": "征求意见期限已过", "application.consultation_provisional": "征求意见期限暂定",
})


def _recipients(app: Application, staff: dict[int, tuple[list, list]]) -> list:
    """The assigned clerk (else every clerk) and the reviewers; each organ's staff read once per run."""
    if app.organ_id not in staff:
        staff[app.organ_id] = (list(selectors.clerks_of(app.organ)), list(selectors.reviewers_of(app.organ)))
    clerks, reviewers = staff[app.organ_id]
    people = [app.assigned_to] if app.assigned_to_id else list(clerks)
    people += [u for u in reviewers if u not in people]
    return [u for u in people if u is not None and u.is_active]


def _note(deadline) -> str:
    return f"（{deadline.warning}）" if deadline and deadline.provisional and deadline.warning else ""


def _detail(app: Application, kind: str, today: dt.date) -> str:
    if kind == "application.overdue":
        late = working_days_between(app.due_on, today, region=app.organ)
        return f"答复期限{mark(app.due)}，已逾期{late}个工作日，请立即答复（第三十三条）。{_note(app.due)}"
    if kind == "application.due_soon":
        left = working_days_between(today, app.due_on, region=app.organ)
        return f"答复期限{mark(app.due)}，剩余{left}个工作日。{_note(app.due)}"
    if kind == "application.consultation_waiting":
        return (f"被征求意见方的期限{mark(app.waiting)}已过，本机关记录仍在等待意见，答复期限暂停计算；"
                f"请催告被征求意见方或结束征求意见，依法作出决定（第三十二条）。{_note(app.waiting)}")
    if kind == "application.consultation_provisional":
        return (f"被征求意见方的期限{mark(app.waiting)}已过，但该日期为暂定日期，放假安排录入前不据此恢复计时；"
                f"请核实。{_note(app.waiting)}")
    what = "补正" if app.status == Status.AWAITING_CORRECTION else "缴费"
    if app.waiting_provisional:
        return (f"申请人{what}期限{mark(app.waiting)}已过，但该日期为暂定日期，不能据此终止办理；"
                f"放假安排录入后期限自动重新计算。{_note(app.waiting)}")
    return f"申请人{what}期限{cn(app.waiting_until)}已届满，请依法终止办理或继续处理。"


def _consultations(today: dt.date, dry_run: bool) -> list[tuple[str, Application]]:
    """第三十二条: each consultation past its party's period resumes the clock (the system ends it),
    or — the organ still waiting, or the date provisional — is listed for the day's chase."""
    from . import procedures

    listed = []
    for app in selectors.consultation_period_passed(today=today).select_related("organ", "assigned_to"):
        if not dry_run and procedures.consultation_lapse(actor=SYSTEM, application=app, today=today) is not None:
            continue
        kind = "application.consultation_provisional" if app.waiting_provisional else "application.consultation_waiting"
        if dry_run or app.waiting_provisional or _still_waiting(app):
            listed.append((kind, app))
    return listed


def _still_waiting(app: Application) -> bool:
    from .clock import Kind

    return any(e.kind == Kind.CONSULTATION_WAITING for e in selectors.clock_events(app))


@register_chaser("applications")
def chase_applications(*, today: dt.date, dry_run: bool) -> list[ChaseItem]:
    found: list[ChaseItem] = []
    consultations = _consultations(today, dry_run)  # first: a resumed clock may make a case due or overdue
    lists = (
        ("application.overdue", selectors.overdue(today=today)),
        ("application.due_soon", selectors.due_soon(today=today)),
        ("application.applicant_deadline", selectors.applicant_deadline_passed(today=today)),
    )
    staff: dict[int, tuple[list, list]] = {}
    rows = [(kind, app) for kind, qs in lists
            for app in qs.select_related("organ", "assigned_to").order_by("due_on", "id")] + consultations
    for kind, app in rows:
        people = _recipients(app, staff)
        detail = _detail(app, kind, today)
        found.append(ChaseItem(kind, app.organ.name, app.tracking_no, detail,
                               tuple(u.username for u in people)))
        if dry_run:
            continue
        remind_once(kind=kind, event_type=EventType.APPLICATION_REMINDED, obj=app, day=today, recipients=people,
                    template="applications/emails/reminder", context={"detail": detail})
    return found
