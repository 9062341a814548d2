"""督办 for columns: remind each owner of a stale or empty column (国办秘函〔2019〕19号 栏目不更新、空白栏目).

Registered as the "columns" chaser of `manage.py chase_overdue`. A reminder goes out at most once a
day per column (`remind_once`: a COLUMN_REMINDED event, deduplicated by a unique key), so the chase
can run again safely.
"""

import datetime as dt

from gongkai.core.chase import ChaseItem, register_chaser
from gongkai.core.models import EventType
from gongkai.core.reminders import remind_once
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
        if dry_run:
            continue
        remind_once(kind=found[-1].kind, event_type=EventType.COLUMN_REMINDED, obj=state.column, day=today,
                    recipients=people, template="catalogue/emails/reminder", context={"detail": detail})
    return found
