"""Rate limits for public pages and the API (django-ratelimit over Django's cache).

A shared cache (CACHE_URL=redis://…) makes the limits hold across several app servers.
"""

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

TOO_MANY_REQUESTS = "操作过于频繁，请稍后再试。"


def limited(request: HttpRequest, *, group: str, rate: str, key: str = "ip") -> bool:
    """Count this request against `group` and say whether it is over `rate` (e.g. "20/m")."""
    return is_ratelimited(request, group=group, key=key, rate=rate, method=is_ratelimited.ALL, increment=True)
