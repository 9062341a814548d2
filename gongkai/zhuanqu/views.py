"""政务公开专区 (/zhuanqu/): the portal for a touch screen in a service hall or a community centre.

Full-screen, large type, touch targets of at least 48 px; 指南, 目录, 年报, 办事 and search; no log-in link and
no link out of /zhuanqu/; every page shows a QR code of the same page on the portal, to continue on a phone;
after settings.GONGKAI_KIOSK_IDLE_SECONDS without a touch the screen returns to its start page (site.js).
Nothing personal is ever typed here: applying and asking are done on the visitor's own phone (the QR code).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from gongkai.annual_reports.export import document_context
from gongkai.annual_reports.selectors import current_published, published_reports
from gongkai.catalogue import selectors as catalogue
from gongkai.catalogue.models import Item
from gongkai.catalogue.vocab import GUIDE_COLUMN
from gongkai.core.params import int_param
from gongkai.organs.selectors import office_of
from gongkai.search.selectors import MAX_QUERY_CHARS, search

from .qr import qr_svg

PER_PAGE = 8
IDLE_SECONDS = 120


def _render(request, template: str, context: dict, *, phone_url: str, status: int = 200):
    """Every kiosk page: the QR code of the portal page that shows the same thing, the idle return."""
    return render(request, template, {
        **context, "kiosk_organ": request.site.organ,  # the serving portal's (gongkai.portal.middleware)
        "qr": qr_svg(request.build_absolute_uri(phone_url)), "phone_url": request.build_absolute_uri(phone_url),
        "idle_seconds": getattr(settings, "GONGKAI_KIOSK_IDLE_SECONDS", IDLE_SECONDS),
    }, status=status)


def _organs(request):
    if request.site.portal is None:  # the portal serving the request (gongkai.portal.middleware)
        raise Http404("本站尚未设置所属机关。")
    return request.site.organ, request.site.organs


@require_GET
def home(request):
    organ, organs = _organs(request)
    return _render(request, "zhuanqu/home.html", {"latest": catalogue.latest(organs, 5)},
                   phone_url=reverse("portal:home"))


@require_GET
def guide(request):
    organ, organs = _organs(request)
    return _render(request, "zhuanqu/guide.html", {
        "organ": organ, "office": office_of(organ),
        "columns": catalogue.columns_of([organ]).exclude(slug=GUIDE_COLUMN).order_by("position"),
    }, phone_url=reverse("portal:guide"))


@require_GET
def catalogue_page(request, slug: str = ""):
    organ, organs = _organs(request)
    column = None
    qs = catalogue.public(organs).select_related("organ", "column")
    if slug:
        column = catalogue.columns_of(organs).filter(slug=slug).order_by("organ__path").first()
        if column is None:
            raise Http404("未找到该栏目。")
        qs = qs.filter(column__slug=slug)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    phone = reverse("portal:column", args=[slug]) if slug else reverse("portal:catalogue")
    return _render(request, "zhuanqu/catalogue.html", {
        "column": column, "page": page,
        "columns": [c for c in catalogue.public_columns(organ, organs) if c.column.slug != GUIDE_COLUMN],
    }, phone_url=phone + (f"?page={page.number}" if page.number > 1 else ""))


@require_GET
def item(request, index_no: str):
    organ, organs = _organs(request)
    found = catalogue.public_item(index_no)
    if found is None or found.status != Item.Status.PUBLISHED or not organs.filter(pk=found.organ_id).exists():
        raise Http404("未找到该索引号对应的政府信息。")
    return _render(request, "zhuanqu/item.html", {"item": found}, phone_url=found.get_absolute_url())


@require_GET
def reports(request):
    organ, organs = _organs(request)
    return _render(request, "zhuanqu/reports.html", {"reports": list(published_reports(organs)[:40])},
                   phone_url=reverse("annual_reports:list"))


@require_GET
def report(request, code: str, year: int):
    organ, organs = _organs(request)
    owner = organs.filter(code=code).first()
    shown = current_published(owner, year) if owner else None
    if shown is None:
        raise Http404("未找到该年度报告。")
    return _render(request, "zhuanqu/report.html", {**document_context(shown.content), "shown": shown},
                   phone_url=reverse("annual_reports:page", args=[code, year]))


@require_GET
def services_page(request):
    """办事: how to apply for information and follow a case, with QR codes to do it on one's own phone."""
    organ, organs = _organs(request)
    links = [(label, request.build_absolute_uri(reverse(name))) for label, name in (
        ("在线申请政府信息公开", "portal:apply"), ("查询申请办理进度", "portal:track"), ("政务咨询", "interaction:ask"))]
    return _render(request, "zhuanqu/services.html", {
        "office": office_of(organ), "codes": [(label, url, qr_svg(url, title=label)) for label, url in links],
    }, phone_url=reverse("portal:apply"))


@require_GET
def search_page(request):
    organ, organs = _organs(request)
    query = request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]
    page = int_param(request.GET.get("page"), 1, lo=1, hi=1000)
    result = search(query, organ_ids=list(organs.values_list("pk", flat=True)), page=page, per_page=PER_PAGE)
    phone = reverse("portal:search") + (f"?{urlencode({'q': query})}" if query else "")
    return _render(request, "zhuanqu/search.html", {"query": query, "result": result}, phone_url=phone)
