"""Named reads of 互动交流: the public 咨询 column, the staff queues and their counts, the 督办 lists, the
statistics of the 网站年度报表 and the 单项否决 fact of 考评."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.organs.models import Organ, User
from gongkai.organs.selectors import organs_overseen

from .models import Kind, Message, Status
from .permissions import HANDLERS

DUE_SOON_DAYS = 2


def published_consultations(organs=None, *, q: str = "") -> QuerySet[Message]:
    """The 咨询 column: answered 政务咨询 published with the asker's consent, newest reply first; `q` looks in
    the title, the question and the reply (every word must appear)."""
    qs = Message.objects.filter(kind=Kind.CONSULTATION, status=Status.ANSWERED, published_at__isnull=False,
                                published_at__lte=timezone.now())
    if organs is not None:
        qs = qs.filter(organ__in=organs)
    for word in q.split()[:5]:
        qs = qs.filter(Q(title__icontains=word) | Q(content__icontains=word) | Q(reply__icontains=word))
    return qs.select_related("organ").order_by("-published_at", "-id")


def messages_visible_to(user) -> QuerySet[Message]:
    return Message.objects.filter(organ__in=organs_overseen(user, *HANDLERS)).select_related("organ")


def queue(user, *, kind: str = "", status: str = Status.OPEN, q: str = "") -> QuerySet[Message]:
    """The staff list of messages (oldest deadline first while open)."""
    qs = messages_visible_to(user)
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    if status in Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(number__iexact=q.strip()) | Q(title__icontains=q))
    return qs.order_by("due_on", "id") if status == Status.OPEN else qs.order_by("-received_on", "-id")


def overdue(*, today: dt.date, queryset: QuerySet[Message] | None = None) -> QuerySet[Message]:
    qs = Message.objects.all() if queryset is None else queryset
    return qs.filter(status=Status.OPEN, due_on__lt=today)


def due_soon(*, today: dt.date, queryset: QuerySet[Message] | None = None) -> QuerySet[Message]:
    qs = Message.objects.all() if queryset is None else queryset
    return qs.filter(status=Status.OPEN, due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))


def open_counts(user, *, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """For the staff home page: per kind, the user's open, overdue and due-soon messages (one query)."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    rows = (messages_visible_to(user).filter(status=Status.OPEN).order_by().values("kind")
            .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)),
                      due_soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon))))
    counts = {k: {"open": 0, "overdue": 0, "due_soon": 0} for k in Kind.values}
    for r in rows:
        counts[r["kind"]] = {"open": r["open"], "overdue": r["overdue"], "due_soon": r["due_soon"]}
    return counts


# --- 考评 and the 网站年度报表 ------------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day: 11-30 + 3 → 02-28)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


UNANSWERED_MONTHS = 3


def _unanswered(organ_ids, as_of: dt.date) -> list[tuple[int, int]]:
    """(message id, organ id) of the 政务咨询 `unanswered_over_three_months` counts — one query."""
    window_start = add_months(as_of, -12)
    rows = (Message.objects.filter(organ_id__in=organ_ids, kind=Kind.CONSULTATION, received_on__gt=window_start,
                                   received_on__lte=as_of).exclude(status=Status.INVALID)
            .values_list("pk", "organ_id", "received_on", "replied_on"))
    late = []
    for pk, organ_id, received, replied in rows:
        limit = add_months(received, UNANSWERED_MONTHS)
        if (replied is None and as_of > limit) or (replied is not None and replied > limit):
            late.append((pk, organ_id))
    return late


def unanswered_over_three_months(organ_ids, *, as_of: dt.date) -> QuerySet[Message]:
    """国办秘函〔2019〕19号 互动回应差 (单项否决): valid 政务咨询 received within the year before `as_of` that
    were left unanswered for more than three months — still open three months after receipt, or answered
    only after that."""
    return Message.objects.filter(pk__in=[pk for pk, _organ in _unanswered(organ_ids, as_of)])


def unanswered_counts(organ_ids, *, as_of: dt.date) -> dict[int, int]:
    """Per organ, how many `unanswered_over_three_months` (one query, for 考评's facts)."""
    counts: dict[int, int] = {}
    for _pk, organ_id in _unanswered(organ_ids, as_of):
        counts[organ_id] = counts.get(organ_id, 0) + 1
    return counts


@dataclass(frozen=True)
class MessageStatistics:
    """互动交流 · 留言办理 of the 政府网站工作年度报表: 收到, 办结, 平均办理时间(天), 公开答复数量."""

    received: int
    answered: int
    average_days: float | None  # calendar days from receipt to reply, over the messages answered
    published: int


def statistics(organs, start: dt.date, end: dt.date, *, kind: str = Kind.CONSULTATION) -> MessageStatistics:
    """留言 statistics over [start, end] for the 网站年度报表 (issue 16's report reads this): received in the
    period, answered in it (办结), their average time in days, replies published in it."""
    base = Message.objects.filter(organ__in=organs, kind=kind)
    received = base.filter(received_on__range=(start, end)).exclude(status=Status.INVALID).count()
    answered = base.filter(status=Status.ANSWERED, replied_on__range=(start, end))
    spans = [(r - s).days for s, r in answered.values_list("received_on", "replied_on")]
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    published = base.filter(published_at__gte=lo, published_at__lt=hi).count()
    return MessageStatistics(received=received, answered=len(spans),
                             average_days=round(sum(spans) / len(spans), 1) if spans else None, published=published)


def handlers_of(organ: Organ):
    return (User.objects.filter(memberships__organ=organ, memberships__role__in=HANDLERS, is_active=True)
            .distinct().order_by("username"))


