"""Request middleware of the core: the structured request log and the Content-Security-Policy header."""

import logging
import time

from django.conf import settings

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
    the audit form), answered 200 without setting a cookie. Never cached here: a visitor with a session (staff)
    or a messages cookie, anything else — /staff/, /ysqgk/ (forms with CSRF tokens, tracking),
    /api/, /healthz; /search/ caches its own results per normalised query (gongkai.core.pagecache.cached_public_view).
    The key holds the host (each portal), the full path with its query, the language and the 长者模式 cookie,
    the only inputs of these pages (gongkai.core.pagecache.public_page_key). Public pages carry no CSRF token
    (the 长者模式 switch is exempt: it only flips a display preference), so one rendering serves all.
    Publishing, withdrawing or changing anything the portal shows starts a new generation of the
    cache (gongkai.core.events.PUBLIC_EVENTS), so a new publication shows at once.
    """

    PREFIXES = ("/xxgk/", "/feeds/", "/ndbg/")
    EXCLUDED = ("/xxgk/file/", "/ndbg/audit/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .pagecache import serve_cached

        path = request.path
        if not (path == "/" or path.startswith(self.PREFIXES)) or path.startswith(self.EXCLUDED):
            return self.get_response(request)
        return serve_cached(request, self.get_response, seconds=getattr(settings, "GONGKAI_PUBLIC_CACHE_SECONDS", 0),
                            target=request.get_full_path())
