"""The applications' part of the home page (gongkai.core.home): the clerk's worklists in the order a
clerk works, the 督办 reminders received, and the reviewer's pending extensions."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from gongkai.core.home import Action, Line, QueueEntry, register_panel, register_queue
from gongkai.organs.models import Role
from gongkai.organs.selectors import organs_with_role

from . import selectors
from .clock import mark
from .models import Application, Status


def worklist_url(name: str) -> str:
    return f"{reverse('applications:inbox')}?{urlencode({'list': name})}#worklist"


def _line(user, name: str, today: dt.date) -> Line:
    w = selectors.WORKLIST_BY_NAME[name]
    return Line(w.label, selectors.worklist(user, name, today=today).count(), worklist_url(name), w.action,
                urgent=w.urgent)


@register_panel("applications", title="依申请公开", roles={Role.CLERK, Role.REVIEWER}, order=10)
def applications_panel(user, *, today: dt.date) -> list[Line]:
    """New cases to assign, overdue, due within 3 working days, the applicant's and the consulted party's
    expired deadlines (with what to do), extensions waiting for the reviewer."""
    names = ("unassigned", "overdue", "due_soon", "correction_lapsed", "fee_lapsed", "consultation_lapsed",
             "extension_pending")
    return [_line(user, name, today) for name in names]


@register_panel("chase", title="督办", roles={Role.CLERK, Role.REVIEWER}, order=25)
def chase_panel(user, *, today: dt.date) -> list[Line]:
    """督办 received: the cases the nightly chase reminded the organ of today (gongkai.applications.chase).
    The supervisor's own 督办 will add its lines here."""
    return [_line(user, "reminded", today)]


@register_queue("applications.extensions", roles={Role.REVIEWER})
def extension_queue(user, *, today: dt.date) -> list[QueueEntry]:
    """第三十三条第二款: each extension the organ's 负责人 must approve or refuse, with the facts to decide."""
    cases = (Application.objects.filter(organ__in=organs_with_role(user, Role.REVIEWER), extension_requested_days__gt=0,
                                        status__in=(Status.PROCESSING, Status.CONSULTING))
             .select_related("organ", "assigned_to").order_by("due_on", "id")[:100])
    entries = []
    for app in cases:
        url = reverse("applications:action", args=[app.tracking_no, "extension_approve"])
        back = reverse("applications:action", args=[app.tracking_no, "extension_refuse"])
        version = (("version", str(app.version)),)
        entries.append(QueueEntry(
            kind="延期申请", title=f"{app.tracking_no} 申请延期{app.extension_requested_days}个工作日",
            url=reverse("applications:detail", args=[app.tracking_no]), organ=app.organ.name,
            since=app.updated_at,
            facts=(f"理由：{app.extension_reason}", f"当前答复期限：{mark(app.due) or '—'}",
                   f"经办人：{app.assigned_to.display_name if app.assigned_to else '未分配'}",
                   f"所需信息：{app.description[:60]}{'…' if len(app.description) > 60 else ''}"),
            approve=Action(url, "批准延期", version),
            send_back=Action(back, "不批准", version, reason="reason", reason_label="不批准的理由"),
        ))
    return entries
