"""Named reads for the public site."""

from gongkai.organs.models import Organ

from .models import Portal


def portal_for_host(host: str) -> Portal | None:
    """The portal serving this host name, else the default portal, else None (an empty install)."""
    hostname = host.split(":")[0].lower()
    portal = Portal.objects.select_related("organ", "organ__office").filter(hostname=hostname).first()
    if portal is None:
        portal = Portal.objects.select_related("organ", "organ__office").filter(is_default=True).first()
    return portal


def portal_organs(portal: Portal | None):
    """The organs whose information this portal publishes: its own organ and every organ below it."""
    if portal is None:
        return Organ.objects.none()
    return Organ.objects.filter(path__startswith=portal.organ.path, is_active=True)
