"""Named reads about 复议/诉讼: lists, the 督办 lists, a case's remedies, and table 四's facts."""

from __future__ import annotations

import datetime as dt
from itertools import chain

from django.db.models import Q, QuerySet

from gongkai.organs.models import Role
from gongkai.organs.selectors import organs_overseen

from .deadlines import DUE_SOON_DAYS
from .facts import RemedyFacts
from .models import Lawsuit, Result, Review

MODELS = {"review": Review, "lawsuit": Lawsuit}


def visible(user, model) -> QuerySet:
    """The records `can_view_remedy` allows (clerks, reviewers, supervisors above, administrators)."""
    organs = organs_overseen(user, Role.CLERK, Role.REVIEWER)
    return model.objects.filter(organ__in=organs).select_related("organ", "application")


def remedies_visible_to(user) -> list:
    """Both kinds, newest filed first."""
    rows = chain(visible(user, Review), visible(user, Lawsuit).select_related("review"))
    return sorted(rows, key=lambda r: (r.filed_on, r.pk), reverse=True)


def answer_overdue(*, today: dt.date, queryset: QuerySet) -> QuerySet:
    """答复/答辩 not submitted and the deadline (行政复议法 第四十八条, 行政诉讼法 第六十七条) passed."""
    return queryset.filter(answered_on__isnull=True, answer_due_on__lt=today)


def answer_due_soon(*, today: dt.date, queryset: QuerySet) -> QuerySet:
    return queryset.filter(answered_on__isnull=True, answer_due_on__gte=today,
                           answer_due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))


def redo_overdue(*, today: dt.date, queryset: QuerySet) -> QuerySet:
    """纠正 and not replied again within 20 working days (条例 第三十三条)."""
    return queryset.filter(result=Result.CORRECTED, redo_done_on__isnull=True, redo_due_on__lt=today)


def remedy_facts_for(organ, year: int) -> list[RemedyFacts]:
    """Table 四's facts: every record of the organ filed by 31 December of `year` and not decided
    before 1 January (the arithmetic treats a decision after 31 December as 尚未审结)."""
    end, start = dt.date(year, 12, 31), dt.date(year, 1, 1)
    live = Q(filed_on__lte=end) & (Q(decided_on__isnull=True) | Q(decided_on__gte=start))
    facts = []
    for model in (Review, Lawsuit):
        for r in model.objects.filter(live, organ=organ):
            decided = r.decided_on if r.result != Result.PENDING else None
            facts.append(RemedyFacts(r.group, r.filed_on, decided, r.result if decided else None))
    return facts


def has_records_by(organ, year: int) -> bool:
    """Whether Gongkai holds any 复议/诉讼 of the organ filed by 31 December of `year`."""
    end = dt.date(year, 12, 31)
    return any(m.objects.filter(organ=organ, filed_on__lte=end).exists() for m in (Review, Lawsuit))
