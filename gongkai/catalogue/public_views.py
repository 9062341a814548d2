"""The public catalogue on the portal: home, /xxgk/ (platform, 指南, columns, 目录), item pages,
attachments and Atom feeds. Every page works without JavaScript."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from gongkai.core.params import int_param
from gongkai.organs.selectors import office_of

from . import selectors
from .attachments import CONTENT_TYPES
from .models import Attachment, Column, Item
from .vocab import COLUMN_SPECS, GENRES, GUIDE_COLUMN, TOPICS

PER_PAGE = 20


def _portal(request):
    """The portal serving the request, its organ and the organs it publishes (request.site, put there by the
    portal layer's middleware: catalogue does not import portal)."""
    site = request.site
    return site.portal, site.organ, site.organs


def _columns(organ, organs) -> list:
    """The portal organ's columns (the 指南 aside) with the counts of the lists they open."""
    if organ is None:
        return []
    return [c for c in selectors.public_columns(organ, organs) if c.column.slug != GUIDE_COLUMN]


@require_GET
def home(request):
    portal, organ, organs = _portal(request)
    return render(request, "portal/home.html", {
        "organs": organs.order_by("path")[:50], "office": office_of(organ) if organ else None,
        "latest": selectors.latest(organs, 12),
        "column_states": _columns(organ, organs),
    })


@require_GET
def xxgk_index(request):
    portal, organ, organs = _portal(request)
    states = _columns(organ, organs)
    return render(request, "portal/xxgk_index.html", {
        "office": office_of(organ) if organ else None, "organs": organs,
        "statutory": [s for s in states if s.column.is_statutory],
        "other_columns": [s for s in states if not s.column.is_statutory],
        "latest": selectors.latest(organs, 10),
    })


def _year(value) -> int | None:
    """A year filter within the years a catalogue can hold; anything else is ignored."""
    year = int_param(value)
    return year if year is not None and 1900 <= year <= 2999 else None


def _filters(request, organs):
    organ_code = request.GET.get("organ", "")
    organ = organs.filter(code=organ_code).first() if organ_code else None
    validity = request.GET.get("validity", "")
    return {
        "year": _year(request.GET.get("year")),
        "topic": request.GET.get("topic", "")[:100],
        "genre": request.GET.get("genre", "") if request.GET.get("genre", "") in GENRES else "",
        "validity": validity if validity in Item.Validity.values else "",
        "organ": organ,
    }


def _listing(request, *, column_slug: str | None, template: str, extra: dict):
    portal, organ, organs = _portal(request)
    choices = selectors.public_filter_choices(organs, scope=organ.path if organ else "")
    filters = _filters(request, organs)
    qs = selectors.public(organs).select_related("organ", "column")
    if column_slug:
        qs = qs.filter(column__slug=column_slug)
    qs = selectors.filter_published(qs, **filters)
    paginator = Paginator(qs, PER_PAGE)
    if not any(filters.values()):  # the whole list: its length is kept by the services, not counted
        paginator.count = selectors.published_count(organs, column_slug=column_slug)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {
        **extra, "page": page, "filters": filters, "query_string": query.urlencode(),
        "years": choices.years, "topics": TOPICS, "genres": GENRES,
        "validities": Item.Validity.choices, "organs": choices.organs,
    })


@require_GET
def column_page(request, slug: str):
    portal, organ, organs = _portal(request)
    columns = Column.objects.filter(organ__in=organs, slug=slug, is_active=True).select_related("organ")
    column = columns.filter(organ=organ).first() or columns.first()
    if column is None:
        raise Http404("未找到该栏目。")
    if slug == GUIDE_COLUMN:
        return guide(request)
    return _listing(request, column_slug=slug, template="catalogue/portal/column.html", extra={"column": column})


@require_GET
def catalogue_page(request):
    """政府信息公开目录 (第十二条: 索引, 名称, 内容概述, 生成日期 of every item)."""
    return _listing(request, column_slug=None, template="catalogue/portal/column.html", extra={"column": None})


@require_GET
def guide(request):
    """政府信息公开指南, generated from the organ's 工作机构 and its columns (第十二条)."""
    portal, organ, organs = _portal(request)
    if organ is None:
        raise Http404("本站尚未设置所属机关。")
    requested = request.GET.get("organ")
    if requested:
        organ = organs.filter(code=requested).first() or organ
    return render(request, "catalogue/portal/guide.html", {
        "organ": organ, "office": office_of(organ),
        "columns": selectors.columns_of([organ]).exclude(slug=GUIDE_COLUMN).order_by("position"),
        "specs": COLUMN_SPECS,
    })


@require_GET
def item_page(request, index_no: str):
    item = selectors.public_item(index_no)
    portal, organ, organs = _portal(request)
    if item is None or not organs.filter(pk=item.organ_id).exists():
        raise Http404("未找到该索引号对应的政府信息。")
    if item.status == Item.Status.WITHDRAWN:
        return render(request, "catalogue/portal/withdrawn.html", {"item": item}, status=410)
    interpretation = getattr(item, "interpretation", None)
    return render(request, "catalogue/portal/item.html", {
        "item": item,
        "attachments": item.attachments.all(),
        "interpretations": selectors.interpretations_of(item),
        "policy": interpretation.policy if interpretation and interpretation.policy.is_public else None,
        "interpretation": interpretation,
        "replaces": item.replaces.filter(status=Item.Status.PUBLISHED, published_at__lte=timezone.now()),
        "needs_interpretation": item.column.needs_interpretation and not interpretation and item.genre != "解读",
        "print_view": request.GET.get("print") == "1",
    })


@require_GET
def attachment_download(request, pk: int):
    """Attachments of published items only, always as a download with the checked content type."""
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk,
                                   item__status=Item.Status.PUBLISHED)
    portal, organ, organs = _portal(request)
    if not organs.filter(pk=attachment.item.organ_id).exists():
        raise Http404("未找到该附件。")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("附件文件不存在。") from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.name,
                            content_type=CONTENT_TYPES[attachment.kind])
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Atom feeds (RFC 4287) ------------------------------------------------------------------------

FEED_ITEMS = 50


def _feed(request, *, title: str, link: str, items) -> HttpResponse:
    portal, organ, organs = _portal(request)
    items = list(items[:FEED_ITEMS])
    site = organ.name if organ else "Gongkai"
    feed = Atom1Feed(
        title=f"{site} · {title}", link=request.build_absolute_uri(link), description=title,
        language="zh-CN", feed_url=request.build_absolute_uri(), author_name=site,
        feed_guid=request.build_absolute_uri(),
    )
    for item in items:
        url = request.build_absolute_uri(item.get_absolute_url())
        description = item.summary or item.body[:200]
        feed.add_item(
            title=item.title, link=url, description=description, unique_id=url,
            pubdate=item.published_at, updateddate=item.published_at, author_name=item.publisher,
            categories=[c for c in (item.column.name, item.topic, item.genre) if c],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@require_GET
def feed_all(request):
    portal, organ, organs = _portal(request)
    items = selectors.public(organs).select_related("column")
    return _feed(request, title="全部政府信息", link=reverse("portal:xxgk"), items=items)


@require_GET
def feed_column(request, column: str):
    portal, organ, organs = _portal(request)
    found = Column.objects.filter(organ__in=organs, slug=column, is_active=True).select_related("organ")
    chosen = found.filter(organ=organ).first() or found.first()
    if chosen is None:
        raise Http404("未找到该栏目。")
    items = selectors.public(organs).filter(column__slug=column).select_related("column")
    return _feed(request, title=chosen.name, link=reverse("portal:column", kwargs={"slug": column}), items=items)


