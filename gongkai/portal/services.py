"""Writes for portal settings."""

from django.db import transaction

from gongkai.core.events import is_system, record_event
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.organs.actors import Actor
from gongkai.organs.models import Organ
from gongkai.organs.permissions import can_manage_organs

from .models import Portal


@transaction.atomic
def portal_set(*, actor: Actor, organ: Organ, hostname: str = "", is_default: bool = False, site_code: str = "",
               icp: str = "", police_record: str = "", conac_id: str = "") -> Portal:
    """Create or change the portal of an organ (system administrators; actor=SYSTEM for the system)."""
    if not is_system(actor):
        require(can_manage_organs(actor), "只有系统管理员可以设置门户网站。")
    if is_default:
        Portal.objects.filter(is_default=True).exclude(organ=organ).update(is_default=False)
    portal, _ = Portal.objects.update_or_create(
        organ=organ,
        defaults={"hostname": hostname.strip().lower(), "is_default": is_default, "site_code": site_code,
                  "icp": icp, "police_record": police_record, "conac_id": conac_id.strip()},
    )
    record_event(actor=actor, event_type=EventType.PORTAL_UPDATED, obj=portal, organ=organ,
                 details={"hostname": portal.hostname, "is_default": is_default})
    return portal
