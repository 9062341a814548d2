"""Self-healing application deadlines (registered with `gongkai.workdays.recompute` in `apps.py`).

When the working-day calendar changes, every case whose stored dates may depend on the changed year
is recomputed from its events: the 答复期限, the applicant's or the consulted party's deadline, and —
for a case answered against a provisional date — whether it was answered on time. A change is written
on the case's timeline (`DEADLINES_RECOMPUTED`, "2027年1月4日（暂定）→ 2027年1月5日"); draft letters
stating a date that moved get the new date, and lose a confirmation given for the old one.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from gongkai.core.events import SYSTEM, record_event
from gongkai.core.models import EventType
from gongkai.workdays import Deadline
from gongkai.workdays.recompute import Context, Scope, region_filter

from . import selectors
from .clock import mark
from .correspondence import refresh_draft_letters
from .models import OPEN_STATUSES, Application
from .services import _store_clock


def candidates(scope: Scope) -> list[int]:
    """Open cases (and closed ones judged against a provisional date) that may have used `scope`."""
    qs = Application.objects.filter(Q(status__in=OPEN_STATUSES) | Q(due_provisional=True)).filter(
        **region_filter(scope))
    if scope.years:
        first, last = dt.date(min(scope.years), 1, 1), dt.date(max(scope.years), 12, 31)
        # A case's dates run from its receipt to its deadlines; one still paused has no 答复期限 yet.
        qs = qs.filter(received_on__lte=last).filter(
            Q(due_on__gte=first) | Q(waiting_until__gte=first) | Q(due_on__isnull=True))
    if scope.stale_before is not None:
        qs = qs.filter(calendar_version__lt=scope.stale_before)
    return list(qs.values_list("pk", flat=True))


def _describe(due: Deadline | None, waiting: Deadline | None) -> str:
    parts = []
    if due:
        parts.append(f"答复期限{mark(due)}")
    if waiting:
        parts.append(f"申请人或被征求意见方期限{mark(waiting)}")
    return "，".join(parts) or "无"


def recompute(ids: list[int], context: Context) -> int:
    """Recompute a batch (the caller holds the transaction); returns how many cases changed."""
    today = timezone.localdate()
    changed = 0
    for app in Application.objects.select_for_update(of=("self",)).select_related("organ").filter(pk__in=ids):
        before_due, before_waiting, before_on_time = app.due, app.waiting, app.on_time
        clock = selectors.clock_for(app, today=today)
        fields = _store_clock(app, clock)
        after_due, after_waiting = app.due, app.waiting
        moved = (_key(before_due) != _key(after_due) or _key(before_waiting) != _key(after_waiting)
                 or before_on_time != app.on_time)
        if moved:
            app.version += 1
            record_event(actor=SYSTEM, event_type=EventType.DEADLINES_RECOMPUTED, obj=app, details={
                "reason": context.reason, "calendar_version": context.version,
                "before": _describe(before_due, before_waiting), "after": _describe(after_due, after_waiting),
                "on_time": app.on_time})
            refresh_draft_letters(app, today)  # letters registers it (applications.correspondence)
            changed += 1
        app.save(update_fields=[*fields, "version", "updated_at"])
    return changed


def _key(d: Deadline | None):
    return (d.due, d.provisional) if d else None

