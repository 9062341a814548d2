"""The public page cache: whole responses for anonymous visitors, in the shared cache, per cache generation.

`PublicPageCacheMiddleware` serves the portal's read-only pages through `serve_cached`; a view whose
address varies more than its answer (search: `?q=%20公开&page=1` and `?q=公开` are one page) wraps itself in
`cached_public_view` with its own lifetime and a function giving the canonical form of the request.
Publishing, withdrawing or changing anything the portal shows starts a new generation
(gongkai.core.events.bump_public_generation), so every cached page is stale at once on every server.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings


def public_page_key(request, target: str) -> str | None:
    """The cache key of `target` (a path with its canonical query) for this visitor, or None when this
    request must not be served from the cache (not GET/HEAD, or a visitor with a session or messages)."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    from django.utils.translation import get_language_from_request

    from .events import public_generation

    basis = "|".join((str(public_generation()), request.get_host(), target, get_language_from_request(request),
                      cookies.get("gongkai_elder", ""), "https" if request.is_secure() else "http"))
    return "gongkai:page:" + hashlib.sha256(basis.encode()).hexdigest()


def serve_cached(request, get_response: Callable, *, seconds: int, target: str):
    """The cached response for (request, target), else `get_response(request)`, cached for `seconds` when
    it is a plain 200 that sets no cookie and asks for no Cache-Control of its own."""
    from django.core.cache import cache

    key = public_page_key(request, target) if seconds else None
    if key is None:
        return get_response(request)
    cached = cache.get(key)
    if cached is not None:
        cached["X-Cache"] = "HIT"
        return cached
    response = get_response(request)
    if (response.status_code == 200 and not response.streaming and not response.cookies
            and not response.has_header("Cache-Control")):
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        cache.set(key, response, seconds)
        response["X-Cache"] = "MISS"
    return response


def cached_public_view(seconds: Callable[[], int], canonical: Callable) -> Callable:
    """Decorator: serve the view from the public cache for `seconds()` (0: off), keyed by `canonical(request)`
    (the path with the query reduced to what changes the answer)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return serve_cached(request, lambda r: view(r, *args, **kwargs), seconds=seconds(),
                                target=canonical(request))
        return wrapper
    return decorator
