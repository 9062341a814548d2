"""Request middleware of the core: the structured request log, the Content-Security-Policy header, the client's
address behind the proxy, the public page cache, input hygiene, no-store on private pages and a busy database."""

import logging
import re
import time

from django.conf import settings

from .text import has_control_characters

request_logger = logging.getLogger("gongkai.request")


class RequestLogMiddleware:
    """One JSON line per request (logger "gongkai.request"): method, path, status, duration in ms.

    The path only: never the query string (it carries 查询码 and search words), never a body, never a
    user's name — the user is logged by id, so the log holds no applicant's personal data. First in
    the chain, so the time includes every other middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.GONGKAI_REQUEST_LOG:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_logger.info("request", extra={
            "method": request.method,
            "path": request.path[:300],
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        })
        return response


class ContentSecurityPolicyMiddleware:
    """Sends settings.GONGKAI_CSP on every response that has none. Templates hold no inline script or
    style (site.css and print.css carry the styling), so the policy needs no 'unsafe-inline'."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "GONGKAI_CSP", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class ForwardedForMiddleware:
    """Behind the reverse proxy every request comes from the proxy's address: take the client's address
    from X-Forwarded-For instead, but only when the request really came from a trusted proxy
    (settings.GONGKAI_TRUSTED_PROXIES), and only the rightmost address not itself a trusted proxy (the
    left part of the header is whatever the client wrote). Rate limits and the log-in lock-out then count
    per client, not per proxy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = set(getattr(settings, "GONGKAI_TRUSTED_PROXIES", ()))

    def __call__(self, request):
        if self.trusted and request.META.get("REMOTE_ADDR") in self.trusted:
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
            while hops and hops[-1] in self.trusted:
                hops.pop()
            if hops:
                request.META["REMOTE_ADDR"] = hops[-1][:45]
        return self.get_response(request)


class PublicPageCacheMiddleware:
    """Caches the read-only public pages for anonymous visitors in the shared cache, for
    settings.GONGKAI_PUBLIC_CACHE_SECONDS (60 in production, off elsewhere).

    Cached: GET/HEAD of the portal home, /xxgk/… (not attachment downloads), /feeds/…, /ndbg/… (not
    the audit form), the 咨询 column (/hudong/, not its forms or receipts), the 政务公开专区, the 网站地图 and
    联系我们, answered 200 without setting a cookie. Never cached here: a visitor with a session (staff)
    or a messages cookie, anything else — /staff/, /ysqgk/ (forms with CSRF tokens, tracking),
    /api/, /healthz; /search/ caches its own results per normalised query (gongkai.core.pagecache.cached_public_view).
    The key holds the host (each portal), the full path with its query, the language and the 长者模式 cookie,
    the only inputs of these pages (gongkai.core.pagecache.public_page_key). Public pages carry no CSRF token
    (the 长者模式 switch is exempt: it only flips a display preference), so one rendering serves all.
    Publishing, withdrawing or changing anything the portal shows starts a new generation of the
    cache (gongkai.core.events.PUBLIC_EVENTS), so a new publication shows at once.
    """

    PREFIXES = ("/xxgk/", "/feeds/", "/ndbg/", "/hudong/", "/zhuanqu/", "/sitemap/", "/contact/")
    # Forms (a CSRF token in the page) and pages showing one visitor's own record are never cached.
    EXCLUDED = ("/xxgk/file/", "/ndbg/audit/", "/hudong/zixun/ask/", "/hudong/zhaocuo/", "/hudong/done/",
                "/hudong/chaxun/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .pagecache import serve_cached

        path = request.path
        if not (path == "/" or path.startswith(self.PREFIXES)) or path.startswith(self.EXCLUDED):
            return self.get_response(request)
        return serve_cached(request, self.get_response, seconds=getattr(settings, "GONGKAI_PUBLIC_CACHE_SECONDS", 0),
                            target=request.get_full_path())


# ------------------------------------------------------------------ input hygiene, caching, a busy database

_JSON_CONTROL_ESCAPE = re.compile(rb"\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F])|\\u007[fF]")
_JSON_BODY_LIMIT = 1024 * 1024
CONTROL_MESSAGE = "提交的内容或网址含有不可见的控制字符（如 \\x00），无法处理；请删除后重试。"


def bad_request(request, message: str, *, status: int = 400, template: str = "400.html"):
    """A Chinese error page in the portal's chrome (JSON under /api/)."""
    from django.http import JsonResponse
    from django.shortcuts import render

    if request.path.startswith("/api/"):
        return JsonResponse({"error": message, "errors": {}}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, template, {"message": message}, status=status)


# Fields where a form feed (a PDF's page break, as pdftotext writes it) is part of legitimate pasted text;
# the reader treats it as a line break. Every other control character is refused there too.
PAGE_BREAK_FIELDS = {"/ndbg/audit/": ("text",)}


class InputHygieneMiddleware:
    """One place that refuses input no page should ever see: a NUL or another control character (tab,
    line feed and carriage return aside) in the path, a query parameter's name or value, a posted form
    field or file name, or a string of a JSON body. PostgreSQL cannot store a NUL, a Word file cannot
    hold a control character (the reply letter failed on a \\x0b), and neither is ever typed by a person:
    the answer is a 400 with a Chinese message, before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._dirty(request):
            return bad_request(request, CONTROL_MESSAGE)
        return self.get_response(request)

    @staticmethod
    def _dirty(request) -> bool:
        if has_control_characters(request.path):
            return True
        for key, values in request.GET.lists():
            if has_control_characters(key) or any(has_control_characters(v) for v in values):
                return True
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return False
            # JSON strings carry controls as \u0000-style escapes (a raw control byte is invalid JSON).
            return 0 < length <= _JSON_BODY_LIMIT and bool(_JSON_CONTROL_ESCAPE.search(request.body))
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            page_breaks = PAGE_BREAK_FIELDS.get(request.path, ())
            try:
                for key, values in request.POST.lists():
                    if key in page_breaks:  # text pasted from a PDF keeps its page breaks (form feeds)
                        values = [v.replace("\x0c", "\n") for v in values]
                    if has_control_characters(key) or any(has_control_characters(v) for v in values):
                        return True
                return any(has_control_characters(f.name or "") for f in request.FILES.values())
            except Exception:  # noqa: BLE001 - a malformed body is left to the view and its own 400
                return False
        return False


class NoStoreMiddleware:
    """`Cache-Control: no-store` (and private, no-cache) on every page under settings.GONGKAI_NO_STORE_PREFIXES:
    the staff pages (applicants' names, ID numbers, addresses), the tracking page and the application API —
    no shared cache, proxy or browser history may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(getattr(settings, "GONGKAI_NO_STORE_PREFIXES", ("/staff/",)))

    def __call__(self, request):
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        if request.path.startswith(self.prefixes):
            add_never_cache_headers(response)
        return response


BUSY_MESSAGE = "此刻有其他人正在保存同一数据，您的操作没有保存。请稍后刷新页面，确认最新内容后重试。"


class DatabaseBusyMiddleware:
    """A write that waited its whole busy timeout for SQLite's lock (or a PostgreSQL lock timeout) is a
    503 with a Chinese message and Retry-After, not a 500: nothing was written (the transaction rolled back)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError

        text = str(exception).lower()
        if isinstance(exception, OperationalError) and ("locked" in text or "lock timeout" in text):
            response = bad_request(request, BUSY_MESSAGE, status=503, template="503.html")
            response["Retry-After"] = "5"
            return response
        return None
