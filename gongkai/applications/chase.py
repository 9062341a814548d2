"""督办 for applications: cases due within 3 working days or overdue, and cases whose applicant's
deadline (补正, 缴费) has passed. Mails the assigned clerk (every clerk of the organ when nobody is
assigned) and the organ's reviewers, once a day per case (`Reminder`)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import IntegrityError, transaction

from gongkai.core.chase import ChaseItem, register_chaser

from . import selectors
from .clock import cn
from .models import Application, Reminder, Status
from .tasks import send_reminder


def _recipients(app: Application, staff: dict[int, tuple[list, list]]) -> list:
    """The assigned clerk (else every clerk) and the reviewers; each organ's staff read once per run."""
    if app.organ_id not in staff:
        staff[app.organ_id] = (list(selectors.clerks_of(app.organ)), list(selectors.reviewers_of(app.organ)))
    clerks, reviewers = staff[app.organ_id]
    people = [app.assigned_to] if app.assigned_to_id else list(clerks)
    people += [u for u in reviewers if u not in people]
    return [u for u in people if u is not None and u.is_active]


def _detail(app: Application, kind: str, today: dt.date) -> str:
    from gongkai.workdays import working_days_between

    if kind == "application.overdue":
        late = working_days_between(app.due_on, today, region=app.organ)
        return f"答复期限{cn(app.due_on)}，已逾期{late}个工作日，请立即答复（第三十三条）。"
    if kind == "application.due_soon":
        left = working_days_between(today, app.due_on, region=app.organ)
        return f"答复期限{cn(app.due_on)}，剩余{left}个工作日。"
    what = "补正" if app.status == Status.AWAITING_CORRECTION else "缴费"
    return f"申请人{what}期限{cn(app.waiting_until)}已届满，请依法终止办理或继续处理。"


@register_chaser("applications")
def chase_applications(*, today: dt.date, dry_run: bool) -> list[ChaseItem]:
    found: list[ChaseItem] = []
    lists = (
        ("application.overdue", selectors.overdue(today=today)),
        ("application.due_soon", selectors.due_soon(today=today)),
        ("application.applicant_deadline", selectors.applicant_deadline_passed(today=today)),
    )
    staff: dict[int, tuple[list, list]] = {}
    for kind, qs in lists:
        for app in qs.select_related("organ", "assigned_to").order_by("due_on", "id"):
            people = _recipients(app, staff)
            detail = _detail(app, kind, today)
            found.append(ChaseItem(kind, app.organ.name, app.tracking_no, detail,
                                   tuple(u.username for u in people)))
            if dry_run:
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(application=app, day=today, kind=kind,
                                            recipients=[u.username for u in people])
            except IntegrityError:
                continue  # already reminded today
            emails = [u.email for u in people if u.email]
            transaction.on_commit(partial(send_reminder.delay, emails, f"【督办】政府信息公开申请 {app.tracking_no}",
                                          f"{app.organ.name} 受理编号 {app.tracking_no}：{detail}"))
    return found
