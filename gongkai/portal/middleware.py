"""The portal serving a request, on the request: `request.site.portal`, `.organ` and `.organs`.

Domain apps must not import the portal app (the layering contract); their public views read the site from the
request instead, which this middleware (the portal layer) puts there. Each value is read once, when first used.
"""

from functools import cached_property

from .context_processors import current_portal
from .selectors import portal_organs


class Site:
    def __init__(self, request):
        self._request = request

    @cached_property
    def portal(self):
        return current_portal(self._request)

    @cached_property
    def organ(self):
        """The organ that runs the site (None on an install with no portal yet)."""
        return self.portal.organ if self.portal else None

    @cached_property
    def organs(self):
        """The organs whose information the site publishes: its organ and every organ below it."""
        return portal_organs(self.portal)


class SiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.site = Site(request)
        return self.get_response(request)
