"""督办 for columns: remind each owner of a stale or empty column (国办秘函〔2019〕19号 栏目不更新、空白栏目).

Registered as the "columns" chaser of `manage.py chase_overdue`. A reminder goes out at most once a
day per column (the EventLog says whether today's was sent), so the chase can run again safely.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.core.chase import ChaseItem, register_chaser
from gongkai.core.events import record_event
from gongkai.core.models import EventLog, EventType
from gongkai.organs.models import Membership, Organ, Role

from .selectors import ColumnState, column_states


def _recipients(state: ColumnState, members: dict[int, list]) -> list:
    """The column's owner, else the organ's column owners and clerks (read once per organ and run)."""
    column = state.column
    if column.owner and column.owner.is_active:
        return [column.owner]
    if column.organ_id not in members:
        rows = (Membership.objects.filter(organ=column.organ, role__in=[Role.COLUMN_OWNER, Role.CLERK],
                                          user__is_active=True).select_related("user").order_by("user__username"))
        members[column.organ_id] = list(dict.fromkeys(m.user for m in rows))
    return members[column.organ_id]


def _detail(state: ColumnState) -> str:
    if state.is_empty:
        return "栏目无任何已发布信息（空白栏目），请尽快发布或申请停用该栏目。"
    return (f"已 {state.state.days_since} 天未更新（更新周期 {state.column.update_every_days} 天，"
            f"最后发布于 {state.last_published:%Y-%m-%d}），请尽快更新。")


def _reminded_today(state: ColumnState, today: dt.date) -> bool:
    return EventLog.objects.filter(event_type=EventType.COLUMN_REMINDED, object_id=str(state.column.pk),
                                   details__date=today.isoformat()).exists()


@register_chaser("columns")
def chase_columns(*, today: dt.date, dry_run: bool = False) -> list[ChaseItem]:
    organs = Organ.objects.filter(is_active=True)
    found = []
    members: dict[int, list] = {}
    for state in column_states(organs, today=today):
        if not (state.is_stale or (state.is_empty and state.column.update_every_days is not None)):
            continue
        people = _recipients(state, members)
        detail = _detail(state)
        found.append(ChaseItem(
            kind="column.empty" if state.is_empty else "column.stale", organ=state.column.organ.name,
            subject=state.column.name, detail=detail, recipients=tuple(u.username for u in people)))
        if dry_run or _reminded_today(state, today):
            continue
        with transaction.atomic():
            record_event(actor=None, event_type=EventType.COLUMN_REMINDED, obj=state.column,
                         details={"date": today.isoformat(), "kind": found[-1].kind,
                                  "recipients": [u.username for u in people]})
            addresses = [u.email for u in people if u.email]
            if addresses:
                subject = f"【栏目更新提醒】{state.column.organ.name} · {state.column.name}"
                transaction.on_commit(lambda s=subject, d=detail, a=addresses: send_mail(
                    s, d, settings.DEFAULT_FROM_EMAIL, a, fail_silently=True))
    return found
