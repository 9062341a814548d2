"""Named reads of the catalogue: what is published, what awaits review, which columns are stale or empty."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import organs_with_role

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


def public(organs=None, *, now: dt.datetime | None = None) -> QuerySet[Item]:
    """What the portal shows now (lists, feeds, search, item pages): published items whose 发布日期 is not
    later than now. An item stamped in the future (an import's 09:00 of today, read at 08:00) waits until
    its time: a 发布日期 after the moment a checker reads the page is a 伪造发稿日期 to them."""
    return published(organs).filter(published_at__lte=now or timezone.now())


def latest(organs, n: int = 10) -> list[Item]:
    return list(public(organs).select_related("organ", "column")[:n])


def public_item(index_no: str) -> Item | None:
    """The item at /xxgk/<索引号>/: published (its 发布日期 reached), or withdrawn (then the page says why)."""
    return (Item.objects.select_related("organ", "column", "replaced_by", "interpretation__policy")
            .filter(index_no=index_no, status__in=[Item.Status.PUBLISHED, Item.Status.WITHDRAWN],
                    published_at__lte=timezone.now()).first())


def interpretations_of(item: Item) -> QuerySet[Interpretation]:
    """The public 解读 of a policy document."""
    return (Interpretation.objects.filter(policy=item, item__status=Item.Status.PUBLISHED,
                                          item__published_at__lte=timezone.now())
            .select_related("item").order_by("item__published_at"))


@dataclass(frozen=True)
class PublicColumn:
    column: Column
    count: int
    last_published: dt.date | None


def public_columns(organ: Organ, organs) -> list[PublicColumn]:
    """The portal organ's active columns in their order, each with what its public list shows."""
    counts = public_column_counts(organs)
    return [PublicColumn(c, *counts.get(c.slug, (0, None)))
            for c in columns_of([organ]).order_by("position", "id")]


def public_column_counts(organs) -> dict[str, tuple[int, dt.date | None]]:
    """Per column code: how many items the column's public list shows and the newest 发布日期 among them —
    the same scope as the list (`public(organs)` of every organ of the portal with that code), so a count
    on the home page is the count the list it opens prints. Read from the counts the services keep
    (ColumnStats, one row per column), never by counting the items; the rare item stamped later than now
    (`not_yet_public`) is taken off."""
    from django.db.models import Max, Sum

    rows = (Column.objects.filter(organ__in=organs, organ__is_active=True).order_by().values("slug")
            .annotate(n=Sum("stats__published"), last=Max("stats__last_published_at")))
    ahead = not_yet_public(organs)
    counts = {}
    for r in rows:
        last = r["last"]
        if r["slug"] in ahead:  # the newest one is not public yet: the newest that is (one index read)
            last = public(organs).filter(column__slug=r["slug"]).aggregate(last=Max("published_at"))["last"]
        counts[r["slug"]] = ((r["n"] or 0) - ahead.get(r["slug"], 0), timezone.localdate(last) if last else None)
    return counts


def not_yet_public(organs) -> dict[str, int]:
    """Per column code, the published items whose 发布日期 is still to come (a clock ahead, an old import):
    counted by ColumnStats, not yet shown by `public()`. A range read of the (status, published_at) index
    that finds nothing on a healthy site."""
    from django.db.models import Count

    rows = (published(organs).filter(published_at__gt=timezone.now()).order_by().values("column__slug")
            .annotate(n=Count("pk")))
    return {r["column__slug"]: r["n"] for r in rows}


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
    """Every active column of the organs with its published count, last 发布日期 and freshness — read from
    the counts the services keep (ColumnStats), never by counting the items."""
    today = today or timezone.localdate()
    states = []
    for column in columns_of(organs).select_related("stats").order_by("organ__path", "position", "id"):
        found = getattr(column, "stats", None)
        last = timezone.localdate(found.last_published_at) if found and found.last_published_at else None
        states.append(ColumnState(column, found.published if found else 0, last,
                                  freshness(last, column.update_every_days, today)))
    return states


def published_count(organs, *, column_slug: str | None = None) -> int:
    """How many items `public(organs)` lists (optionally in the columns of one slug), from ColumnStats less
    the items not public yet (`not_yet_public`)."""
    from django.db.models import Sum

    columns = Column.objects.filter(organ__in=organs, organ__is_active=True)
    if column_slug is not None:
        columns = columns.filter(slug=column_slug)
    ahead = not_yet_public(organs)
    early = ahead.get(column_slug, 0) if column_slug is not None else sum(ahead.values())
    return (columns.aggregate(n=Sum("stats__published"))["n"] or 0) - early


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
    """The years offered by the public year filters: from the newest 发布日期 (not later than now) back to
    the oldest.

    Two reads of the (organ, status, published_at) index per organ — its first and its last published item —
    in one query, never a scan of the items: a province's catalogue holds millions."""
    now = timezone.now()  # no 发布日期 later than now on the portal (public())
    first = Item.objects.filter(organ=OuterRef("pk"), status=Item.Status.PUBLISHED, published_at__lte=now)
    last = first.order_by("-published_at")
    first = first.order_by("published_at")
    spans = (Organ.objects.filter(pk__in=_organ_ids(organs), is_active=True).order_by()
             .annotate(first=Subquery(first.values("published_at")[:1]),
                       last=Subquery(last.values("published_at")[:1]))
             .values_list("first", "last"))
    spans = [(f, la) for f, la in spans if f is not None]
    if not spans:
        return []
    oldest = timezone.localtime(min(f for f, _ in spans)).year
    newest = timezone.localtime(max(la for _, la in spans)).year
    return list(range(newest, oldest - 1, -1))


FILTER_CHOICES_SECONDS = 60  # at most this late for a scheduled item's year (a publication is at once)


@dataclass(frozen=True)
class OrganChoice:
    pk: int
    code: str
    name: str


@dataclass(frozen=True)
class FilterChoices:
    """What the public filter forms offer (机关, 栏目, 年份) for one portal's organs."""

    organs: tuple[OrganChoice, ...]
    columns: tuple[tuple[str, str], ...]  # (slug, name) of the active columns, by position, once per slug
    years: tuple[int, ...]

    @property
    def organ_ids(self) -> list[int]:
        return [o.pk for o in self.organs]

    def organ(self, code: str) -> OrganChoice | None:
        return next((o for o in self.organs if o.code == code), None) if code else None


def public_filter_choices(organs, *, scope: str) -> FilterChoices:
    """The choices of the portal's filter forms (search, 目录, column lists) for `organs` (the site's organs,
    `scope` naming them, e.g. the portal organ's path): read once per public page generation — publishing,
    withdrawing or changing an organ, a column or a portal starts a new one (core.events.PUBLIC_EVENTS) — and
    at least every FILTER_CHOICES_SECONDS (a scheduled item reaching its 发布日期 changes no generation),
    instead of three queries on every request."""
    from django.core.cache import cache

    from gongkai.core.events import public_generation

    key = f"gongkai:filters:{public_generation()}:{scope}"
    choices = cache.get(key)
    if choices is None:
        columns = (Column.objects.filter(organ__in=organs, is_active=True).order_by("position")
                   .values_list("slug", "name").distinct())
        choices = FilterChoices(
            organs=tuple(OrganChoice(*row) for row in organs.order_by("path").values_list("pk", "code", "name")),
            columns=tuple(dict(columns).items()),
            years=tuple(published_years(organs)),
        )
        cache.set(key, choices, FILTER_CHOICES_SECONDS)
    return choices


def _organ_ids(organs):
    """Organ primary keys from a queryset of organs (kept as a subquery) or any iterable of organs or ids."""
    if isinstance(organs, QuerySet):
        return organs.values("pk")
    return [getattr(o, "pk", o) for o in organs]


# --- worklists of the home page (its counts) and of the lists behind them --------------------------------

ITEM_WORKLISTS = {
    # name: (label, action)
    "returned": ("审核人退回修改的草稿", "按审核意见修改后重新提交审核"),
    "submitted": ("已提交、待审核的信息", "等待审核人审核（第十七条）"),
    "approved": ("已审核、待发布的信息", "发布到门户网站"),
    "no_interpretation": ("缺少解读的政策文件", "在文件页面“为本文件添加解读”"),
}
COLUMN_WORKLISTS = {
    "stale": ("超期未更新的栏目", "发布新信息，或调整更新周期"),
    "empty": ("空白栏目", "发布信息，或申请停用该栏目"),
    "mine": ("我负责的栏目", "按更新周期发布信息"),
}


def item_worklist(user, name: str) -> QuerySet[Item]:
    """The items of one home-page worklist: a clerk's organs; a column owner's own columns."""
    clerk_organs = organs_with_role(user, Role.CLERK, Role.REVIEWER)
    if name == "returned":  # the user's own drafts sent back with a review note
        return Item.objects.filter(status=Item.Status.DRAFT, created_by=user).exclude(review_note="")
    if name == "submitted":
        return Item.objects.filter(status=Item.Status.SUBMITTED).filter(
            Q(organ__in=clerk_organs) | Q(submitted_by=user))
    if name == "approved":
        return Item.objects.filter(status=Item.Status.APPROVED).filter(Q(organ__in=clerk_organs) | Q(column__owner=user))
    if name == "no_interpretation":
        return policies_without_interpretation(clerk_organs)
    raise KeyError(name)


def column_worklist(user, name: str, *, today: dt.date) -> list[ColumnState]:
    """Columns of one home-page worklist: stale or empty columns of a clerk's organs, a column owner's own."""
    if name == "mine":
        states = column_states(Organ.objects.filter(columns__owner=user).distinct(), today=today)
        return [s for s in states if s.column.owner_id == user.pk]
    states = column_states(organs_with_role(user, Role.CLERK, Role.REVIEWER), today=today)
    if name == "stale":
        return [s for s in states if s.is_stale]
    if name == "empty":
        return [s for s in states if s.is_empty and s.column.update_every_days is not None]
    raise KeyError(name)
