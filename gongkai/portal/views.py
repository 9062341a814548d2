"""The public site. Views stay thin: they read through selectors and render.

Parts that later apps fill in (annual reports, applications) already answer at their stable URLs
(DESIGN.md "Public URLs") with real, possibly empty, pages. The catalogue's pages (home, /xxgk/,
items, feeds) live in gongkai.catalogue.public_views, search in gongkai.search.views.
"""

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.organs.selectors import office_of

from .context_processors import ELDER_COOKIE, current_portal

ONE_YEAR = 365 * 24 * 3600


def _organ(request):
    portal = current_portal(request)
    return portal.organ if portal else None


@require_GET
def apply(request):
    organ = _organ(request)
    return render(request, "portal/apply.html", {"office": office_of(organ) if organ else None})


@require_http_methods(["GET", "POST"])
def track(request):
    tracking_no = request.POST.get("tracking_no", "").strip()[:40]
    submitted = request.method == "POST"
    error = None
    if submitted:
        # Unknown number and wrong 查询码 give the same answer, so neither can be guessed.
        error = "未找到与该受理编号和查询码相符的申请，请核对后重新输入。"
    status = 404 if submitted else 200
    return render(request, "portal/track.html", {"tracking_no": tracking_no, "error": error}, status=status)


@require_GET
def annual_reports(request):
    return render(request, "portal/annual_reports.html", {"reports": []})


@require_GET
def annual_report(request, organ_code: str, year: int):
    raise Http404("未找到该年度报告。")


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
OPENAPI_SOURCES = ("gongkai.applications.api",)


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


@require_POST
def toggle_elder_mode(request):
    """长者模式: larger text and stronger contrast, remembered in a cookie; works without JavaScript."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        response.delete_cookie(ELDER_COOKIE)
    else:
        response.set_cookie(ELDER_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


def not_found(request, exception=None):
    message = None
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"message": message}, status=404)
