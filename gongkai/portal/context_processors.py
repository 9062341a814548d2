"""Puts the current portal, its organ and the 长者模式 switch into every template."""

from django.conf import settings

from .selectors import portal_for_host

ELDER_COOKIE = "gongkai_elder"


def current_portal(request):
    if not hasattr(request, "_gongkai_portal"):
        request._gongkai_portal = portal_for_host(request.get_host())
    return request._gongkai_portal


def site(request):
    portal = current_portal(request)
    defaults = settings.GONGKAI_SITE_DEFAULTS
    return {
        "portal": portal,
        "site_organ": portal.organ if portal else None,
        "site_code": (portal and portal.site_code) or defaults["site_code"],
        "site_icp": (portal and portal.icp) or defaults["icp"],
        "site_police_record": (portal and portal.police_record) or defaults["police_record"],
        "site_conac_id": (portal and portal.conac_id) or defaults.get("conac_id", ""),
        "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1",
    }
