"""Self-healing 复议/诉讼 deadlines (registered with `gongkai.workdays.recompute` in `apps.py`): the
答复/答辩期限 of a case not yet answered and the 重新答复期限 after a 纠正 not yet redone are recomputed
when the calendar changes; a change is written on the record's timeline. Ids are "review:1",
"lawsuit:2" so both kinds share one batch list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from gongkai.core.events import SYSTEM, record_event
from gongkai.core.models import EventType
from gongkai.workdays.recompute import Context, Scope, region_filter

from .models import Lawsuit, Result, Review
from .services import store_deadlines

MODELS = {"review": Review, "lawsuit": Lawsuit}


def candidates(scope: Scope) -> list[str]:
    out = []
    live = (Q(answered_on__isnull=True, copy_received_on__isnull=False, result=Result.PENDING)
            | Q(result=Result.CORRECTED, redo_done_on__isnull=True))
    for name, model in MODELS.items():
        qs = model.objects.filter(live).filter(**region_filter(scope))
        if scope.years:
            first = dt.date(min(scope.years), 1, 1)
            qs = qs.filter(Q(answer_due_on__gte=first) | Q(redo_due_on__gte=first))
        if scope.stale_before is not None:
            qs = qs.filter(calendar_version__lt=scope.stale_before)
        out += [f"{name}:{pk}" for pk in qs.values_list("pk", flat=True)]
    return out


def recompute(ids: list[str], context: Context) -> int:
    changed = 0
    by_model: dict[str, list[int]] = {}
    for key in ids:
        name, pk = key.split(":")
        by_model.setdefault(name, []).append(int(pk))
    for name, pks in by_model.items():
        for obj in MODELS[name].objects.select_for_update(of=("self",)).select_related("organ").filter(pk__in=pks):
            before = (obj.answer_due, obj.redo_due)
            fields = store_deadlines(obj)
            after = (obj.answer_due, obj.redo_due)
            if [_key(d) for d in before] != [_key(d) for d in after]:
                changed += 1
                obj.version += 1
                record_event(actor=SYSTEM, event_type=EventType.REMEDY_DEADLINES_RECOMPUTED, obj=obj, details={
                    "reason": context.reason, "calendar_version": context.version,
                    "before": _describe(*before), "after": _describe(*after)})
            obj.save(update_fields=[*fields, "version", "updated_at"])
    return changed


def _key(d):
    return (d.due, d.provisional) if d else None


def _describe(answer, redo) -> str:
    parts = [f"答复/答辩期限{answer.text}" if answer else "", f"重新答复期限{redo.text}" if redo else ""]
    return "，".join(p for p in parts if p) or "无"
