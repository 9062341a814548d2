"""Named reads of the catalogue: what is published, what awaits review, which columns are stale or empty."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gongkai.organs.models import Organ

from .freshness import Freshness, freshness
from .models import Column, Interpretation, Item


def published(organs=None, *, active_organs: bool = True) -> QuerySet[Item]:
    """Items the public sees (not drafts, not withdrawn), newest first; optionally of some organs.
    `active_organs=False` keeps the items of organs deactivated since (the 考评 of a past period)."""
    qs = Item.objects.filter(status=Item.Status.PUBLISHED)
    if active_organs:
        qs = qs.filter(organ__is_active=True)
    if organs is not None:
        qs = qs.filter(organ__in=organs)
    return qs.order_by("-published_at", "-id")


def latest(organs, n: int = 10) -> list[Item]:
    return list(published(organs).select_related("organ", "column")[:n])


def public_item(index_no: str) -> Item | None:
    """The item at /xxgk/<索引号>/: published, or withdrawn (then the page says why)."""
    return (Item.objects.select_related("organ", "column", "replaced_by", "interpretation__policy")
            .filter(index_no=index_no, status__in=[Item.Status.PUBLISHED, Item.Status.WITHDRAWN]).first())


def interpretations_of(item: Item) -> QuerySet[Interpretation]:
    """The published 解读 of a policy document."""
    return (Interpretation.objects.filter(policy=item, item__status=Item.Status.PUBLISHED)
            .select_related("item").order_by("item__published_at"))


def columns_of(organs, *, active_only: bool = True) -> QuerySet[Column]:
    qs = Column.objects.filter(organ__in=organs).select_related("organ", "owner")
    return qs.filter(is_active=True) if active_only else qs


@dataclass
class ColumnState:
    column: Column
    count: int
    last_published: dt.date | None
    state: Freshness

    @property
    def is_empty(self) -> bool:
        return self.state.is_empty

    @property
    def is_stale(self) -> bool:
        return self.state.is_stale


def column_states(organs, *, today: dt.date | None = None) -> list[ColumnState]:
    """Every active column of the organs with its published count, last 发布日期 and freshness."""
    today = today or timezone.localdate()
    # Correlated subqueries read the (column, status, published_at) index per column instead of
    # grouping every item: the home page stays fast with a hundred thousand items.
    in_column = Item.objects.filter(column=OuterRef("pk"), status=Item.Status.PUBLISHED)
    rows = columns_of(organs).annotate(
        n=Subquery(in_column.order_by().values("column").annotate(c=Count("pk")).values("c")[:1]),
        last=Subquery(in_column.order_by("-published_at").values("published_at")[:1]),
    ).order_by("organ__path", "position", "id")
    states = []
    for column in rows:
        last = timezone.localdate(column.last) if column.last else None
        states.append(ColumnState(column, column.n or 0, last, freshness(last, column.update_every_days, today)))
    return states


def stale_columns(organs, *, today: dt.date | None = None) -> list[ColumnState]:
    """Columns not updated within their cycle (国办秘函〔2019〕19号 栏目不更新)."""
    return [s for s in column_states(organs, today=today) if s.is_stale]


def empty_columns(organs, *, today: dt.date | None = None) -> list[ColumnState]:
    """Columns with no published item (空白栏目). The generated 指南 column is never empty."""
    return [s for s in column_states(organs, today=today) if s.is_empty and s.column.update_every_days is not None]


def late_items(organs, *, active_organs: bool = True) -> QuerySet[Item]:
    """Items published more than 20 working days after they were made (第二十六条)."""
    from .freshness import PUBLISH_WITHIN_WORKING_DAYS

    return published(organs, active_organs=active_organs).filter(publish_delay_workdays__gt=PUBLISH_WITHIN_WORKING_DAYS)


def policies_without_interpretation(organs, *, active_organs: bool = True) -> QuerySet[Item]:
    """Published policy documents (in columns that need a 解读) with no published 解读 beside them."""
    has_interpretation = Interpretation.objects.filter(policy=OuterRef("pk"), item__status=Item.Status.PUBLISHED)
    return (published(organs, active_organs=active_organs).filter(column__needs_interpretation=True)
            .exclude(genre="解读").filter(interpretation__isnull=True)
            .filter(~Exists(has_interpretation)))


def review_queue(organs) -> QuerySet[Item]:
    return Item.objects.filter(organ__in=organs, status=Item.Status.SUBMITTED).select_related(
        "organ", "column", "submitted_by").order_by("submitted_at")


def staff_items(organs, *, status: str = "", column: Column | None = None) -> QuerySet[Item]:
    qs = Item.objects.filter(organ__in=organs).select_related("organ", "column")
    if status:
        qs = qs.filter(status=status)
    if column is not None:
        qs = qs.filter(column=column)
    return qs.order_by("-updated_at", "-id")


def filter_published(qs: QuerySet[Item], *, year: int | None = None, topic: str = "", genre: str = "",
                     validity: str = "", organ: Organ | None = None) -> QuerySet[Item]:
    """The portal's list filters (年份, 主题分类, 体裁分类, 有效性, 机关)."""
    if year:
        tz = timezone.get_current_timezone()
        qs = qs.filter(published_at__gte=dt.datetime(year, 1, 1, tzinfo=tz),
                       published_at__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz))
    if topic:
        qs = qs.filter(Q(topic=topic) | Q(topic__startswith=topic + "\\"))
    if genre:
        qs = qs.filter(genre=genre)
    if validity:
        qs = qs.filter(validity=validity)
    if organ is not None:
        qs = qs.filter(organ=organ)
    return qs


def published_years(organs) -> list[int]:
    """The years offered by the year filters: from the newest 发布日期 back to the oldest (two index reads,
    not a scan — the catalogue may hold a hundred thousand items)."""
    from django.db.models import Min

    span = published(organs).aggregate(first=Min("published_at"), last=Max("published_at"))
    if span["first"] is None:
        return []
    return list(range(timezone.localtime(span["last"]).year, timezone.localtime(span["first"]).year - 1, -1))
