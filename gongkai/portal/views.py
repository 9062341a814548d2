"""The public site's own views: the API index and OpenAPI schema, 长者模式, the 404 page.

The pages at the stable URLs of DESIGN.md live with their apps: the catalogue's (home, /xxgk/,
items, feeds) in gongkai.catalogue.public_views, search in gongkai.search.views, applications
(/ysqgk/) in gongkai.applications.public_views, annual reports (/ndbg/) in gongkai.annual_reports.
"""

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from gongkai.catalogue.selectors import columns_of
from gongkai.catalogue.vocab import GUIDE_COLUMN
from gongkai.organs.selectors import office_of

from .context_processors import ELDER_COOKIE

ONE_YEAR = 365 * 24 * 3600


@require_GET
def api_index(request):
    return JsonResponse(
        {
            "name": "Gongkai 公开 API",
            "version": "v1",
            "openapi": request.build_absolute_uri(reverse("portal:openapi")),
        },
        json_dumps_params={"ensure_ascii": False},
    )


# Apps that serve part of /api/v1 list their paths here (module path of a dict named OPENAPI_PATHS).
OPENAPI_SOURCES = ("gongkai.applications.api", "gongkai.organs.api")


def _app_openapi_paths() -> dict:
    from importlib import import_module

    paths: dict = {}
    for module in OPENAPI_SOURCES:
        paths.update(getattr(import_module(module), "OPENAPI_PATHS", {}))
    return paths


@require_GET
def openapi(request):
    schema = {
        "openapi": "3.1.0",
        "info": {"title": "Gongkai 公开 API", "version": "1.0.0",
                 "description": "政府信息公开平台的公开接口。"},
        "servers": [{"url": request.build_absolute_uri("/api/v1")}],
        "paths": _app_openapi_paths(),
    }
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def toggle_elder_mode(request):
    """长者模式: larger text and stronger contrast, remembered in a cookie; works without JavaScript.

    Exempt from CSRF on purpose: it only flips a display preference of the visitor's own browser (a
    forged request can at most switch large print), and without a token in the page header every
    public page is the same for every anonymous visitor, so it can be cached (PublicPageCacheMiddleware)."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        response.delete_cookie(ELDER_COOKIE)
    else:
        response.set_cookie(ELDER_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


@require_GET
def sitemap(request):
    """网站地图: every section of the site and every column of the portal's organ, as links."""
    from .context_processors import current_portal
    from .selectors import portal_organs

    portal = current_portal(request)
    organ = portal.organ if portal else None
    columns = columns_of([organ]).exclude(slug=GUIDE_COLUMN).order_by("position", "id") if organ else []
    return render(request, "portal/sitemap.html", {
        "columns": columns, "organs": portal_organs(portal).order_by("path"),
    })


@require_GET
def contact(request):
    """联系我们: the 政府信息公开工作机构 (第十二条) and the ways to write to the site."""
    from .context_processors import current_portal

    portal = current_portal(request)
    return render(request, "portal/contact.html", {"office": office_of(portal.organ) if portal else None})


@require_GET
def favicon(request):
    """/favicon.ico, which browsers ask for on their own, from the static files."""
    from django.contrib.staticfiles import finders
    from django.http import FileResponse, Http404

    path = finders.find("gongkai/favicon.ico")
    if path is None:
        raise Http404("未找到")
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 - closed by Django
    response["Cache-Control"] = "public, max-age=604800"
    return response


def not_found(request, exception=None):
    message = None
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"message": message}, status=404)
