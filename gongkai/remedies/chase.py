"""督办 for 复议/诉讼: the organ's 答复/答辩 due within 3 days or overdue (行政复议法 第四十八条,
行政诉讼法 第六十七条), and a new reply after a 纠正 overdue (行政复议法 第六十四条). Mails the organ's
clerks and reviewers once a day per record (`remind_once`, a REMEDY_REMINDED event)."""

from __future__ import annotations

import datetime as dt

from gongkai.applications.clock import mark
from gongkai.applications.selectors import clerks_of, reviewers_of
from gongkai.core.chase import ChaseItem, register_chaser
from gongkai.core.describe import register_value_labels
from gongkai.core.models import EventType
from gongkai.core.reminders import remind_once

from . import selectors
from .models import Lawsuit, Review

register_value_labels("kind", {"remedy.answer_overdue": "答复或答辩逾期", "remedy.answer_due_soon": "答复或答辩期限将至",
                               "remedy.redo_overdue": "纠正后重新答复逾期"})


def _detail(kind: str, r) -> str:
    if isinstance(r, Review):
        article = "第五十四条" if r.procedure == Review.Procedure.SIMPLE else "第四十八条"
        what = f"书面答复及证据（行政复议法{article}）"
    else:
        what = "证据和答辩状（行政诉讼法第六十七条）"
    note = f"（{r.provisional_note}）" if r.provisional_note else ""
    if kind == "remedy.answer_overdue":
        return f"{r.kind_label}应于{mark(r.answer_due)}前提交{what}，已逾期。{note}"
    if kind == "remedy.answer_due_soon":
        return f"{r.kind_label}应于{mark(r.answer_due)}前提交{what}。{note}"
    return f"{r.kind_label}结果为纠正，应于{mark(r.redo_due)}前重新答复（行政复议法第六十四条），已逾期。{note}"


@register_chaser("remedies")
def chase_remedies(*, today: dt.date, dry_run: bool) -> list[ChaseItem]:
    found: list[ChaseItem] = []
    staff: dict[int, list] = {}  # each organ's clerks and reviewers, read once per run
    for model in (Review, Lawsuit):
        qs = model.objects.select_related("organ")
        lists = (
            ("remedy.answer_overdue", selectors.answer_overdue(today=today, queryset=qs)),
            ("remedy.answer_due_soon", selectors.answer_due_soon(today=today, queryset=qs)),
            ("remedy.redo_overdue", selectors.redo_overdue(today=today, queryset=qs)),
        )
        for kind, rows in lists:
            for r in rows.order_by("pk"):
                if r.organ_id not in staff:
                    staff[r.organ_id] = [*clerks_of(r.organ), *reviewers_of(r.organ)]
                people = staff[r.organ_id]
                detail = _detail(kind, r)
                found.append(ChaseItem(kind, r.organ.name, str(r), detail, tuple(u.username for u in people)))
                if dry_run:
                    continue
                remind_once(kind=kind, event_type=EventType.REMEDY_REMINDED, obj=r, day=today, recipients=people,
                            template="remedies/emails/reminder", context={"detail": detail})
    return found
